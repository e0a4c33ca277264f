"""Queries for municipalities and the methods they use."""

from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import load_only

from kb.catalogue.common import published
from kb.catalogue.methods import method_rows
from kb.catalogue.paging import ListPage, paginate
from kb.extensions import db
from kb.models import Method, Municipality
from kb.models.links import method_municipality
from kb.vocabulary import PUBLISHED


def method_counts(municipality_ids: list[int] | None = None) -> dict[int, int]:
    """The number of published methods each municipality uses (all, or those in `municipality_ids`)."""
    # One GROUP BY over the links: a count per municipality as a correlated subquery scans every link once per
    # municipality, since the link table's key starts with the method. The few unpublished methods are left
    # out by id rather than by joining every link to its method: the links are then read in municipality
    # order from their index and counted as they come, with no join and no sort.
    unpublished = select(Method.id).where(Method.status != PUBLISHED)
    statement = (
        select(method_municipality.c.municipality_id, func.count())
        .where(method_municipality.c.method_id.not_in(unpublished))
        .group_by(method_municipality.c.municipality_id)
    )
    if municipality_ids is not None:
        statement = statement.where(method_municipality.c.municipality_id.in_(municipality_ids))
    return dict(db.session.execute(statement).all())


def list_municipalities() -> list[tuple[Municipality, int]]:
    """Every municipality (the region last) with the number of published methods it uses (two queries)."""
    counts = method_counts()
    return [(municipality, counts.get(municipality.id, 0)) for municipality in municipality_choices()]


def municipality_choices() -> list[Municipality]:
    """Every municipality (the region last), for filter menus."""
    statement = select(Municipality).options(
        load_only(Municipality.slug, Municipality.name, Municipality.short_name, Municipality.kind)
    )
    return list(db.session.scalars(statement.order_by(Municipality.kind, Municipality.name)))


@dataclass
class MunicipalityPage:
    """A municipality with one page of the published methods it uses."""

    municipality: Municipality
    methods: ListPage


def municipality_page(slug: str, page: int = 1) -> MunicipalityPage:
    """The municipality with `slug` and page `page` of its published methods by name; 404 when there is none."""
    municipality = db.session.scalars(select(Municipality).where(Municipality.slug == slug)).first()
    if municipality is None:
        abort(404)
    used = select(method_municipality.c.method_id).where(method_municipality.c.municipality_id == municipality.id)
    methods = paginate(method_rows(published(Method)).where(Method.id.in_(used)).order_by(Method.name, Method.id), page)
    return MunicipalityPage(municipality, methods)


def municipality_record(slug: str) -> tuple[Municipality, int]:
    """A municipality and the number of published methods it uses; 404 when there is none."""
    municipality = db.session.scalars(select(Municipality).where(Municipality.slug == slug)).first()
    if municipality is None:
        abort(404)
    return municipality, method_counts([municipality.id]).get(municipality.id, 0)
