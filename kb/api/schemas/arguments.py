"""Query arguments of each list: page, per_page, sort and the same filters as the public lists."""

from marshmallow import fields, validate

from kb.api.listing import sort_keys
from kb.api.schemas.common import list_arguments, slug_field, text_field, year_field
from kb.vocabulary import AGE_BANDS, DEVELOPMENT_PROGRESS, EVIDENCE_LEVELS, MUNICIPALITY_KINDS


def _choice(values, message: str, description: str) -> fields.String:
    return fields.String(
        validate=validate.OneOf(list(values), error=message),
        metadata={"description": description},
    )


class MethodArguments(list_arguments(sort_keys("method"), "name", "MethodListArguments")):
    """Filters of the method list; unknown area or municipality slugs match nothing."""

    area = slug_field("Indsatsområdets slug (metoder i underområder tæller med)")
    target_group = _choice(AGE_BANDS, "Målgruppen findes ikke.", "Målgruppe: " + ", ".join(AGE_BANDS))
    evidence = _choice(EVIDENCE_LEVELS, "Evidensniveauet findes ikke.", "Evidensniveau: " + ", ".join(EVIDENCE_LEVELS))
    age = fields.Integer(
        validate=validate.Range(0, 120, error="Alderen skal være et helt tal fra 0 til 120."),
        error_messages={"invalid": "Alderen skal være et helt tal fra 0 til 120."},
        metadata={"description": "Metoder, hvis aldersgruppe omfatter denne alder (år)"},
    )
    municipality = slug_field("Kommunens slug: metoder, kommunen bruger")
    q = text_field("Del af navnet eller en forkortelse")


class AreaArguments(list_arguments(sort_keys("area"), "name", "AreaListArguments")):
    """Filters of the intervention area list."""

    parent = slug_field("Kun underområder af dette område")
    top_level = fields.Boolean(
        error_messages={"invalid": "top_level skal være true eller false."},
        metadata={"description": "Kun områder på øverste niveau"},
    )
    q = text_field("Del af navnet")


class ConferenceArguments(list_arguments(sort_keys("conference"), "-date", "ConferenceListArguments")):
    """Filters of the conference list."""

    year = year_field("Afholdt i dette år")
    area = slug_field("Konferencer, der omtaler området (eller et underområde)")
    method = slug_field("Konferencer, der omtaler metoden")
    q = text_field("Del af titlen")


class AgreementArguments(list_arguments(sort_keys("agreement"), "-start", "AgreementListArguments")):
    """Filters of the framework agreement list."""

    year = year_field("Aftaler, der gælder i dette år")
    q = text_field("Del af titlen")


class DevelopmentAreaArguments(list_arguments(sort_keys("development_area"), "title", "DevelopmentAreaListArguments")):
    """Filters of the development area list."""

    agreement = slug_field("Rammeaftalens slug")
    area = slug_field("Indsatsområdets slug")
    progress = _choice(DEVELOPMENT_PROGRESS, "Status findes ikke.", "Status: " + ", ".join(DEVELOPMENT_PROGRESS))
    q = text_field("Del af titlen")


class PersonArguments(list_arguments(sort_keys("person"), "name", "PersonListArguments")):
    """Filters of the people list."""

    q = text_field("Del af navnet")


class OrganisationArguments(list_arguments(sort_keys("organisation"), "name", "OrganisationListArguments")):
    """Filters of the organisation list."""

    q = text_field("Del af navnet")


class MunicipalityArguments(list_arguments(sort_keys("municipality"), "name", "MunicipalityListArguments")):
    """Filters of the municipality list."""

    kind = _choice(MUNICIPALITY_KINDS, "Typen findes ikke.", "kommune eller region")
    q = text_field("Del af navnet")


class PageArguments(list_arguments(sort_keys("page"), "title", "PageListArguments")):
    """Filters of the list of simple pages."""

    q = text_field("Del af titlen")
