"""Queries for municipalities and the methods they use."""

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kb.extensions import db
from kb.models import Method, Municipality
from kb.models.links import method_municipality
from kb.vocabulary import PUBLISHED


def list_municipalities() -> list[tuple[Municipality, int]]:
    """Every municipality (the region last) with the number of published methods it uses."""
    count = (
        select(func.count())
        .select_from(method_municipality)
        .join(Method, Method.id == method_municipality.c.method_id)
        .where(method_municipality.c.municipality_id == Municipality.id, Method.status == PUBLISHED)
        .scalar_subquery()
    )
    rows = db.session.execute(select(Municipality, count).order_by(Municipality.kind, Municipality.name))
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
