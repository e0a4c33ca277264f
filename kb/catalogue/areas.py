"""Queries for intervention areas."""

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import load_only, selectinload

from kb.catalogue.common import one_published_or_404, published
from kb.catalogue.conferences import conferences_linking
from kb.catalogue.methods import method_rows
from kb.catalogue.paging import ListPage, paginate
from kb.extensions import db
from kb.models import Conference, DevelopmentArea, InterventionArea, Method
from kb.models.links import development_area_area, method_area
from kb.vocabulary import PUBLISHED

# What an area's entry in the lists shows, and how it finds its place under its parent.
_AREA_ROW = (InterventionArea.slug, InterventionArea.name, InterventionArea.summary, InterventionArea.parent_id)


@dataclass
class AreaCount:
    """A published area with the number of published methods linked to it directly, and its sub-areas."""

    area: InterventionArea
    methods: int
    children: list["AreaCount"] = field(default_factory=list)


def list_areas() -> list[AreaCount]:
    """Published top-level areas by name with method counts, each with its published sub-areas (two queries)."""
    areas = db.session.scalars(
        published(InterventionArea).options(load_only(*_AREA_ROW)).order_by(InterventionArea.name)
    ).all()
    counts = dict(
        db.session.execute(
            select(method_area.c.intervention_area_id, func.count())
            .join(Method, Method.id == method_area.c.method_id)
            .where(Method.status == PUBLISHED)
            .group_by(method_area.c.intervention_area_id)
        ).all()
    )
    tops = {area.id: AreaCount(area, counts.get(area.id, 0)) for area in areas if area.parent_id is None}
    for area in areas:
        if area.parent_id in tops:
            tops[area.parent_id].children.append(AreaCount(area, counts.get(area.id, 0)))
    return list(tops.values())


def area_choices() -> list[InterventionArea]:
    """Every published area by name, for filter menus."""
    statement = published(InterventionArea).options(load_only(InterventionArea.slug, InterventionArea.name))
    return list(db.session.scalars(statement.order_by(InterventionArea.name)))


@dataclass
class AreaPage:
    """What an intervention area's page shows."""

    area: InterventionArea
    methods: ListPage
    development_areas: list[DevelopmentArea]
    conferences: list[Conference]


def area_page(slug: str, page: int = 1) -> AreaPage:
    """A published area with page `page` of its methods (its sub-areas' too), development areas and conferences."""
    area = one_published_or_404(
        InterventionArea, slug, selectinload(InterventionArea.parent), selectinload(InterventionArea.children)
    )
    area_ids = [area.id] + [child.id for child in area.children]
    methods = paginate(
        method_rows(published(Method))
        .where(Method.id.in_(select(method_area.c.method_id).where(method_area.c.intervention_area_id.in_(area_ids))))
        .order_by(Method.name, Method.id),
        page,
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
    return AreaPage(area, methods, list(development_areas), conferences)
