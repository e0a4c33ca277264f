"""What content is based on: an item's references, its example and to-verify flags, and overdue reviews.

`provenance(item)` is the one description of an item's provenance for pages, the API and exports.
"""

import time
from datetime import date

from flask import current_app
from sqlalchemy import func, select, union_all
from sqlalchemy.exc import SQLAlchemyError

from kb.extensions import db
from kb.models import (
    Conference,
    DevelopmentArea,
    FrameworkAgreement,
    InterventionArea,
    ItemSource,
    Method,
    Organisation,
    Page,
    Person,
    Reference,
)
from kb.vocabulary import PUBLISHED

CONTENT_MODELS = (
    Method,
    InterventionArea,
    Conference,
    FrameworkAgreement,
    DevelopmentArea,
    Organisation,
    Person,
    Page,
)
# The banner's count may lag edits by this much; counting on every request would scan every table.
COUNT_SECONDS = 60


def sources_of(item) -> list[Reference]:
    """The references behind `item`, in the order its editors gave them (one query)."""
    if getattr(item, "id", None) is None:
        return []
    return list(
        db.session.scalars(
            select(Reference)
            .join(ItemSource, ItemSource.reference_id == Reference.id)
            .where(ItemSource.content_type == item.__tablename__, ItemSource.content_id == item.id)
            .order_by(ItemSource.position)
        )
    )


def illustrative_total() -> int | None:
    """How many values of published content are still marked as examples (cached for COUNT_SECONDS).

    None when the database cannot answer: the banner is also on the error pages shown while it is down.
    """
    cache = current_app.extensions.setdefault("kb_illustrative_total", {})
    if cache.get("expires", 0) > time.monotonic():
        return cache["value"]
    try:
        value = _count_illustrative()
    except SQLAlchemyError:
        db.session.rollback()
        return None
    cache.update(value=value, expires=time.monotonic() + COUNT_SECONDS)
    return value


def _count_illustrative() -> int:
    parts = union_all(
        *(
            select(func.coalesce(func.sum(func.json_array_length(model.illustrative)), 0).label("n")).where(
                model.status == PUBLISHED
            )
            for model in CONTENT_MODELS
        )
    ).subquery()
    return int(db.session.scalar(select(func.coalesce(func.sum(parts.c.n), 0))) or 0)


def reference_dict(reference: Reference) -> dict:
    """A reference as plain data (API and exports)."""
    return {
        "title": reference.title,
        "authors": reference.authors,
        "publisher": reference.publisher,
        "published": reference.published,
        "year": reference.year,
        "url": reference.url,
        "doi": reference.doi,
        "read_on": reference.read_on.isoformat() if reference.read_on else None,
        "document": reference.document,
    }


def provenance(item, today: date | None = None) -> dict:
    """An item's provenance as plain data: sources, example values, statements to verify, overdue review."""
    today = today or date.today()
    overdue = item.review_overdue_since(today) if isinstance(item, Method) else None
    return {
        "sources": [reference_dict(reference) for reference in sources_of(item)],
        "illustrative": list(item.illustrative or []),
        "unverified": list(item.unverified or []),
        "review_overdue_since": overdue.isoformat() if overdue else None,
    }
