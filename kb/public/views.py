"""Public pages. Each view parses the request, calls one catalogue function and renders."""

import math

from flask import Response, abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from kb.catalogue import feeds
from kb.catalogue.agreements import (
    agreement_page,
    current_development_areas,
    development_area_page,
    list_agreements,
)
from kb.catalogue.areas import area_choices, area_page, list_areas
from kb.catalogue.conferences import (
    conference_page,
    latest_conferences,
    list_conferences,
    list_organisations,
    list_people,
    organisation_page,
    person_page,
)
from kb.catalogue.methods import MethodFilters, evidence_counts, list_methods, method_page
from kb.catalogue.municipalities import list_municipalities, municipality_choices, municipality_page
from kb.catalogue.pages import page_page
from kb.catalogue.paging import page_argument
from kb.catalogue.prioritisation import summarise as summarise_prioritisation
from kb.catalogue.sitemap import part_size, published_counts, sitemap_entries, sitemap_size, urlset_xml
from kb.models.base import utcnow
from kb.public import bp
from kb.public_address import page_url
from kb.ratelimit import limit_searches
from kb.search import search as run_search
from kb.search.params import parse_search_args
from kb.services import search_log, shortlinks, uploads
from kb.services.qr import qr_response
from kb.weburl import safe_next


@bp.get("/")
def index():
    """The front page."""
    return render_template(
        "public/index.html",
        areas=list_areas(),
        conferences=latest_conferences(3),
        development_areas=current_development_areas(),
        evidence=evidence_counts(),
    )


@bp.get("/metoder")
def method_list():
    """The methods, filtered by area, target group, evidence, municipality and name."""
    filters = MethodFilters.from_args(request.args)
    areas = area_choices()
    municipalities = municipality_choices()
    if filters.area and filters.area not in {a.slug for a in areas}:
        filters.problems.append("Det valgte indsatsområde findes ikke og er ikke brugt.")
        filters.area = ""
    if filters.municipality and filters.municipality not in {m.slug for m in municipalities}:
        filters.problems.append("Den valgte kommune findes ikke og er ikke brugt.")
        filters.municipality = ""
    return render_template(
        "public/method_list.html",
        methods=list_methods(filters, page_argument(request.args)),
        filters=filters,
        areas=areas,
        municipalities=municipalities,
    )


@bp.get("/metoder/<slug:slug>")
def method_detail(slug):
    """A method's page."""
    return render_template("public/method_detail.html", page=method_page(slug))


@bp.get("/indsatsomraader")
def area_list():
    """The intervention areas."""
    return render_template("public/area_list.html", areas=list_areas())


@bp.get("/indsatsomraader/<slug:slug>")
def area_detail(slug):
    """An intervention area's page with its methods."""
    return render_template("public/area_detail.html", page=area_page(slug, page_argument(request.args)))


@bp.get("/konferencer")
def conference_list():
    """The conferences, newest first."""
    return render_template("public/conference_list.html", conferences=list_conferences(page_argument(request.args)))


@bp.get("/konferencer/<slug:slug>")
def conference_detail(slug):
    """A conference's page with its programme, outputs and prioritisation chart."""
    conference = conference_page(slug)
    return render_template(
        "public/conference_detail.html", conference=conference, prioritisation=summarise_prioritisation(conference)
    )


@bp.get("/rammeaftaler")
def agreement_list():
    """The framework agreements."""
    return render_template("public/agreement_list.html", agreements=list_agreements())


@bp.get("/rammeaftaler/<slug:slug>")
def agreement_detail(slug):
    """A framework agreement's page with its development areas."""
    return render_template("public/agreement_detail.html", agreement=agreement_page(slug))


@bp.get("/udviklingsomraader/<slug:slug>")
def development_area_detail(slug):
    """A development area's page."""
    return render_template("public/development_area_detail.html", page=development_area_page(slug))


@bp.get("/personer")
def person_list():
    """The people who have appeared at conferences."""
    return render_template("public/person_list.html", people=list_people(page_argument(request.args)))


@bp.get("/personer/<slug:slug>")
def person_detail(slug):
    """A person's page with every appearance."""
    return render_template("public/person_detail.html", person=person_page(slug))


@bp.get("/organisationer")
def organisation_list():
    """The organisations."""
    organisations = list_organisations(page_argument(request.args))
    return render_template("public/organisation_list.html", organisations=organisations)


@bp.get("/organisationer/<slug:slug>")
def organisation_detail(slug):
    """An organisation's page with its conferences."""
    return render_template("public/organisation_detail.html", organisation=organisation_page(slug))


@bp.get("/sider/<slug:slug>")
def page_detail(slug):
    """A simple page (Side), e.g. one moved in from the old Plone site."""
    return render_template("public/page_detail.html", page=page_page(slug))


@bp.get("/kommuner")
def municipality_list():
    """The municipalities and the region."""
    return render_template("public/municipality_list.html", municipalities=list_municipalities())


