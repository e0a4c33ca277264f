"""Methods (metoder): what they are, for whom, how to implement them and what is known of their effect."""

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.extensions import db
from kb.models.base import ContentMixin
from kb.models.links import conference_method, method_area, method_municipality
from kb.vocabulary import EVIDENCE_LEVELS


class Method(ContentMixin, db.Model):
    """An evidence-based method, with its evidence assessment and where it is used."""

    __tablename__ = "method"
    # Lists (pages and API) show published methods by name or by last change a page at a time: with these the
    # database reads one page in index order instead of sorting every method (10,000: 64 ms -> 0.1 ms).
    __table_args__ = (
        Index("ix_method_status_name", "status", "name", "id"),
        Index("ix_method_status_updated_at", "status", "updated_at", "id"),
        # Counts per evidence level (front page, evidence scale) read the index alone.
        Index("ix_method_status_evidence_level", "status", "evidence_level"),
        # The sitemap reads published methods by address with their last change from the index alone.
        Index("ix_method_status_slug", "status", "slug", "updated_at"),
    )

    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")  # short lay summary, plain text
    description: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML

    target_group: Mapped[str] = mapped_column(Text, default="")
    age_min: Mapped[int | None] = mapped_column(Integer)
    age_max: Mapped[int | None] = mapped_column(Integer)
    ffb_terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    outcomes: Mapped[list[str]] = mapped_column(JSON, default=list)
    core_elements: Mapped[list[str]] = mapped_column(JSON, default=list)

    # Implementation
    manual: Mapped[str] = mapped_column(Text, default="")
    training: Mapped[str] = mapped_column(Text, default="")
    supervision: Mapped[str] = mapped_column(Text, default="")
    fidelity: Mapped[str] = mapped_column(Text, default="")
    licence: Mapped[str] = mapped_column(Text, default="")
    cost: Mapped[str] = mapped_column(Text, default="")

    # Local evidence assessment (external ratings are kept apart, never merged into it)
    evidence_level: Mapped[str] = mapped_column(String(20), default="ikke-vurderet", index=True)
    evidence_rationale: Mapped[str] = mapped_column(Text, default="")
    assessed_on: Mapped[date | None] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date)

    contact: Mapped[str] = mapped_column(Text, default="")
    # "Mål og opfølgning": how progress is typically followed (kinds of measures, how often, by whom)
    follow_up: Mapped[str] = mapped_column(Text, default="", server_default="")

    aliases: Mapped[list["MethodAlias"]] = relationship(
        back_populates="method", cascade="all, delete-orphan", order_by="MethodAlias.position"
    )
    evidence_sources: Mapped[list["EvidenceSource"]] = relationship(
        back_populates="method", cascade="all, delete-orphan", order_by="EvidenceSource.position"
    )
    external_ratings: Mapped[list["ExternalRating"]] = relationship(
        back_populates="method", cascade="all, delete-orphan", order_by="ExternalRating.position"
    )
    areas: Mapped[list["InterventionArea"]] = relationship(  # noqa: F821
        secondary=method_area, back_populates="methods", order_by="InterventionArea.name"
    )
    municipalities: Mapped[list["Municipality"]] = relationship(  # noqa: F821
        secondary=method_municipality, back_populates="methods", order_by="Municipality.name"
    )
    conferences: Mapped[list["Conference"]] = relationship(  # noqa: F821
        secondary=conference_method, back_populates="methods", order_by="Conference.held_on"
    )

    @property
    def evidence_label(self) -> str:
        """The evidence level in Danish."""
        return EVIDENCE_LEVELS.get(self.evidence_level, self.evidence_level)

    @property
    def abbreviations(self) -> list[str]:
        """The method's abbreviations ("MST")."""
        return [a.text for a in self.aliases if a.kind == "forkortelse"]

    def review_overdue_since(self, today: date) -> date | None:
        """The next-review date when it has passed by `today`, else None."""
        if self.review_on is not None and self.review_on < today:
            return self.review_on
        return None

    @property
    def age_range(self) -> str:
        """The age range in Danish words, or '' when the method has none."""
        if self.age_min is None and self.age_max is None:
            return ""
        if self.age_max is None:
            return f"Fra {self.age_min} år"
        if self.age_min is None:
            return f"Op til {self.age_max} år"
        return f"{self.age_min}-{self.age_max} år"

    def __repr__(self) -> str:
        return f"<Method {self.slug}>"


class MethodAlias(db.Model):
    """Another name a method is known by: an abbreviation, a former or an English name."""

    __tablename__ = "method_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    method_id: Mapped[int] = mapped_column(ForeignKey("method.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), default="forkortelse")
    position: Mapped[int] = mapped_column(Integer, default=0)

    method: Mapped[Method] = relationship(back_populates="aliases")


class EvidenceSource(db.Model):
    """A source behind the local evidence assessment."""

    __tablename__ = "evidence_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    method_id: Mapped[int] = mapped_column(ForeignKey("method.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    method: Mapped[Method] = relationship(back_populates="evidence_sources")


class ExternalRating(db.Model):
    """A rating by another body (e.g. Socialstyrelsen's Vidensportal), shown beside the local one."""

    __tablename__ = "external_rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    method_id: Mapped[int] = mapped_column(ForeignKey("method.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(200))
    rating: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    method: Mapped[Method] = relationship(back_populates="external_ratings")
