"""Small builders for test content. Each returns the object added to the session (not committed)."""

from datetime import date, time
from itertools import count

from kb.extensions import db
from kb.models import (
    Conference,
    ConferenceOutput,
    DevelopmentArea,
    FrameworkAgreement,
    InterventionArea,
    Method,
    MethodAlias,
    Municipality,
    Person,
    ProgrammeItem,
    ProgrammeItemSpeaker,
)
from kb.text import slugify

_numbers = count(1)


def _slug(name: str) -> str:
    return f"{slugify(name)}-{next(_numbers)}"


def area(name="Hjemløshed", **fields) -> InterventionArea:
    fields.setdefault("summary", f"Om {name}.")
    obj = InterventionArea(name=name, slug=fields.pop("slug", _slug(name)), **fields)
    db.session.add(obj)
    return obj


def method(name="Housing First", aliases=(), **fields) -> Method:
    fields.setdefault("summary", f"{name} kort fortalt.")
    obj = Method(name=name, slug=fields.pop("slug", _slug(name)), **fields)
    obj.aliases = [MethodAlias(text=text, kind="forkortelse", position=i) for i, text in enumerate(aliases)]
    db.session.add(obj)
    return obj


def municipality(name="Aarhus") -> Municipality:
    obj = Municipality(name=f"{name} Kommune", short_name=name, slug=_slug(name), kind="kommune")
    db.session.add(obj)
    return obj


def person(name="Knud Aarup", **fields) -> Person:
    obj = Person(name=name, slug=fields.pop("slug", _slug(name)), title=fields.pop("title", "Direktør"), **fields)
    db.session.add(obj)
    return obj


def conference(title="Januarkonference", held_on=date(2015, 1, 12), **fields) -> Conference:
    obj = Conference(title=title, slug=fields.pop("slug", _slug(title)), held_on=held_on, **fields)
    db.session.add(obj)
    return obj


def programme_item(conference, title="Oplæg", starts_at=time(16, 0), speakers=(), **fields) -> ProgrammeItem:
    obj = ProgrammeItem(title=title, starts_at=starts_at, position=len(conference.items), **fields)
    obj.speakers = [ProgrammeItemSpeaker(person=p, role="oplægsholder", position=i) for i, p in enumerate(speakers)]
    conference.items.append(obj)
    return obj


def output(conference, title="Slides", **fields) -> ConferenceOutput:
    obj = ConferenceOutput(title=title, position=len(conference.outputs), **fields)
    conference.outputs.append(obj)
    return obj


def agreement(title="Rammeaftale 2021-22", start_year=2021, end_year=2022, **fields) -> FrameworkAgreement:
    obj = FrameworkAgreement(
        title=title, slug=fields.pop("slug", _slug(title)), start_year=start_year, end_year=end_year, **fields
    )
    db.session.add(obj)
    return obj


def development_area(agreement, title="Borgere med komplekse udfordringer", **fields) -> DevelopmentArea:
    obj = DevelopmentArea(title=title, slug=fields.pop("slug", _slug(title)), agreement=agreement, **fields)
    db.session.add(obj)
    return obj
