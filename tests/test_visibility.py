"""One visibility rule (issue 11, finding 4): what the public may see is decided in one place and holds for
pages, lists, sitemap, feeds, search documents, suggestions, counts and the API."""

import pytest

from kb.extensions import db
from kb.search.documents import build_document
from kb.visibility import is_visible
from tests import factories


@pytest.fixture
def draft_agreement(app):
    """A published development area whose framework agreement is still a draft."""
    with app.app_context():
        agreement = factories.agreement("Hemmelig rammeaftale", slug="hemmelig-aftale", status="draft")
        factories.development_area(agreement, "Synligt udviklingsområde", slug="synligt-udvikling")
        method = factories.method("Synlig metode", slug="synlig-metode")
        area = factories.area("Synligt område", slug="synligt-omraade")
        agreement.development_areas[0].methods = [method]
        agreement.development_areas[0].areas = [area]
        conference = factories.conference("Synlig konference", slug="synlig-konference")
        conference.development_areas = list(agreement.development_areas)
        db.session.commit()
    return app


def test_a_development_area_under_a_draft_agreement_is_not_public(draft_agreement, client):
    assert client.get("/udviklingsomraader/synligt-udvikling").status_code == 404
    for path in (
        "/metoder/synlig-metode",
        "/indsatsomraader/synligt-omraade",
        "/konferencer/synlig-konference",
        "/rammeaftaler",
        "/oversigter/rosetten",
        "/oversigter/evidens-og-huller",
    ):
        page = client.get(path).get_data(as_text=True)
        assert "Synligt udviklingsområde" not in page, path
        assert "Hemmelig rammeaftale" not in page and "hemmelig-aftale" not in page, path


def test_a_development_area_under_a_draft_agreement_is_in_no_sitemap_or_feed(draft_agreement, client):
    for path in ("/sitemap.xml", "/feed.xml"):
        body = client.get(path).get_data(as_text=True)
        assert "synligt-udvikling" not in body, path
        assert "Synligt udviklingsområde" not in body, path


def test_a_development_area_under_a_draft_agreement_is_not_searchable(draft_agreement, client):
    results = client.get("/api/v1/search?q=udviklingsområde").get_json()["results"]
    assert all(hit["slug"] != "synligt-udvikling" for hit in results)
    suggestions = client.get("/api/v1/suggest?q=synligt").get_json()["suggestions"]
    assert all("udviklingsområde" not in s["title"] for s in suggestions)


def test_the_rule_itself_hides_drafts_and_children_of_hidden_agreements(draft_agreement):
    from kb.models import DevelopmentArea, FrameworkAgreement

    with draft_agreement.app_context():
        development_area = db.session.query(DevelopmentArea).one()
        assert development_area.is_published and not is_visible(development_area)
        db.session.query(FrameworkAgreement).one().status = "published"
        assert is_visible(development_area)


def test_an_area_document_leaves_out_an_unpublished_parents_name(app):
    with app.app_context():
        parent = factories.area("Hemmeligt forældreområde", status="draft")
        child = factories.area("Offentligt underområde", parent=parent)
        db.session.commit()
        document = build_document("area", child)
    assert "Hemmeligt" not in document.get("related", "")
    assert "hemmeligt" not in document["spelling"].lower()


def test_an_unpublished_parents_name_finds_nothing_and_is_never_suggested(app, client):
    with app.app_context():
        parent = factories.area("Skjultnavnområde", status="draft")
        factories.area("Offentligt underområde", parent=parent)
        db.session.commit()
    body = client.get("/api/v1/search?q=skjultnavnområde").get_json()
    assert body["results"] == []
    misspelt = client.get("/api/v1/search?q=skjultnavnomrde").get_json()
    assert "skjultnavn" not in (misspelt["suggestion"] or "").lower()
    page = client.get("/soeg?q=skjultnavnomraade").get_data(as_text=True)
    assert "Skjultnavn" not in page and "skjultnavn" not in page.split("<main", 1)[-1].replace("skjultnavnomraade", "")


def test_the_people_list_counts_only_appearances_in_published_conferences(app, client):
    with app.app_context():
        person = factories.person("Tælle Person", slug="taelle-person")
        public = factories.conference("Offentlig konference")
        hidden = factories.conference("Kladdekonference", status="draft")
        factories.programme_item(public, "Åbent oplæg", speakers=[person])
        factories.programme_item(hidden, "Skjult oplæg", speakers=[person])
        factories.programme_item(hidden, "Skjult oplæg 2", speakers=[person])
        db.session.commit()
    page = client.get("/personer").get_data(as_text=True)
    card = page.split("Tælle Person", 1)[1][:400]
    assert "1 optræden" in card
    assert "3 optrædener" not in card
