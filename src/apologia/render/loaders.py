"""Where templates come from: the shipped set (also inside a wheel) and `--templates`."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import jinja2

from apologia.errors import ApologiaError


class _ResourceLoader(jinja2.BaseLoader):
    """Templates from a Traversable (works inside a wheel or a zip)."""

    def __init__(self, root: Traversable, label: str) -> None:
        self.root = root
        self.label = label

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        node = self.root
        for part in template.split("/"):
            if part in ("", ".", ".."):
                raise jinja2.TemplateNotFound(template)
            node = node / part
        if not node.is_file():
            raise jinja2.TemplateNotFound(template)
        return node.read_text("utf-8"), f"{self.label}/{template}", lambda: True


def shipped_templates() -> Traversable:
    """`apologia/templates` in an installed wheel; the repository's `templates/` otherwise.

    An editable install maps `src/apologia` only, so the force-included folder is absent
    there and the checkout's top-level `templates/` is the same content.
    """
    packed = resources.files("apologia") / "templates"
    if packed.is_dir():
        return packed
    repo = Path(__file__).resolve().parents[3] / "templates"
    if repo.is_dir():
        return repo
    raise ApologiaError("the shipped templates are missing from this installation")


def loader(override: Path | None) -> jinja2.BaseLoader:
    shipped = _ResourceLoader(shipped_templates(), "templates")
    if override is None:
        return shipped
    if not override.is_dir():
        what = "is not a folder" if override.exists() else "no such folder"
        raise ApologiaError(f"{what}; --templates needs a folder of templates", path=str(override))
    from apologia.files import leaves_repository

    outside = leaves_repository(str(override))
    if outside is not None:  # a repository's templates, really somewhere else
        raise ApologiaError(
            f"is a link to {outside}, outside the repository; refused", path=str(override)
        )
    # A file in the override folder replaces the shipped file of the same name.
    return jinja2.ChoiceLoader([_FolderLoader(str(override)), shipped])


# A template file is a page of wording; one this large is a mistake or an attack, and is
# refused before it is read.
MAX_TEMPLATE_BYTES = 256 * 1024


class _FolderLoader(jinja2.BaseLoader):
    """`--templates`: a template must be a UTF-8 file of at most `MAX_TEMPLATE_BYTES`
    inside the folder, even through a symlink, so `{% include %}` cannot print
    `/proc/self/environ` into a letter."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        import os

        from jinja2.loaders import split_template_path

        filename = os.path.join(self.folder, *split_template_path(template))
        if not os.path.isfile(filename):
            raise jinja2.TemplateNotFound(template)
        root = os.path.realpath(self.folder)
        if os.path.commonpath([root, os.path.realpath(filename)]) != root:
            raise ApologiaError(
                "template is a link to a file outside the --templates folder; refused",
                path=filename,
            )
        source = _read_template(filename)
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return source, filename, uptodate


def _read_template(filename: str) -> str:
    from apologia.files import read_bounded

    try:
        with open(filename, "rb") as fh:
            data = read_bounded(fh, filename, MAX_TEMPLATE_BYTES)
    except ApologiaError:
        raise ApologiaError(
            f"template too large (over {MAX_TEMPLATE_BYTES // 1024} KiB); refused", path=filename
        ) from None
    except OSError as exc:
        raise ApologiaError(f"cannot read the template: {exc.strerror}", path=filename) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ApologiaError("template is not UTF-8 text; save it as UTF-8", path=filename) from None
