"""Atom feeds: new and changed published content, for the whole library or one intervention area."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from kb import content
from kb.catalogue.common import published
from kb.extensions import db
from kb.models import InterventionArea, Method
from kb.models.links import method_area

FEED_SIZE = 30


@dataclass
class FeedEntry:
    """One entry of a feed."""

    title: str
    url: str
    updated: datetime
    summary: str
    kind: str


def _entry(kind: content.ContentKind, row) -> FeedEntry:
    return FeedEntry(
        kind.title_of(row),
        kind.page_url(row.slug, external=True),
        row.updated_at,
        getattr(row, "summary", "") or getattr(row, "subtitle", "") or "",
        kind.label,
    )


def _entries(kind: content.ContentKind, statement) -> list[FeedEntry]:
    rows = db.session.scalars(statement.order_by(kind.model.updated_at.desc()).limit(FEED_SIZE))
    return [_entry(kind, row) for row in rows]


def latest(area_slug: str | None = None) -> list[FeedEntry]:
    """The newest changes, newest first; for an area: the area and its methods, its sub-areas' included (as on
    its page)."""
    if area_slug:
        area = db.session.scalar(published(InterventionArea).where(InterventionArea.slug == area_slug))
        if area is None:
            return None
        family = select(InterventionArea.id).where(
            or_(InterventionArea.id == area.id, InterventionArea.parent_id == area.id)
        )
        methods = published(Method).where(
            Method.id.in_(select(method_area.c.method_id).where(method_area.c.intervention_area_id.in_(family)))
        )
        entries = _entries(content.kind("method"), methods)
        entries.append(_entry(content.kind("area"), area))
    else:
        entries = [entry for kind in content.in_feeds().values() for entry in _entries(kind, published(kind.model))]
    return sorted(entries, key=lambda e: e.updated, reverse=True)[:FEED_SIZE]
