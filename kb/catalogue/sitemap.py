"""Every published page for sitemap.xml: one file, or an index of parts when there are more than 50,000."""

from flask import current_app, url_for
from sqlalchemy import func, select

from kb import content
from kb.extensions import db
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
    """URLs per sitemap file (KB_SITEMAP_PART_SIZE: the protocol's 50,000; tests use a small catalogue)."""
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
        # One url_for per content type: slugs are [a-z0-9-], so putting them into the address needs no quoting.
        address = kind.page_url("SLUG", external=True).replace("SLUG", "{}")
        rows = db.session.execute(
            select(model.slug, model.updated_at)
            .where(visible_condition(model))
            .order_by(model.slug)
            .offset(low)
            .limit(high - low)
        )
        entries += [(address.format(slug), updated.date().isoformat()) for slug, updated in rows]
    return entries
