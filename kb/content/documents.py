"""How each content kind becomes a search document, and which documents change when an item changes.

The registry (kb/content/kinds.py) names these per kind; kb/search turns them into index entries.
"""

from sqlalchemy.orm import selectinload

from kb.models import (
    Conference,
    ConferenceOutput,
    DevelopmentArea,
    EvidenceSource,
    ExternalRating,
    FrameworkAgreement,
    InterventionArea,
    Method,
    MethodAlias,
    Page,
    Person,
    ProgrammeItem,
    ProgrammeItemSpeaker,
)
from kb.text import danish_date
from kb.text import plain_text as plain
from kb.visibility import appearances_in_public, visible_only
from kb.vocabulary import AGE_BANDS


def join(*parts) -> str:
    """The non-empty parts, one per line."""
    return "\n".join(str(part) for part in parts if part)


def _area_slugs(areas) -> set[str]:
    """Slugs of published areas and their parents, so a parent's filter includes its sub-areas' items."""
    slugs = set()
    for area in areas:
        if area.is_published:
            slugs.add(area.slug)
            if area.parent is not None and area.parent.is_published:
                slugs.add(area.parent.slug)
    return slugs


def _age_bands(age_min: int | None, age_max: int | None) -> list[str]:
    if age_min is None and age_max is None:
        return []
    low, high = age_min if age_min is not None else 0, age_max if age_max is not None else 200
    return [key for key, (_label, band_low, band_high) in AGE_BANDS.items() if low <= band_high and high >= band_low]


def method_loading() -> tuple:
    """Eager loading for many method documents at once."""
    return (
        selectinload(Method.aliases),
        selectinload(Method.areas).selectinload(InterventionArea.parent),
    )


def area_loading() -> tuple:
    """Eager loading for many area documents at once."""
    return (selectinload(InterventionArea.parent), selectinload(InterventionArea.children))


def conference_loading() -> tuple:
    """Eager loading for many conference documents at once."""
    return (
        selectinload(Conference.organisers),
        selectinload(Conference.areas),
        selectinload(Conference.items).selectinload(ProgrammeItem.speakers).selectinload(ProgrammeItemSpeaker.person),
        selectinload(Conference.items).selectinload(ProgrammeItem.areas),
        selectinload(Conference.outputs).selectinload(ConferenceOutput.areas),
    )


def agreement_loading() -> tuple:
    """Eager loading for many agreement documents at once."""
    return (selectinload(FrameworkAgreement.development_areas),)


def development_area_loading() -> tuple:
    """Eager loading for many development area documents at once."""
    return (selectinload(DevelopmentArea.agreement), selectinload(DevelopmentArea.areas))


def person_loading() -> tuple:
    """Eager loading for many person documents at once."""
    return (
        selectinload(Person.appearances).selectinload(ProgrammeItemSpeaker.item).selectinload(ProgrammeItem.conference),
    )


def method_document(method: Method) -> dict:
    """A method's search document."""
    areas = [a for a in method.areas if a.is_published]
    return {
        "title": method.name,
        "aliases": " ".join(alias.text for alias in method.aliases),
        "summary": method.summary,
        "body": join(
            plain(method.description),
            method.target_group,
            *method.outcomes,
            *method.core_elements,
            method.manual,
            method.training,
            method.supervision,
            method.fidelity,
            method.licence,
            method.cost,
            method.evidence_rationale,
            method.contact,
        ),
        "related": join(*(a.name for a in areas)),
        "area": _area_slugs(areas),
        "target_group": _age_bands(method.age_min, method.age_max),
        "evidence": method.evidence_level,
    }


def area_document(area: InterventionArea) -> dict:
    """An intervention area's search document."""
    return {
        "title": area.name,
        "summary": area.summary,
        "body": join(plain(area.description), *area.ffb_terms),
        "related": join(
            *(a.name for a in visible_only([area.parent] if area.parent else [])),
            *(c.name for c in visible_only(area.children)),
        ),
        "area": _area_slugs([area]),
    }


