"""Letters from an incident: Jinja2 sandbox + StrictUndefined, Babel money and date filters.

Facts come from the incident; wording comes from `templates/<lang>/`. Text from the
incident is passed as data and never compiled, so `{{ 7*7 }}` in a field stays literal.
`render()` is pure: it returns strings; the command decides where they go.

`loaders` finds templates, `sandbox` runs them within bounds, `context` is what they
see, `outputs` holds the draft formats (md, txt, html, eml), one function each.
"""

from apologia.render.context import context
from apologia.render.loaders import shipped_templates
from apologia.render.outputs import (
    FORMATS,
    Rendered,
    build_eml,
    comparable,
    html_to_text,
    render,
    render_body,
    subject,
)

__all__ = [
    "FORMATS",
    "Rendered",
    "build_eml",
    "comparable",
    "context",
    "html_to_text",
    "render",
    "render_body",
    "shipped_templates",
    "subject",
]
