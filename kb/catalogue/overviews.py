"""Queries behind the overview pages (oversigter): the rosette, the evidence and gap matrix, municipal
uptake and the side-by-side comparison of methods.

Only published content is counted or shown. An area's methods are its own and its sub-areas' (the same rule
as the area page and the method list's area filter), so every number links to a page showing that number.
Each function runs a fixed number of queries, however much content there is.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from flask import url_for
from sqlalchemy import Select, distinct, func, or_, select
from sqlalchemy.orm import aliased, load_only, selectinload

from kb.catalogue.common import published
from kb.catalogue.municipalities import list_municipalities
from kb.catalogue.paging import ListPage, paginate
from kb.extensions import db
from kb.models import DevelopmentArea, FrameworkAgreement, InterventionArea, Method, MethodAlias, Municipality
from kb.models.links import development_area_method, method_area, method_municipality
from kb.text import clean_text
from kb.vocabulary import EVIDENCE_LEVELS, PUBLISHED

MIN_COMPARED = 2
MAX_COMPARED = 4
MAX_NAME_LENGTH = 200


@dataclass
class AreaSummary:
    """A published area with the numbers of published methods, by evidence level, of it and its sub-areas."""

    area: InterventionArea
    parent: InterventionArea | None  # the published parent, when it has one
    family_ids: set[int]  # the area's id and its sub-areas' (published or not, like the method filter)
    evidence: dict[str, int]  # published methods of the family per evidence level (every level, 0 included)
    development_areas: list[DevelopmentArea]

    @property
    def is_child(self) -> bool:
        """Whether the area is a sub-area."""
        return self.parent is not None

    @property
    def method_count(self) -> int:
        """Distinct published methods of the area and its sub-areas (a method has one evidence level)."""
        return sum(self.evidence.values())


@dataclass
class Rosette:
    """Every published area, each top-level area followed by its sub-areas."""

    areas: list[AreaSummary]


@dataclass
class MatrixRow:
    """One area's row of a matrix: its counts per column."""

    summary: AreaSummary
    counts: list[int]  # one per column of the matrix
    total: int  # distinct methods in the row (a method can sit in several columns of the development matrix)
    covered: list[bool] = field(default_factory=list)  # development matrix: the column names this area


@dataclass
class Matrix:
    """Areas × columns (evidence levels or development areas); each cell counts published methods."""

    columns: list[tuple[str, str]]  # (key, Danish label)
    rows: list[MatrixRow]
    agreement: FrameworkAgreement | None = None  # whose development areas the columns are

    @property
    def gaps(self) -> int:
        """Cells with no methods."""
        return sum(count == 0 for row in self.rows for count in row.counts)


@dataclass
class EvidenceOverview:
    """The evidence and gap matrices: areas × evidence levels and areas × development areas."""

    evidence: Matrix
    development: Matrix


@dataclass
class MunicipalityUptake:
    """How many methods one municipality uses."""

    municipality: Municipality
    count: int  # published methods it uses


@dataclass
class MethodUptake:
    """Which municipalities use one method."""

    method: Method
    uses: list[bool]  # one per municipality, in Uptake.municipalities order

    @property
    def count(self) -> int:
        """How many municipalities use the method."""
        return sum(self.uses)


@dataclass
class AreaUptake:
    """How many published methods of an area family (as in the rosette) the municipalities use."""

    area: InterventionArea
    count: int  # distinct published methods of the family used by at least one municipality or the region


@dataclass
class Uptake:
    """The municipal uptake overview: per municipality, per area and the method × municipality table."""

    municipalities: list[MunicipalityUptake]  # the 19 municipalities by name, then the region
    areas: list[AreaUptake]  # in rosette order
    methods: ListPage  # one page of MethodUptake rows: published methods by name

    @property
    def by_count(self) -> list[MunicipalityUptake]:
        """Municipalities with the most methods first (ties by name)."""
        return sorted(self.municipalities, key=lambda u: -u.count)


@dataclass
class Comparison:
    """Methods chosen for the comparison page, or the Danish problems that stopped it."""

    methods: list[Method] = field(default_factory=list)  # the chosen ones, in the order asked for
    entered: list[str] = field(default_factory=list)  # what the form shows again: a found method's name, else the text
    problems: list[str] = field(default_factory=list)
    invalid: bool = False  # the request itself was wrong (unknown method, too many): answer 400
    by_name: bool = False  # some were typed as names: the page redirects to the addresses, a link to keep

    @property
    def ready(self) -> bool:
        """Whether there is a comparison to show (2 to 4 known methods)."""
        return not self.problems and MIN_COMPARED <= len(self.methods) <= MAX_COMPARED


