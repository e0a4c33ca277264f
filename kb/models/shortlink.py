"""Permanent short links (/l/<code>) for printed conference material: the code never changes."""

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kb.extensions import db
from kb.models.base import utcnow


class ShortLink(db.Model):
    """A permanent short code: for an item of Metodebasen or an external address."""

    __tablename__ = "short_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)  # upper case, no 0/O/1/I/L
    content_type: Mapped[str | None] = mapped_column(String(40), index=True)
    content_id: Mapped[int | None] = mapped_column(Integer, index=True)
    target_url: Mapped[str | None] = mapped_column(String(1000))  # external material (slides, video)
    title: Mapped[str] = mapped_column(Text, default="")
    # Where the 410 page sends readers once the item is archived: another item of the same kind.
    replacement_id: Mapped[int | None] = mapped_column(Integer)
    uses: Mapped[int] = mapped_column(Integer, default=0)  # a counter only: no personal data
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
