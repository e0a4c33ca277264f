"""The public site: every page type renders in Danish, shows published content only and links both ways."""

import pytest

from kb.extensions import db
from tests import factories


@pytest.fixture
def linked_content(app):
    """A method, area, conference, person, agreement and development area, all linked to each other."""
    with app.app_context():
        area = factories.area("Hjemløshed", slug="hjemloeshed")
        method = factories.method("Housing First", aliases=["HF"], slug="housing-first", age_min=18)
        method.areas = [area]
        aarhus = factories.municipality("Aarhus")
        method.municipalities = [aarhus]
        speaker = factories.person("Knud Aarup", slug="knud-aarup", title="Direktør i Socialstyrelsen")
        conference = factories.conference("Januarkonference", slug="januarkonference")
        item = factories.programme_item(conference, "Vi skal gøre det, vi ved virker", speakers=[speaker], kind="talk")
        item.methods = [method]
        item.areas = [area]
        agreement = factories.agreement(slug="rammeaftale-2021-22")
        development_area = factories.development_area(agreement, slug="komplekse")
        development_area.areas = [area]
        conference.development_areas = [development_area]
        db.session.commit()
    return app


PAGES = [
    "/",
    "/metoder",
    "/metoder/housing-first",
    "/indsatsomraader",
    "/indsatsomraader/hjemloeshed",
    "/konferencer",
    "/konferencer/januarkonference",
    "/rammeaftaler",
    "/rammeaftaler/rammeaftale-2021-22",
    "/udviklingsomraader/komplekse",
    "/personer",
    "/personer/knud-aarup",
    "/organisationer",
    "/kommuner",
    "/evidensskala",
    "/om",
    "/soeg",
    "/soeg?q=housing",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_type_renders_in_danish(linked_content, path):
    response = linked_content.test_client().get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="da"' in html
    assert 'href="#main-content"' in html


def test_a_method_page_shows_its_links_from_both_ends(linked_content):
    client = linked_content.test_client()
    method_page = client.get("/metoder/housing-first").get_data(as_text=True)
    assert "/konferencer/januarkonference" in method_page
    assert "/indsatsomraader/hjemloeshed" in method_page
    assert "Aarhus Kommune" in method_page
    conference_page = client.get("/konferencer/januarkonference").get_data(as_text=True)
    assert "/metoder/housing-first" in conference_page
    assert "/personer/knud-aarup" in conference_page
    assert "/udviklingsomraader/komplekse" in conference_page
    area_page = client.get("/indsatsomraader/hjemloeshed").get_data(as_text=True)
    assert "/metoder/housing-first" in area_page
    assert "/konferencer/januarkonference" in area_page
    assert "/udviklingsomraader/komplekse" in area_page
    development_page = client.get("/udviklingsomraader/komplekse").get_data(as_text=True)
    assert "/konferencer/januarkonference" in development_page
    person_page = client.get("/personer/knud-aarup").get_data(as_text=True)
    assert "Vi skal gøre det, vi ved virker" in person_page


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_unpublished_content_is_never_shown(app, status):
    with app.app_context():
        area = factories.area("Rusmidler", slug="rusmidler")
        hidden = factories.method("Hemmelig metode", slug="hemmelig-metode", status=status)
        hidden.areas = [area]
        db.session.commit()
    client = app.test_client()
    # An archived item's old address explains that it is gone (410); a draft's simply does not exist.
    assert client.get("/metoder/hemmelig-metode").status_code == (410 if status == "archived" else 404)
    for path in ("/metoder", "/indsatsomraader/rusmidler", "/soeg?q=hemmelig", "/", "/indsatsomraader"):
        assert "Hemmelig metode" not in client.get(path).get_data(as_text=True), path


def test_list_filters_combine(app):
    with app.app_context():
        youth = factories.area("Adfærdsproblemer", slug="adfaerd")
        factories.method("Multisystemisk Terapi", aliases=["MST"], age_min=12, age_max=17, evidence_level="moderat")
        factories.method("Cool Kids", age_min=7, age_max=17, evidence_level="lovende").areas = [youth]
        factories.method("Housing First", age_min=18, evidence_level="moderat")
        db.session.commit()
    client = app.test_client()

    def names(query):
        html = client.get(f"/metoder?{query}").get_data(as_text=True)
        return {n for n in ("Multisystemisk Terapi", "Cool Kids", "Housing First") if f">{n}</a>" in html}

    assert names("evidens=moderat") == {"Multisystemisk Terapi", "Housing First"}
    assert names("maalgruppe=unge") == {"Multisystemisk Terapi", "Cool Kids"}
    assert names("maalgruppe=unge&evidens=moderat") == {"Multisystemisk Terapi"}
    assert names("omraade=adfaerd") == {"Cool Kids"}
    assert names("navn=mst") == {"Multisystemisk Terapi"}


@pytest.mark.parametrize(
    "query",
    [
        "evidens=noget-andet",
        "maalgruppe=%00",
        "omraade=findes-ikke",
        "kommune=<script>",
        "navn=" + "x" * 5000,
        "navn=%ff%fe",
        "navn=%00%01",
    ],
)
def test_odd_filter_values_get_a_danish_answer_not_an_error(linked_content, query):
    response = linked_content.test_client().get(f"/metoder?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)


def test_unknown_filter_values_are_explained(linked_content):
    html = linked_content.test_client().get("/metoder?omraade=findes-ikke").get_data(as_text=True)
    assert "Det valgte indsatsområde findes ikke" in html


@pytest.mark.parametrize("path", ["/metoder/findes-ikke", "/findes/ikke", "/metoder/ÆØÅ", "/personer/a%ffb"])
def test_unknown_addresses_get_the_danish_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Siden findes ikke" in html
    assert '<html lang="da"' in html


def test_a_nul_byte_in_a_page_address_gets_the_danish_400_page(client):
    """Since e27e245 every path is checked for NUL before routing (PostgreSQL refuses it in a query)."""
    response = client.get("/metoder/%00")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Forespørgslen kunne ikke forstås" in html
    assert '<html lang="da"' in html


def test_an_unexpected_error_gets_the_danish_500_page_without_details(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals: SELECT * FROM method")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Der opstod en fejl hos os" in html
    assert "secret internals" not in html
    assert "Traceback" not in html


def test_the_demo_notice_is_shown_until_switched_off(linked_content):
    client = linked_content.test_client()
    assert "Demoindhold" in client.get("/metoder/housing-first").get_data(as_text=True)
    linked_content.config["KB_DEMO_NOTICE"] = False
    assert "Demoindhold" not in client.get("/metoder/housing-first").get_data(as_text=True)


def test_pages_show_when_they_were_last_updated(linked_content):
    html = linked_content.test_client().get("/metoder/housing-first").get_data(as_text=True)
    assert "Senest opdateret" in html
