"""Editorial history: revisions of every content item and redirects from old addresses."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.extensions import db
from kb.models.base import utcnow


class Revision(db.Model):
    """A snapshot of an item's editable fields, stored on every save (restoring creates a new one)."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("content_type", "content_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40), index=True)
    content_id: Mapped[int] = mapped_column(Integer, index=True)
    number: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped["User | None"] = relationship()  # noqa: F821


class Redirect(db.Model):
    """An old address that answers 301 to an item's current page (chains collapse: it names the item)."""

    __tablename__ = "redirect"

    id: Mapped[int] = mapped_column(primary_key=True)
    old_path: Mapped[str] = mapped_column(String(300), unique=True)
    content_type: Mapped[str | None] = mapped_column(String(40))
    content_id: Mapped[int | None] = mapped_column(Integer)
    target_path: Mapped[str | None] = mapped_column(String(300))  # for redirects an administrator adds by hand
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
