"""Every published page for sitemap.xml: one file, or an index of parts of KB_SITEMAP_PART_SIZE addresses."""

from html import escape

from flask import current_app, url_for
from sqlalchemy import func, select

from kb import content
from kb.extensions import db
from kb.routing import slug_address
from kb.visibility import visible_condition

LISTS = (
    "public.index",
    "public.method_list",
    "public.area_list",
    "public.conference_list",
    "public.agreement_list",
    "public.municipality_list",
    "public.evidence_scale",
    "public.about",
    "public.overview_index",
    "public.overview_rosette",
    "public.overview_evidence",
    "public.overview_municipalities",
    "public.overview_compare",
)


def part_size() -> int:
    """URLs per sitemap file (KB_SITEMAP_PART_SIZE: 2,000; tests use a small catalogue)."""
    return current_app.config["KB_SITEMAP_PART_SIZE"]


def published_counts() -> list[int]:
    """Published items of each content type in the sitemap, in the sitemap's order (one COUNT each).

    Counted once per request and handed to `sitemap_size` and `sitemap_entries`.
    """
    return [
        db.session.scalar(select(func.count()).select_from(kind.model).where(visible_condition(kind.model)))
        for kind in content.in_sitemap().values()
    ]


def sitemap_size(counts: list[int]) -> int:
    """How many URLs the whole sitemap holds: the lists and every published item (`published_counts()`)."""
    return len(LISTS) + sum(counts)


def sitemap_entries(counts: list[int], start: int = 0, stop: int | None = None) -> list[tuple[str, str | None]]:
    """(absolute URL, last modified date) for the lists and published items, entries `start` to `stop`.

    The order is fixed (lists, then each content type by slug), so consecutive ranges make the parts of a
    sitemap index; each content type is read with OFFSET/LIMIT, never the whole catalogue for one part.
    """
    entries = [(url_for(endpoint, _external=True), None) for endpoint in LISTS[start:stop]]
    position = len(LISTS)
    for kind, count in zip(content.in_sitemap().values(), counts, strict=True):
        model = kind.model
        low = max(start - position, 0)
        high = count if stop is None else min(stop - position, count)
        position += count
        if low >= high:
            continue
        # The day of the last change from the database: parsing thousands of timestamps in Python only to
        # drop the time cost more than the query. SQLite answers an ISO date as text, PostgreSQL a date;
        # str() of either is the ISO date. Plain rows through the session's connection: the ORM's per-row
        # processing is not needed for two columns.
        rows = (
            db.session.connection()
            .execute(
                select(model.slug, func.date(model.updated_at))
                .where(visible_condition(model))
                .order_by(model.slug)
                .offset(low)
                .limit(high - low)
            )
            .all()
        )
        entries += [(slug_address(kind.public_endpoint, slug), str(day)) for slug, day in rows]
    return entries


def urlset_xml(entries: list[tuple[str, str | None]]) -> str:
    """A sitemap file (<urlset>) of (address, last modified date) entries.

    Written as text, not with a template: a part holds thousands of addresses, and autoescaping each one
    through Jinja cost more than reading them from the database.
    """
    lines = [
        f"  <url><loc>{escape(address)}</loc><lastmod>{lastmod}</lastmod></url>"
        if lastmod
        else f"  <url><loc>{escape(address)}</loc></url>"
        for address, lastmod in entries
    ]
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
            *lines,
            "</urlset>",
            "",
        ]
    )
