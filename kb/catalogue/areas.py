"""Queries for intervention areas."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb.catalogue.common import one_published_or_404, published
from kb.catalogue.conferences import conferences_linking
from kb.extensions import db
from kb.models import Conference, DevelopmentArea, InterventionArea, Method
from kb.models.links import development_area_area, method_area


def list_areas() -> list[InterventionArea]:
    """Published top-level areas by name, each with its children and methods loaded."""
    statement = (
        published(InterventionArea)
        .where(InterventionArea.parent_id.is_(None))
        .options(
            selectinload(InterventionArea.methods),
            selectinload(InterventionArea.children).selectinload(InterventionArea.methods),
        )
        .order_by(InterventionArea.name)
    )
    return list(db.session.scalars(statement))


def area_choices() -> list[InterventionArea]:
    """Every published area by name, for filter menus."""
    return list(db.session.scalars(published(InterventionArea).order_by(InterventionArea.name)))


@dataclass
class AreaPage:
    area: InterventionArea
    methods: list[Method]
    development_areas: list[DevelopmentArea]
    conferences: list[Conference]


def area_page(slug: str) -> AreaPage:
    """A published area with its methods (its sub-areas' too), development areas and conferences."""
    area = one_published_or_404(
        InterventionArea, slug, selectinload(InterventionArea.parent), selectinload(InterventionArea.children)
    )
    area_ids = [area.id] + [child.id for child in area.children]
    methods = db.session.scalars(
        published(Method)
        .where(Method.id.in_(select(method_area.c.method_id).where(method_area.c.intervention_area_id.in_(area_ids))))
        .options(selectinload(Method.aliases))
        .order_by(Method.name)
    )
    development_areas = db.session.scalars(
        published(DevelopmentArea)
        .where(
            DevelopmentArea.id.in_(
                select(development_area_area.c.development_area_id).where(
                    development_area_area.c.intervention_area_id.in_(area_ids)
                )
            )
        )
        .options(selectinload(DevelopmentArea.agreement))
        .order_by(DevelopmentArea.title)
    )
    conferences = conferences_linking("area", area_ids)
    return AreaPage(area, list(methods), list(development_areas), conferences)
