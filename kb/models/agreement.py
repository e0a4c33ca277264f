"""Framework agreements (rammeaftaler) and their development areas (udviklingsområder)."""

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.extensions import db
from kb.models.base import ContentMixin
from kb.models.links import conference_development_area, development_area_area, development_area_method


class FrameworkAgreement(ContentMixin, db.Model):
    """A framework agreement (rammeaftale) of the municipalities and the region, for a period."""

    __tablename__ = "framework_agreement"

    title: Mapped[str] = mapped_column(String(200))
    start_year: Mapped[int] = mapped_column(Integer, index=True)
    end_year: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML

    development_areas: Mapped[list["DevelopmentArea"]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="DevelopmentArea.title"
    )

    @property
    def period(self) -> str:
        """The period as written: "2021-22"."""
        return f"{self.start_year}-{str(self.end_year)[-2:]}"


class DevelopmentArea(ContentMixin, db.Model):
    """A development area (udviklingsområde) of a framework agreement."""

    __tablename__ = "development_area"

    agreement_id: Mapped[int] = mapped_column(ForeignKey("framework_agreement.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    progress: Mapped[str] = mapped_column(String(20), default="i gang")
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML

    agreement: Mapped[FrameworkAgreement] = relationship(back_populates="development_areas")
    areas: Mapped[list["InterventionArea"]] = relationship(  # noqa: F821
        secondary=development_area_area, order_by="InterventionArea.name"
    )
    methods: Mapped[list["Method"]] = relationship(  # noqa: F821
        secondary=development_area_method, order_by="Method.name"
    )
    conferences: Mapped[list["Conference"]] = relationship(  # noqa: F821
        secondary=conference_development_area,
        back_populates="development_areas",
        order_by="Conference.held_on",
    )