def conference_document(conference: Conference) -> dict:
    """A conference's search document, with its programme and outputs."""
    items = []
    areas = list(conference.areas)
    for item in conference.items:
        speakers = [f"{s.person.name} {s.person.title}" for s in item.speakers if s.person.is_published]
        items.append(join(item.title, plain(item.description), *speakers))
        areas += item.areas
    for output in conference.outputs:
        items.append(join(output.title, plain(output.description)))
        areas += output.areas
    return {
        "title": join(conference.title, conference.subtitle),
        "aliases": conference.series,
        "summary": join(conference.theme, conference.place),
        "body": join(plain(conference.description), conference.audience, conference.registration, *items),
        "related": join(*(o.name for o in conference.organisers if o.is_published)),
        "area": _area_slugs(areas),
        "year": str(conference.held_on.year),
    }


def agreement_document(agreement: FrameworkAgreement) -> dict:
    """A framework agreement's search document, with its published development areas."""
    development_areas = [d for d in agreement.development_areas if d.is_published]
    return {
        "title": agreement.title,
        "aliases": f"Rammeaftale {agreement.start_year}-{agreement.end_year}",
        "summary": agreement.summary,
        "body": join(plain(agreement.description), *(join(d.title, d.summary) for d in development_areas)),
        "year": str(agreement.start_year),
    }


def development_area_document(development_area: DevelopmentArea) -> dict:
    """A development area's search document."""
    areas = [a for a in development_area.areas if a.is_published]
    return {
        "title": development_area.title,
        "summary": development_area.summary,
        "body": plain(development_area.description),
        "related": join(development_area.agreement.title, *(a.name for a in areas)),
        "area": _area_slugs(areas),
        "year": str(development_area.agreement.start_year),
    }


def person_document(person: Person) -> dict:
    """A person's search document, with their appearances at published conferences."""
    appearances = [join(a.item.title, a.item.conference.title) for a in appearances_in_public(person)]
    return {
        "title": person.name,
        "summary": person.title,
        "body": join(person.organisation, person.note, *appearances),
    }


def programme_item_loading() -> tuple:
    """Eager loading for many programme item documents at once."""
    return (
        selectinload(ProgrammeItem.conference),
        selectinload(ProgrammeItem.speakers).selectinload(ProgrammeItemSpeaker.person),
        selectinload(ProgrammeItem.areas).selectinload(InterventionArea.parent),
    )


def output_loading() -> tuple:
    """Eager loading for many output documents at once."""
    return (
        selectinload(ConferenceOutput.conference),
        selectinload(ConferenceOutput.programme_item),
        selectinload(ConferenceOutput.areas).selectinload(InterventionArea.parent),
    )


def _clock(item: ProgrammeItem) -> str:
    times = [t.strftime("%H.%M") for t in (item.starts_at, item.ends_at) if t]
    return f"kl. {'–'.join(times)}" if times else ""


def _conference_line(conference: Conference) -> str:
    return f"{conference.title}, {danish_date(conference.held_on)}"


def programme_item_document(item: ProgrammeItem) -> dict:
    """A session or talk as a result of its own, shown with its kind, time, conference and speakers."""
    conference = item.conference
    speakers = [s.person for s in item.speakers if s.person.is_published]
    return {
        "title": item.title,
        "summary": plain(item.description),
        "body": join(*(f"{person.name} {person.title}" for person in speakers)),
        "related": join(conference.title, conference.subtitle, conference.series),
        "area": _area_slugs(item.areas),
        "year": str(conference.held_on.year),
        "anchor": f"punkt-{item.id}",
        "context": join(
            " · ".join(part for part in (item.kind_label, _clock(item)) if part),
            _conference_line(conference),
            ", ".join(person.name for person in speakers),
        ),
    }


