"""What the index holds: one document per published item, built from the database (the source of truth)."""

import hashlib
import html
import json
import re
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb.extensions import db
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
    Organisation,
    Page,
    Person,
    ProgrammeItem,
    ProgrammeItemSpeaker,
)
from kb.text import danish_date
from kb.visibility import appearances_in_public, is_visible, visible_only
from kb.vocabulary import AGE_BANDS, PUBLISHED

MODELS = {
    "method": Method,
    "area": InterventionArea,
    "conference": Conference,
    "agreement": FrameworkAgreement,
    "development_area": DevelopmentArea,
    "person": Person,
    "programme_item": ProgrammeItem,
    "output": ConferenceOutput,
    "page": Page,
}
# Kinds that live on their conference's page: no status or slug of their own, public with the conference.
CONFERENCE_PARTS = ("programme_item", "output")
LOAD_OPTIONS = {
    "method": (
        selectinload(Method.aliases),
        selectinload(Method.areas).selectinload(InterventionArea.parent),
    ),
    "area": (selectinload(InterventionArea.parent), selectinload(InterventionArea.children)),
    "conference": (
        selectinload(Conference.organisers),
        selectinload(Conference.areas),
        selectinload(Conference.items).selectinload(ProgrammeItem.speakers).selectinload(ProgrammeItemSpeaker.person),
        selectinload(Conference.items).selectinload(ProgrammeItem.areas),
        selectinload(Conference.outputs).selectinload(ConferenceOutput.areas),
    ),
    "agreement": (selectinload(FrameworkAgreement.development_areas),),
    "development_area": (selectinload(DevelopmentArea.agreement), selectinload(DevelopmentArea.areas)),
    "person": (
        selectinload(Person.appearances).selectinload(ProgrammeItemSpeaker.item).selectinload(ProgrammeItem.conference),
    ),
    "programme_item": (
        selectinload(ProgrammeItem.conference),
        selectinload(ProgrammeItem.speakers).selectinload(ProgrammeItemSpeaker.person),
        selectinload(ProgrammeItem.areas).selectinload(InterventionArea.parent),
    ),
    "output": (
        selectinload(ConferenceOutput.conference),
        selectinload(ConferenceOutput.programme_item),
        selectinload(ConferenceOutput.areas).selectinload(InterventionArea.parent),
    ),
    "page": (),
}
_TAGS = re.compile(r"<[^>]+>")


def plain(html_text: str) -> str:
    """Text of sanitised HTML, tags replaced by spaces."""
    return " ".join(html.unescape(_TAGS.sub(" ", html_text or "")).split())


def join(*parts) -> str:
    return "\n".join(str(part) for part in parts if part)


def split_key(key: str) -> tuple[str, int]:
    kind, _, ident = key.partition(":")
    return kind, int(ident)


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


def _method(method: Method) -> dict:
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


def _area(area: InterventionArea) -> dict:
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


def _conference(conference: Conference) -> dict:
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


def _agreement(agreement: FrameworkAgreement) -> dict:
    development_areas = [d for d in agreement.development_areas if d.is_published]
    return {
        "title": agreement.title,
        "aliases": f"Rammeaftale {agreement.start_year}-{agreement.end_year}",
        "summary": agreement.summary,
        "body": join(plain(agreement.description), *(join(d.title, d.summary) for d in development_areas)),
        "year": str(agreement.start_year),
    }


def _development_area(development_area: DevelopmentArea) -> dict:
    areas = [a for a in development_area.areas if a.is_published]
    return {
        "title": development_area.title,
        "summary": development_area.summary,
        "body": plain(development_area.description),
        "related": join(development_area.agreement.title, *(a.name for a in areas)),
        "area": _area_slugs(areas),
        "year": str(development_area.agreement.start_year),
    }


def _person(person: Person) -> dict:
    appearances = [join(a.item.title, a.item.conference.title) for a in appearances_in_public(person)]
    return {
        "title": person.name,
        "summary": person.title,
        "body": join(person.organisation, person.note, *appearances),
    }


def _clock(item: ProgrammeItem) -> str:
    times = [t.strftime("%H.%M") for t in (item.starts_at, item.ends_at) if t]
    return f"kl. {'–'.join(times)}" if times else ""


def _conference_line(conference: Conference) -> str:
    return f"{conference.title}, {danish_date(conference.held_on)}"


def _programme_item(item: ProgrammeItem) -> dict:
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


def _output(output: ConferenceOutput) -> dict:
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


def _page(page: Page) -> dict:
    return {"title": page.title, "summary": page.summary, "body": plain(page.body)}


BUILDERS = {
    "method": _method,
    "area": _area,
    "conference": _conference,
    "agreement": _agreement,
    "development_area": _development_area,
    "person": _person,
    "programme_item": _programme_item,
    "output": _output,
    "page": _page,
}


def is_public(kind: str, item) -> bool:
    """Whether the item belongs in the index: the one visibility rule (a conference's part with its conference)."""
    if kind in CONFERENCE_PARTS:
        return is_visible(item.conference)
    return is_visible(item)


def _slug(kind: str, item) -> str:
    """The slug of the page an item is shown on (a conference's, for its programme items and outputs)."""
    return item.conference.slug if kind in CONFERENCE_PARTS else item.slug


