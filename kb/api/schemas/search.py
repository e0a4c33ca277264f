"""Schemas of /api/v1/search and /api/v1/suggest: the arguments they take and the bodies they answer."""

from marshmallow import Schema, fields, validate

from kb import content
from kb.api.schemas.common import SLUG_PATTERN
from kb.search.params import MAX_PAGE, MAX_RAW_QUERY_LENGTH
from kb.search.results import MAX_PER_PAGE
from kb.vocabulary import AGE_BANDS, EVIDENCE_LEVELS


def _integer(low: int, high: int, message: str, description: str) -> fields.Integer:
    return fields.Integer(
        validate=validate.Range(low, high, error=message),
        error_messages={"invalid": message},
        metadata={"description": description},
    )


class SearchArguments(Schema):
    """The search's query and filters (the same rules as kb/search/params.py, which the search page uses)."""

    q = fields.String(
        validate=validate.Length(
            max=MAX_RAW_QUERY_LENGTH, error=f"Søgningen er for lang (højst {MAX_RAW_QUERY_LENGTH} tegn)."
        ),
        metadata={"description": "Det, der søges efter (dansk fritekst; stavefejl og bøjninger tåles)"},
    )
    type = fields.String(
        validate=validate.OneOf(list(content.searchable()), error="Indholdstypen findes ikke."),
        metadata={"description": "Indholdstype: " + ", ".join(content.searchable())},
    )
    area = fields.String(
        validate=validate.Regexp(SLUG_PATTERN, error="Indsatsområdet findes ikke."),
        metadata={"description": "Indsatsområdets slug", "pattern": SLUG_PATTERN},
    )
    target_group = fields.String(
        validate=validate.OneOf(list(AGE_BANDS), error="Målgruppen findes ikke."),
        metadata={"description": "Målgruppe: " + ", ".join(AGE_BANDS)},
    )
    evidence = fields.String(
        validate=validate.OneOf(list(EVIDENCE_LEVELS), error="Evidensniveauet findes ikke."),
        metadata={"description": "Evidensniveau: " + ", ".join(EVIDENCE_LEVELS)},
    )
    year = _integer(1900, 2100, "Året skal være et årstal mellem 1900 og 2100.", "År (konferencer og aftaler)")
    page = _integer(1, MAX_PAGE, f"Sidetallet skal være et helt tal fra 1 til {MAX_PAGE}.", "Sidenummer")
    per_page = _integer(
        1, MAX_PER_PAGE, f"Antal pr. side skal være et helt tal fra 1 til {MAX_PER_PAGE}.", "Antal pr. side"
    )


class HitSchema(Schema):
    """One search result."""

    type = fields.String(required=True, metadata={"enum": list(content.searchable())})
    slug = fields.String(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "Sidens adresse (relativ)"})
    snippet = fields.String(required=True, metadata={"description": "HTML: escapet tekst med <mark> om fundne ord"})
    score = fields.Float(required=True)
    context = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Programpunkter og materialer: type og tid, konference og dato, oplægsholdere"},
    )


class FacetValueSchema(Schema):
    """One choice of a facet with its count."""

    value = fields.String(required=True, attribute="key")
    label = fields.String(required=True)
    count = fields.Integer(required=True)
    selected = fields.Boolean(required=True)


class CapSchema(Schema):
    """A cap on the work of one search that this request reached, and what was done instead."""

    parameter = fields.String(required=True, metadata={"enum": ["q", "page"]})
    message = fields.String(required=True, metadata={"description": "Dansk besked"})


class SearchResponseSchema(Schema):
    """A page of search results with facets and a spelling suggestion."""

    query = fields.String(required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    results = fields.List(fields.Nested(HitSchema), required=True)
    facets = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Nested(FacetValueSchema)),
        required=True,
        metadata={"description": "type, area, target_group, evidence, year"},
    )
    suggestion = fields.String(required=True, allow_none=True, metadata={"description": "Mente du …?"})
    relaxed_to = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Når intet har alle ordene: de ord eller orddele, resultaterne er fundet med"},
    )
    limited = fields.Boolean(
        metadata={"description": "Kun til stede (true), mens serverens søgeindeks bygges op igen: kun navne søges"}
    )
    notice = fields.String(metadata={"description": "Dansk besked til brugeren, når søgningen er begrænset"})
    caps = fields.List(
        fields.Nested(CapSchema),
        metadata={
            "description": "Kun til stede, når en grænse for én søgnings arbejde er brugt: højst 8 ord søges, "
            "og der rangeres højst 200 resultater (page × per_page); q og page i svaret er dem, der blev brugt"
        },
    )


class SuggestArguments(Schema):
    """What has been typed so far."""

    q = fields.String(
        validate=validate.Length(max=200, error="Teksten er for lang (højst 200 tegn)."),
        metadata={"description": "Det, der er skrevet indtil nu"},
    )


class SuggestionSchema(Schema):
    """One suggestion."""

    type = fields.String(required=True)
    type_label = fields.String(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True)


class SuggestResponseSchema(Schema):
    """Suggestions for what is being typed."""

    query = fields.String(required=True)
    suggestions = fields.List(fields.Nested(SuggestionSchema), required=True)