def output_document(output: ConferenceOutput) -> dict:
    """Something a conference produced, shown with its kind and conference."""
    conference = output.conference
    item = output.programme_item
    return {
        "title": output.title,
        "summary": plain(output.description),
        "body": item.title if item else "",
        "related": join(conference.title, conference.subtitle, conference.series),
        "area": _area_slugs(output.areas),
        "year": str(conference.held_on.year),
        "anchor": f"materiale-{output.id}",
        "context": join(output.kind_label, _conference_line(conference)),
    }


def page_document(page: Page) -> dict:
    """A simple page's search document."""
    return {"title": page.title, "summary": page.summary, "body": plain(page.body)}


def method_keys(method: Method) -> set[str]:
    """A method's own document."""
    return {f"method:{method.id}"}


def area_keys(area: InterventionArea) -> set[str]:
    """An area's document, its methods' (they list it) and its parent's and children's."""
    keys = {f"area:{area.id}"}
    keys |= {f"method:{m.id}" for m in area.methods}
    keys |= {f"area:{c.id}" for c in area.children}
    if area.parent_id:
        keys.add(f"area:{area.parent_id}")
    return keys


def conference_keys(conference: Conference) -> set[str]:
    """A conference's document, its speakers', programme items' and outputs'."""
    keys = {f"conference:{conference.id}"} | {f"person:{s.person_id}" for i in conference.items for s in i.speakers}
    keys |= {f"programme_item:{i.id}" for i in conference.items if i.id}
    return keys | {f"output:{o.id}" for o in conference.outputs if o.id}


def programme_item_keys(item: ProgrammeItem) -> set[str]:
    """A programme item's document, its outputs' and its conference's."""
    keys = {f"programme_item:{item.id}"} | {f"output:{o.id}" for o in item.outputs if o.id}
    return keys | ({f"conference:{item.conference_id}"} if item.conference_id else set())


def output_keys(output: ConferenceOutput) -> set[str]:
    """An output's document and its conference's."""
    return {f"output:{output.id}"} | ({f"conference:{output.conference_id}"} if output.conference_id else set())


def person_keys(person: Person) -> set[str]:
    """A person's document and those of the conferences and programme items they appear at."""
    keys = {f"person:{person.id}"} | {f"conference:{a.item.conference_id}" for a in person.appearances}
    return keys | {f"programme_item:{a.item_id}" for a in person.appearances}


def organisation_keys(organisation) -> set[str]:
    """The documents of the conferences an organisation organised."""
    return {f"conference:{c.id}" for c in organisation.conferences}


def agreement_keys(agreement: FrameworkAgreement) -> set[str]:
    """An agreement's document and its development areas'."""
    return {f"agreement:{agreement.id}"} | {f"development_area:{d.id}" for d in agreement.development_areas}


def development_area_keys(development_area: DevelopmentArea) -> set[str]:
    """A development area's document and its agreement's (which lists it)."""
    keys = {f"development_area:{development_area.id}"}
    if development_area.agreement_id:
        keys.add(f"agreement:{development_area.agreement_id}")
    return keys


def _method_part_keys(part) -> set[str]:
    return {f"method:{part.method_id}"} if part.method_id else set()


def _speaker_keys(speaker: ProgrammeItemSpeaker) -> set[str]:
    keys = {f"person:{speaker.person_id}"} if speaker.person_id else set()
    if speaker.item_id:
        keys.add(f"programme_item:{speaker.item_id}")
    if speaker.item is not None and speaker.item.conference_id:
        keys.add(f"conference:{speaker.item.conference_id}")
    return keys


# Rows that are not content kinds themselves but are part of a kind's document.
PART_INDEX_KEYS = {
    MethodAlias: _method_part_keys,
    EvidenceSource: _method_part_keys,
    ExternalRating: _method_part_keys,
    ProgrammeItemSpeaker: _speaker_keys,
}
