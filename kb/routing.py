"""URL converters shared by the blueprints, and addresses of many items built from one url_for."""

from urllib.parse import quote

from flask import g, url_for
from werkzeug.routing import BaseConverter

# Stands for the slug in an address template; it cannot be a slug ([a-z0-9-]) nor part of a host name.
_SLUG_MARK = "_SLUG_"


class SlugConverter(BaseConverter):
    """Only slug-shaped path segments reach a view; anything else is a plain 404."""

    regex = r"[a-z0-9][a-z0-9-]{0,119}"


def slug_address(endpoint: str, slug: str) -> str:
    """The absolute address of `endpoint` for `slug`, as `url_for(endpoint, slug=slug, _external=True)`.

    A sitemap part or an API list names thousands of addresses: one url_for per endpoint and request,
    with the slug put in its place, costs a fraction of one per address.
    """
    templates = g.setdefault("kb_slug_address_templates", {})
    template = templates.get(endpoint)
    if template is None:
        template = templates[endpoint] = url_for(endpoint, slug=_SLUG_MARK, _external=True).rpartition(_SLUG_MARK)
    before, _mark, after = template
    return f"{before}{quote(slug, safe='')}{after}"
