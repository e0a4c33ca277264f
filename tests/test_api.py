"""The JSON API contract: /api/v1/search and /api/v1/suggest."""

import pytest


def test_search_answers_the_documented_shape(seeded_client):
    response = seeded_client.get("/api/v1/search?q=multisystemisk%20terapi")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"query", "total", "page", "per_page", "results", "facets", "suggestion", "relaxed_to"}
    assert body["query"] == "multisystemisk terapi"
    assert body["page"] == 1 and body["per_page"] == 10
    assert body["total"] >= 1
    first = body["results"][0]
    assert set(first) == {"type", "slug", "title", "url", "snippet", "score", "context"}
    assert first == {
        **first,
        "type": "method",
        "slug": "multisystemisk-terapi",
        "url": "/metoder/multisystemisk-terapi",
    }
    assert set(body["facets"]) == {"type", "area", "target_group", "evidence", "year"}
    facet_value = body["facets"]["type"][0]
    assert set(facet_value) == {"value", "label", "count", "selected"}


def test_search_filters_and_paginates(seeded_client):
    body = seeded_client.get("/api/v1/search?q=unge&type=method&evidence=moderat&per_page=2&page=1").get_json()
    assert body["per_page"] == 2
    assert len(body["results"]) <= 2
    assert all(result["type"] == "method" for result in body["results"])
    selected = [v for v in body["facets"]["evidence"] if v["selected"]]
    assert [v["value"] for v in selected] == ["moderat"]


def test_search_with_target_group_and_area_filters(seeded_client):
    body = seeded_client.get("/api/v1/search?q=behandling&target_group=unge&area=udsatte-boern-og-unge").get_json()
    assert body["total"] >= 1


def test_drafts_never_leak_through_the_api(seeded_app):
    from kb.extensions import db
    from kb.models import Method

    with seeded_app.app_context():
        method = db.session.scalar(db.select(Method).where(Method.slug == "housing-first"))
        method.status = "draft"
        db.session.commit()
    client = seeded_app.test_client()
    body = client.get("/api/v1/search?q=housing%20first").get_json()
    assert "housing-first" not in [r["slug"] for r in body["results"]]
    suggestions = client.get("/api/v1/suggest?q=housing").get_json()["suggestions"]
    assert "Housing First" not in [s["title"] for s in suggestions]


def test_suggest_completes_what_is_typed(seeded_client):
    body = seeded_client.get("/api/v1/suggest?q=famil").get_json()
    assert body["query"] == "famil"
    titles = [s["title"] for s in body["suggestions"]]
    assert "Familierådslagning" in titles
    assert set(body["suggestions"][0]) == {"type", "type_label", "title", "url"}


@pytest.mark.parametrize(
    ("query_string", "parameter"),
    [
        ("q=unge&type=ukendt", "type"),
        ("q=unge&page=0", "page"),
        ("q=unge&page=abc", "page"),
        ("q=unge&per_page=51", "per_page"),
        ("q=unge&per_page=-3", "per_page"),
        ("q=unge&evidence=ukendt", "evidence"),
        ("q=unge&target_group=%00", "target_group"),
        ("q=unge&year=abc", "year"),
        ("q=unge&area=%3Cscript%3E", "area"),
        ("q=" + "a" * 5000, "q"),
    ],
)
def test_bad_parameters_get_a_json_400(seeded_client, query_string, parameter):
    response = seeded_client.get(f"/api/v1/search?{query_string}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400
    assert error["parameter"] == parameter
    assert error["message"]


@pytest.mark.parametrize(
    "query",
    ['"', "%22unbalanced", "AND", "OR", "NOT", "*", "(", ")", "a%20AND%20(b", "%00", "%01%02%03", "%ff%fe", "x" * 999],
)
def test_nothing_a_client_sends_yields_a_500(seeded_client, query):
    for path in ("/api/v1/search", "/api/v1/suggest"):
        response = seeded_client.get(f"{path}?q={query}")
        assert response.status_code in (200, 400), (path, query)
        assert response.mimetype == "application/json"


def test_unknown_api_paths_answer_json(seeded_client):
    response = seeded_client.get("/api/v1/findes-ikke")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404
    response = seeded_client.post("/api/v1/search")
    assert response.status_code in (400, 405)
    assert response.mimetype == "application/json"
