"""Queries for methods: filtered lists and a method page with everything it links to."""

from dataclasses import dataclass, field

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import load_only, selectinload

from kb.catalogue.common import normalise_query, one_published_or_404, published, slug_argument
from kb.catalogue.conferences import conferences_linking
from kb.catalogue.paging import ListPage, paginate
from kb.extensions import db
from kb.models import Conference, DevelopmentArea, InterventionArea, Method, MethodAlias, Municipality
from kb.models.links import development_area_method, method_area, method_municipality
from kb.vocabulary import AGE_BANDS, EVIDENCE_LEVELS, PUBLISHED


@dataclass
class MethodFilters:
    """The list filters a practitioner can combine; unknown values are dropped, never an error."""

    area: str = ""
    target_group: str = ""
    evidence: str = ""
    municipality: str = ""
    name: str = ""
    age: int | None = None  # methods whose age range includes this age (the API's filter)
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args) -> "MethodFilters":
        """The filters in the query arguments; unknown values are ignored."""
        filters = cls(
            area=slug_argument(args.get("omraade", "")),
            target_group=slug_argument(args.get("maalgruppe", "")),
            evidence=slug_argument(args.get("evidens", "")),
            municipality=slug_argument(args.get("kommune", "")),
            name=normalise_query(args.get("navn", "")),
        )
        if filters.target_group and filters.target_group not in AGE_BANDS:
            filters.problems.append("Den valgte målgruppe findes ikke og er ikke brugt.")
            filters.target_group = ""
        if filters.evidence and filters.evidence not in EVIDENCE_LEVELS:
            filters.problems.append("Det valgte evidensniveau findes ikke og er ikke brugt.")
            filters.evidence = ""
        return filters

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return any((self.area, self.target_group, self.evidence, self.municipality, self.name, self.age is not None))


# What a method's row in a list shows (templates/_macros.html, method_list): loading only these keeps a page
# of rows from carrying descriptions, outcomes and the rest of each method.
# A row shows the evidence level with its "Eksempel" flag, so the flags travel with the row.
LIST_COLUMNS = (
    Method.slug,
    Method.name,
    Method.summary,
    Method.evidence_level,
    Method.age_min,
    Method.age_max,
    Method.illustrative,
)


def method_rows(statement: Select) -> Select:
    """`statement` (a select of methods) loading only what a list row shows, with the abbreviations."""
    return statement.options(load_only(*LIST_COLUMNS), selectinload(Method.aliases))


def list_methods(filters: MethodFilters, page: int = 1) -> ListPage:
    """Page `page` of the published methods matching every active filter, by name."""
    return paginate(method_rows(filtered_methods(filters)).order_by(Method.name, Method.id), page)


def filtered_methods(filters: MethodFilters) -> Select:
    """SELECT of the published methods matching every active filter (the public list's and the API's)."""
    statement = published(Method)
    if filters.area:
        area_ids = select(InterventionArea.id).where(
            or_(
                InterventionArea.slug == filters.area,
                InterventionArea.parent.has(InterventionArea.slug == filters.area),
            )
        )
        statement = statement.where(
            Method.id.in_(select(method_area.c.method_id).where(method_area.c.intervention_area_id.in_(area_ids)))
        )
    if filters.target_group:
        _label, low, high = AGE_BANDS[filters.target_group]
        statement = statement.where(
            or_(Method.age_min.is_(None), Method.age_min <= high),
            or_(Method.age_max.is_(None), Method.age_max >= low),
        )
    if filters.age is not None:
        statement = statement.where(
            or_(Method.age_min.is_(None), Method.age_min <= filters.age),
            or_(Method.age_max.is_(None), Method.age_max >= filters.age),
        )
    if filters.evidence:
        statement = statement.where(Method.evidence_level == filters.evidence)
    if filters.municipality:
        statement = statement.where(
            Method.id.in_(
                select(method_municipality.c.method_id)
                .join(Municipality, Municipality.id == method_municipality.c.municipality_id)
                .where(Municipality.slug == filters.municipality)
            )
        )
    if filters.name:
        pattern = f"%{filters.name.lower()}%"
        statement = statement.where(
            or_(
                func.lower(Method.name).like(pattern),
                Method.aliases.any(func.lower(MethodAlias.text).like(pattern)),
            )
        )
    return statement


@dataclass
class MethodPage:
    """What a method's page shows."""

    method: Method
    conferences: list[Conference]
    development_areas: list[DevelopmentArea]


def method_page(slug: str) -> MethodPage:
    """A published method with its links from both ends; 404 when there is none."""
    method = one_published_or_404(
        Method,
        slug,
        selectinload(Method.aliases),
        selectinload(Method.evidence_sources),
        selectinload(Method.external_ratings),
        selectinload(Method.areas).selectinload(InterventionArea.parent),
        selectinload(Method.municipalities),
    )
    return MethodPage(
        method=method,
        conferences=conferences_linking("method", [method.id]),
        development_areas=list(
            db.session.scalars(
                published(DevelopmentArea)
                .join(development_area_method)
                .where(development_area_method.c.method_id == method.id)
                .options(selectinload(DevelopmentArea.agreement))
                .order_by(DevelopmentArea.title)
            )
        ),
    )


def evidence_counts() -> dict[str, int]:
    """Number of published methods at each evidence level (levels with none included as 0)."""
    rows = db.session.execute(
        select(Method.evidence_level, func.count()).where(Method.status == PUBLISHED).group_by(Method.evidence_level)
    )
    counts = dict.fromkeys(EVIDENCE_LEVELS, 0)
    counts.update({level: n for level, n in rows})
    return counts
