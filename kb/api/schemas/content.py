"""Schemas of the content kinds: a short form for lists and the full public record for details."""

from datetime import date

from marshmallow import Schema, fields

from kb.api.schemas.common import (
    Computed,
    KeptList,
    PublishedRef,
    PublishedRefs,
    UtcDateTime,
    api_url,
    is_public,
    page_url,
)
from kb.catalogue.provenance import sources_of
from kb.vocabulary import EVIDENCE_LEVELS


def _addresses(kind: str) -> dict[str, fields.Field]:
    return {
        "url": Computed(
            lambda item: page_url(kind, item.slug),
            required=True,
            metadata={"format": "uri", "description": "Siden på Metodebasen"},
        ),
        "api_url": Computed(
            lambda item: api_url(kind, item.slug),
            required=True,
            metadata={"format": "uri", "description": "Elementet i API'et"},
        ),
    }


class Stamped(Schema):
    """Identity, timestamps and per-value provenance flags every content item has."""

    slug = fields.String(required=True)
    updated_at = UtcDateTime(required=True, metadata={"description": "Senest ændret (UTC)"})
    illustrative = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Felter, hvis værdi er et eksempel, ikke en kendsgerning (vises som »Eksempel«)"},
    )
    unverified = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Felter med udsagn, som ingen kilde endnu bekræfter (vises som »Skal verificeres«)"},
    )


class ReferenceSchema(Schema):
    """A source behind an item: a seed document, or a public page or paper with an exact URL or DOI."""

    title = fields.String(required=True)
    authors = fields.String(required=True)
    publisher = fields.String(required=True)
    published = fields.String(required=True, metadata={"description": "Datoen, som kilden selv angiver den"})
    year = fields.Integer(required=True, allow_none=True)
    url = fields.String(required=True)
    doi = fields.String(required=True)
    read_on = fields.Date(required=True, allow_none=True, metadata={"description": "Dagen, kilden blev læst"})
    document = fields.String(required=True, metadata={"description": "Kildedokumentets filnavn, ellers tom"})


class SourcesField(fields.List):
    """The references behind the object, read when it is serialised (one query; details only)."""

    def serialize(self, attr, obj, accessor=None, **kwargs):
        """Serialise the object's references."""
        return self._serialize(sources_of(obj), attr, obj, **kwargs)


class Sourced(Schema):
    """The sources of a full record."""

    sources = SourcesField(fields.Nested(ReferenceSchema), required=True)


# --- Methods -------------------------------------------------------------------------------------------------


class AliasSchema(Schema):
    """Another name the method is known by."""

    text = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "forkortelse, tidligere navn, engelsk navn …"})


class MethodItemSchema(Stamped):
    """A method in a list."""

    name = fields.String(required=True)
    url, api_url = _addresses("method").values()
    summary = fields.String(required=True)
    evidence_level = fields.String(required=True, metadata={"enum": list(EVIDENCE_LEVELS)})
    evidence_label = fields.String(required=True)
    age_min = fields.Integer(required=True, allow_none=True)
    age_max = fields.Integer(required=True, allow_none=True)
    aliases = fields.List(fields.Nested(AliasSchema), required=True)
    areas = PublishedRefs("area")


class EvidenceSourceSchema(Schema):
    """A source behind the local evidence assessment."""

    title = fields.String(required=True)
    url = fields.String(required=True)


class ExternalRatingSchema(Schema):
    """Another body's rating, kept apart from the local assessment."""

    source = fields.String(required=True)
    rating = fields.String(required=True)
    url = fields.String(required=True)


def _overdue(method) -> str | None:
    overdue = method.review_overdue_since(date.today())
    return overdue.isoformat() if overdue else None


class MethodSchema(MethodItemSchema, Sourced):
    """Everything public about a method, with its links from both ends."""

    created_at = UtcDateTime(required=True)
    description = fields.String(required=True, metadata={"description": "HTML (renset)"})
    target_group = fields.String(required=True)
    age_range = fields.String(required=True, metadata={"description": "Aldersgruppen i ord"})
    ffb_terms = fields.List(fields.String(), required=True)
    outcomes = fields.List(fields.String(), required=True)
    core_elements = fields.List(fields.String(), required=True)
    manual = fields.String(required=True)
    training = fields.String(required=True)
    supervision = fields.String(required=True)
    fidelity = fields.String(required=True)
    licence = fields.String(required=True)
    cost = fields.String(required=True)
    evidence_rationale = fields.String(required=True)
    assessed_on = fields.Date(required=True, allow_none=True)
    review_on = fields.Date(required=True, allow_none=True)
    review_overdue_since = Computed(
        _overdue,
        required=True,
        allow_none=True,
        metadata={
            "format": "date",
            "description": "Næste gennemgang, når datoen er overskredet (»Vurderingen skulle have været gennemgået …«)",
        },
    )
    follow_up = fields.String(required=True, metadata={"description": "Mål og opfølgning"})
    evidence_sources = fields.List(fields.Nested(EvidenceSourceSchema), required=True)
    external_ratings = fields.List(fields.Nested(ExternalRatingSchema), required=True)
    contact = fields.String(required=True)
    municipalities = PublishedRefs("municipality")
    development_areas = PublishedRefs("development_area")
    conferences = PublishedRefs("conference", metadata={"description": "Konferencer, der omtaler metoden"})


