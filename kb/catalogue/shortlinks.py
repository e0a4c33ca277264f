"""Reading short link codes for pages and printed handouts (kb/services/shortlinks.py gives and resolves them)."""

from sqlalchemy import select

from kb.extensions import db
from kb.models import ShortLink


def code_for(key: str, item_id: int) -> str | None:
    """The code of one item, or None."""
    return db.session.scalar(
        select(ShortLink.code).where(ShortLink.content_type == key, ShortLink.content_id == item_id)
    )


def codes_for(key: str, item_ids: list[int]) -> dict[int, str]:
    """The codes of many items of one type, in one query, by item id."""
    if not item_ids:
        return {}
    rows = db.session.execute(
        select(ShortLink.content_id, ShortLink.code).where(
            ShortLink.content_type == key, ShortLink.content_id.in_(item_ids)
        )
    )
    return {item_id: code for item_id, code in rows}