# The two ends of a method-area link for counting by family: the area linked, and the family it counts in.
_LINKED_AREA = aliased(InterventionArea, name="linked_area")
_FAMILY = aliased(InterventionArea, name="family")


def _by_family(statement: Select, area_id) -> Select:
    """`statement` joined to the families a method-area link counts in; group by `_FAMILY.id`.

    An area's family is itself and its direct sub-areas, so a link counts for its area and again for the
    area's parent: counting methods per family counts what the area page and the method list's area filter
    show. A join rather than a UNION ALL of the two: the database then reads the links from the methods
    (or development areas) the statement starts from instead of building every link's family first.
    """
    return statement.join(_LINKED_AREA, _LINKED_AREA.id == area_id).join(
        _FAMILY, _FAMILY.id.in_([_LINKED_AREA.id, _LINKED_AREA.parent_id])
    )


def _area_tree() -> list[tuple[InterventionArea, InterventionArea | None, set[int]]]:
    """(area, published parent or None, family ids) for published areas: top-level ones by name, each followed
    by its published sub-areas by name (one query)."""
    every_area = list(
        db.session.scalars(
            select(InterventionArea)
            .options(
                load_only(
                    InterventionArea.slug, InterventionArea.name, InterventionArea.status, InterventionArea.parent_id
                )
            )
            .order_by(InterventionArea.name)
        )
    )
    by_id = {area.id: area for area in every_area}
    family: dict[int, set[int]] = {area.id: {area.id} for area in every_area}
    for area in every_area:
        if area.parent_id in family:
            family[area.parent_id].add(area.id)

    def entry(area: InterventionArea) -> tuple[InterventionArea, InterventionArea | None, set[int]]:
        parent = by_id.get(area.parent_id)
        return area, parent if parent is not None and parent.is_published else None, family[area.id]

    public = [area for area in every_area if area.is_published]
    public_ids = {area.id for area in public}
    # A published sub-area whose parent is not published stands on its own, like a top-level area.
    tops = [area for area in public if area.parent_id not in public_ids]
    ordered = []
    for top in tops:
        ordered.append(entry(top))
        ordered += [entry(child) for child in public if child.parent_id == top.id]
    return ordered


def _area_summaries() -> list[AreaSummary]:
    """The published areas in rosette order with their evidence counts and development areas.

    Four queries whatever the size of the catalogue: areas, development areas, and the counts grouped in SQL.
    """
    tree = _area_tree()
    development_areas = list(
        db.session.scalars(
            published(DevelopmentArea)
            .options(
                load_only(DevelopmentArea.slug, DevelopmentArea.title, DevelopmentArea.agreement_id),
                selectinload(DevelopmentArea.areas).load_only(InterventionArea.id),
                selectinload(DevelopmentArea.agreement).load_only(FrameworkAgreement.slug, FrameworkAgreement.title),
            )
            .order_by(DevelopmentArea.title)
        )
    )
    evidence: dict[int, dict[str, int]] = {}
    counted = (
        select(_FAMILY.id, Method.evidence_level, func.count(distinct(method_area.c.method_id)))
        .select_from(Method)
        .join(method_area, method_area.c.method_id == Method.id)
    )
    rows = db.session.execute(
        _by_family(counted, method_area.c.intervention_area_id)
        .where(Method.status == PUBLISHED)
        .group_by(_FAMILY.id, Method.evidence_level)
    )
    for family_id, level, count in rows:
        evidence.setdefault(family_id, dict.fromkeys(EVIDENCE_LEVELS, 0))[level] = count
    return [
        AreaSummary(
            area=area,
            parent=parent,
            family_ids=ids,
            evidence=evidence.get(area.id, dict.fromkeys(EVIDENCE_LEVELS, 0)),
            development_areas=[d for d in development_areas if any(a.id in ids for a in d.areas)],
        )
        for area, parent, ids in tree
    ]


def rosette() -> Rosette:
    """The published areas around the centre, with their published methods and development areas."""
    return Rosette(_area_summaries())


