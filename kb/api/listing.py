"""Pages of the API's lists: filters and sorting in the database, COUNT for totals, only the columns shown."""

from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import load_only, selectinload

from kb.catalogue.common import normalise_query, published
from kb.catalogue.conferences import linking_condition
from kb.catalogue.methods import LIST_COLUMNS, MethodFilters, filtered_methods
from kb.catalogue.municipalities import method_counts
from kb.catalogue.paging import ListPage, paginate
from kb.models import (
    Conference,
    DevelopmentArea,
    FrameworkAgreement,
    InterventionArea,
    Method,
    Municipality,
    Organisation,
    Page,
    Person,
)


class Annotated:
    """An item with extra attributes for serialising (links found by other queries, counts)."""

    def __init__(self, item, **extra):
        self._item = item
        self.__dict__.update(extra)

    def __getattr__(self, name):
        return getattr(self._item, name)


def _name_filter(column, raw: str | None):
    text = normalise_query(raw or "")
    return func.lower(column).contains(text.lower(), autoescape=True) if text else None


def _area_ids(slug: str):
    """Ids of the area with `slug` and of its sub-areas (a subquery)."""
    return select(InterventionArea.id).where(
        or_(InterventionArea.slug == slug, InterventionArea.parent.has(InterventionArea.slug == slug))
    )


def _methods(args: dict) -> Select:
    filters = MethodFilters(
        area=args.get("area", ""),
        target_group=args.get("target_group", ""),
        evidence=args.get("evidence", ""),
        municipality=args.get("municipality", ""),
        name=normalise_query(args.get("q", "")),
        age=args.get("age"),
    )
    area_columns = (InterventionArea.slug, InterventionArea.name, InterventionArea.status)
    return filtered_methods(filters).options(
        load_only(*LIST_COLUMNS, Method.status, Method.updated_at, Method.unverified),
        selectinload(Method.areas).load_only(*area_columns),
        selectinload(Method.aliases),
    )


def _areas(args: dict) -> Select:
    statement = published(InterventionArea).options(
        load_only(
            InterventionArea.slug,
            InterventionArea.name,
            InterventionArea.summary,
            InterventionArea.updated_at,
            InterventionArea.illustrative,
            InterventionArea.unverified,
        ),
        selectinload(InterventionArea.parent),
    )
    if args.get("parent"):
        statement = statement.where(InterventionArea.parent.has(InterventionArea.slug == args["parent"]))
    if args.get("top_level"):
        statement = statement.where(InterventionArea.parent_id.is_(None))
    return statement


def _conferences(args: dict) -> Select:
    statement = published(Conference).options(selectinload(Conference.organisers))
    if args.get("year"):
        statement = statement.where(Conference.held_on.between(date(args["year"], 1, 1), date(args["year"], 12, 31)))
    if args.get("area"):
        statement = statement.where(linking_condition("area", _area_ids(args["area"])))
    if args.get("method"):
        statement = statement.where(linking_condition("method", select(Method.id).where(Method.slug == args["method"])))
    return statement


def _agreements(args: dict) -> Select:
    statement = published(FrameworkAgreement)
    if args.get("year"):
        statement = statement.where(
            FrameworkAgreement.start_year <= args["year"], FrameworkAgreement.end_year >= args["year"]
        )
    return statement


def _development_areas(args: dict) -> Select:
    statement = published(DevelopmentArea).options(selectinload(DevelopmentArea.agreement))
    if args.get("agreement"):
        statement = statement.where(DevelopmentArea.agreement.has(FrameworkAgreement.slug == args["agreement"]))
    if args.get("area"):
        statement = statement.where(DevelopmentArea.areas.any(InterventionArea.id.in_(_area_ids(args["area"]))))
    if args.get("progress"):
        statement = statement.where(DevelopmentArea.progress == args["progress"])
    return statement


def _municipalities(args: dict) -> Select:
    statement = select(Municipality)
    if args.get("kind"):
        statement = statement.where(Municipality.kind == args["kind"])
    return statement


# Each kind: the SELECT of its list, the column the q argument searches, and its sort keys.
LISTS = {
    "method": (_methods, Method.name, {"name": Method.name, "updated": Method.updated_at}),
    "area": (_areas, InterventionArea.name, {"name": InterventionArea.name, "updated": InterventionArea.updated_at}),
    "conference": (
        _conferences,
        Conference.title,
        {"date": Conference.held_on, "title": Conference.title, "updated": Conference.updated_at},
    ),
    "agreement": (
        _agreements,
        FrameworkAgreement.title,
        {"start": FrameworkAgreement.start_year, "title": FrameworkAgreement.title},
    ),
    "development_area": (
        _development_areas,
        DevelopmentArea.title,
        {"title": DevelopmentArea.title, "updated": DevelopmentArea.updated_at},
    ),
    "person": (
        lambda args: published(Person),
        Person.name,
        {"name": Person.name, "updated": Person.updated_at},
    ),
    "organisation": (
        lambda args: published(Organisation),
        Organisation.name,
        {"name": Organisation.name, "updated": Organisation.updated_at},
    ),
    "municipality": (_municipalities, Municipality.name, {"name": Municipality.name}),
    "page": (lambda args: published(Page), Page.title, {"title": Page.title, "updated": Page.updated_at}),
}


def sort_keys(kind: str) -> tuple[str, ...]:
    """The values the sort argument of `kind`'s list accepts ('-' first for descending)."""
    keys = LISTS[kind][2]
    return tuple(key for name in keys for key in (name, f"-{name}"))


def list_page(kind: str, args: dict) -> ListPage:
    """One page of `kind`'s list, filtered by validated `args` (page, per_page, sort and the kind's filters)."""
    build, name_column, sorts = LISTS[kind]
    statement = build(args)
    condition = _name_filter(name_column, args.get("q")) if kind != "method" else None
    if condition is not None:
        statement = statement.where(condition)
    sort = args["sort"]
    column = sorts[sort.lstrip("-")]
    model = name_column.class_
    order = (column.desc(), model.id.desc()) if sort.startswith("-") else (column, model.id)
    page = paginate(statement.order_by(*order), args["page"], args["per_page"])
    if kind == "municipality":
        counts = method_counts()  # one GROUP BY for all 20; an IN list makes SQLite probe every method per id
        page.items = [Annotated(m, method_count=counts.get(m.id, 0)) for m in page.items]
    return page
