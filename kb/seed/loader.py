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
    DevelopmentArea,
    InterventionArea,
    Method,
    Municipality,
    Organisation,
    Person,
    SynonymGroup,
)
from kb.sanitize import clean_html
from kb.services.editing.batch import Batch
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
    """Set the attributes that differ; return whether any did (municipalities: reference data, not content)."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _pairs(rows: list[dict], columns: dict[str, str]) -> list[dict]:
    """Rows of a "pairs" field: every column present, with its default where the data leaves it out."""
    return [{column: row.get(column, default) for column, default in columns.items()} for row in rows]


class _Loader:
    """Reads the data files and writes them through the editor's fields (kb.services.editing.batch)."""

    def __init__(self, data_dir: Path, report: SeedReport):
        self.data_dir = data_dir
        self.report = report
        self.by_slug: dict[type, dict[str, object]] = {}
        self.batch = Batch(comment="Indlæst fra demoindhold")
        self.references: dict[str, dict] | None = None

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

    def _put(self, key: str, entry: dict, values: dict, label: str, extra: dict | None = None):
        """Create or update the item with the entry's slug through the editor's fields, and count it."""
        kind = content.kind(key)
        index = self._index(kind.model)
        item, created, changed = self.batch.put(kind, index.get(entry["slug"]), entry["slug"], values, extra)
        index[entry["slug"]] = item
        if label:
            self.report.count(label, created, changed)
        return item, created, changed

    # -- content types ---------------------------------------------------------------------------
    def run(self) -> None:
        self.municipalities()
        self.organisations()
        self.people()
        self.areas()
        self.methods()
        self.agreements()
        db.session.flush()  # the programme and prioritisation rows name linked items by id
        self.conferences()
        self.synonyms()
        self.batch.finish()

    def municipalities(self) -> None:
        index = self._index(Municipality)
        for entry in _read(self.data_dir, "municipalities.toml", "municipality"):
            values = {"name": entry["name"], "short_name": entry["short_name"], "kind": entry["kind"]}
            obj = index.get(entry["slug"])
            created = obj is None
            if created:
                obj = index[entry["slug"]] = Municipality(slug=entry["slug"])
                db.session.add(obj)
            changed = _assign(obj, values)
            self.report.count("municipalities", created, changed)

    def organisations(self) -> None:
        for entry in _read(self.data_dir, "organisations.toml", "organisation"):
            values = {
                "name": entry["name"],
                "description": clean_html(entry.get("description", "")),
                "url": entry.get("url", ""),
            }
            self._put("organisation", entry, values, "organisations")

    def people(self) -> None:
        for entry in _read(self.data_dir, "people.toml", "person"):
            values = {
                "name": entry["name"],
                "title": entry.get("title", ""),
                "organisation": entry.get("organisation", ""),
                "note": entry.get("note", ""),
            }
            self._put("person", entry, values, "people")

    def areas(self) -> None:
        # Parents may come after their children in the file: names first, then the parents.
        entries = _read(self.data_dir, "areas.toml", "area")
        results = []
        for entry in entries:
            values = {
                "name": entry["name"],
                "summary": entry.get("summary", ""),
                "description": clean_html(entry.get("description", "")),
                "ffb_terms": entry.get("ffb_terms", []),
            }
            results.append(self._put("area", entry, values, ""))
        for entry, (_item, created, changed) in zip(entries, results, strict=True):
            where = f"area {entry['slug']}"
            parent = self._get(InterventionArea, entry["parent"], where) if entry.get("parent") else None
            _item, _created, parent_changed = self._put("area", entry, {"parent": parent}, "")
            self.report.count("intervention areas", created, changed or (parent_changed and not created))

    def methods(self) -> None:
        for entry in _read(self.data_dir, "methods.toml", "method"):
            where = f"method {entry['slug']}"
            values = {
                "name": entry["name"],
                "aliases": _pairs(entry.get("aliases", []), {"text": "", "kind": "forkortelse"}),
                "summary": entry.get("summary", ""),
                "description": clean_html(entry.get("description", "")),
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
                "external_ratings": _pairs(entry.get("external_ratings", []), {"source": "", "rating": "", "url": ""}),
                "areas": self._many(InterventionArea, entry.get("areas", []), where),
                "municipalities": self._many(Municipality, entry.get("municipalities", []), where),
                "contact": entry.get("contact", ""),
            }
            # Editors do not edit a method's FFB terms (an area's they do); the data sets them.
            self._put("method", entry, values, "methods", extra={"ffb_terms": entry.get("ffb_terms", [])})

    def _citation(self, slug: str, where: str) -> dict:
        """An evidence source as {title: citation, url: exact address} from the reference `slug` in sources.toml."""
        if self.references is None:
            self.references = {entry["slug"]: entry for entry in _read(self.data_dir, "sources.toml", "source")}
        try:
            reference = self.references[slug]
        except KeyError:
            raise SeedError(f"{where}: unknown source '{slug}'") from None
        address = reference.get("url") or (f"https://doi.org/{reference['doi']}" if reference.get("doi") else "")
        if not address:
            raise SeedError(f"{where}: source '{slug}' has no exact address, so it cannot back an assessment")
        byline = reference.get("authors") or reference.get("publisher", "")
        year = f" ({reference['year']})" if reference.get("year") else ""
        return {"title": f"{byline}{year}: {reference['title']}", "url": address}

    def agreements(self) -> None:
        for entry in _read(self.data_dir, "agreements.toml", "agreement"):
            values = {
                "title": entry["title"],
                "start_year": entry["start_year"],
                "end_year": entry["end_year"],
                "summary": entry.get("summary", ""),
                "description": clean_html(entry.get("description", "")),
            }
            agreement, _created, _changed = self._put("agreement", entry, values, "agreements")
            for sub in entry.get("development_area", []):
                where = f"development area {sub['slug']}"
                values = {
                    "title": sub["title"],
                    "agreement": agreement,
                    "progress": sub.get("status", "i gang"),
                    "summary": sub.get("summary", ""),
                    "description": clean_html(sub.get("description", "")),
                    "areas": self._many(InterventionArea, sub.get("areas", []), where),
                    "methods": self._many(Method, sub.get("methods", []), where),
                }
                self._put("development_area", sub, values, "development areas")

    def conferences(self) -> None:
        for entry in _read(self.data_dir, "conferences.toml", "conference"):
            where = f"conference {entry['slug']}"
            items = [self._programme_row(item, f"{where}, item {item['title']!r}") for item in entry.get("item", [])]
            titles = {row["title"] for row in items}
            outputs = [self._output_row(output, titles, where) for output in entry.get("output", [])]
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
                "organisers": self._many(Organisation, entry.get("organisers", []), where),
                "audience": entry.get("audience", ""),
                "description": clean_html(entry.get("description", "")),
                "registration": entry.get("registration", ""),
                "areas": self._many(InterventionArea, entry.get("areas", []), where),
                "methods": self._many(Method, entry.get("methods", []), where),
                "development_areas": self._many(DevelopmentArea, entry.get("development_areas", []), where),
                "items": items,
                "outputs": outputs,
                "prioritisation": [self._prioritisation_row(row, where) for row in entry.get("prioritisation", [])],
                "prioritisation_note": entry.get("prioritisation_note", ""),
                "source_notes": entry.get("source_notes", []),
            }
            self._put("conference", entry, values, "conferences")

    def _links(self, entry: dict, where: str) -> list[dict]:
        """A programme item's or output's links, as the editor's programme lines give them."""
        links = []
        for key, model, name in (
            ("area", InterventionArea, "areas"),
            ("method", Method, "methods"),
            ("development_area", DevelopmentArea, "development_areas"),
        ):
            links += [
                {"type": key, "id": linked.id, "name": display_name(linked)}
                for linked in self._many(model, sorted(entry.get(name, [])), where)
            ]
        return links

    def _programme_row(self, entry: dict, where: str) -> dict:
        start, end = _time(entry.get("start"), where), _time(entry.get("end"), where)
        speakers = [
            (self._get(Person, speaker["person"], where), speaker.get("role", "oplægsholder"))
            for speaker in entry.get("speakers", [])
        ]
        return {
            "start": start.isoformat(timespec="minutes") if start else None,
            "end": end.isoformat(timespec="minutes") if end else None,
            "kind": entry.get("kind", "talk"),
            "title": entry["title"],
            "speakers": [{"id": person.id, "name": person.name, "role": role} for person, role in speakers],
            "description": clean_html(entry.get("description", "")),
            "links": self._links(entry, entry["title"]),
        }

    def _output_row(self, entry: dict, item_titles: set[str], where: str) -> dict:
        item_title = entry.get("item", "")
        if item_title and item_title not in item_titles:
            raise SeedError(f"{where}: output {entry['title']!r} names unknown item {item_title!r}")
        return {
            "kind": entry.get("kind", "notes"),
            "title": entry["title"],
            "url": entry.get("url", ""),
            "item": item_title,
            "description": clean_html(entry.get("description", "")),
            "links": self._links(entry, entry["title"]),
        }

    def _prioritisation_row(self, row: dict, where: str) -> dict:
        area = self._get(InterventionArea, row["area"], f"{where}, prioritisation")
        return {"round": row["round"], "area": area.name, "area_id": area.id, "votes": row["votes"]}

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
