"""Queries behind the overview pages (oversigter): the rosette, the evidence and gap matrix, municipal
uptake and the side-by-side comparison of methods.

Only published content is counted or shown. An area's methods are its own and its sub-areas' (the same rule
as the area page and the method list's area filter), so every number links to a page showing that number.
Each function runs a fixed number of queries, however much content there is.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb.catalogue.common import published, slug_argument
from kb.extensions import db
from kb.models import DevelopmentArea, FrameworkAgreement, InterventionArea, Method, Municipality
from kb.vocabulary import EVIDENCE_LEVELS

MIN_COMPARED = 2
MAX_COMPARED = 4


@dataclass
class AreaSummary:
    """A published area with the published methods and development areas of it and its sub-areas."""

    area: InterventionArea
    parent: InterventionArea | None  # the published parent, when it has one
    family_ids: set[int]  # the area's id and its sub-areas' (published or not, like the method filter)
    methods: list[Method]
    development_areas: list[DevelopmentArea]

    @property
    def is_child(self) -> bool:
        return self.parent is not None


@dataclass
class Rosette:
    """Every published area, each top-level area followed by its sub-areas."""

    areas: list[AreaSummary]


@dataclass
class MatrixRow:
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
    evidence: Matrix
    development: Matrix


@dataclass
class MunicipalityUptake:
    municipality: Municipality
    methods: list[Method]  # published, by name

    @property
    def count(self) -> int:
        return len(self.methods)


@dataclass
class MethodUptake:
    method: Method
    uses: list[bool]  # one per municipality, in Uptake.municipalities order

    @property
    def count(self) -> int:
        return sum(self.uses)


@dataclass
class Uptake:
    municipalities: list[MunicipalityUptake]  # the 19 municipalities by name, then the region
    methods: list[MethodUptake]  # every published method by name

    @property
    def by_count(self) -> list[MunicipalityUptake]:
        """Municipalities with the most methods first (ties by name)."""
        return sorted(self.municipalities, key=lambda u: -u.count)

    @property
    def methods_by_count(self) -> list[MethodUptake]:
        """Methods used by the most municipalities first (ties by name)."""
        return sorted(self.methods, key=lambda u: -u.count)


@dataclass
class Comparison:
    """Methods chosen for the comparison page, or the Danish problems that stopped it."""

    choices: list[Method]  # every published method, for the form
    methods: list[Method] = field(default_factory=list)  # the chosen ones, in the order asked for
    problems: list[str] = field(default_factory=list)
    invalid: bool = False  # the request itself was wrong (unknown method, too many): answer 400

    @property
    def ready(self) -> bool:
        return not self.problems and MIN_COMPARED <= len(self.methods) <= MAX_COMPARED


def _area_summaries() -> list[AreaSummary]:
    """Published areas, top-level ones by name each followed by its published sub-areas by name."""
    every_area = list(
        db.session.scalars(
            select(InterventionArea).options(selectinload(InterventionArea.methods)).order_by(InterventionArea.name)
        )
    )
    development_areas = list(
        db.session.scalars(
            published(DevelopmentArea)
            .options(selectinload(DevelopmentArea.areas), selectinload(DevelopmentArea.agreement))
            .order_by(DevelopmentArea.title)
        )
    )
    by_id = {area.id: area for area in every_area}
    family: dict[int, set[int]] = {area.id: {area.id} for area in every_area}
    for area in every_area:
        if area.parent_id in family:
            family[area.parent_id].add(area.id)

    def summary(area: InterventionArea) -> AreaSummary:
        ids = family[area.id]
        methods = {m.id: m for member in ids for m in by_id[member].methods if m.is_published}
        parent = by_id.get(area.parent_id)
        return AreaSummary(
            area=area,
            parent=parent if parent is not None and parent.is_published else None,
            family_ids=ids,
            methods=sorted(methods.values(), key=lambda m: m.name),
            development_areas=[d for d in development_areas if any(a.id in ids for a in d.areas)],
        )

    public = [area for area in every_area if area.is_published]
    public_ids = {area.id for area in public}
    # A published sub-area whose parent is not published stands on its own, like a top-level area.
    tops = [area for area in public if area.parent_id not in public_ids]
    ordered = []
    for top in tops:
        ordered.append(summary(top))
        ordered += [summary(child) for child in public if child.parent_id == top.id]
    return ordered


def rosette() -> Rosette:
    """The published areas around the centre, with their published methods and development areas."""
    return Rosette(_area_summaries())


def _newest_agreement() -> FrameworkAgreement | None:
    statement = (
        published(FrameworkAgreement)
        .options(
            selectinload(FrameworkAgreement.development_areas).selectinload(DevelopmentArea.methods),
            selectinload(FrameworkAgreement.development_areas).selectinload(DevelopmentArea.areas),
        )
        .order_by(FrameworkAgreement.start_year.desc(), FrameworkAgreement.id.desc())
    )
    return db.session.scalars(statement).first()


def evidence_overview() -> EvidenceOverview:
    """Areas × evidence levels, and areas × the current agreement's development areas (method counts)."""
    summaries = _area_summaries()
    levels = list(EVIDENCE_LEVELS.items())
    evidence_rows = [
        MatrixRow(
            summary=summary,
            counts=[sum(m.evidence_level == key for m in summary.methods) for key, _label in levels],
            total=len(summary.methods),
        )
        for summary in summaries
    ]

    agreement = _newest_agreement()
    current = [d for d in agreement.development_areas if d.is_published] if agreement else []
    development_rows = []
    for summary in summaries:
        in_area = {m.id for m in summary.methods}
        linked = [{m.id for m in d.methods if m.is_published} & in_area for d in current]
        development_rows.append(
            MatrixRow(
                summary=summary,
                counts=[len(ids) for ids in linked],
                total=len(set().union(*linked)),
                covered=[any(a.id in summary.family_ids for a in d.areas) for d in current],
            )
        )
    return EvidenceOverview(
        evidence=Matrix(columns=levels, rows=evidence_rows),
        development=Matrix(columns=[(d.slug, d.title) for d in current], rows=development_rows, agreement=agreement),
    )


