"""Where imported content came from: the source system's key, so a second import updates, not duplicates."""

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kb.extensions import db
from kb.models.base import utcnow


class ImportKey(db.Model):
    """One imported record: its key in the source (a Plone UID) and the item or upload it became."""

    __tablename__ = "import_key"
    __table_args__ = (UniqueConstraint("source", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40))  # "plone"
    key: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(40))  # a content kind key, or "upload"
    content_id: Mapped[int] = mapped_column(Integer)
    old_path: Mapped[str] = mapped_column(String(300))
    # sha256 of the source record and the mapping applied to it: unchanged means nothing to update.
    fingerprint: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
