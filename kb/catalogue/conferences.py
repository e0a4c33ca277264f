"""Queries for conferences, their programmes and outputs, organisations and people."""

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from kb.catalogue.common import one_published_or_404, published
from kb.extensions import db
from kb.models import (
    Conference,
    ConferenceOutput,
    Organisation,
    Person,
    PrioritisationResult,
    ProgrammeItem,
    ProgrammeItemSpeaker,
)
from kb.models.links import (
    conference_area,
    conference_development_area,
    conference_method,
    output_area,
    output_development_area,
    output_method,
    programme_item_area,
    programme_item_development_area,
    programme_item_method,
)


def list_conferences(limit: int | None = None) -> list[Conference]:
    """Published conferences, newest first, with organisers loaded."""
    statement = published(Conference).options(selectinload(Conference.organisers)).order_by(Conference.held_on.desc())
    if limit:
        statement = statement.limit(limit)
    return list(db.session.scalars(statement))


def conference_page(slug: str) -> Conference:
    """A published conference with programme, speakers, outputs and every link loaded up front."""
    item_links = (
        selectinload(Conference.items).selectinload(ProgrammeItem.speakers).selectinload(ProgrammeItemSpeaker.person),
        selectinload(Conference.items).selectinload(ProgrammeItem.methods),
        selectinload(Conference.items).selectinload(ProgrammeItem.areas),
        selectinload(Conference.items).selectinload(ProgrammeItem.development_areas),
    )
    output_links = (
        selectinload(Conference.outputs).selectinload(ConferenceOutput.methods),
        selectinload(Conference.outputs).selectinload(ConferenceOutput.areas),
        selectinload(Conference.outputs).selectinload(ConferenceOutput.development_areas),
        selectinload(Conference.outputs).selectinload(ConferenceOutput.programme_item),
    )
    return one_published_or_404(
        Conference,
        slug,
        selectinload(Conference.organisers),
        selectinload(Conference.areas),
        selectinload(Conference.methods),
        selectinload(Conference.development_areas),
        selectinload(Conference.prioritisation).selectinload(PrioritisationResult.area),
        *item_links,
        *output_links,
    )


def list_people() -> list[Person]:
    """Published people by name, with their appearances loaded."""
    statement = (
        published(Person)
        .options(
            selectinload(Person.appearances)
            .selectinload(ProgrammeItemSpeaker.item)
            .selectinload(ProgrammeItem.conference)
        )
        .order_by(Person.name)
    )
    return list(db.session.scalars(statement))


def person_page(slug: str) -> Person:
    """A published person with every programme appearance and its conference."""
    return one_published_or_404(
        Person,
        slug,
        selectinload(Person.appearances).selectinload(ProgrammeItemSpeaker.item).selectinload(ProgrammeItem.conference),
    )


def list_organisations() -> list[Organisation]:
    statement = published(Organisation).options(selectinload(Organisation.conferences)).order_by(Organisation.name)
    return list(db.session.scalars(statement))


def organisation_page(slug: str) -> Organisation:
    return one_published_or_404(Organisation, slug, selectinload(Organisation.conferences))


# For each kind of linked content: its id column in the conference, programme item and output link tables.
_LINK_COLUMNS = {
    "method": (conference_method.c.method_id, programme_item_method.c.method_id, output_method.c.method_id),
    "area": (
        conference_area.c.intervention_area_id,
        programme_item_area.c.intervention_area_id,
        output_area.c.intervention_area_id,
    ),
    "development_area": (
        conference_development_area.c.development_area_id,
        programme_item_development_area.c.development_area_id,
        output_development_area.c.development_area_id,
    ),
}


def conferences_linking(kind: str, ids: list[int]) -> list[Conference]:
    """Published conferences, newest first, that link any of `ids` themselves, in an item or an output."""
    on_conference, on_item, on_output = _LINK_COLUMNS[kind]
    direct = select(on_conference.table.c.conference_id).where(on_conference.in_(ids))
    via_items = select(ProgrammeItem.conference_id).join(on_item.table).where(on_item.in_(ids))
    via_outputs = select(ConferenceOutput.conference_id).join(on_output.table).where(on_output.in_(ids))
    statement = (
        published(Conference)
        .where(or_(Conference.id.in_(direct), Conference.id.in_(via_items), Conference.id.in_(via_outputs)))
        .order_by(Conference.held_on.desc())
    )
    return list(db.session.scalars(statement))
