"""Every published page for sitemap.xml."""

from flask import url_for
from sqlalchemy import select

from kb.extensions import db
from kb.models import (
    Conference,
    DevelopmentArea,
    FrameworkAgreement,
    InterventionArea,
    Method,
    Organisation,
    Page,
    Person,
)
from kb.visibility import visible_condition

PAGES = (
    (Method, "public.method_detail"),
    (InterventionArea, "public.area_detail"),
    (Conference, "public.conference_detail"),
    (FrameworkAgreement, "public.agreement_detail"),
    (DevelopmentArea, "public.development_area_detail"),
    (Person, "public.person_detail"),
    (Organisation, "public.organisation_detail"),
    (Page, "public.page_detail"),
)
LISTS = (
    "public.index",
    "public.method_list",
    "public.area_list",
    "public.conference_list",
    "public.agreement_list",
    "public.municipality_list",
    "public.evidence_scale",
    "public.about",
    "public.overview_index",
    "public.overview_rosette",
    "public.overview_evidence",
    "public.overview_municipalities",
    "public.overview_compare",
)


def sitemap_entries() -> list[tuple[str, str | None]]:
    """(absolute URL, last modified date) for every list and published item."""
    entries = [(url_for(endpoint, _external=True), None) for endpoint in LISTS]
    for model, endpoint in PAGES:
        rows = db.session.execute(
            select(model.slug, model.updated_at).where(visible_condition(model)).order_by(model.slug)
        )
        entries += [
            (url_for(endpoint, slug=slug, _external=True), updated.date().isoformat()) for slug, updated in rows
        ]
    return entries
