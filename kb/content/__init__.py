"""The one content registry: every content type declared once (kinds.py), below search, catalogue and views.

Use `kind(key)`, `kind_of(model)` and the derived views (`editable()`, `searchable()`, `with_short_links()`,
`in_sitemap()`, `in_feeds()`) instead of keeping a map of content types anywhere else.
"""

from kb.content import kinds as _kinds  # noqa: F401  (registers the built-in kinds)
from kb.content.fields import Field
from kb.content.registry import (
    KINDS,
    ContentKind,
    by_segment,
    display_name,
    editable,
    in_feeds,
    in_sitemap,
    kind,
    kind_of,
    model,
    register,
    searchable,
    unregister,
    with_short_links,
)

__all__ = [
    "KINDS",
    "ContentKind",
    "Field",
    "by_segment",
    "display_name",
    "editable",
    "in_feeds",
    "in_sitemap",
    "kind",
    "kind_of",
    "model",
    "register",
    "searchable",
    "unregister",
    "with_short_links",
]