def _newest_agreement() -> FrameworkAgreement | None:
    statement = (
        published(FrameworkAgreement)
        .options(selectinload(FrameworkAgreement.development_areas).selectinload(DevelopmentArea.areas))
        .order_by(FrameworkAgreement.start_year.desc(), FrameworkAgreement.id.desc())
    )
    return db.session.scalars(statement.limit(1)).first()


def evidence_overview() -> EvidenceOverview:
    """Areas × evidence levels, and areas × the current agreement's development areas (method counts)."""
    summaries = _area_summaries()
    levels = list(EVIDENCE_LEVELS.items())
    evidence_rows = [
        MatrixRow(summary=summary, counts=[summary.evidence[key] for key, _label in levels], total=summary.method_count)
        for summary in summaries
    ]

    agreement = _newest_agreement()
    current = [d for d in agreement.development_areas if d.is_published] if agreement else []
    linked = development_area_method.c

    def in_current(*columns):
        # From the current development areas' methods to their areas: a few links, not every method's.
        statement = (
            select(*columns, func.count(distinct(linked.method_id)))
            .select_from(development_area_method)
            .join(Method, Method.id == linked.method_id)
            .join(method_area, method_area.c.method_id == linked.method_id)
        )
        return (
            _by_family(statement, method_area.c.intervention_area_id)
            .where(Method.status == PUBLISHED, linked.development_area_id.in_([d.id for d in current]))
            .group_by(*columns)
        )

    cells = {
        (family_id, development_area_id): count
        for family_id, development_area_id, count in db.session.execute(
            in_current(_FAMILY.id, linked.development_area_id)
        )
    }
    totals = dict(db.session.execute(in_current(_FAMILY.id)).all())
    development_rows = [
        MatrixRow(
            summary=summary,
            counts=[cells.get((summary.area.id, d.id), 0) for d in current],
            total=totals.get(summary.area.id, 0),
            covered=[any(a.id in summary.family_ids for a in d.areas) for d in current],
        )
        for summary in summaries
    ]
    return EvidenceOverview(
        evidence=Matrix(columns=levels, rows=evidence_rows),
        development=Matrix(columns=[(d.slug, d.title) for d in current], rows=development_rows, agreement=agreement),
    )


def uptake(page: int = 1) -> Uptake:
    """Methods in use per municipality (and the region) and per area, and page `page` of the method table."""
    municipalities = [MunicipalityUptake(m, count) for m, count in list_municipalities()]
    counted = (
        select(_FAMILY.id, func.count(distinct(method_area.c.method_id)))
        .select_from(Method)
        .join(method_area, method_area.c.method_id == Method.id)
    )
    used = select(method_municipality.c.method_id).where(method_municipality.c.method_id == Method.id).exists()
    in_use = dict(
        db.session.execute(
            _by_family(counted, method_area.c.intervention_area_id)
            .where(Method.status == PUBLISHED, used)
            .group_by(_FAMILY.id)
        ).all()
    )
    # Only names and order from the area tree: the evidence counts and development areas are not shown here.
    areas = [AreaUptake(area, in_use.get(area.id, 0)) for area, _parent, _ids in _area_tree()]
    methods = paginate(
        published(Method).options(load_only(Method.slug, Method.name)).order_by(Method.name, Method.id), page
    )
    methods.items = _method_uptake(methods.items, [u.municipality for u in municipalities])
    return Uptake(municipalities=municipalities, areas=areas, methods=methods)


def _method_uptake(methods: list[Method], municipalities: list[Municipality]) -> list[MethodUptake]:
    """`methods` with, per municipality in that order, whether it uses the method (one query)."""
    used = {
        (method_id, municipality_id)
        for method_id, municipality_id in db.session.execute(
            select(method_municipality.c.method_id, method_municipality.c.municipality_id).where(
                method_municipality.c.method_id.in_([m.id for m in methods])
            )
        )
    }
    return [MethodUptake(m, [(m.id, place.id) in used for place in municipalities]) for m in methods]


