"""The open data API (/api/v1/<kind>): published content only, filters, paging, links both ways, caching."""

import pytest

from kb.extensions import db
from kb.models import FrameworkAgreement, InterventionArea, Method, Organisation, Page, PrioritisationResult
from tests import factories

LISTS = [
    "methods",
    "areas",
    "conferences",
    "agreements",
    "development-areas",
    "people",
    "organisations",
    "municipalities",
    "pages",
]


@pytest.fixture
def linked(app):
    """Published content linked every way, a draft method and a development area of a draft agreement."""
    with app.app_context():
        area = factories.area("Hjemløshed", slug="hjemloeshed")
        child = factories.area("Unge hjemløse", slug="unge-hjemloese", parent=area)
        housing = factories.method("Housing First", aliases=["HF"], slug="housing-first", age_min=18)
        housing.areas = [area]
        aarhus = factories.municipality("Aarhus")
        aarhus.slug = "aarhus"
        housing.municipalities = [aarhus]
        youth = factories.method("Ungeindsats", slug="ungeindsats", age_min=13, age_max=17, evidence_level="moderat")
        youth.areas = [child]
        draft = factories.method("Hemmelig metode", slug="hemmelig", status="draft")
        draft.areas = [area]
        speaker = factories.person("Knud Aarup", slug="knud-aarup", title="Direktør")
        hidden_speaker = factories.person("Skjult Person", slug="skjult", status="draft")
        conference = factories.conference("Januarkonference", slug="januarkonference")
        conference.organisers = [Organisation(name="KKR Midtjylland", slug="kkr-midtjylland")]
        item = factories.programme_item(conference, "Vi ved, hvad der virker", speakers=[speaker, hidden_speaker])
        item.methods = [housing, draft]
        factories.output(conference, "Slides fra dagen", url="https://example.org/slides.pdf")
        conference.prioritisation = [
            PrioritisationResult(round_label="Runde 1", area_label="Hjemløshed", area=area, votes=7, position=0)
        ]
        agreement = factories.agreement(slug="rammeaftale-2021-22")
        development_area = factories.development_area(agreement, slug="komplekse")
        development_area.areas = [area]
        development_area.methods = [housing]
        draft_agreement = factories.agreement("Udkast", slug="udkast", start_year=2030, end_year=2031, status="draft")
        factories.development_area(draft_agreement, "Skjult udviklingsområde", slug="skjult-udvikling")
        db.session.add(Page(title="Om Metodecenteret", slug="om-metodecenteret", body="<p>Tekst</p>"))
        db.session.add(Page(title="Kladde", slug="kladde-side", status="draft"))
        db.session.commit()
    return app


@pytest.fixture
def api(linked):
    return linked.test_client()


@pytest.mark.parametrize("kind", LISTS)
def test_every_list_pages_with_totals_and_links(api, kind):
    body = api.get(f"/api/v1/{kind}?per_page=1").get_json()
    assert set(body) == {"items", "total", "page", "per_page", "pages", "links"}
    assert body["total"] >= 1 and len(body["items"]) == 1
    assert body["pages"] == body["total"]
    assert body["links"]["prev"] is None
    assert body["links"]["first"].endswith(f"/api/v1/{kind}?per_page=1&page=1")
    if body["total"] > 1:
        assert body["links"]["next"].endswith(f"/api/v1/{kind}?per_page=1&page=2")
        second = api.get(body["links"]["next"]).get_json()
        assert second["links"]["prev"].endswith("page=1")
        assert second["items"] != body["items"]
    item = body["items"][0]
    assert api.get(item["api_url"]).status_code == 200
    assert item["url"].startswith("http://localhost/")


def test_drafts_appear_nowhere(api):
    methods = api.get("/api/v1/methods?per_page=100").get_json()
    assert "hemmelig" not in [m["slug"] for m in methods["items"]]
    assert methods["total"] == 2
    assert api.get("/api/v1/methods/hemmelig").status_code == 404
    area = api.get("/api/v1/areas/hjemloeshed").get_json()
    assert area["method_count"] == 2
    assert "hemmelig" not in [m["slug"] for m in api.get(area["methods_url"]).get_json()["items"]]
    conference = api.get("/api/v1/conferences/januarkonference").get_json()
    item = conference["programme"][0]
    assert [m["slug"] for m in item["methods"]] == ["housing-first"]
    assert [s["person"]["slug"] for s in item["speakers"]] == ["knud-aarup"]
    assert api.get("/api/v1/people/skjult").status_code == 404
    assert api.get("/api/v1/pages/kladde-side").status_code == 404
    assert api.get("/api/v1/pages/om-metodecenteret").get_json()["body"] == "<p>Tekst</p>"


def test_a_development_area_of_an_unpublished_agreement_is_not_public(api):
    listed = api.get("/api/v1/development-areas").get_json()
    assert [d["slug"] for d in listed["items"]] == ["komplekse"]
    assert api.get("/api/v1/development-areas/skjult-udvikling").status_code == 404
    assert "udkast" not in [a["slug"] for a in api.get("/api/v1/agreements").get_json()["items"]]


