"""Synthetic Danish content for search benchmarks: any number of methods, with areas, conferences and agreements.

`generate(methods)` fills the current database with made-up but realistic content, built from word lists
and sentence templates in the language of the specialised social area: compound words in all their
inflected forms, professions, settings, theories, laws and outcomes, so the vocabulary (several thousand
distinct words) resembles real content.

It writes with SQLAlchemy Core bulk inserts in batches and assigns ids itself, so links need no round
trips and 100,000 methods take well under a minute on SQLite. Core inserts also bypass, on purpose, the ORM
flush that feeds the search outbox: index the result afterwards with `flask kb reindex`.

Synthetic content is recognisable by the slug prefix "syn-" (the municipalities are the real ones). The
same seed gives the same content in an empty database.
"""

import html
import itertools
import random
import string
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from sqlalchemy import Table, func, insert, select, text

from bench.synthetic.words import (
    ADJECTIVES,
    AGREEMENT_START_YEARS,
    AREAS,
    CASE_UNITS,
    CASE_UNITS_SINGULAR,
    CASELOADS,
    CONFERENCE_SENTENCES,
    CONFERENCE_SERIES,
    CORE_ELEMENTS,
    COUNTRIES,
    DECADES,
    DEVELOPMENT_TITLES,
    DURATIONS,
    EVIDENCE_KEYS,
    EVIDENCE_RATIONALES,
    EVIDENCE_VALUES,
    EXPERIENCES,
    FFB_TERMS,
    FIRST_NAMES,
    FREQUENCIES,
    GOALS,
    HEADS,
    IMPLEMENTATION,
    ITEM_KIND_KEYS,
    ITEM_KIND_WEIGHTS,
    ITEM_KINDS,
    ITEM_TITLES,
    JOB_TITLES,
    LAST_NAMES,
    LAWS,
    METHOD_SENTENCES,
    MIDDLE_NAMES,
    NEGATIVE_OUTCOMES,
    NETWORKS,
    NUMBERS,
    OBJECTIVES,
    ORGANISATIONS,
    ORGS,
    PERSONS,
    PHASES,
    POSITIVE_OBJECTS,
    POSITIVE_OUTCOMES,
    PREFIXES,
    PROFESSIONS,
    PUBLISHERS,
    SETTINGS,
    SMALL_WORDS,
    SUMMARY_SENTENCES,
    SUPERVISION_FREQUENCIES,
    THEORIES,
    TOOLS,
    VENUES,
    VERBS,
    WELCOME,
)
from kb.extensions import db
from kb.models import (
    Conference,
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
from kb.models.links import (
    development_area_area,
    development_area_method,
    method_area,
    method_municipality,
    programme_item_area,
    programme_item_method,
)
from kb.sanitize import clean_html
from kb.seed.loader import DATA_DIR
from kb.text import danish_date, slugify
from kb.vocabulary import DEVELOPMENT_PROGRESS, PUBLISHED

SYNTHETIC_PREFIX = "syn-"
BATCH_SIZE = 2_000
CONFERENCE_BATCH_SIZE = 200  # about 1,800 programme items and 3,600 speakers
DRAFT_SHARE = 0.02

Progress = Callable[[int, int], object]


class RealContentError(ValueError):
    """The database holds methods that are not synthetic, and generating was not forced."""


def work_units(methods: int) -> int:
    """How many steps `generate(methods)` reports through `progress`: its methods and conferences."""
    return methods + max(2, methods // 50)


def generate(methods: int, seed: int = 1, progress: Progress | None = None, *, force: bool = False) -> dict[str, int]:
    """Add `methods` synthetic methods, with areas, municipalities, people, conferences and agreements.

    Writes to the current database (needs an application context) in committed batches and returns the
    number of rows inserted per table. `progress(done, total)` is called after each batch, `total` being
    `work_units(methods)`. Raises RealContentError (a ValueError) if the database holds methods that
    are not synthetic, unless `force` is true. The index is not updated: run `flask kb reindex` afterwards.
    """
    if methods < 1:
        raise ValueError("The number of methods to generate must be at least 1.")
    real = db.session.scalar(
        select(func.count()).select_from(Method.__table__).where(~Method.__table__.c.slug.startswith(SYNTHETIC_PREFIX))
    )
    if real and not force:
        raise RealContentError(
            f"The database already holds {real} methods that are not synthetic. Synthetic content is meant "
            "for a separate benchmark database: point KB_DATABASE_URL at one, or pass force=True (--force) "
            "to add synthetic content anyway."
        )
    return _Generator(methods, random.Random(seed), progress).run()


@dataclass(frozen=True, slots=True)
class _Compound:
    indefinite: str
    definite: str
    plural: str | None
    plural_definite: str | None
    neuter: bool
    prefix: str
    head: str
    english: str


@dataclass(frozen=True, slots=True)
class _Area:
    id: int
    name: str
    compounds: tuple[_Compound, ...]
    targets: tuple[tuple[str, int | None, int | None], ...]


def _compounds() -> list[_Compound]:
    compounds = []
    for prefix, prefix_english in PREFIXES.items():
        for indefinite, definite, plural, plural_definite, head_english in HEADS:
            if indefinite.startswith(prefix.rstrip("s")) or prefix.startswith(indefinite):
                continue  # "gruppegruppe", "netværksnetværk"
            compounds.append(
                _Compound(
                    indefinite=prefix + indefinite,
                    definite=prefix + definite,
                    plural=None if plural == "-" else prefix + plural,
                    plural_definite=None if plural_definite == "-" else prefix + plural_definite,
                    neuter=definite.endswith("et"),
                    prefix=prefix,
                    head=indefinite,
                    english=f"{prefix_english} {head_english}",
                )
            )
    return compounds


def _targets(cell: str) -> tuple[tuple[str, int | None, int | None], ...]:
    targets = []
    for entry in cell.split(";"):
        phrase, _, ages = entry.rpartition(":")
        low, _, high = ages.strip().partition("-")
        targets.append((phrase.strip(), int(low) if low else None, int(high) if high else None))
    return tuple(targets)


def _capitalise(value: str) -> str:
    return value[:1].upper() + value[1:]


def _lower_first(value: str) -> str:
    """'Autisme og ADHD' -> 'autisme og ADHD': lower case for use inside a sentence, acronyms kept."""
    return value[:1].lower() + value[1:]


def _initials(words: Sequence[str], limit: int = 4) -> str:
    letters = [word[0].upper() for word in words if word and word.lower() not in SMALL_WORDS]
    return "".join(letters[:limit])


class _Template:
    __slots__ = ("fields", "text")

    def __init__(self, text: str):
        self.text = text
        self.fields = tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(text) if name))