def uptake_rows() -> Iterator[list[str]]:
    """The whole method × municipality table as CSV rows: a header, then one row per published method by name.

    Streams the methods in batches; the links of every published method are held as pairs of ids.
    """
    municipalities = [m for m, _count in list_municipalities()]
    yield ["Metode", "Adresse", *[m.name for m in municipalities], "I alt"]
    used = set(
        db.session.execute(
            select(method_municipality.c.method_id, method_municipality.c.municipality_id)
            .join(Method, Method.id == method_municipality.c.method_id)
            .where(Method.status == PUBLISHED)
        ).all()
    )
    methods = db.session.execute(
        select(Method.id, Method.slug, Method.name)
        .where(Method.status == PUBLISHED)
        .order_by(Method.name, Method.id)
        .execution_options(yield_per=500)
    )
    for method_id, slug, name in methods:
        marks = [(method_id, place.id) in used for place in municipalities]
        yield [
            name,
            url_for("public.method_detail", slug=slug, _external=True),
            *("ja" if m else "" for m in marks),
            str(sum(marks)),
        ]


def compare(raw_values: Iterable[str]) -> Comparison:
    """The published methods named by `raw_values` (2 to 4), in that order, or the problems in Danish.

    A value is a method's address (slug), or its name or abbreviation as typed in the form (exact, case
    aside). Empty values (unused fields) and repeats are ignored. One method is not an error, only not yet
    a comparison; an unknown or unreadable value, or more than four methods, makes the request invalid.
    At most two lookups (plus the links of the chosen methods) whatever the size of the catalogue: the form
    takes typed names instead of menus of every method.
    """
    comparison = Comparison()
    wanted: list[str] = []
    malformed = 0
    for raw in raw_values:
        if not raw.strip():
            continue
        text = clean_text(raw, single_line=True, max_length=MAX_NAME_LENGTH + 1)
        if not text or len(text) > MAX_NAME_LENGTH or text != " ".join(raw.split()):
            malformed += 1
        elif text not in wanted:
            wanted.append(text)

    loading = (selectinload(Method.areas), selectinload(Method.municipalities), selectinload(Method.aliases))
    # Addresses first (the slug index); only what is left is compared with every name and abbreviation.
    # The ids by address in a subquery of their own: with the state condition beside slug IN (...), SQLite
    # without table statistics reads every published method through the state index instead of the unique
    # slug index.
    by_slug = Method.id.in_(select(Method.id).where(Method.slug.in_(wanted)))
    found = db.session.scalars(published(Method).where(by_slug).options(*loading)).all() if wanted else []
    typed = [text for text in wanted if text not in {method.slug for method in found}]
    if typed:
        lowered = {text.lower() for text in typed}
        found += db.session.scalars(
            published(Method)
            .where(
                or_(
                    func.lower(Method.name).in_(lowered),
                    Method.aliases.any(func.lower(MethodAlias.text).in_(lowered)),
                )
            )
            .options(*loading)
        ).all()
    by_key: dict[str, Method] = {}
    for method in found:
        for key in (method.name, *(alias.text for alias in method.aliases)):
            by_key.setdefault(key.lower(), method)
    for method in found:  # an address wins over a name
        by_key[method.slug] = method

    resolved = [(text, by_key.get(text) or by_key.get(text.lower())) for text in wanted]
    unknown = [text for text, method in resolved if method is None]
    chosen: list[Method] = []
    for text, method in resolved:
        if method is None:
            comparison.entered.append(text)  # kept so a misspelt name can be corrected, not typed again
        elif method not in chosen:
            chosen.append(method)
            comparison.entered.append(method.name)
    if malformed or unknown:
        comparison.invalid = True
        names = ", ".join(f"»{text}«" for text in unknown)
        if unknown:
            comparison.problems.append(
                f"Metodebasen har ingen offentliggjort metode med navnet eller adressen {names}."
                if len(unknown) == 1
                else f"Metodebasen har ingen offentliggjorte metoder med navnene eller adresserne {names}."
            )
        if malformed:
            comparison.problems.append("Et af de valgte metodenavne kunne ikke læses. Skriv metodernes navne igen.")
    if len(chosen) > MAX_COMPARED:
        comparison.invalid = True
        comparison.problems.append(
            f"Du kan højst sammenligne {MAX_COMPARED} metoder ad gangen, men valgte {len(chosen)}. "
            "Fravælg nogle af dem."
        )
    elif len(chosen) == 1 and not comparison.invalid:
        comparison.problems.append("Vælg mindst én metode mere for at se en sammenligning.")
    comparison.methods = chosen[:MAX_COMPARED]
    comparison.by_name = any(method is not None and text != method.slug for text, method in resolved)
    return comparison
