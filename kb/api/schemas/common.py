"""Schemas every resource shares: errors, links to other items, pagination and list arguments."""

from datetime import UTC

from marshmallow import Schema, fields, validate

from kb import content
from kb.content import display_name
from kb.routing import slug_address
from kb.visibility import is_visible

MAX_PER_PAGE = 100
MAX_PAGE = 10_000
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,119}$"

# Each content kind the API serves (from the content registry): path segment, public page endpoint, API detail
# endpoint, model.
KINDS = {
    kind.key: (kind.api_path, kind.public_endpoint, kind.api_endpoint, kind.model)
    for kind in content.KINDS.values()
    if kind.api_path
}


def page_url(kind: str, slug: str) -> str:
    """The absolute address of an item's public page."""
    return slug_address(KINDS[kind][1], slug)


def api_url(kind: str, slug: str) -> str:
    """The absolute address of an item in the API."""
    return slug_address(KINDS[kind][2], slug)


class ErrorDetailSchema(Schema):
    """What went wrong, in Danish, with a stable machine-readable code."""

    code = fields.String(
        required=True, metadata={"description": "Stabil kode, fx invalid_parameter, not_found, method_not_allowed"}
    )
    status = fields.Integer(required=True, metadata={"description": "HTTP-statuskoden"})
    message = fields.String(required=True, metadata={"description": "Forklaring på dansk"})
    parameter = fields.String(metadata={"description": "Den parameter, der var forkert (når én var det)"})


class ErrorSchema(Schema):
    """Every error response: {"error": {"code", "status", "message", "parameter"?}}."""

    error = fields.Nested(ErrorDetailSchema, required=True)


class Computed(fields.String):
    """A string computed from the whole object by `function` (documented as a string)."""

    def __init__(self, function, **kwargs):
        super().__init__(**kwargs)
        self.function = function

    def serialize(self, attr, obj, accessor=None, **kwargs):
        """Serialise the value the function computes from the whole object."""
        return self._serialize(self.function(obj), attr, obj, **kwargs)


class UtcDateTime(fields.DateTime):
    """A timestamp in ISO 8601 with its UTC offset (SQLite hands back naive UTC values)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class KeptList(fields.List):
    """A list that serialises only the elements `keep` accepts (e.g. speakers whose person is published)."""

    def __init__(self, inner, keep, **kwargs):
        super().__init__(inner, required=True, **kwargs)
        self.keep = keep

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize([element for element in value or [] if self.keep(element)], attr, obj, **kwargs)


def ref_schema(kind: str) -> type[Schema]:
    """A schema for a link to one published item of `kind`: slug, name, page URL and API URL."""

    class Ref(Schema):
        slug = fields.String(required=True)
        name = Computed(display_name, required=True, metadata={"description": "Navn eller titel"})
        url = Computed(lambda item: page_url(kind, item.slug), required=True, metadata={"format": "uri"})
        api_url = Computed(lambda item: api_url(kind, item.slug), required=True, metadata={"format": "uri"})

    Ref.__name__ = "".join(part.capitalize() for part in kind.split("_")) + "Ref"
    return Ref


REFS = {kind: ref_schema(kind) for kind in KINDS}


def is_public(item) -> bool:
    """Whether a linked item may be shown (items without an editorial state always may)."""
    return is_visible(item)


class PublishedRefs(KeptList):
    """A list of links to items of one kind, keeping only the published ones (drafts never leak)."""

    def __init__(self, kind: str, **kwargs):
        super().__init__(fields.Nested(REFS[kind]), is_public, **kwargs)


class PublishedRef(fields.Nested):
    """A link to one item of `kind`, or null when there is none or it is not published."""

    def __init__(self, kind: str, **kwargs):
        super().__init__(REFS[kind], required=True, allow_none=True, **kwargs)

    def _serialize(self, nested_obj, attr, obj, **kwargs):
        if nested_obj is None or not is_public(nested_obj):
            return None
        return super()._serialize(nested_obj, attr, obj, **kwargs)


class PageLinksSchema(Schema):
    """Addresses of this, the first, last, next and previous page of a list (null when there is none)."""

    self = fields.String(required=True, metadata={"format": "uri"})
    first = fields.String(required=True, metadata={"format": "uri"})
    last = fields.String(required=True, metadata={"format": "uri"})
    next = fields.String(required=True, allow_none=True, metadata={"format": "uri"})
    prev = fields.String(required=True, allow_none=True, metadata={"format": "uri"})


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """A schema for one page of a list of `item_schema`, with totals and links."""

    class Page(Schema):
        items = fields.List(fields.Nested(item_schema), required=True)
        total = fields.Integer(required=True, metadata={"description": "Antal elementer i hele listen"})
        page = fields.Integer(required=True)
        per_page = fields.Integer(required=True)
        pages = fields.Integer(required=True, metadata={"description": "Antal sider"})
        links = fields.Nested(PageLinksSchema, required=True)

    Page.__name__ = name
    return Page


def _integer(low: int, high: int, message: str, **kwargs) -> fields.Integer:
    return fields.Integer(
        validate=validate.Range(low, high, error=message),
        error_messages={"invalid": message},
        strict=False,
        **kwargs,
    )


def slug_field(description: str) -> fields.String:
    """A query argument holding a slug; anything else is a 400."""
    return fields.String(
        validate=validate.Regexp(SLUG_PATTERN, error="Værdien skal være en slug (små bogstaver, tal og bindestreger)."),
        metadata={"description": description, "pattern": SLUG_PATTERN},
    )


def text_field(description: str) -> fields.String:
    """A typed text argument, at most 200 characters."""
    return fields.String(
        validate=validate.Length(max=200, error="Teksten er for lang (højst 200 tegn)."),
        metadata={"description": description},
    )


def year_field(description: str) -> fields.Integer:
    """A year argument from 1900 to 2100."""
    return _integer(1900, 2100, "Året skal være et årstal mellem 1900 og 2100.", metadata={"description": description})


def list_arguments(sorts: tuple[str, ...], default_sort: str, name: str) -> type[Schema]:
    """The arguments every list takes: page, per_page and sort (one of `sorts`, '-' first for descending)."""

    class ListArguments(Schema):
        page = _integer(
            1,
            MAX_PAGE,
            f"Sidetallet skal være et helt tal fra 1 til {MAX_PAGE}.",
            load_default=1,
            metadata={"description": "Sidenummer (fra 1)"},
        )
        per_page = _integer(
            1,
            MAX_PER_PAGE,
            f"Antal pr. side skal være et helt tal fra 1 til {MAX_PER_PAGE}.",
            load_default=20,
            metadata={"description": f"Antal pr. side (højst {MAX_PER_PAGE})"},
        )
        sort = fields.String(
            load_default=default_sort,
            validate=validate.OneOf(sorts, error="Sorteringen findes ikke. Mulige: " + ", ".join(sorts) + "."),
            metadata={"description": "Sortering; '-' foran betyder faldende"},
        )

    ListArguments.__name__ = name
    return ListArguments