# --- Intervention areas --------------------------------------------------------------------------------------


class AreaItemSchema(Stamped):
    """An intervention area in a list."""

    name = fields.String(required=True)
    url, api_url = _addresses("area").values()
    summary = fields.String(required=True)
    parent = PublishedRef("area")


class AreaSchema(AreaItemSchema, Sourced):
    """Everything public about an intervention area, with its methods, development areas and conferences."""

    created_at = UtcDateTime(required=True)
    description = fields.String(required=True, metadata={"description": "HTML (renset)"})
    ffb_terms = fields.List(fields.String(), required=True)
    children = PublishedRefs("area")
    method_count = fields.Integer(required=True, metadata={"description": "Antal metoder i området og underområderne"})
    methods_url = fields.String(
        required=True, metadata={"format": "uri", "description": "Listen over metoderne (sidevis)"}
    )
    development_areas = PublishedRefs("development_area")
    conferences = PublishedRefs("conference")


# --- Framework agreements and development areas ---------------------------------------------------------------


class AgreementItemSchema(Stamped):
    """A framework agreement in a list."""

    title = fields.String(required=True)
    url, api_url = _addresses("agreement").values()
    start_year = fields.Integer(required=True)
    end_year = fields.Integer(required=True)
    period = fields.String(required=True)
    summary = fields.String(required=True)


class AgreementSchema(AgreementItemSchema, Sourced):
    """Everything public about a framework agreement."""

    created_at = UtcDateTime(required=True)
    description = fields.String(required=True, metadata={"description": "HTML (renset)"})
    development_areas = PublishedRefs("development_area")


class DevelopmentAreaItemSchema(Stamped):
    """A development area in a list."""

    title = fields.String(required=True)
    url, api_url = _addresses("development_area").values()
    progress = fields.String(required=True, metadata={"description": "planlagt, i gang eller afsluttet"})
    summary = fields.String(required=True)
    agreement = PublishedRef("agreement")


class DevelopmentAreaSchema(DevelopmentAreaItemSchema, Sourced):
    """Everything public about a development area."""

    created_at = UtcDateTime(required=True)
    description = fields.String(required=True, metadata={"description": "HTML (renset)"})
    areas = PublishedRefs("area")
    methods = PublishedRefs("method")
    conferences = PublishedRefs("conference")


# --- People, organisations, municipalities ---------------------------------------------------------------------


class PersonItemSchema(Stamped):
    """A person in a list."""

    name = fields.String(required=True)
    url, api_url = _addresses("person").values()
    title = fields.String(required=True)
    organisation = fields.String(required=True)


class AppearanceSchema(Schema):
    """A person's part in a programme item of a published conference."""

    conference = PublishedRef("conference", attribute="item.conference")
    item_title = fields.String(required=True, attribute="item.title")
    item_kind = fields.String(required=True, attribute="item.kind")
    starts_at = fields.Time(required=True, allow_none=True, attribute="item.starts_at", format="%H:%M")
    role = fields.String(required=True)
    role_label = fields.String(required=True)


class PersonSchema(PersonItemSchema, Sourced):
    """Everything public about a person, with every appearance."""

    created_at = UtcDateTime(required=True)
    note = fields.String(required=True)
    appearances = KeptList(fields.Nested(AppearanceSchema), lambda speaker: is_public(speaker.item.conference))


class OrganisationItemSchema(Stamped):
    """An organisation in a list."""

    name = fields.String(required=True)
    url, api_url = _addresses("organisation").values()
    description = fields.String(required=True)
    website = Computed(
        lambda organisation: organisation.url, required=True, metadata={"description": "Organisationens hjemmeside"}
    )


class OrganisationSchema(OrganisationItemSchema, Sourced):
    """Everything public about an organisation, with the conferences it organised."""

    created_at = UtcDateTime(required=True)
    conferences = PublishedRefs("conference")


class MunicipalityItemSchema(Schema):
    """A municipality (or the region) with the number of published methods it uses."""

    slug = fields.String(required=True)
    name = fields.String(required=True)
    url, api_url = _addresses("municipality").values()
    short_name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": ["kommune", "region"]})
    method_count = fields.Integer(required=True)


class MunicipalitySchema(MunicipalityItemSchema):
    """A municipality with the address of its methods (a paged list: a municipality may use thousands)."""

    methods_url = fields.String(required=True, metadata={"format": "uri"})


# --- Simple pages (sider) ----------------------------------------------------------------------------------------


class PageItemSchema(Stamped):
    """A simple page in a list."""

    title = fields.String(required=True)
    url, api_url = _addresses("page").values()
    summary = fields.String(required=True)


class PageSchema(PageItemSchema):
    """Everything public about a simple page."""

    created_at = UtcDateTime(required=True)
    body = fields.String(required=True, metadata={"description": "HTML (renset)"})
