"""Shared column sets and the helper that declares many-to-many link tables."""

from datetime import UTC, datetime

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from kb.extensions import db
from kb.vocabulary import PUBLISHED


def utcnow() -> datetime:
    """The current moment in UTC."""
    return datetime.now(UTC)


class ContentMixin:
    """Columns every public content type has: identity, address, editorial state and timestamps."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=PUBLISHED, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Optimistic locking: a save carries the version it was edited from and is refused if it moved on.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Provenance per value: field names whose values are examples ("Eksempel"), and field names whose
    # statements no source we have seen supports ("Skal verificeres"). The item's references are ItemSource.
    illustrative: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    unverified: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")

    @property
    def is_published(self) -> bool:
        """Whether the item is published."""
        return self.status == PUBLISHED

    def is_illustrative(self, field: str) -> bool:
        """Whether the value of `field` is an example rather than a fact."""
        return field in (self.illustrative or ())

    def is_unverified(self, field: str) -> bool:
        """Whether the statements in `field` still wait for a source."""
        return field in (self.unverified or ())


def link_table(name: str, left: str, right: str) -> Table:
    """Declare a many-to-many table `name` joining the tables `left` and `right` by id."""
    return Table(
        name,
        db.metadata,
        Column(f"{left}_id", Integer, ForeignKey(f"{left}.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{right}_id", Integer, ForeignKey(f"{right}.id", ondelete="CASCADE"), primary_key=True),
    )
