"""Upsert the demo content in kb/seed/data/*.toml by slug. Running it twice changes nothing.

The format is documented in docs/content-format.md. The loader owns its transaction: it commits once
at the end, or rolls back and raises `SeedError` with a message naming the bad entry.
"""

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from sqlalchemy import select

from kb import content
from kb.content import display_name
from kb.extensions import db
from kb.models import (
    Conference,
    DevelopmentArea,
    EvidenceSource,
    ExternalRating,
    FrameworkAgreement,
    InterventionArea,
    ItemSource,
    Method,
    MethodAlias,
    Municipality,
    Organisation,
    Person,
    Reference,
    SynonymGroup,
)
from kb.models.base import utcnow
from kb.models.provenance import exact_address_problem
from kb.sanitize import clean_html
from kb.services.editing import programme
from kb.services.editing.operations import add_revision
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


class _Loader:
    def __init__(self, data_dir: Path, report: SeedReport):
        self.data_dir = data_dir
        self.report = report
        self.by_slug: dict[type, dict[str, object]] = {}
        self.touched: list = []
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

    def _upsert(self, model, entry: dict, values: dict):
        """Find `model` by the entry's slug or create it and assign values: (object, created, changed)."""
        slug = entry["slug"]
        index = self._index(model)
        obj = index.get(slug)
        created = obj is None
        if created:
            obj = model(slug=slug)
            db.session.add(obj)
            index[slug] = obj
        changed = _assign(obj, values)
        return obj, created, changed

    def _provenance(self, obj, entry: dict, where: str) -> bool:
        """Set the item's example and to-verify flags and queue its sources; return whether flags changed."""
        for slug in entry.get("sources", []):
            if slug not in self.references:
                raise SeedError(f"{where}: claims the source '{slug}', which sources.toml does not hold")
        self.item_sources.append((obj, list(entry.get("sources", [])), where))
        return _assign(obj, {"illustrative": entry.get("illustrative", []), "unverified": entry.get("unverified", [])})

    def _finish(self, obj, kind: str, created: bool, changed: bool) -> None:
        if changed and not created:
            obj.updated_at = utcnow()
            obj.version = (obj.version or 1) + 1  # an editor's open form on the old version gets a conflict
        if created or changed:
            self.touched.append(obj)
        self.report.count(kind, created, changed)

    @staticmethod
    def _set_links(obj, name: str, targets: list) -> bool:
        # Link lists are sets: the relationship orders them by name, the data file by hand.
        if {t.slug for t in getattr(obj, name)} == {t.slug for t in targets}:
            return False
        setattr(obj, name, targets)
        return True

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
        """Give every item loaded or changed here a revision, so its history starts with the demo text."""
        by_model = {kind.model: kind for kind in content.editable().values()}
        for obj in self.touched:
            kind = by_model.get(type(obj))
            if kind is not None:
                add_revision(kind, obj, None, "Indlæst fra demoindhold")

    def municipalities(self) -> None:
        for entry in _read(self.data_dir, "municipalities.toml", "municipality"):
            values = {"name": entry["name"], "short_name": entry["short_name"], "kind": entry["kind"]}
            _obj, created, changed = self._upsert(Municipality, entry, values)
            self.report.count("municipalities", created, changed)

    def organisations(self) -> None:
        for entry in _read(self.data_dir, "organisations.toml", "organisation"):
            values = {
                "name": entry["name"],
                "description": clean_html(entry.get("description", "")),
                "url": entry.get("url", ""),
            }
            obj, created, changed = self._upsert(Organisation, entry, values)
            changed |= self._provenance(obj, entry, f"organisation {entry['slug']}")
            self._finish(obj, "organisations", created, changed)

    def people(self) -> None:
        for entry in _read(self.data_dir, "people.toml", "person"):
            values = {
                "name": entry["name"],
                "title": entry.get("title", ""),
                "organisation": entry.get("organisation", ""),
                "note": entry.get("note", ""),
            }
            obj, created, changed = self._upsert(Person, entry, values)
            changed |= self._provenance(obj, entry, f"person {entry['slug']}")
            self._finish(obj, "people", created, changed)

    def areas(self) -> None:
        entries = _read(self.data_dir, "areas.toml", "area")
        results = []
        for entry in entries:
            values = {
                "name": entry["name"],
                "summary": entry.get("summary", ""),
                "description": clean_html(entry.get("description", "")),
                "ffb_terms": entry.get("ffb_terms", []),
            }
            results.append(self._upsert(InterventionArea, entry, values))
        for entry, (obj, created, changed) in zip(entries, results, strict=True):
            where = f"area {entry['slug']}"
            parent = self._get(InterventionArea, entry["parent"], where) if entry.get("parent") else None
            if obj.parent is not parent:
                obj.parent = parent
                changed = True
            changed |= self._provenance(obj, entry, where)
            self._finish(obj, "intervention areas", created, changed)

    def methods(self) -> None:
        for entry in _read(self.data_dir, "methods.toml", "method"):
            where = f"method {entry['slug']}"
            values = {
                "name": entry["name"],
                "summary": entry.get("summary", ""),
                "description": clean_html(entry.get("description", "")),
                "target_group": entry.get("target_group", ""),
                "age_min": entry.get("age_min"),
                "age_max": entry.get("age_max"),
                "ffb_terms": entry.get("ffb_terms", []),
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
                "assessed_on": entry.get("assessed_on"),
                "review_on": entry.get("review_on"),
                "contact": entry.get("contact", ""),
                "follow_up": entry.get("follow_up", ""),
            }
            unsourced = values["evidence_rationale"] and not entry.get("evidence_sources")
            if unsourced and "evidence_rationale" not in entry.get("unverified", []):
                raise SeedError(f"{where}: the evidence rationale claims sources but names none; flag it unverified")
            obj, created, changed = self._upsert(Method, entry, values)
            changed |= self._provenance(obj, entry, where)
            changed |= self._set_children(
                obj,
                "aliases",
                [(a["text"], a.get("kind", "forkortelse")) for a in entry.get("aliases", [])],
                lambda a: (a.text, a.kind),
                lambda i, v: MethodAlias(text=v[0], kind=v[1], position=i),
            )
            changed |= self._set_children(
                obj,
                "evidence_sources",
                [self._citation(slug, where) for slug in entry.get("evidence_sources", [])],
                lambda s: (s.title, s.url),
                lambda i, v: EvidenceSource(title=v[0], url=v[1], position=i),
            )
            changed |= self._set_children(
                obj,
                "external_ratings",
                [(r["source"], r.get("rating", ""), r.get("url", "")) for r in entry.get("external_ratings", [])],
                lambda r: (r.source, r.rating, r.url),
                lambda i, v: ExternalRating(source=v[0], rating=v[1], url=v[2], position=i),
            )
            changed |= self._set_links(obj, "areas", self._many(InterventionArea, entry.get("areas", []), where))
            changed |= self._set_links(
                obj, "municipalities", self._many(Municipality, entry.get("municipalities", []), where)
            )
            self._finish(obj, "methods", created, changed)

    def _citation(self, slug: str, where: str) -> tuple[str, str]:
        """An evidence source as (citation, exact address) from the reference `slug` in sources.toml."""
        try:
            reference = self.references[slug]
        except KeyError:
            raise SeedError(f"{where}: claims the source '{slug}', which sources.toml does not hold") from None
        if not reference.address:
            raise SeedError(f"{where}: source '{slug}' has no exact address, so it cannot back an assessment")
        year = f" ({reference.year})" if reference.year else ""
        return f"{reference.byline}{year}: {reference.title}", reference.address

    @staticmethod
    def _set_children(obj, name, desired, key, build) -> bool:
        if [key(child) for child in getattr(obj, name)] == desired:
            return False
        setattr(obj, name, [build(i, value) for i, value in enumerate(desired)])
        return True

    def agreements(self) -> None:
        for entry in _read(self.data_dir, "agreements.toml", "agreement"):
            values = {
                "title": entry["title"],
                "start_year": entry["start_year"],
                "end_year": entry["end_year"],
                "summary": entry.get("summary", ""),
                "description": clean_html(entry.get("description", "")),
            }
            agreement, created, changed = self._upsert(FrameworkAgreement, entry, values)
            changed |= self._provenance(agreement, entry, f"agreement {entry['slug']}")
            self._finish(agreement, "agreements", created, changed)
            for sub in entry.get("development_area", []):
                where = f"development area {sub['slug']}"
                values = {
                    "agreement": agreement,
                    "title": sub["title"],
                    "progress": sub.get("status", "i gang"),
                    "summary": sub.get("summary", ""),
                    "description": clean_html(sub.get("description", "")),
                }
                obj, created, changed = self._upsert(DevelopmentArea, sub, values)
                changed |= self._set_links(obj, "areas", self._many(InterventionArea, sub.get("areas", []), where))
                changed |= self._set_links(obj, "methods", self._many(Method, sub.get("methods", []), where))
                changed |= self._provenance(obj, sub, where)
                self._finish(obj, "development areas", created, changed)

    def _links(self, entry: dict, where: str) -> dict:
        return {
            "areas": self._many(InterventionArea, entry.get("areas", []), where),
            "methods": self._many(Method, entry.get("methods", []), where),
            "development_areas": self._many(DevelopmentArea, entry.get("development_areas", []), where),
        }

    def conferences(self) -> None:
        db.session.flush()  # the editor's programme rows name people and linked items by id
        for entry in _read(self.data_dir, "conferences.toml", "conference"):
            where = f"conference {entry['slug']}"
            values = {
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
                "description": clean_html(entry.get("description", "")),
                "registration": entry.get("registration", ""),
                "source_notes": entry.get("source_notes", []),
                "prioritisation_note": entry.get("prioritisation_note", ""),
            }
            conference, created, changed = self._upsert(Conference, entry, values)
            changed |= self._set_links(
                conference, "organisers", self._many(Organisation, entry.get("organisers", []), where)
            )
            for name, targets in self._links(entry, where).items():
                changed |= self._set_links(conference, name, targets)
            changed |= self._programme(conference, entry.get("item", []), entry.get("output", []), where)
            changed |= self._prioritisation(conference, entry.get("prioritisation", []), where)
            changed |= self._provenance(conference, entry, where)
            self._finish(conference, "conferences", created, changed)

    def _prioritisation(self, conference: Conference, rows: list[dict], where: str) -> bool:
        """Set the prioritisation results through the editor's writer; return whether they changed."""
        areas = [self._get(InterventionArea, row["area"], f"{where}, prioritisation") for row in rows]
        desired = [
            {"round": row["round"], "area": area.name, "area_id": area.id, "votes": row["votes"]}
            for row, area in zip(rows, areas, strict=True)
        ]
        if desired == programme.snapshot_prioritisation(conference):
            return False
        programme.apply_prioritisation(conference, desired, db.session)
        return True

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

    def _programme(self, conference: Conference, items: list[dict], outputs: list[dict], where: str) -> bool:
        """Set the programme and outputs through the editor's writer when they differ from the data; return
        whether they did."""
        desired_items = [self._item_row(entry, f"{where}, item {entry['title']!r}") for entry in items]
        titles = {row["title"] for row in desired_items}
        desired_outputs = [self._output_row(entry, f"{where}, output {entry['title']!r}") for entry in outputs]
        for row in desired_outputs:
            if row["item"] and row["item"] not in titles:
                raise SeedError(f"{where}: output {row['title']!r} names unknown item {row['item']!r}")
        current_items = programme.snapshot_programme(conference)
        current_outputs = programme.snapshot_outputs(conference)
        if _as_sets(desired_items) == _as_sets(current_items) and _as_sets(desired_outputs) == _as_sets(
            current_outputs
        ):
            return False
        programme.apply_programme(conference, desired_items, db.session)
        programme.apply_outputs(conference, desired_outputs, db.session)
        return True

    def _link_rows(self, entry: dict, where: str) -> list[dict]:
        """The entry's links to methods, intervention areas and development areas as the editor's rows, in the
        order the relationships load them (by name), so the first revision reads as a reloaded item does."""
        return [
            {"type": kind, "id": target.id, "name": display_name(target)}
            for kind, model, name in (
                ("method", Method, "methods"),
                ("area", InterventionArea, "areas"),
                ("development_area", DevelopmentArea, "development_areas"),
            )
            for target in sorted(self._many(model, entry.get(name, []), where), key=display_name)
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


def _as_sets(rows: list[dict]) -> list[dict]:
    """Rows with their links as sets: the relationships order links by name, the data file by hand."""
    return [{**row, "links": {(link["type"], link["id"]) for link in row["links"]}} for row in rows]