class _Writer:
    """Danish sentences from templates, filled with an item's own words and words drawn from the lists."""

    def __init__(self, rng: random.Random, places: Sequence[str], compounds: Sequence[_Compound]):
        self.rng = rng
        pick = rng.choice
        indefinite = [c.indefinite for c in compounds]
        definite = [c.definite for c in compounds]
        plural = [c.plural for c in compounds if c.plural]
        plural_definite = [c.plural_definite for c in compounds if c.plural_definite]
        adjectives = [a[0] for a in ADJECTIVES]
        lists = {
            ("x", "y", "z", "comp"): indefinite,
            ("xd", "yd", "zd", "compd"): definite,
            ("xp", "yp"): plural,
            ("xpd",): plural_definite,
            ("adj", "adj2"): adjectives,
            ("adje",): [a[2] for a in ADJECTIVES],
            ("prof", "prof2"): PROFESSIONS,
            ("setting",): SETTINGS,
            ("place", "place2"): places,
            ("country",): COUNTRIES,
            ("decade",): DECADES,
            ("theory", "theory2"): THEORIES,
            ("obj", "obj2"): OBJECTIVES,
            ("goal", "goal2"): GOALS,
            ("verb", "verb2"): VERBS,
            ("exp",): EXPERIENCES,
            ("tool",): TOOLS,
            ("org", "org2"): ORGS,
            ("n",): NUMBERS,
            ("duration",): DURATIONS,
            ("caseload",): CASELOADS,
            ("caseunit",): CASE_UNITS,
            ("caseunitsg",): CASE_UNITS_SINGULAR,
            ("freq",): FREQUENCIES,
            ("sfreq",): SUPERVISION_FREQUENCIES,
            ("phase", "phase2", "phase3"): PHASES,
            ("network",): NETWORKS,
            ("person",): PERSONS,
            ("law",): LAWS,
            ("publisher",): PUBLISHERS,
            ("year",): [str(year) for year in range(1996, 2023)],
            ("days",): [str(days) for days in range(2, 9)],
            ("prices",): [f"{low}.000 og {low + step}.000" for low in range(10, 95, 5) for step in (10, 20, 40)],
            ("target",): [phrase for row in AREAS for phrase, _, _ in _targets(row[3])],
            ("area",): [_lower_first(row[0]) for row in AREAS],
        }
        self.slots = {name: partial(pick, tuple(values)) for names, values in lists.items() for name in names}
        self.method = [_Template(t) for t in METHOD_SENTENCES]
        own = {"name", "abbr", "comp", "compd"}
        self.general = [t for t in self.method if not own & set(t.fields)]
        self.summary = [_Template(t) for t in SUMMARY_SENTENCES]
        self.core = [_Template(t) for t in CORE_ELEMENTS]
        self.implementation = {name: [_Template(t) for t in lines] for name, lines in IMPLEMENTATION.items()}
        self.rationales = {level: _Template(t) for level, t in EVIDENCE_RATIONALES.items()}
        self.item_titles = {kind: [_Template(t) for t in lines] for kind, lines in ITEM_TITLES.items()}
        self.conference = [_Template(t) for t in CONFERENCE_SENTENCES]
        self.conference_and_general = self.conference + self.general
        self.development_titles = [_Template(t) for t in DEVELOPMENT_TITLES]

    def sentence(self, template: _Template, context: dict) -> str:
        """`template` filled from `context`, other fields drawn at random; "prof2" differs from "prof"."""
        values = {}
        for name in template.fields:
            value = context.get(name)
            if value is None:
                draw = self.slots[name]
                value = draw()
                if name[-1] in "23":
                    base = name.rstrip("23")
                    for _ in range(10):
                        if value not in (values.get(base), values.get(base + "2")):
                            break
                        value = draw()
            values[name] = value
        return _capitalise(template.text.format_map(values))

    def one_of(self, templates: Sequence[_Template], context: dict) -> str:
        return self.sentence(self.rng.choice(templates), context)

    def some_of(self, templates: Sequence[_Template], context: dict, low: int, high: int) -> list[str]:
        """Between `low` and `high` sentences from different templates."""
        chosen = self.rng.sample(templates, min(len(templates), self.rng.randint(low, high)))
        return [self.sentence(template, context) for template in chosen]

    def paragraphs(self, templates: Sequence[_Template], context: dict, count: int, low=40, high=80) -> list[str]:
        """`count` paragraphs of `low` to `high` words (one sentence over at most); no template is used
        twice until all have been used once."""
        rng, deck, paragraphs = self.rng, [], []
        for _ in range(count):
            wanted = rng.randint(low, high - 15)
            sentences, words = [], 0
            while words < wanted:
                if not deck:
                    deck = rng.sample(templates, len(templates))
                sentence = self.sentence(deck.pop(), context)
                sentences.append(sentence)
                words += sentence.count(" ") + 1
            if words > high and len(sentences) > 1 and words - sentences[-1].count(" ") - 1 >= low:
                sentences.pop()
            paragraphs.append(" ".join(sentences))
        return paragraphs

    def html(self, paragraphs: Sequence[str], heading: tuple[int, str] | None = None) -> str:
        """Paragraphs as HTML, with an optional <h3> before paragraph number heading[0]."""
        parts = [f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs]
        if heading is not None:
            parts.insert(heading[0], f"<h3>{html.escape(heading[1], quote=False)}</h3>")
        return clean_html("\n".join(parts))