def test_a_method_links_both_ways_as_slugs_and_addresses(api):
    method = api.get("/api/v1/methods/housing-first").get_json()
    assert method["areas"] == [
        {
            "slug": "hjemloeshed",
            "name": "Hjemløshed",
            "url": "http://localhost/indsatsomraader/hjemloeshed",
            "api_url": "http://localhost/api/v1/areas/hjemloeshed",
        }
    ]
    assert [m["slug"] for m in method["municipalities"]] == ["aarhus"]
    assert [d["slug"] for d in method["development_areas"]] == ["komplekse"]
    assert [c["slug"] for c in method["conferences"]] == ["januarkonference"]
    assert method["aliases"] == [{"text": "HF", "kind": "forkortelse"}]
    area = api.get("/api/v1/areas/hjemloeshed").get_json()
    assert {m["slug"] for m in api.get(area["methods_url"]).get_json()["items"]} == {"housing-first", "ungeindsats"}
    assert [c["slug"] for c in area["children"]] == ["unge-hjemloese"]
    development_area = api.get("/api/v1/development-areas/komplekse").get_json()
    assert development_area["agreement"]["slug"] == "rammeaftale-2021-22"
    assert [m["slug"] for m in development_area["methods"]] == ["housing-first"]


def test_a_conference_carries_programme_speakers_outputs_and_prioritisation(api):
    conference = api.get("/api/v1/conferences/januarkonference").get_json()
    item = conference["programme"][0]
    assert item["title"] == "Vi ved, hvad der virker"
    assert item["starts_at"] == "16:00"
    assert item["speakers"][0]["person"]["name"] == "Knud Aarup"
    assert conference["outputs"][0]["title"] == "Slides fra dagen"
    assert conference["outputs"][0]["url"] == "https://example.org/slides.pdf"
    assert conference["prioritisation"] == [
        {
            "round": "Runde 1",
            "area_label": "Hjemløshed",
            "area": {
                "slug": "hjemloeshed",
                "name": "Hjemløshed",
                "url": "http://localhost/indsatsomraader/hjemloeshed",
                "api_url": "http://localhost/api/v1/areas/hjemloeshed",
            },
            "votes": 7,
        }
    ]
    assert [o["slug"] for o in conference["organisers"]] == ["kkr-midtjylland"]
    organisation = api.get("/api/v1/organisations/kkr-midtjylland").get_json()
    assert [c["slug"] for c in organisation["conferences"]] == ["januarkonference"]
    person = api.get("/api/v1/people/knud-aarup").get_json()
    assert [a["conference"]["slug"] for a in person["appearances"]] == ["januarkonference"]


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("area=hjemloeshed", ["housing-first", "ungeindsats"]),
        ("area=unge-hjemloese", ["ungeindsats"]),
        ("target_group=unge", ["ungeindsats"]),
        ("age=40", ["housing-first"]),
        ("evidence=moderat", ["ungeindsats"]),
        ("municipality=aarhus", ["housing-first"]),
        ("q=hf", ["housing-first"]),
        ("area=findes-ikke", []),
        ("sort=-name", ["ungeindsats", "housing-first"]),
    ],
)
def test_the_method_list_filters_and_sorts_like_the_public_list(api, query, slugs):
    body = api.get(f"/api/v1/methods?{query}").get_json()
    assert [m["slug"] for m in body["items"]] == slugs
    assert body["total"] == len(slugs)


def test_other_lists_filter_by_year_area_and_name(api):
    assert api.get("/api/v1/conferences?year=2015").get_json()["total"] == 1
    assert api.get("/api/v1/conferences?year=2016").get_json()["total"] == 0
    assert api.get("/api/v1/conferences?area=hjemloeshed").get_json()["total"] == 0
    assert api.get("/api/v1/conferences?method=housing-first").get_json()["total"] == 1
    assert api.get("/api/v1/agreements?year=2022").get_json()["total"] == 1
    assert api.get("/api/v1/agreements?year=2023").get_json()["total"] == 0
    assert api.get("/api/v1/people?q=aarup").get_json()["total"] == 1
    assert api.get("/api/v1/development-areas?agreement=rammeaftale-2021-22").get_json()["total"] == 1
    assert api.get("/api/v1/development-areas?agreement=udkast").get_json()["total"] == 0
    assert api.get("/api/v1/development-areas?area=unge-hjemloese").get_json()["total"] == 0
    assert api.get("/api/v1/areas?top_level=true").get_json()["total"] == 1
    assert api.get("/api/v1/areas?parent=hjemloeshed").get_json()["total"] == 1
    municipality = api.get("/api/v1/municipalities/aarhus").get_json()
    assert municipality["method_count"] == 1
    assert api.get(municipality["methods_url"]).get_json()["items"][0]["slug"] == "housing-first"


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/methods?per_page=0", "per_page"),
        ("/api/v1/methods?per_page=101", "per_page"),
        ("/api/v1/methods?page=abc", "page"),
        ("/api/v1/methods?sort=price", "sort"),
        ("/api/v1/methods?evidence=ukendt", "evidence"),
        ("/api/v1/methods?target_group=%3Cb%3E", "target_group"),
        ("/api/v1/methods?age=-1", "age"),
        ("/api/v1/methods?area=%3Cscript%3E", "area"),
        ("/api/v1/methods?q=" + "x" * 201, "q"),
        ("/api/v1/conferences?year=99999", "year"),
        ("/api/v1/areas?top_level=kanske", "top_level"),
        ("/api/v1/development-areas?progress=snart", "progress"),
        ("/api/v1/municipalities?kind=by", "kind"),
    ],
)
def test_every_bad_parameter_is_a_json_400_naming_it(api, path, parameter):
    response = api.get(path)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error == {**error, "code": "invalid_parameter", "status": 400, "parameter": parameter}
    assert error["message"]


