"""Tables the search index depends on: the outbox of pending index changes and editors' synonyms."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from kb.extensions import db
from kb.models.base import utcnow


class SearchOutbox(db.Model):
    """A document whose index entry must be refreshed, written in the same transaction as the change.

    Rows are deleted once the index holds the change, so a crash between commit and indexing loses
    nothing: whatever is left here is applied on the next start or by `flask kb sync-index`.
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_key: Mapped[str] = mapped_column(String(80), index=True)  # "<type>:<id>", e.g. "method:12"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SynonymGroup(db.Model):
    """Words and phrases practitioners use for the same thing ("hjemløs", "hjemløshed", "uden bolig")."""

    __tablename__ = "synonym_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