def build_document(kind: str, item) -> dict:
    """The index document of a published item, with its key, type, slug and fingerprint."""
    fields = {name: value for name, value in BUILDERS[kind](item).items() if value}
    for name in ("area", "target_group"):
        if name in fields:
            fields[name] = ",".join(sorted(fields[name]))
    document = {"key": f"{kind}:{item.id}", "type": kind, "slug": _slug(kind, item), **fields}
    # Names and summaries are where practitioners' words are checked for "Mente du …?"; leaving the
    # long body out keeps a full rebuild fast.
    document["spelling"] = join(*(document.get(name, "") for name in ("title", "aliases", "summary", "related")))
    document["fingerprint"] = fingerprint(document)
    return document


def fingerprint(document: dict) -> str:
    content = {name: value for name, value in document.items() if name != "fingerprint"}
    return hashlib.sha1(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def documents_for_keys(keys: set[str], session=None) -> dict[str, dict | None]:
    """Current document for each key; None where the item is gone or not public (so it leaves the index)."""
    session = session or db.session
    by_kind: dict[str, set[int]] = {}
    for key in keys:
        kind, ident = split_key(key)
        by_kind.setdefault(kind, set()).add(ident)
    found: dict[str, dict | None] = dict.fromkeys(keys)
    for kind, ids in by_kind.items():
        model = MODELS[kind]
        items = session.scalars(select(model).where(model.id.in_(ids)).options(*LOAD_OPTIONS[kind]))
        for item in items:
            if is_public(kind, item):
                found[f"{kind}:{item.id}"] = build_document(kind, item)
    return found


def _published(kind: str, statement):
    """`statement` (selecting MODELS[kind]) limited to published items."""
    model = MODELS[kind]
    if kind in CONFERENCE_PARTS:
        return statement.join(Conference, model.conference_id == Conference.id).where(Conference.status == PUBLISHED)
    return statement.where(model.status == PUBLISHED)


def all_documents(batch_size: int = 500, session=None) -> Iterator[dict]:
    """Every public document, type by type, loading `batch_size` items at a time (from `session`, default db's)."""
    session = session or db.session
    for kind, model in MODELS.items():
        last_id = 0
        while True:
            statement = select(model).where(model.id > last_id).order_by(model.id).limit(batch_size)
            items = list(session.scalars(_published(kind, statement).options(*LOAD_OPTIONS[kind])))
            if not items:
                break
            for item in items:
                if is_public(kind, item):
                    yield build_document(kind, item)
            last_id = items[-1].id
            session.expunge_all()


def count_public() -> int:
    """Rough number of documents a rebuild will write (for the progress bar)."""
    from sqlalchemy import func

    return sum(
        db.session.scalar(_published(kind, select(func.count()).select_from(model))) or 0
        for kind, model in MODELS.items()
    )


def keys_affected_by(obj) -> set[str]:
    """Index documents whose content depends on `obj` (which was added, changed or deleted)."""
    if isinstance(obj, Method):
        return {f"method:{obj.id}"}
    if isinstance(obj, (MethodAlias, EvidenceSource, ExternalRating)):
        return {f"method:{obj.method_id}"} if obj.method_id else set()
    if isinstance(obj, InterventionArea):
        keys = {f"area:{obj.id}"}
        keys |= {f"method:{m.id}" for m in obj.methods}
        keys |= {f"area:{c.id}" for c in obj.children}
        if obj.parent_id:
            keys.add(f"area:{obj.parent_id}")
        return keys
    if isinstance(obj, Conference):
        keys = {f"conference:{obj.id}"} | {f"person:{s.person_id}" for i in obj.items for s in i.speakers}
        keys |= {f"programme_item:{i.id}" for i in obj.items if i.id}
        return keys | {f"output:{o.id}" for o in obj.outputs if o.id}
    if isinstance(obj, ProgrammeItem):
        keys = {f"programme_item:{obj.id}"} | {f"output:{o.id}" for o in obj.outputs if o.id}
        return keys | ({f"conference:{obj.conference_id}"} if obj.conference_id else set())
    if isinstance(obj, ConferenceOutput):
        return {f"output:{obj.id}"} | ({f"conference:{obj.conference_id}"} if obj.conference_id else set())
    if isinstance(obj, ProgrammeItemSpeaker):
        keys = {f"person:{obj.person_id}"} if obj.person_id else set()
        if obj.item_id:
            keys.add(f"programme_item:{obj.item_id}")
        if obj.item is not None and obj.item.conference_id:
            keys.add(f"conference:{obj.item.conference_id}")
        return keys
    if isinstance(obj, Page):
        return {f"page:{obj.id}"}
    if isinstance(obj, Person):
        keys = {f"person:{obj.id}"} | {f"conference:{a.item.conference_id}" for a in obj.appearances}
        return keys | {f"programme_item:{a.item_id}" for a in obj.appearances}
    if isinstance(obj, Organisation):
        return {f"conference:{c.id}" for c in obj.conferences}
    if isinstance(obj, FrameworkAgreement):
        return {f"agreement:{obj.id}"} | {f"development_area:{d.id}" for d in obj.development_areas}
    if isinstance(obj, DevelopmentArea):
        keys = {f"development_area:{obj.id}"}
        if obj.agreement_id:
            keys.add(f"agreement:{obj.agreement_id}")
        return keys
    return set()
