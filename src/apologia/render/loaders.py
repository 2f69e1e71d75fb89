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
    # A file in the override folder replaces the shipped file of the same name.
    return jinja2.ChoiceLoader([_FolderLoader(str(override)), shipped])


class _FolderLoader(jinja2.FileSystemLoader):
    """`--templates`: a template must be a UTF-8 file inside the folder, even through a
    symlink, so `{% include %}` cannot print `/proc/self/environ` into a letter."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        import os

        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError:
            raise ApologiaError(
                "template is not UTF-8 text; save it as UTF-8",
                path=os.path.join(str(self.searchpath[0]), template),
            ) from None
        root = os.path.realpath(self.searchpath[0])
        if os.path.commonpath([root, os.path.realpath(filename)]) != root:
            raise ApologiaError(
                "template is a link to a file outside the --templates folder; refused",
                path=filename,
            )
        return source, filename, uptodate
