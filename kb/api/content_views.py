"""Lists and details of every content kind. Each view calls one catalogue or listing function."""

from flask import request, url_for
from werkzeug.http import http_date

from kb.api import bp
from kb.api.listing import Annotated, ListPage, list_page
from kb.api.schemas import arguments, content
from kb.api.schemas.common import ErrorSchema, page_schema
from kb.api.schemas.conferences import ConferenceItemSchema, ConferenceSchema
from kb.catalogue.agreements import agreement_page, development_area_page
from kb.catalogue.areas import area_page
from kb.catalogue.conferences import conference_page, organisation_page, person_page
from kb.catalogue.methods import method_page
from kb.catalogue.municipalities import municipality_record
from kb.catalogue.pages import page_page

TAG = "Indhold"
CACHE_HEADERS = {
    "ETag": {"description": "Versionsmærke; send det i If-None-Match for at få 304", "schema": {"type": "string"}},
    "Last-Modified": {"description": "Senest ændrede indhold i svaret", "schema": {"type": "string"}},
}


def _list(arguments_schema, item_schema, name: str, summary: str):
    """The decorators of a list endpoint: validated arguments, the page schema, 304 and 400."""
    page = page_schema(item_schema, name)

    def decorate(view):
        view = bp.doc(summary=summary, tags=[TAG])(view)
        view = bp.alt_response(304, description="Uændret siden sidst (If-None-Match)")(view)
        view = bp.response(200, page, headers=CACHE_HEADERS)(view)
        return bp.arguments(arguments_schema, location="query", error_status_code=400)(view)

    return decorate


def _detail(schema, summary: str):
    """The decorators of a detail endpoint: the schema, 304 and 404."""

    def decorate(view):
        view = bp.doc(summary=summary, tags=[TAG])(view)
        view = bp.alt_response(404, schema=ErrorSchema, description="Findes ikke eller er ikke publiceret")(view)
        view = bp.alt_response(304, description="Uændret siden sidst (If-None-Match)")(view)
        return bp.response(200, schema, headers=CACHE_HEADERS)(view)

    return decorate


def _last_modified(*items) -> dict[str, str]:
    """A Last-Modified header: the newest change among `items` (and the lists among them)."""
    stamps = []
    for item in items:
        for element in item if isinstance(item, list) else [item]:
            stamp = getattr(element, "updated_at", None)
            if stamp is not None:
                stamps.append(stamp.replace(tzinfo=None))
    return {"Last-Modified": http_date(max(stamps))} if stamps else {}


def _page_body(page: ListPage):
    def link(number: int | None) -> str | None:
        if number is None:
            return None
        args = request.args.to_dict()
        args["page"] = number
        return url_for(request.endpoint, **args, _external=True)

    body = {
        "items": page.items,
        "total": page.total,
        "page": page.number,
        "per_page": page.per_page,
        "pages": page.pages,
        "links": {
            "self": link(page.number),
            "first": link(1),
            "last": link(page.pages),
            "next": link(page.number + 1) if page.number < page.pages else None,
            "prev": link(page.number - 1) if page.number > 1 else None,
        },
    }
    return body, 200, _last_modified(page.items)


@bp.get("/methods")
@_list(arguments.MethodArguments, content.MethodItemSchema, "MethodPage", "Metoder")
def method_list(args):
    """Published methods, filtered like the public list (area, target group, evidence level, age, municipality)."""
    return _page_body(list_page("method", args))


@bp.get("/methods/<slug:slug>")
@_detail(content.MethodSchema, "Metode")
def method_detail(slug):
    """A published method with its areas, municipalities, development areas and conferences."""
    page = method_page(slug)
    item = Annotated(page.method, conferences=page.conferences, development_areas=page.development_areas)
    return item, 200, _last_modified(page.method, page.method.areas, page.conferences, page.development_areas)


@bp.get("/areas")
@_list(arguments.AreaArguments, content.AreaItemSchema, "AreaPage", "Indsatsområder")
def area_list(args):
    """Published intervention areas."""
    return _page_body(list_page("area", args))


