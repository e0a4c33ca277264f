"""The 19 municipalities of Region Midtjylland and the region itself."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.extensions import db
from kb.models.links import method_municipality


class Municipality(db.Model):
    """One of the 19 municipalities of Region Midtjylland, or the region."""

    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20), default="kommune")

    methods: Mapped[list["Method"]] = relationship(  # noqa: F821
        secondary=method_municipality, back_populates="municipalities", order_by="Method.name"
    )

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"