def uptake() -> Uptake:
    """Which municipalities (and the region) use which published methods, seen from both ends."""
    municipalities = list(
        db.session.scalars(
            select(Municipality)
            .options(selectinload(Municipality.methods))
            .order_by(Municipality.kind, Municipality.name)
        )
    )
    methods = list(db.session.scalars(published(Method).order_by(Method.name)))
    users = [{m.id for m in municipality.methods} for municipality in municipalities]
    return Uptake(
        municipalities=[
            MunicipalityUptake(municipality, [m for m in municipality.methods if m.is_published])
            for municipality in municipalities
        ],
        methods=[MethodUptake(method, [method.id in ids for ids in users]) for method in methods],
    )


def compare(raw_slugs: Iterable[str]) -> Comparison:
    """The published methods named by `raw_slugs` (2 to 4), in that order, or the problems in Danish.

    Empty values (unused menus) and repeats are ignored. One method is not an error, only not yet a
    comparison; an unknown or malformed name, or more than four methods, makes the request invalid.
    """
    choices = list(db.session.scalars(published(Method).order_by(Method.name)))
    comparison = Comparison(choices=choices)
    wanted: list[str] = []
    malformed = 0
    for raw in raw_slugs:
        if not raw.strip():
            continue
        slug = slug_argument(raw)
        if not slug:
            malformed += 1
        elif slug not in wanted:
            wanted.append(slug)

    known = {method.slug for method in choices}
    unknown = [slug for slug in wanted if slug not in known]
    if malformed or unknown:
        comparison.invalid = True
        names = ", ".join(f"»{slug}«" for slug in unknown)
        if unknown:
            comparison.problems.append(
                f"Metodebasen har ingen offentliggjort metode med adressen {names}."
                if len(unknown) == 1
                else f"Metodebasen har ingen offentliggjorte metoder med adresserne {names}."
            )
        if malformed:
            comparison.problems.append("Et af de valgte metodenavne kunne ikke læses. Vælg metoderne i listerne.")
    wanted = [slug for slug in wanted if slug in known]
    if len(wanted) > MAX_COMPARED:
        comparison.invalid = True
        comparison.problems.append(
            f"Du kan højst sammenligne {MAX_COMPARED} metoder ad gangen, men valgte {len(wanted)}. "
            "Fravælg nogle af dem."
        )
    elif len(wanted) == 1 and not comparison.invalid:
        comparison.problems.append("Vælg mindst én metode mere for at se en sammenligning.")

    wanted = wanted[:MAX_COMPARED]
    if wanted:
        chosen = db.session.scalars(
            published(Method)
            .where(Method.slug.in_(wanted))
            .options(selectinload(Method.areas), selectinload(Method.municipalities))
        )
        by_slug = {method.slug: method for method in chosen}
        comparison.methods = [by_slug[slug] for slug in wanted if slug in by_slug]
    return comparison
