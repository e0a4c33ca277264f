"""Queries for simple pages (sider)."""

from kb.catalogue.common import one_published_or_404
from kb.models import Page


def page_page(slug: str) -> Page:
    """The published page with `slug` (or the editor's preview of it), or a 404."""
    return one_published_or_404(Page, slug)
