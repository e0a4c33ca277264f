"""Queries for conferences, their programmes and outputs, organisations and people."""

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import load_only, selectinload

from kb.catalogue.common import one_published_or_404, published
from kb.catalogue.paging import ListPage, paginate
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
    conference_organisation,
    output_area,
    output_development_area,
    output_method,
    programme_item_area,
    programme_item_development_area,
    programme_item_method,
)
from kb.visibility import visible_condition

# What a conference's row in a list shows (templates/_macros.html, conference_list).
_CONFERENCE_ROW = (
    Conference.slug,
    Conference.title,
    Conference.subtitle,
    Conference.held_on,
    Conference.online,
    Conference.venue,
    Conference.address,
)


def _conferences_newest_first() -> Select:
    statement = published(Conference).options(load_only(*_CONFERENCE_ROW))
    return statement.order_by(Conference.held_on.desc(), Conference.id.desc())


def latest_conferences(limit: int) -> list[Conference]:
    """The `limit` newest published conferences."""
    return list(db.session.scalars(_conferences_newest_first().limit(limit)))


def list_conferences(page: int = 1) -> ListPage:
    """Page `page` of the published conferences, newest first."""
    return paginate(_conferences_newest_first(), page)


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


def list_people(page: int = 1) -> ListPage:
    """Page `page` of the public people by name, as (person, appearances at public conferences) rows."""
    appearances = (
        select(func.count())
        .select_from(ProgrammeItemSpeaker)
        .join(ProgrammeItem, ProgrammeItem.id == ProgrammeItemSpeaker.item_id)
        .join(Conference, Conference.id == ProgrammeItem.conference_id)
        .where(ProgrammeItemSpeaker.person_id == Person.id, visible_condition(Conference))
        .correlate(Person)
        .scalar_subquery()
    )
    statement = (
        select(Person, appearances)
        .where(visible_condition(Person))
        .options(load_only(Person.slug, Person.name, Person.title))
        .order_by(Person.name, Person.id)
    )
    return paginate(statement, page)


def person_page(slug: str) -> Person:
    """A published person with every programme appearance and its conference."""
    return one_published_or_404(
        Person,
        slug,
        selectinload(Person.appearances).selectinload(ProgrammeItemSpeaker.item).selectinload(ProgrammeItem.conference),
    )


def list_organisations(page: int = 1) -> ListPage:
    """Page `page` of the published organisations by name, as (organisation, published conferences organised) rows."""
    organised = (
        select(func.count())
        .select_from(conference_organisation)
        .join(Conference, Conference.id == conference_organisation.c.conference_id)
        .where(conference_organisation.c.organisation_id == Organisation.id, visible_condition(Conference))
        .correlate(Organisation)
        .scalar_subquery()
    )
    statement = (
        select(Organisation, organised)
        .where(visible_condition(Organisation))
        .options(load_only(Organisation.slug, Organisation.name))
        .order_by(Organisation.name, Organisation.id)
    )
    return paginate(statement, page)


def organisation_page(slug: str) -> Organisation:
    """The published organisation with `slug` and its conferences, or 404."""
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


def linking_condition(kind: str, ids):
    """A WHERE condition: the conference links any of `ids` (a list or a subquery) itself, in an item or output."""
    on_conference, on_item, on_output = _LINK_COLUMNS[kind]
    direct = select(on_conference.table.c.conference_id).where(on_conference.in_(ids))
    via_items = select(ProgrammeItem.conference_id).join(on_item.table).where(on_item.in_(ids))
    via_outputs = select(ConferenceOutput.conference_id).join(on_output.table).where(on_output.in_(ids))
    return or_(Conference.id.in_(direct), Conference.id.in_(via_items), Conference.id.in_(via_outputs))


def conferences_linking(kind: str, ids: list[int]) -> list[Conference]:
    """Published conferences, newest first, that link any of `ids` themselves, in an item or an output."""
    statement = published(Conference).where(linking_condition(kind, ids)).order_by(Conference.held_on.desc())
    return list(db.session.scalars(statement))
