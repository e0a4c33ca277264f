"""Simple pages (sider): content that is none of the catalogue's types, e.g. about pages and news."""

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kb.extensions import db
from kb.models.base import ContentMixin


class Page(ContentMixin, db.Model):
    """A page with a title, a short summary and rich text, at /sider/<slug>."""

    __tablename__ = "page"

    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML

    def __repr__(self) -> str:
        return f"<Page {self.slug}>"
