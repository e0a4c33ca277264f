"""Conferences with their programme, speakers, organisers and outputs."""

from datetime import date, time

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.extensions import db
from kb.models.base import ContentMixin
from kb.models.links import (
    conference_area,
    conference_development_area,
    conference_method,
    conference_organisation,
    output_area,
    output_development_area,
    output_method,
    programme_item_area,
    programme_item_development_area,
    programme_item_method,
)
from kb.vocabulary import OUTPUT_KINDS, PROGRAMME_ITEM_KINDS, SPEAKER_ROLES


class Organisation(ContentMixin, db.Model):
    """An organisation that organises conferences."""

    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")

    conferences: Mapped[list["Conference"]] = relationship(
        secondary=conference_organisation, back_populates="organisers", order_by="Conference.held_on"
    )


class Person(ContentMixin, db.Model):
    """A speaker, facilitator or other named participant; their page lists every appearance."""

    __tablename__ = "person"

    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text, default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    appearances: Mapped[list["ProgrammeItemSpeaker"]] = relationship(back_populates="person")


class Conference(ContentMixin, db.Model):
    """A conference with its programme, outputs and prioritisation results."""

    __tablename__ = "conference"

    title: Mapped[str] = mapped_column(String(300))
    subtitle: Mapped[str] = mapped_column(String(300), default="")
    series: Mapped[str] = mapped_column(String(200), default="")
    theme: Mapped[str] = mapped_column(Text, default="")
    held_on: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    venue: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    audience: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    registration: Mapped[str] = mapped_column(Text, default="")
    source_notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Shown with the prioritisation results, e.g. how the votes were counted or that figures are illustrative.
    prioritisation_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    organisers: Mapped[list[Organisation]] = relationship(
        secondary=conference_organisation, back_populates="conferences", order_by="Organisation.name"
    )
    items: Mapped[list["ProgrammeItem"]] = relationship(
        back_populates="conference",
        cascade="all, delete-orphan",
        order_by="ProgrammeItem.position",
    )
    outputs: Mapped[list["ConferenceOutput"]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="ConferenceOutput.position"
    )
    prioritisation: Mapped[list["PrioritisationResult"]] = relationship(
        back_populates="conference",
        cascade="all, delete-orphan",
        order_by="PrioritisationResult.position",
    )
    areas: Mapped[list["InterventionArea"]] = relationship(  # noqa: F821
        secondary=conference_area, order_by="InterventionArea.name"
    )
    methods: Mapped[list["Method"]] = relationship(  # noqa: F821
        secondary=conference_method, back_populates="conferences", order_by="Method.name"
    )
    development_areas: Mapped[list["DevelopmentArea"]] = relationship(  # noqa: F821
        secondary=conference_development_area,
        back_populates="conferences",
        order_by="DevelopmentArea.title",
    )

    @property
    def programme(self) -> list["ProgrammeItem"]:
        """The items in time order; an item without a time stays right after the item before it."""
        keyed, last = [], time.min
        for item in self.items:
            last = item.starts_at or last
            keyed.append((last, item.position, item))
        return [item for _start, _position, item in sorted(keyed, key=lambda entry: entry[:2])]

    @property
    def place(self) -> str:
        """Where it is held: "Online", or venue and address."""
        return "Online" if self.online else ", ".join(p for p in (self.venue, self.address) if p)


class ProgrammeItem(db.Model):
    """One item of a conference's programme."""

    __tablename__ = "programme_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    starts_at: Mapped[time | None] = mapped_column(Time)
    ends_at: Mapped[time | None] = mapped_column(Time)
    kind: Mapped[str] = mapped_column(String(20), default="talk")
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML

    conference: Mapped[Conference] = relationship(back_populates="items")
    speakers: Mapped[list["ProgrammeItemSpeaker"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ProgrammeItemSpeaker.position"
    )
    outputs: Mapped[list["ConferenceOutput"]] = relationship(back_populates="programme_item")
    areas: Mapped[list["InterventionArea"]] = relationship(  # noqa: F821
        secondary=programme_item_area, order_by="InterventionArea.name"
    )
    methods: Mapped[list["Method"]] = relationship(  # noqa: F821
        secondary=programme_item_method, order_by="Method.name"
    )
    development_areas: Mapped[list["DevelopmentArea"]] = relationship(  # noqa: F821
        secondary=programme_item_development_area, order_by="DevelopmentArea.title"
    )

    @property
    def kind_label(self) -> str:
        """The item's kind in Danish."""
        return PROGRAMME_ITEM_KINDS.get(self.kind, self.kind)


class ProgrammeItemSpeaker(db.Model):
    """A person's part in a programme item (speaker, facilitator, panellist …)."""

    __tablename__ = "programme_item_speaker"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("programme_item.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(30), default="oplægsholder")
    position: Mapped[int] = mapped_column(Integer, default=0)

    item: Mapped[ProgrammeItem] = relationship(back_populates="speakers")
    person: Mapped[Person] = relationship(back_populates="appearances")

    @property
    def role_label(self) -> str:
        """The person's role in Danish."""
        return SPEAKER_ROLES.get(self.role, self.role)


class ConferenceOutput(db.Model):
    """Something a conference produced: slides, a video, prioritisation results, notes, a link."""

    __tablename__ = "conference_output"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    programme_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_item.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default="notes")
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    url: Mapped[str] = mapped_column(String(500), default="")

    conference: Mapped[Conference] = relationship(back_populates="outputs")
    programme_item: Mapped[ProgrammeItem | None] = relationship(back_populates="outputs")
    areas: Mapped[list["InterventionArea"]] = relationship(  # noqa: F821
        secondary=output_area, order_by="InterventionArea.name"
    )
    methods: Mapped[list["Method"]] = relationship(  # noqa: F821
        secondary=output_method, order_by="Method.name"
    )
    development_areas: Mapped[list["DevelopmentArea"]] = relationship(  # noqa: F821
        secondary=output_development_area, order_by="DevelopmentArea.title"
    )

    @property
    def kind_label(self) -> str:
        """The output's kind in Danish."""
        return OUTPUT_KINDS.get(self.kind, self.kind)


class PrioritisationResult(db.Model):
    """The priorities one intervention area got in one round of a conference's prioritisation (e.g. a café).

    The area is kept as written at the conference and linked to an intervention area when one matches,
    so results survive an area being renamed or deleted.
    """

    __tablename__ = "prioritisation_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    round_label: Mapped[str] = mapped_column(String(100))
    area_label: Mapped[str] = mapped_column(String(200))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("intervention_area.id", ondelete="SET NULL"), index=True)
    votes: Mapped[int] = mapped_column(Integer, default=0)

    conference: Mapped[Conference] = relationship(back_populates="prioritisation")
    area: Mapped["InterventionArea | None"] = relationship()  # noqa: F821
