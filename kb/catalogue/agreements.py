"""Queries for framework agreements and development areas."""

from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from kb.catalogue.common import one_published_or_404, published
from kb.catalogue.conferences import conferences_linking
from kb.extensions import db
from kb.models import Conference, DevelopmentArea, FrameworkAgreement, Method


def list_agreements() -> list[FrameworkAgreement]:
    """Published agreements, newest first, with their development areas."""
    statement = (
        published(FrameworkAgreement)
        .options(selectinload(FrameworkAgreement.development_areas))
        .order_by(FrameworkAgreement.start_year.desc())
    )
    return list(db.session.scalars(statement))


def current_development_areas() -> list[DevelopmentArea]:
    """The development areas of the newest published agreement."""
    newest = db.session.scalars(
        published(FrameworkAgreement)
        .options(selectinload(FrameworkAgreement.development_areas))
        .order_by(FrameworkAgreement.start_year.desc(), FrameworkAgreement.id.desc())
        .limit(1)
    ).first()
    return [d for d in newest.development_areas if d.is_published] if newest else []


def agreement_page(slug: str) -> FrameworkAgreement:
    """The published framework agreement with `slug` and its development areas, or 404."""
    return one_published_or_404(
        FrameworkAgreement,
        slug,
        selectinload(FrameworkAgreement.development_areas).selectinload(DevelopmentArea.areas),
        selectinload(FrameworkAgreement.development_areas).selectinload(DevelopmentArea.methods),
    )


@dataclass
class DevelopmentAreaPage:
    """What a development area's page shows."""

    development_area: DevelopmentArea
    conferences: list[Conference]


def development_area_page(slug: str) -> DevelopmentAreaPage:
    """A published development area with its agreement, areas, methods and the conferences linking it."""
    development_area = one_published_or_404(
        DevelopmentArea,
        slug,
        selectinload(DevelopmentArea.agreement),
        selectinload(DevelopmentArea.areas),
        selectinload(DevelopmentArea.methods).selectinload(Method.aliases),
    )
    return DevelopmentAreaPage(development_area, conferences_linking("development_area", [development_area.id]))
