"""Provenance: the references content is based on, and which of an item's references back it."""

from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.extensions import db


class Reference(db.Model):
    """A source: one of the seed documents, or a public page or paper with an exact address or DOI."""

    __tablename__ = "reference"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[str] = mapped_column(String(200), default="")  # the date as the source gives it
    year: Mapped[int | None] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(String(1000), default="")
    doi: Mapped[str] = mapped_column(String(200), default="")
    read_on: Mapped[date | None] = mapped_column(Date)
    document: Mapped[str] = mapped_column(String(200), default="")  # a seed document's file name

    @property
    def address(self) -> str:
        """Where to read the source: its exact URL, else its DOI as a link; '' for a seed document."""
        if self.url:
            return self.url
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def byline(self) -> str:
        """Who is credited: the authors, else the publisher."""
        return self.authors or self.publisher


class ItemSource(db.Model):
    """One reference behind one content item (any content type, named by its table)."""

    __tablename__ = "item_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40), index=True)
    content_id: Mapped[int] = mapped_column(Integer, index=True)
    reference_id: Mapped[int] = mapped_column(ForeignKey("reference.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    reference: Mapped[Reference] = relationship()


def exact_address_problem(url: str) -> str:
    """Why `url` is not an exact source address ('' when it is): it must be http(s) with a path."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "er ikke en webadresse"
    if parts.path.strip("/") == "" and not parts.query:
        return "er en forside, ikke en præcis kilde"
    return ""
