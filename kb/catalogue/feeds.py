"""Atom feeds: new and changed published content, for the whole library or one intervention area."""

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import select

from kb.catalogue.common import published
from kb.extensions import db
from kb.models import Conference, DevelopmentArea, InterventionArea, Method
from kb.models.links import method_area

FEED_SIZE = 30


@dataclass
class FeedEntry:
    title: str
    url: str
    updated: datetime
    summary: str
    kind: str


def _entries(statement, endpoint: str, kind: str, title_of) -> list[FeedEntry]:
    rows = db.session.scalars(
        statement.order_by(statement.selected_columns[0].table.c.updated_at.desc()).limit(FEED_SIZE)
    )
    return [
        FeedEntry(
            title_of(row),
            url_for(endpoint, slug=row.slug, _external=True),
            row.updated_at,
            getattr(row, "summary", "") or getattr(row, "subtitle", "") or "",
            kind,
        )
        for row in rows
    ]


def latest(area_slug: str | None = None) -> list[FeedEntry]:
    """The newest changes, newest first; for an area: its methods and the area itself."""
    if area_slug:
        area = db.session.scalar(published(InterventionArea).where(InterventionArea.slug == area_slug))
        if area is None:
            return None
        methods = published(Method).where(
            Method.id.in_(select(method_area.c.method_id).where(method_area.c.intervention_area_id == area.id))
        )
        entries = _entries(methods, "public.method_detail", "Metode", lambda m: m.name)
        entries.append(
            FeedEntry(
                area.name,
                url_for("public.area_detail", slug=area.slug, _external=True),
                area.updated_at,
                area.summary,
                "Indsatsområde",
            )
        )
    else:
        entries = (
            _entries(published(Method), "public.method_detail", "Metode", lambda m: m.name)
            + _entries(published(InterventionArea), "public.area_detail", "Indsatsområde", lambda a: a.name)
            + _entries(published(Conference), "public.conference_detail", "Konference", lambda c: c.title)
            + _entries(
                published(DevelopmentArea), "public.development_area_detail", "Udviklingsområde", lambda d: d.title
            )
        )
    return sorted(entries, key=lambda e: e.updated, reverse=True)[:FEED_SIZE]
