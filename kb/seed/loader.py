"""Upsert the demo content in kb/seed/data/*.toml by slug. Running it twice changes nothing.

Content is written through the editor's fields (kb/services/editing): plain values are read from their
form text by the editor's parsing, so they are checked and cleaned as typed ones are; links, which the
data names by slug, are given as the items. A new item gets its first revision, a changed one its next
version and a revision, and every write reaches the search outbox, as an edit does. The loader owns its
transaction: it commits once at the end, or rolls back and raises `SeedError` naming the bad entry.
The format is documented in docs/content-format.md.
"""

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from kb import content
from kb.content import ContentKind, display_name
from kb.extensions import db
from kb.models import (
    DevelopmentArea,
    InterventionArea,
    ItemSource,
    Method,
    Municipality,
    Organisation,
    Person,
    Reference,
    SynonymGroup,
)
from kb.models.provenance import exact_address_problem
from kb.sanitize import clean_html
from kb.services.editing import programme
from kb.services.editing.field_types import field_type
from kb.services.editing.fields import apply, parse, same_content, snapshot
from kb.services.editing.operations import add_revision, record_change
from kb.services.synonyms import normalise_terms

DATA_DIR = Path(__file__).parent / "data"


class SeedError(Exception):
    """The demo content is inconsistent (an unknown slug, a bad time …)."""


@dataclass
class SeedReport:
    """What loading the demo content created, updated and left unchanged, per content type."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def count(self, kind: str, created: bool, changed: bool) -> None:
        """Count one item of `kind`."""
        if created:
            self.created[kind] += 1
        elif changed:
            self.updated[kind] += 1
        else:
            self.unchanged[kind] += 1

    @property
    def changed_anything(self) -> bool:
        """Whether anything was created or updated."""
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        """One line per content type, for the command's output."""
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, {self.unchanged[kind]} unchanged"
            for kind in kinds
        ]


def load_demo_content(data_dir: Path = DATA_DIR) -> SeedReport:
    """Load every TOML file in `data_dir` into the database and commit; report what changed."""
    report = SeedReport()
    try:
        loader = _Loader(data_dir, report)
        loader.run()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _read(data_dir: Path, name: str, key: str) -> list[dict]:
    path = data_dir / name
    if not path.exists():
        return []
    with path.open("rb") as handle:
        return tomllib.load(handle).get(key, [])


def _time(value: str | None, where: str) -> time | None:
    if not value:
        return None
    try:
        hours, minutes = value.replace(".", ":").split(":")
        return time(int(hours), int(minutes))
    except ValueError as error:
        raise SeedError(f"{where}: '{value}' is not a time of day (HH:MM)") from error


def _assign(obj, values: dict) -> bool:
    """Set the attributes that differ; return whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _form_text(kind: ContentKind, name: str, value) -> str:
    """A data value as the editor's form would hold it."""
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, list):  # lines, or "a | b" rows
        spec = kind.field(name)
        return field_type(spec).form_text(spec, value)
    return str(value)


def _parsed(kind: ContentKind, plain: dict, where: str) -> dict:
    """Values of the plain fields as the editor's parsing reads their form text; SeedError with its messages."""
    values, errors = parse(kind, MultiDict({name: _form_text(kind, name, v) for name, v in plain.items()}))
    problems = [f"{kind.field(name).label}: {message}" for name, message in errors.items() if name in plain]
    if problems:
        raise SeedError(f"{where}: " + "; ".join(problems))
    return {name: values[name] for name in plain}