@bp.get("/kommuner/<slug:slug>")
def municipality_detail(slug):
    """A municipality's page with the methods it uses."""
    return render_template("public/municipality_detail.html", page=municipality_page(slug, page_argument(request.args)))


@bp.get("/evidensskala")
def evidence_scale():
    """The evidence scale, with how many methods have each level."""
    return render_template("public/evidence_scale.html", evidence=evidence_counts())


@bp.get("/om")
def about():
    """About Metodebasen."""
    return render_template("public/about.html")


@bp.get("/soeg")
@limit_searches
def search():
    """The search page: results, facets and "Mente du …?"."""
    search_request, problems = parse_search_args(request.args)
    results = run_search(search_request) if search_request.query else None
    if results is not None and search_request.page == 1:
        search_log.record_search(search_request.query, results.total)
    return render_template(
        "public/search.html",
        search_request=search_request,
        results=results,
        problems=problems,
        areas=[] if search_request.query else list_areas(),
    )


@bp.get("/soeg/aabn")
def open_result():
    """A result opened from the search page: counted for the editors' insights, then sent on (same site only)."""
    target = safe_next(request.args.get("til", ""))
    if target is None:
        abort(404)
    search_log.record_open(request.args.get("q", "")[:1000])
    return redirect(target, code=303)


@bp.get("/filer/<key>/<name>")
def download(key, name):
    """An uploaded file, as a download."""
    upload = uploads.find_public(key, name)
    if upload is None:
        if current_user.is_authenticated and len(key) <= 64:
            # An editor following a file link in a preview: fetch it privately through the editor area.
            response = redirect(url_for("editor.download", key=key, name=name))
            response.headers["Cache-Control"] = "private, no-store"
            return response
        abort(404)
    return uploads.send(upload, public=True)


@bp.get("/filer/<int:upload_id>/<name>")
def download_numbered(upload_id, name):
    """Addresses from before files had keys: public files move permanently, others are unknown."""
    upload = uploads.find_public_numbered(upload_id, name)
    if upload is None:
        abort(404)
    return redirect(upload.path, code=301)


@bp.get("/l/<code>")
def short_link(code):
    """Where a short code leads: a redirect, or a 410 page that says why it no longer does."""
    if len(code) > 12:
        abort(404)
    resolution = shortlinks.resolve(code)
    if resolution is None:
        abort(404)
    if resolution.url is None:
        return render_template("public/link_gone.html", resolution=resolution), 410
    return redirect(resolution.url, code=302)


@bp.get("/l/<code>/qr.svg", defaults={"fmt": "svg"})
@bp.get("/l/<code>/qr.png", defaults={"fmt": "png"})
def short_link_qr(code, fmt):
    """A short link's QR code as SVG or PNG."""
    code = shortlinks.normalise_code(code)
    if len(code) > 12 or shortlinks.code_exists(code) is False:
        abort(404)
    return qr_response(url_for("public.short_link", code=code, _external=True), fmt)


@bp.get("/sitemap.xml")
def sitemap():
    """sitemap.xml: every list and published item, or an index of parts."""
    counts = published_counts()
    size, part = sitemap_size(counts), part_size()
    if size <= part:
        body = urlset_xml(sitemap_entries(counts))
    else:
        parts = [url_for("public.sitemap_part", number=n, _external=True) for n in range(1, math.ceil(size / part) + 1)]
        body = render_template("public/sitemap_index.xml", parts=parts)
    return Response(body, mimetype="application/xml")


@bp.get("/sitemap-<int:number>.xml")
def sitemap_part(number):
    """One part of a sitemap index."""
    counts = published_counts()
    size, part = sitemap_size(counts), part_size()
    if size <= part or not 1 <= number <= math.ceil(size / part):
        abort(404)
    entries = sitemap_entries(counts, (number - 1) * part, number * part)
    return Response(urlset_xml(entries), mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    """robots.txt."""
    body = "User-agent: *\nDisallow: /redaktion/\nDisallow: /konto/\nDisallow: /api/\n"
    body += f"Sitemap: {url_for('public.sitemap', _external=True)}\n"
    return Response(body, mimetype="text/plain")


@bp.get("/feed.xml", defaults={"slug": None})
@bp.get("/indsatsomraader/<slug:slug>/feed.xml")
def feed(slug):
    """The Atom feed of new and changed content, for the library or one intervention area."""
    entries = feeds.latest(slug)
    if entries is None:
        abort(404)
    area_title = next((e.title for e in entries if e.kind == "Indsatsområde"), "") if slug else ""
    response = make_response(
        render_template(
            "public/feed.xml",
            entries=entries,
            title=f"Metodebasen: {area_title}" if slug else "Nyt i Metodebasen",
            self_url=page_url(),
            page_url=url_for("public.area_detail", slug=slug, _external=True)
            if slug
            else url_for("public.index", _external=True),
            now=utcnow(),
        )
    )
    response.mimetype = "application/atom+xml"
    return response