def test_unknown_items_and_methods_answer_json_errors(api):
    missing = api.get("/api/v1/methods/findes-ikke")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"
    not_allowed = api.post("/api/v1/methods")
    assert not_allowed.status_code == 405
    assert not_allowed.get_json()["error"]["code"] == "method_not_allowed"
    assert "GET" in not_allowed.headers["Allow"]
    past_the_end = api.get("/api/v1/methods?page=99").get_json()
    assert past_the_end["page"] == past_the_end["pages"] == 1
    assert past_the_end["links"]["next"] is None


def test_unchanged_content_answers_304_to_its_etag(linked):
    api = linked.test_client()
    first = api.get("/api/v1/methods/housing-first")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = api.get("/api/v1/methods/housing-first", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    with linked.app_context():
        db.session.scalar(db.select(Method).where(Method.slug == "housing-first")).summary = "Ny tekst"
        db.session.commit()
    changed = api.get("/api/v1/methods/housing-first", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != first.headers["ETag"]


def test_a_renamed_linked_item_changes_the_etag_of_lists_showing_it(linked):
    api = linked.test_client()
    before = api.get("/api/v1/methods").headers["ETag"]
    with linked.app_context():
        area = db.session.scalar(db.select(InterventionArea).where(InterventionArea.slug == "hjemloeshed"))
        area.name = "Hjemløshed og boligløshed"
        db.session.commit()
    response = api.get("/api/v1/methods", headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response.get_json()["items"][0]["areas"][0]["name"] == "Hjemløshed og boligløshed"


def test_publishing_an_agreement_publishes_its_development_areas(linked):
    api = linked.test_client()
    with linked.app_context():
        agreement = db.session.scalar(db.select(FrameworkAgreement).where(FrameworkAgreement.slug == "udkast"))
        agreement.status = "published"
        db.session.commit()
    assert api.get("/api/v1/development-areas").get_json()["total"] == 2
    assert api.get("/api/v1/development-areas/skjult-udvikling").status_code == 200


def test_any_site_may_read_the_api(api):
    response = api.get("/api/v1/areas", headers={"Origin": "https://kommune.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = api.options(
        "/api/v1/areas",
        headers={"Origin": "https://kommune.example", "Access-Control-Request-Headers": "If-None-Match"},
    )
    assert preflight.status_code == 200
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert "Set-Cookie" not in response.headers


def test_the_openapi_document_is_3_1_and_describes_every_operation(api):
    document = api.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    paths = set(document["paths"])
    for kind in LISTS:
        assert {f"/api/v1/{kind}", f"/api/v1/{kind}/{{slug}}"} <= paths
    assert {"/api/v1/search", "/api/v1/suggest"} <= paths
    method = document["components"]["schemas"]["Method"]
    assert method["properties"]["age_min"]["type"] == ["integer", "null"]
    parameters = {p["name"] for p in document["paths"]["/api/v1/methods"]["get"]["parameters"]}
    assert {"area", "target_group", "evidence", "age", "municipality", "q", "page", "per_page", "sort"} <= parameters


def test_a_list_page_costs_the_same_queries_however_many_items_it_shows(linked, count_queries):
    api = linked.test_client()
    with count_queries() as one:
        api.get("/api/v1/methods?per_page=1")
    with count_queries() as many:
        api.get("/api/v1/methods?per_page=100")
    assert many.count == one.count
    assert any("count(" in statement.lower() for statement in many.statements)


def test_the_danish_documentation_page_lists_every_operation_and_is_linked(api):
    page = api.get("/api").get_data(as_text=True)
    assert "Åbne data: Metodebasens API" in page
    for kind in LISTS:
        assert f"GET /api/v1/{kind}/{{slug}}" in page
    assert "GET /api/v1/search" in page and "/api/v1/openapi.json" in page
    assert "Sidenummer (fra 1)" in page
    about = api.get("/om").get_data(as_text=True)
    assert about.count('href="/api"') == 2  # the footer and the text


@pytest.mark.parametrize("kind", LISTS)
def test_control_characters_in_typed_text_are_cleaned_not_refused(api, kind):
    response = api.get(f"/api/v1/{kind}?q=%00hus%01")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
