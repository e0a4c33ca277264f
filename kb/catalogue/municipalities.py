"""Queries for municipalities and the methods they use."""

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kb.extensions import db
from kb.models import Method, Municipality
from kb.models.links import method_municipality
from kb.vocabulary import PUBLISHED


def method_count():
    """A correlated column: the number of published methods the municipality in the row uses."""
    return (
        select(func.count())
        .select_from(method_municipality)
        .join(Method, Method.id == method_municipality.c.method_id)
        .where(method_municipality.c.municipality_id == Municipality.id, Method.status == PUBLISHED)
        .scalar_subquery()
    )


def list_municipalities() -> list[tuple[Municipality, int]]:
    """Every municipality (the region last) with the number of published methods it uses."""
    rows = db.session.execute(select(Municipality, method_count()).order_by(Municipality.kind, Municipality.name))
    return [(municipality, n) for municipality, n in rows]


def municipality_page(slug: str) -> Municipality:
    municipality = db.session.scalars(
        select(Municipality)
        .where(Municipality.slug == slug)
        .options(selectinload(Municipality.methods).selectinload(Method.areas))
    ).first()
    if municipality is None:
        abort(404)
    return municipality


def municipality_record(slug: str) -> tuple[Municipality, int]:
    """A municipality and the number of published methods it uses; 404 when there is none."""
    row = db.session.execute(select(Municipality, method_count()).where(Municipality.slug == slug)).first()
    if row is None:
        abort(404)
    return row[0], row[1]
