"""Editorial history: revisions of every content item and redirects from old addresses."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, false
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


class Upload(db.Model):
    """A file an editor uploaded for a conference output, stored outside static/ and served as a download.

    It belongs to its conference and is public only while one of that conference's outputs links it
    (kb/services/uploads.py); `key` makes its address unguessable.
    """

    __tablename__ = "upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conference.id", ondelete="SET NULL"), index=True)
    # Public on its own, not through a conference: files imported from the old site, linked from pages.
    public_alone: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def path(self) -> str:
        """The file's public address, /filer/<key>/<name>."""
        return f"/filer/{self.key}/{self.original_name}"

    @property
    def numbered_path(self) -> str:
        """The guessable address files had before keys (kept answering: 301 when public, else 404)."""
        return f"/filer/{self.id}/{self.original_name}"