@bp.get("/areas/<slug:slug>")
@_detail(content.AreaSchema, "Indsatsområde")
def area_detail(slug):
    """A published intervention area with its sub-areas, development areas, conferences and its methods' count
    and list address (an area may hold thousands; the list pages through them)."""
    page = area_page(slug)
    item = Annotated(
        page.area,
        method_count=page.methods.total,
        methods_url=url_for("api.method_list", area=page.area.slug, _external=True),
        development_areas=page.development_areas,
        conferences=page.conferences,
    )
    return item, 200, _last_modified(page.area, page.development_areas, page.conferences)


@bp.get("/conferences")
@_list(arguments.ConferenceArguments, ConferenceItemSchema, "ConferencePage", "Konferencer")
def conference_list(args):
    """Published conferences, newest first."""
    return _page_body(list_page("conference", args))


@bp.get("/conferences/<slug:slug>")
@_detail(ConferenceSchema, "Konference med program, oplægsholdere, materialer og prioriteringer")
def conference_detail(slug):
    """A published conference with programme, speakers, outputs and prioritisation results."""
    conference = conference_page(slug)
    return conference, 200, _last_modified(conference)


@bp.get("/agreements")
@_list(arguments.AgreementArguments, content.AgreementItemSchema, "AgreementPage", "Rammeaftaler")
def agreement_list(args):
    """Published framework agreements, newest first."""
    return _page_body(list_page("agreement", args))


@bp.get("/agreements/<slug:slug>")
@_detail(content.AgreementSchema, "Rammeaftale")
def agreement_detail(slug):
    """A published framework agreement with its development areas."""
    agreement = agreement_page(slug)
    return agreement, 200, _last_modified(agreement, agreement.development_areas)


@bp.get("/development-areas")
@_list(
    arguments.DevelopmentAreaArguments, content.DevelopmentAreaItemSchema, "DevelopmentAreaPage", "Udviklingsområder"
)
def development_area_list(args):
    """Published development areas of published framework agreements."""
    return _page_body(list_page("development_area", args))


@bp.get("/development-areas/<slug:slug>")
@_detail(content.DevelopmentAreaSchema, "Udviklingsområde")
def development_area_detail(slug):
    """A published development area with its agreement, areas, methods and conferences."""
    page = development_area_page(slug)
    item = Annotated(page.development_area, conferences=page.conferences)
    return item, 200, _last_modified(page.development_area, page.development_area.methods, page.conferences)


@bp.get("/people")
@_list(arguments.PersonArguments, content.PersonItemSchema, "PersonPage", "Personer")
def person_list(args):
    """Published people."""
    return _page_body(list_page("person", args))


@bp.get("/people/<slug:slug>")
@_detail(content.PersonSchema, "Person")
def person_detail(slug):
    """A published person with every appearance at a published conference."""
    person = person_page(slug)
    return person, 200, _last_modified(person)


@bp.get("/organisations")
@_list(arguments.OrganisationArguments, content.OrganisationItemSchema, "OrganisationPage", "Organisationer")
def organisation_list(args):
    """Published organisations."""
    return _page_body(list_page("organisation", args))


@bp.get("/organisations/<slug:slug>")
@_detail(content.OrganisationSchema, "Organisation")
def organisation_detail(slug):
    """A published organisation with the conferences it organised."""
    organisation = organisation_page(slug)
    return organisation, 200, _last_modified(organisation, organisation.conferences)


@bp.get("/municipalities")
@_list(arguments.MunicipalityArguments, content.MunicipalityItemSchema, "MunicipalityPage", "Kommuner og regionen")
def municipality_list(args):
    """The municipalities of the region and the region itself, with how many published methods each uses."""
    return _page_body(list_page("municipality", args))


@bp.get("/municipalities/<slug:slug>")
@_detail(content.MunicipalitySchema, "Kommune")
def municipality_detail(slug):
    """A municipality with the number of published methods it uses and the address of that list."""
    municipality, count = municipality_record(slug)
    methods_url = url_for("api.method_list", municipality=municipality.slug, _external=True)
    return Annotated(municipality, method_count=count, methods_url=methods_url)


@bp.get("/pages")
@_list(arguments.PageArguments, content.PageItemSchema, "SimplePageList", "Sider")
def page_list(args):
    """Published simple pages (about pages, news and the like)."""
    return _page_body(list_page("page", args))


@bp.get("/pages/<slug:slug>")
@_detail(content.PageSchema, "Side")
def page_detail(slug):
    """A published simple page."""
    page = page_page(slug)
    return page, 200, _last_modified(page)