class _Loader:
    def __init__(self, data_dir: Path, report: SeedReport):
        self.data_dir = data_dir
        self.report = report
        self.by_slug: dict[type, dict[str, object]] = {}
        self.new: set[int] = set()  # id() of the items this run creates
        self.touched: list[tuple[ContentKind, object, bool]] = []  # (kind, item, created)
        self.references: dict[str, Reference] = {}
        self.item_sources: list[tuple[object, list[str], str]] = []

    # -- lookups ---------------------------------------------------------------------------------
    def _index(self, model) -> dict[str, object]:
        if model not in self.by_slug:
            self.by_slug[model] = {row.slug: row for row in db.session.scalars(select(model))}
        return self.by_slug[model]

    def _get(self, model, slug: str, where: str):
        try:
            return self._index(model)[slug]
        except KeyError:
            raise SeedError(f"{where}: unknown {model.__name__} '{slug}'") from None

    def _many(self, model, slugs: list[str], where: str) -> list:
        return [self._get(model, slug, where) for slug in slugs]

    def _item(self, model, slug: str):
        """The item with `slug`, created (empty) when there is none."""
        index = self._index(model)
        if slug not in index:
            index[slug] = model(slug=slug)
            db.session.add(index[slug])
            self.new.add(id(index[slug]))
        return index[slug]

    def _upsert(self, model, entry: dict, values: dict):
        """Find `model` by the entry's slug or create it and assign values: (object, created, changed).
        For what is not edited as content (references, municipalities)."""
        created = entry["slug"] not in self._index(model)
        obj = self._item(model, entry["slug"])
        return obj, created, _assign(obj, values)

    # -- writing ---------------------------------------------------------------------------------
    def _write(self, key: str, entry: dict, where: str, label: str, plain: dict, linked: dict | None = None):
        """Write the entry's item of the content kind `key` through the editor's fields: `plain` values as
        form text, `linked` ones as items. Counts it under `label` and returns it."""
        kind = content.kind(key)
        values = {**_parsed(kind, plain, where), **(linked or {})}
        item = self._item(kind.model, entry["slug"])
        created = id(item) in self.new
        before = None if created else snapshot(kind, item)
        with db.session.no_autoflush:  # a new item's columns are empty until its values are applied
            apply(kind, item, values)
        changed = before is not None and not same_content(kind, before, snapshot(kind, item))
        changed |= self._provenance(item, entry, where)
        if created or changed:
            self.touched.append((kind, item, created))
        self.report.count(label, created, changed)
        return item

    def _provenance(self, obj, entry: dict, where: str) -> bool:
        """Set the item's example and to-verify flags and queue its sources; return whether flags changed."""
        for slug in entry.get("sources", []):
            if slug not in self.references:
                raise SeedError(f"{where}: claims the source '{slug}', which sources.toml does not hold")
        self.item_sources.append((obj, list(entry.get("sources", [])), where))
        return _assign(obj, {"illustrative": entry.get("illustrative", []), "unverified": entry.get("unverified", [])})

    # -- content types ---------------------------------------------------------------------------
    def run(self) -> None:
        self.load_references()
        self.municipalities()
        self.organisations()
        self.people()
        self.areas()
        self.methods()
        self.agreements()
        self.conferences()
        self.synonyms()
        db.session.flush()
        self.apply_item_sources()
        self.record_revisions()

    def load_references(self) -> None:
        """Upsert sources.toml; a reference without a seed document, exact URL or DOI is refused."""
        for entry in _read(self.data_dir, "sources.toml", "source"):
            where = f"source {entry['slug']}"
            url, doi, document = entry.get("url", ""), entry.get("doi", ""), entry.get("document", "")
            if not (url or doi or document):
                raise SeedError(f"{where}: claims to be a source but has no document, exact URL or DOI")
            if url and exact_address_problem(url):
                raise SeedError(f"{where}: '{url}' {exact_address_problem(url)}")
            if (url or doi) and not entry.get("read_on"):
                raise SeedError(f"{where}: a public source needs the date it was read (read_on)")
            values = {
                "title": entry["title"],
                "authors": entry.get("authors", ""),
                "publisher": entry.get("publisher", ""),
                "published": entry.get("published", ""),
                "year": entry.get("year") or None,
                "url": url,
                "doi": doi,
                "read_on": entry.get("read_on"),
                "document": document,
            }
            obj, created, changed = self._upsert(Reference, entry, values)
            self.references[obj.slug] = obj
            self.report.count("references", created, changed)

    def apply_item_sources(self) -> None:
        """Give every loaded item exactly the references its entry names, in that order."""
        current: dict[tuple[str, int], list[str]] = {}
        rows = db.session.execute(
            select(ItemSource.content_type, ItemSource.content_id, Reference.slug)
            .join(Reference, ItemSource.reference_id == Reference.id)
            .order_by(ItemSource.position)
        )
        for content_type, content_id, slug in rows:
            current.setdefault((content_type, content_id), []).append(slug)
        for obj, slugs, _where in self.item_sources:
            key = (obj.__tablename__, obj.id)
            changed = current.get(key, []) != slugs
            if changed:
                db.session.execute(
                    ItemSource.__table__.delete().where(
                        ItemSource.content_type == key[0], ItemSource.content_id == key[1]
                    )
                )
                db.session.add_all(
                    ItemSource(content_type=key[0], content_id=key[1], reference=self.references[slug], position=i)
                    for i, slug in enumerate(slugs)
                )
            self.report.count("item sources", False, changed)

    def record_revisions(self) -> None:
        """Start the history of every item created here with the demo text; count a change to a stored one
        as an edit (next version, revision)."""
        for kind, item, created in self.touched:
            if created:
                add_revision(kind, item, None, "Indlæst fra demoindhold")
            else:
                record_change(kind, item, None, "Indlæst fra demoindhold")

    def municipalities(self) -> None:
        for entry in _read(self.data_dir, "municipalities.toml", "municipality"):
            values = {"name": entry["name"], "short_name": entry["short_name"], "kind": entry["kind"]}
            _obj, created, changed = self._upsert(Municipality, entry, values)
            self.report.count("municipalities", created, changed)

    def organisations(self) -> None:
        for entry in _read(self.data_dir, "organisations.toml", "organisation"):
            plain = {"name": entry["name"], "description": entry.get("description", ""), "url": entry.get("url", "")}
            self._write("organisation", entry, f"organisation {entry['slug']}", "organisations", plain)

    def people(self) -> None:
        for entry in _read(self.data_dir, "people.toml", "person"):
            plain = {
                "name": entry["name"],
                "title": entry.get("title", ""),
                "organisation": entry.get("organisation", ""),
                "note": entry.get("note", ""),
            }
            self._write("person", entry, f"person {entry['slug']}", "people", plain)

    def areas(self) -> None:
        entries = _read(self.data_dir, "areas.toml", "area")
        with db.session.no_autoflush:  # every area exists first, so any can be another's parent
            for entry in entries:
                self._item(InterventionArea, entry["slug"])
            for entry in entries:
                where = f"area {entry['slug']}"
                plain = {
                    "name": entry["name"],
                    "summary": entry.get("summary", ""),
                    "description": entry.get("description", ""),
                    "ffb_terms": entry.get("ffb_terms", []),
                }
                parent = self._get(InterventionArea, entry["parent"], where) if entry.get("parent") else None
                self._write("area", entry, where, "intervention areas", plain, {"parent": parent})

    def methods(self) -> None:
        for entry in _read(self.data_dir, "methods.toml", "method"):
            where = f"method {entry['slug']}"
            plain = {
                "name": entry["name"],
                "aliases": [
                    {"text": a["text"], "kind": a.get("kind", "forkortelse")} for a in entry.get("aliases", [])
                ],
                "summary": entry.get("summary", ""),
                "description": entry.get("description", ""),
                "target_group": entry.get("target_group", ""),
                "age_min": entry.get("age_min"),
                "age_max": entry.get("age_max"),
                "outcomes": entry.get("outcomes", []),
                "core_elements": entry.get("core_elements", []),
                "manual": entry.get("manual", ""),
                "training": entry.get("training", ""),
                "supervision": entry.get("supervision", ""),
                "fidelity": entry.get("fidelity", ""),
                "licence": entry.get("licence", ""),
                "cost": entry.get("cost", ""),
                "evidence_level": entry.get("evidence_level", "ikke-vurderet"),
                "evidence_rationale": entry.get("evidence_rationale", ""),
                "evidence_sources": [self._citation(slug, where) for slug in entry.get("evidence_sources", [])],
                "assessed_on": entry.get("assessed_on"),
                "review_on": entry.get("review_on"),
                "external_ratings": [
                    {"source": r["source"], "rating": r.get("rating", ""), "url": r.get("url", "")}
                    for r in entry.get("external_ratings", [])
                ],
                "contact": entry.get("contact", ""),
                "follow_up": entry.get("follow_up", ""),
            }
            unsourced = plain["evidence_rationale"] and not entry.get("evidence_sources")
            if unsourced and "evidence_rationale" not in entry.get("unverified", []):
                raise SeedError(f"{where}: the evidence rationale claims sources but names none; flag it unverified")
            linked = {
                "areas": self._many(InterventionArea, entry.get("areas", []), where),
                "municipalities": self._many(Municipality, entry.get("municipalities", []), where),
            }
            self._write("method", entry, where, "methods", plain, linked)

    def _citation(self, slug: str, where: str) -> dict:
        """An evidence source as its citation and exact address, from the reference `slug` in sources.toml."""
        try:
            reference = self.references[slug]
        except KeyError:
            raise SeedError(f"{where}: claims the source '{slug}', which sources.toml does not hold") from None
        if not reference.address:
            raise SeedError(f"{where}: source '{slug}' has no exact address, so it cannot back an assessment")
        year = f" ({reference.year})" if reference.year else ""
        return {"title": f"{reference.byline}{year}: {reference.title}", "url": reference.address}

    def agreements(self) -> None:
        for entry in _read(self.data_dir, "agreements.toml", "agreement"):
            plain = {
                "title": entry["title"],
                "start_year": entry["start_year"],
                "end_year": entry["end_year"],
                "summary": entry.get("summary", ""),
                "description": entry.get("description", ""),
            }
            agreement = self._write("agreement", entry, f"agreement {entry['slug']}", "agreements", plain)
            for sub in entry.get("development_area", []):
                where = f"development area {sub['slug']}"
                plain = {
                    "title": sub["title"],
                    "progress": sub.get("status", "i gang"),
                    "summary": sub.get("summary", ""),
                    "description": sub.get("description", ""),
                }
                linked = {
                    "agreement": agreement,
                    "areas": self._many(InterventionArea, sub.get("areas", []), where),
                    "methods": self._many(Method, sub.get("methods", []), where),
                }
                self._write("development_area", sub, where, "development areas", plain, linked)

    def conferences(self) -> None:
        db.session.flush()  # the editor's programme rows name people and linked items by id
        for entry in _read(self.data_dir, "conferences.toml", "conference"):
            where = f"conference {entry['slug']}"
            plain = {
                "title": entry["title"],
                "subtitle": entry.get("subtitle", ""),
                "series": entry.get("series", ""),
                "theme": entry.get("theme", ""),
                "held_on": entry["date"],
                "start_time": _time(entry.get("start_time"), where),
                "end_time": _time(entry.get("end_time"), where),
                "online": entry.get("online", False),
                "venue": entry.get("venue", ""),
                "address": entry.get("address", ""),
                "audience": entry.get("audience", ""),
                "description": entry.get("description", ""),
                "registration": entry.get("registration", ""),
                "prioritisation_note": entry.get("prioritisation_note", ""),
                "source_notes": entry.get("source_notes", []),
            }
            items = [self._item_row(item, f"{where}, item {item['title']!r}") for item in entry.get("item", [])]
            outputs = [self._output_row(out, f"{where}, output {out['title']!r}") for out in entry.get("output", [])]
            titles = {row["title"] for row in items}
            for row in outputs:
                if row["item"] and row["item"] not in titles:
                    raise SeedError(f"{where}: output {row['title']!r} names unknown item {row['item']!r}")
            linked = {
                "organisers": self._many(Organisation, entry.get("organisers", []), where),
                "areas": self._many(InterventionArea, entry.get("areas", []), where),
                "methods": self._many(Method, entry.get("methods", []), where),
                "development_areas": self._many(DevelopmentArea, entry.get("development_areas", []), where),
                "items": items,
                "outputs": outputs,
                "prioritisation": self._prioritisation_rows(entry.get("prioritisation", []), where),
            }
            self._write("conference", entry, where, "conferences", plain, linked)

    def _prioritisation_rows(self, rows: list[dict], where: str) -> list[dict]:
        """The prioritisation results as the editor's rows."""
        areas = [self._get(InterventionArea, row["area"], f"{where}, prioritisation") for row in rows]
        return [
            {"round": row["round"], "area": area.name, "area_id": area.id, "votes": row["votes"]}
            for row, area in zip(rows, areas, strict=True)
        ]

    def synonyms(self) -> None:
        """Add the default synonym groups; groups editors have added or changed are left alone."""
        existing = {frozenset(group.terms) for group in db.session.scalars(select(SynonymGroup))}
        for entry in _read(self.data_dir, "synonyms.toml", "synonym"):
            terms = normalise_terms(entry["terms"])
            created = frozenset(terms) not in existing
            if created:
                db.session.add(SynonymGroup(terms=terms))
                existing.add(frozenset(terms))
            self.report.count("synonym groups", created, False)

    def _link_rows(self, entry: dict, where: str) -> list[dict]:
        """The entry's links to methods, intervention areas and development areas as the editor's rows, in the
        order the relationships load them (by name), so the first revision reads as a reloaded item does."""
        return [
            {"type": kind, "id": target.id, "name": display_name(target)}
            for kind, attribute in programme.LINK_ATTRIBUTES.items()
            for target in sorted(self._many(content.model(kind), entry.get(attribute, []), where), key=display_name)
        ]

    def _item_row(self, entry: dict, where: str) -> dict:
        start, end = _time(entry.get("start"), where), _time(entry.get("end"), where)
        speakers = [
            (self._get(Person, s["person"], where), s.get("role", "oplægsholder")) for s in entry.get("speakers", [])
        ]
        return {
            "start": start.isoformat(timespec="minutes") if start else None,
            "end": end.isoformat(timespec="minutes") if end else None,
            "kind": entry.get("kind", "talk"),
            "title": entry["title"],
            "speakers": [{"id": person.id, "name": person.name, "role": role} for person, role in speakers],
            "description": clean_html(entry.get("description", "")),
            "links": self._link_rows(entry, where),
        }

    def _output_row(self, entry: dict, where: str) -> dict:
        return {
            "kind": entry.get("kind", "notes"),
            "title": entry["title"],
            "url": entry.get("url", ""),
            "item": entry.get("item", ""),
            "description": clean_html(entry.get("description", "")),
            "links": self._link_rows(entry, where),
        }