class _Slugs:
    """Unique "syn-" slugs for one table, numbered from -2 when a base is taken."""

    def __init__(self, table: Table):
        column = table.c.slug
        self.taken = set(db.session.scalars(select(column).where(column.startswith(SYNTHETIC_PREFIX))))
        self.next_number: dict[str, int] = {}

    def make(self, title: str) -> str:
        base = SYNTHETIC_PREFIX + slugify(title, max_length=100)
        slug = base
        while slug in self.taken:
            number = self.next_number.get(base, 2)
            self.next_number[base] = number + 1
            slug = f"{base}-{number}"
        self.taken.add(slug)
        return slug


class _Generator:
    """One run of `generate`: fresh ids per table, unique slugs, counts, and a builder per content type."""

    def __init__(self, methods: int, rng: random.Random, progress: Progress | None):
        self.methods = methods
        self.rng = rng
        self.progress = progress
        self.total = work_units(methods)
        self.done = 0
        self.counts: Counter[str] = Counter()
        self.next_ids: dict[str, int] = {}
        self.compounds = _compounds()
        self.by_prefix: dict[str, list[_Compound]] = {}
        for compound in self.compounds:
            self.by_prefix.setdefault(compound.prefix, []).append(compound)

    def run(self) -> dict[str, int]:
        municipality_ids, self.places = self.municipalities()
        self.writer = _Writer(self.rng, self.places, self.compounds)
        areas = self.areas()
        db.session.commit()
        method_ids = self.all_methods(areas, municipality_ids)
        person_ids = self.people()
        self.conferences(areas, method_ids, person_ids)
        self.agreements(areas, method_ids)
        _advance_postgres_sequences(self.next_ids)
        db.session.commit()
        return dict(self.counts)

    # -- plumbing ---------------------------------------------------------------------------------
    def ids(self, table: Table, count: int) -> range:
        """`count` fresh ids for `table`, after the highest it holds."""
        if table.name not in self.next_ids:
            self.next_ids[table.name] = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
        start = self.next_ids[table.name]
        self.next_ids[table.name] = start + count
        return range(start, start + count)

    def insert(self, table: Table, rows: list[dict]) -> None:
        # Core executemany: no ORM objects, and no ORM flush for the search outbox to hook.
        if rows:
            db.session.execute(insert(table), rows)
            self.counts[table.name] += len(rows)

    def advance(self, steps: int) -> None:
        db.session.commit()
        self.done += steps
        if self.progress is not None:
            self.progress(self.done, self.total)

    def status(self) -> str:
        return "draft" if self.rng.random() < DRAFT_SHARE else PUBLISHED

    def timestamps(self) -> dict:
        created = datetime(2016, 1, 1, tzinfo=UTC) + timedelta(seconds=self.rng.randrange(10 * 365 * 86_400))
        updated = created + timedelta(seconds=self.rng.randrange(400 * 86_400))
        return {"created_at": created, "updated_at": updated}

    # -- municipalities and areas -----------------------------------------------------------------
    def municipalities(self) -> tuple[list[int], list[str]]:
        """The ids of the 19 municipalities of Region Midtjylland and the region (existing rows are
        reused, missing ones added from the demo data), and the municipalities' short names."""
        with (DATA_DIR / "municipalities.toml").open("rb") as handle:
            entries = tomllib.load(handle)["municipality"]
        table = Municipality.__table__
        existing = dict(db.session.execute(select(table.c.slug, table.c.id)).all())
        missing = [entry for entry in entries if entry["slug"] not in existing]
        rows = []
        for entry, new_id in zip(missing, self.ids(table, len(missing)), strict=True):
            rows.append({key: entry[key] for key in ("slug", "name", "short_name", "kind")} | {"id": new_id})
            existing[entry["slug"]] = new_id
        self.insert(table, rows)
        places = [entry["short_name"] for entry in entries if entry["kind"] == "kommune"]
        return [existing[entry["slug"]] for entry in entries], places

    def areas(self) -> list[_Area]:
        rng, writer, table = self.rng, self.writer, InterventionArea.__table__
        slugs = _Slugs(table)
        ids = dict(zip((row[0] for row in AREAS), self.ids(table, len(AREAS)), strict=True))
        areas, rows = [], []
        for name, parent, prefixes, targets in AREAS:
            area = _Area(
                ids[name], name, tuple(c for p in prefixes.split() for c in self.by_prefix[p]), _targets(targets)
            )
            areas.append(area)
            context = {"target": area.targets[0][0], "area": _lower_first(name)}
            phrases = " og ".join(target for target, _, _ in area.targets[:2])
            rows.append(
                {
                    "id": area.id,
                    "slug": slugs.make(name),
                    "status": PUBLISHED,
                    "name": name,
                    "parent_id": None if parent == "-" else ids[parent],
                    "summary": f"Metoder til {phrases}. " + writer.one_of(writer.summary, context),
                    "description": writer.html(writer.paragraphs(writer.general, context, 3)),
                    "ffb_terms": rng.sample(FFB_TERMS, rng.randint(1, 3)),
                }
                | self.timestamps()
            )
        self.insert(table, rows)
        return areas

    # -- methods ----------------------------------------------------------------------------------
    def all_methods(self, areas: list[_Area], municipality_ids: list[int]) -> range:
        rng = self.rng
        method_ids = self.ids(Method.__table__, self.methods)
        self.method_slugs = _Slugs(Method.__table__)
        self.names = {name.lower() for name in db.session.scalars(select(Method.__table__.c.name))}
        for start in range(0, self.methods, BATCH_SIZE):
            batch = method_ids[start : start + BATCH_SIZE]
            rows, aliases, area_links, municipality_links = [], [], [], []
            for method_id in batch:
                row, method_aliases, area_ids = self.method(method_id, areas)
                rows.append(row)
                for position, (kind, alias) in enumerate(method_aliases):
                    aliases.append({"method_id": method_id, "text": alias, "kind": kind, "position": position})
                area_links += [{"method_id": method_id, "intervention_area_id": a} for a in area_ids]
                chosen = rng.sample(municipality_ids, rng.randint(0, 10))
                municipality_links += [{"method_id": method_id, "municipality_id": m} for m in chosen]
            for alias, alias_id in zip(aliases, self.ids(MethodAlias.__table__, len(aliases)), strict=True):
                alias["id"] = alias_id
            self.insert(Method.__table__, rows)
            self.insert(MethodAlias.__table__, aliases)
            self.insert(method_area, area_links)
            self.insert(method_municipality, municipality_links)
            self.advance(len(batch))
        return method_ids

    def method(self, method_id: int, areas: list[_Area]) -> tuple[dict, list[tuple[str, str]], list[int]]:
        """A method row, its aliases (kind, text) and its 1-3 area ids."""
        rng, writer = self.rng, self.writer
        area = rng.choice(areas)
        name, aliases, compound, target = self.method_name(area)
        others = rng.sample(areas, rng.choice((0, 0, 1, 1, 2)))
        area_ids = list(dict.fromkeys([area.id] + [other.id for other in others]))
        context = {
            "name": name,
            "abbr": aliases[0][1] if len(aliases[0][1]) > 1 else name,
            "comp": compound.indefinite,
            "compd": compound.definite,
            "target": target[0],
            "area": _lower_first(area.name),
        }
        article, adjective = ("et", rng.choice(ADJECTIVES)[1]) if compound.neuter else ("en", rng.choice(ADJECTIVES)[0])
        summary = [f"{name} er {article} {adjective} {compound.indefinite} til {target[0]}."]
        summary += writer.some_of(writer.summary, context, 1, 2)
        paragraphs = writer.paragraphs(writer.method, context, rng.randint(3, 5))
        heading = (len(paragraphs) - 1, "I Danmark") if rng.random() < 0.3 else None
        level = rng.choices(EVIDENCE_KEYS, weights=EVIDENCE_VALUES)[0]
        assessed = review = None
        if level != "ikke-vurderet":
            assessed = date(2018, 1, 1) + timedelta(days=rng.randrange(3_200))
            review = assessed + timedelta(days=rng.choice((730, 1_095)))
        age_min, age_max = (None, None) if rng.random() < 0.15 else target[1:]
        network = rng.choice([word for word in NETWORKS if word not in target[0]])  # not "familier og deres familier"
        target_group = f"{_capitalise(target[0])} og deres {network}."
        also = [phrase for phrase, _, _ in area.targets if phrase != target[0]]
        if also and rng.random() < 0.4:
            target_group += f" Metoden kan også bruges til {rng.choice(also)}."
        core_elements = dict.fromkeys(writer.some_of(writer.core, context, 3, 6))
        row = {
            "id": method_id,
            "slug": self.method_slugs.make(name),
            "status": self.status(),
            "name": name,
            "summary": " ".join(summary),
            "description": writer.html(paragraphs, heading),
            "target_group": target_group,
            "age_min": age_min,
            "age_max": age_max,
            "ffb_terms": rng.sample(FFB_TERMS, rng.randint(0, 3)),
            "outcomes": self.outcomes(),
            "core_elements": list(core_elements),
            "evidence_level": level,
            "evidence_rationale": writer.sentence(writer.rationales[level], context),
            "assessed_on": assessed,
            "review_on": review,
            "contact": f"Metodecenteret, metodekonsulent for {context['area']}",
        } | self.timestamps()
        for column, templates in writer.implementation.items():
            # One sentence where two could contradict each other ("no manual" and "a Danish manual").
            most = 2 if column in ("training", "supervision", "cost") else 1
            row[column] = " ".join(writer.some_of(templates, context, 1, most))
        return row, aliases, area_ids

    def method_name(self, area: _Area) -> tuple[str, list[tuple[str, str]], _Compound, tuple]:
        """A unique name, its aliases (kind, text; the abbreviation first), and its compound and target group."""
        rng = self.rng
        for attempt in itertools.count():
            compound = rng.choice(area.compounds) if rng.random() < 0.7 else rng.choice(self.compounds)
            target = rng.choice(area.targets)
            adjective = rng.choice(ADJECTIVES)
            adjective_form = _capitalise(adjective[1] if compound.neuter else adjective[0])
            english = f"{adjective[3]} {compound.english}"
            parts = [compound.prefix, compound.head]  # the words the abbreviation is made of
            aliases = []
            roll = rng.random()
            if roll < 0.30:
                name = f"{adjective_form} {compound.indefinite}"
                parts = [adjective[0], *parts]
            elif roll < 0.55:
                name = f"{_capitalise(compound.indefinite)} til {target[0]}"
                parts += target[0].split()
            elif roll < 0.75:
                name = f"{adjective_form} {compound.indefinite} for {target[0]}"
                parts = [adjective[0], *parts, *target[0].split()]
            elif roll < 0.85:
                place = rng.choice(self.places)
                name = f"{place}-modellen for {compound.indefinite}"
                parts = [place, "model", *parts]
            else:  # an English name, as many imported methods have
                name, english = english, ""
                parts = name.replace("-", " ").split()
                if rng.random() < 0.4:
                    aliases.append(("alternativt navn", f"{adjective_form} {compound.indefinite}"))
            if attempt >= 30:  # the name space is large but not endless: number the rare leftovers
                name = f"{name} {attempt - 28}"
            if name.lower() not in self.names:
                break
        self.names.add(name.lower())
        aliases.insert(0, ("forkortelse", _initials(parts)))
        if english and rng.random() < 0.3:
            aliases.append(("engelsk navn", english))
        if rng.random() < 0.1:
            aliases.append(("tidligere navn", f"Projekt {_capitalise(compound.indefinite)}"))
        return name, aliases, compound, target

    def outcomes(self) -> list[str]:
        rng, outcomes = self.rng, []
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.6:
                outcomes.append(f"{rng.choice(POSITIVE_OUTCOMES)} {rng.choice(POSITIVE_OBJECTS)}")
            else:
                word = rng.choice(("Færre", "Mindre"))
                outcomes.append(f"{word} {rng.choice(NEGATIVE_OUTCOMES[word])}")
        return list(dict.fromkeys(outcomes))

    # -- people and conferences -------------------------------------------------------------------
    def people(self) -> range:
        rng, table = self.rng, Person.__table__
        count = max(10, self.methods // 20)
        person_ids = self.ids(table, count)
        slugs = _Slugs(table)
        for start in range(0, count, BATCH_SIZE):
            rows = []
            for person_id in person_ids[start : start + BATCH_SIZE]:
                middle = f" {rng.choice(MIDDLE_NAMES)}" if rng.random() < 0.3 else ""
                name = f"{rng.choice(FIRST_NAMES)}{middle} {rng.choice(LAST_NAMES)}"
                organisation = f"{rng.choice(self.places)} Kommune" if rng.random() < 0.5 else rng.choice(ORGANISATIONS)
                rows.append(
                    {
                        "id": person_id,
                        "slug": slugs.make(name),
                        "status": self.status(),
                        "name": name,
                        "title": rng.choice(JOB_TITLES),
                        "organisation": organisation,
                        "note": "",
                    }
                    | self.timestamps()
                )
            self.insert(table, rows)
            db.session.commit()
        return person_ids

    def conferences(self, areas: list[_Area], method_ids: range, person_ids: range) -> None:
        count = max(2, self.methods // 50)
        conference_ids = self.ids(Conference.__table__, count)
        slugs = _Slugs(Conference.__table__)
        for start in range(0, count, CONFERENCE_BATCH_SIZE):
            batch = conference_ids[start : start + CONFERENCE_BATCH_SIZE]
            rows = _ConferenceRows()
            for conference_id in batch:
                self.conference(conference_id, slugs, areas, method_ids, person_ids, rows)
            # Programme items get their ids per batch; speakers and links point at the item rows until then.
            for item, item_id in zip(rows.items, self.ids(ProgrammeItem.__table__, len(rows.items)), strict=True):
                item["id"] = item_id
            speaker_ids = self.ids(ProgrammeItemSpeaker.__table__, len(rows.speakers))
            for speaker, speaker_id in zip(rows.speakers, speaker_ids, strict=True):
                speaker["id"] = speaker_id
                speaker["item_id"] = speaker.pop("item")["id"]
            for link in rows.item_areas + rows.item_methods:
                link["programme_item_id"] = link.pop("item")["id"]
            self.insert(Conference.__table__, rows.conferences)
            self.insert(ProgrammeItem.__table__, rows.items)
            self.insert(ProgrammeItemSpeaker.__table__, rows.speakers)
            self.insert(programme_item_area, rows.item_areas)
            self.insert(programme_item_method, rows.item_methods)
            self.advance(len(batch))

    def conference(self, conference_id, slugs, areas, method_ids, person_ids, rows: "_ConferenceRows") -> None:
        """Add one conference and its programme of 6-12 items to `rows`."""
        rng, writer = self.rng, self.writer
        area = rng.choice(areas)
        context = {"target": rng.choice(area.targets)[0], "area": _lower_first(area.name)}
        held_on = date(2010, 1, 1) + timedelta(days=rng.randrange(6_200))
        series = rng.choice(CONFERENCE_SERIES)
        theme = writer.one_of(writer.development_titles, context)
        if series == "Januarkonferencen":
            title = f"{series} {held_on.year}: {theme}"
        else:
            title = f"{series} om {_lower_first(theme)}"
        online = rng.random() < 0.15
        venue, address = ("", "") if online else rng.choice(VENUES)
        starts = minutes = rng.choice((8 * 60 + 30, 9 * 60, 9 * 60 + 30, 10 * 60, 12 * 60 + 30, 13 * 60))
        for position in range(rng.randint(6, 12)):
            kind = "plenum" if position == 0 else rng.choices(ITEM_KIND_KEYS, weights=ITEM_KIND_WEIGHTS)[0]
            _, lengths, role = ITEM_KINDS[kind]
            length = rng.choice(lengths)
            description = ""
            if kind != "break":
                description = writer.html([" ".join(writer.some_of(writer.general, context, 2, 3))])
            item = {
                "conference_id": conference_id,
                "position": position,
                "starts_at": _clock(minutes),
                "ends_at": _clock(minutes + length),
                "kind": kind,
                "title": writer.one_of(writer.item_titles[kind], context) if position else WELCOME,
                "description": description,
            }
            minutes += length
            rows.items.append(item)
            if kind != "break":
                for order, person_id in enumerate(rng.sample(person_ids, rng.randint(1, 3))):
                    speaker_role = "ordstyrer" if kind == "debate" and order == 0 else role
                    rows.speakers.append(
                        {"item": item, "person_id": person_id, "role": speaker_role, "position": order}
                    )
            for method_id in rng.sample(method_ids, min(len(method_ids), rng.choice((0, 0, 1, 1, 2)))):
                rows.item_methods.append({"item": item, "method_id": method_id})
            if rng.random() < 0.5:
                rows.item_areas.append({"item": item, "intervention_area_id": rng.choice(areas).id})
        paragraphs = writer.paragraphs(writer.conference_and_general, context, rng.randint(2, 3))
        deadline = held_on - timedelta(days=rng.randint(7, 21))
        rows.conferences.append(
            {
                "id": conference_id,
                "slug": slugs.make(title),
                "status": self.status(),
                "title": title,
                "subtitle": writer.one_of(writer.conference, context),
                "series": series,
                "theme": theme,
                "held_on": held_on,
                "start_time": _clock(starts),
                "end_time": _clock(minutes),
                "online": online,
                "venue": venue,
                "address": address,
                "audience": "{}, ledere og {} i kommuner og region.".format(*rng.sample(PROFESSIONS, 2)).capitalize(),
                "description": writer.html(paragraphs),
                "registration": f"Tilmelding senest {danish_date(deadline)} via Region Midtjyllands hjemmeside.",
                "source_notes": [],
            }
            | self.timestamps()
        )

    # -- framework agreements ---------------------------------------------------------------------
    def agreements(self, areas: list[_Area], method_ids: range) -> None:
        rng, writer = self.rng, self.writer
        agreement_ids = self.ids(FrameworkAgreement.__table__, len(AGREEMENT_START_YEARS))
        agreement_slugs, development_slugs = _Slugs(FrameworkAgreement.__table__), _Slugs(DevelopmentArea.__table__)
        agreements, developments, area_links, method_links = [], [], [], []
        for agreement_id, year in zip(agreement_ids, AGREEMENT_START_YEARS, strict=True):
            title = f"Rammeaftale {year}-{str(year + 1)[-2:]}"
            paragraphs = writer.paragraphs(writer.general, {}, rng.randint(2, 3))
            agreements.append(
                {
                    "id": agreement_id,
                    "slug": agreement_slugs.make(title),
                    "status": PUBLISHED,
                    "title": title,
                    "start_year": year,
                    "end_year": year + 1,
                    "summary": writer.one_of(writer.summary, {}),
                    "description": writer.html(paragraphs),
                }
                | self.timestamps()
            )
            current = year == AGREEMENT_START_YEARS[-1]
            for development_id in self.ids(DevelopmentArea.__table__, rng.randint(2, 4)):
                chosen = rng.sample(areas, rng.randint(1, 2))
                context = {"target": rng.choice(chosen[0].targets)[0], "area": _lower_first(chosen[0].name)}
                title = writer.one_of(writer.development_titles, context)
                developments.append(
                    {
                        "id": development_id,
                        "agreement_id": agreement_id,
                        "slug": development_slugs.make(title),
                        "status": self.status(),
                        "title": title,
                        "progress": rng.choice(DEVELOPMENT_PROGRESS) if current else "afsluttet",
                        "summary": writer.one_of(writer.summary, context),
                        "description": writer.html(writer.paragraphs(writer.general, context, 2)),
                    }
                    | self.timestamps()
                )
                area_links += [{"development_area_id": development_id, "intervention_area_id": a.id} for a in chosen]
                for method_id in rng.sample(method_ids, min(len(method_ids), rng.randint(2, 6))):
                    method_links.append({"development_area_id": development_id, "method_id": method_id})
        self.insert(FrameworkAgreement.__table__, agreements)
        self.insert(DevelopmentArea.__table__, developments)
        self.insert(development_area_area, area_links)
        self.insert(development_area_method, method_links)


@dataclass
class _ConferenceRows:
    """Rows for one batch of conferences; speakers and links hold their programme item row as "item"."""

    conferences: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    speakers: list[dict] = field(default_factory=list)
    item_areas: list[dict] = field(default_factory=list)
    item_methods: list[dict] = field(default_factory=list)


def _clock(minutes: int) -> time:
    """The time of day `minutes` after midnight; a long programme ends at 23.45 rather than the next day."""
    minutes = min(minutes, 23 * 60 + 45)
    return time(minutes // 60, minutes % 60)


def _advance_postgres_sequences(next_ids: dict[str, int]) -> None:
    """PostgreSQL hands out ids from sequences, which explicit ids do not move: move them past ours."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in next_ids:  # our own table names, never user input
        db.session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))")
        )
