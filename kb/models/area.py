"""Intervention areas (indsatsområder), optionally nested one level under a parent."""

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.extensions import db
from kb.models.base import ContentMixin
from kb.models.links import method_area


class InterventionArea(ContentMixin, db.Model):
    """An intervention area (indsatsområde), optionally under a parent area."""

    __tablename__ = "intervention_area"

    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    ffb_terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("intervention_area.id", ondelete="SET NULL"), index=True)

    parent: Mapped["InterventionArea | None"] = relationship(
        remote_side="InterventionArea.id", back_populates="children"
    )
    children: Mapped[list["InterventionArea"]] = relationship(back_populates="parent", order_by="InterventionArea.name")
    methods: Mapped[list["Method"]] = relationship(  # noqa: F821
        secondary=method_area, back_populates="areas", order_by="Method.name"
    )

    def __repr__(self) -> str:
        return f"<InterventionArea {self.slug}>"
