"""Search insights for editors: anonymous daily counts, shown past a threshold, kept for a limited time."""

from datetime import timedelta

from sqlalchemy import inspect, select

from kb.extensions import db
from kb.models import SearchQueryDay
from kb.models.base import utcnow
from kb.services import search_log
from tests.accounts import csrf_token, signed_in_editor


def stored_rows(app) -> list[SearchQueryDay]:
    with app.app_context():
        search_log.flush()
        rows = list(db.session.scalars(select(SearchQueryDay).order_by(SearchQueryDay.query)))
        db.session.expunge_all()
        return rows


def test_only_the_normalised_query_a_day_and_counts_are_stored_never_who_searched(seeded_app):
    editor = signed_in_editor(seeded_app)  # signed in, with a session cookie, behind a proxy
    editor.get("/soeg?q=Hjemløse,   BORGERE!", headers={"X-Forwarded-For": "203.0.113.9", "User-Agent": "Spion/1.0"})
    with seeded_app.app_context():
        columns = {column["name"] for column in inspect(db.engine).get_columns("search_query_day")}
    assert columns == {"id", "day", "query", "searches", "zero_results", "opened"}
    [row] = stored_rows(seeded_app)
    assert (row.query, row.day) == ("hjemløse borgere", utcnow().date())
    assert (row.searches, row.zero_results, row.opened) == (1, 0, 0)
    with seeded_app.app_context():
        dump = repr([tuple(r) for r in db.session.execute(select(SearchQueryDay.__table__))])
    for identifying in ("203.0.113.9", "Spion", "redaktoer", "Rikke"):
        assert identifying not in dump


def test_searches_are_counted_with_those_that_found_nothing_and_the_results_opened(seeded_client, seeded_app):
    for _ in range(3):
        seeded_client.get("/soeg?q=qwxzv")
    seeded_client.get("/soeg?q=housing+first")
    seeded_client.get("/soeg?q=housing+first&page=2")  # paging is not a new search
    response = seeded_client.get("/soeg/aabn?q=housing+first&til=/metoder/housing-first")
    assert response.status_code == 303 and response.location == "/metoder/housing-first"
    counts = {row.query: (row.searches, row.zero_results, row.opened) for row in stored_rows(seeded_app)}
    assert counts == {"qwxzv": (3, 3, 0), "housing first": (1, 0, 1)}


def test_opening_a_result_only_ever_sends_the_reader_to_a_page_on_this_site(seeded_client):
    hostile = ("https://evil.example/", "//evil.example/", "/\\evil.example/", "/\t/evil.example", "", "javascript:x")
    for target in hostile:
        response = seeded_client.get("/soeg/aabn", query_string={"q": "mst", "til": target})
        assert response.status_code == 404, target


def test_the_results_on_the_search_page_are_opened_through_the_counter(seeded_client):
    html = seeded_client.get("/soeg?q=housing+first").get_data(as_text=True)
    assert "/soeg/aabn?q=housing+first&amp;til=/metoder/housing-first" in html


def test_recording_can_be_switched_off(seeded_app):
    seeded_app.config["KB_SEARCH_LOG"] = False
    seeded_app.test_client().get("/soeg?q=hjemløse")
    assert stored_rows(seeded_app) == []


def test_editors_see_a_query_only_once_it_was_searched_three_times_that_week(seeded_app):
    editor = signed_in_editor(seeded_app)
    for _ in range(2):
        editor.get("/soeg?q=sjælden+søgning")
    assert "sjælden søgning" not in editor.get("/redaktion/soegninger").get_data(as_text=True)
    editor.get("/soeg?q=sjælden+søgning")
    html = editor.get("/redaktion/soegninger").get_data(as_text=True)
    assert "sjælden søgning" in html
    assert "Hyppigste søgninger" in html and "Søgninger uden resultater" in html
    assert "Søgninger, hvor ingen resultater blev åbnet" in html


def test_last_weeks_counts_are_on_last_weeks_page(seeded_app):
    last_week = utcnow().date() - timedelta(days=7)
    with seeded_app.app_context():
        db.session.add(SearchQueryDay(day=last_week, query="gammel søgning", searches=5, zero_results=0, opened=0))
        db.session.commit()
    editor = signed_in_editor(seeded_app)
    year, week, _ = last_week.isocalendar()
    assert "gammel søgning" not in editor.get("/redaktion/soegninger").get_data(as_text=True)
    assert "gammel søgning" in editor.get(f"/redaktion/soegninger?uge={year}-W{week:02d}").get_data(as_text=True)
    assert editor.get("/redaktion/soegninger?uge=ikke-en-uge").status_code == 200


def test_a_synonym_added_from_a_zero_result_query_makes_it_find_results(seeded_app):
    editor = signed_in_editor(seeded_app)
    for _ in range(3):
        editor.get("/soeg?q=qwxzv")
    token = csrf_token(editor, "/redaktion/soegninger")
    response = editor.post(
        "/redaktion/soegninger/synonym", data={"query": "qwxzv", "term": "housing first", "csrf_token": token}
    )
    assert response.status_code == 302
    html = editor.get(response.location).get_data(as_text=True)
    assert "»qwxzv« betyder nu det samme som »housing first«" in html
    assert "Housing First" in editor.get("/soeg?q=qwxzv").get_data(as_text=True)


def test_an_unusable_synonym_is_explained_not_saved(seeded_app):
    editor = signed_in_editor(seeded_app)
    token = csrf_token(editor, "/redaktion/soegninger")
    response = editor.post(
        "/redaktion/soegninger/synonym", data={"query": "qwxzv", "term": "qwxzv", "csrf_token": token}
    )
    assert "mindst to forskellige ord" in editor.get(response.location).get_data(as_text=True)


def test_the_public_cannot_see_the_insights(seeded_client):
    assert seeded_client.get("/redaktion/soegninger").status_code in (302, 401, 403)
    assert seeded_client.post("/redaktion/soegninger/synonym", data={"query": "x", "term": "y"}).status_code in (
        302,
        400,
        401,
        403,
    )


def test_the_purge_command_removes_rows_older_than_the_retention_and_keeps_the_rest(app):
    today = utcnow().date()
    with app.app_context():
        for age in (0, 89, 90, 400):
            db.session.add(SearchQueryDay(day=today - timedelta(days=age), query=f"{age} dage", searches=3))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["kb", "purge-search-log"])
    assert result.exit_code == 0 and "Deleted 2" in result.output
    assert [row.query for row in stored_rows(app)] == ["0 dage", "89 dage"]
    app.config["KB_SEARCH_LOG_RETENTION_DAYS"] = 1
    app.test_cli_runner().invoke(args=["kb", "purge-search-log"])
    assert [row.query for row in stored_rows(app)] == ["0 dage"]


def test_the_about_page_says_what_is_kept_and_for_how_long(client):
    html = client.get("/om").get_data(as_text=True)
    assert "ingen IP-adresse" in html and "90 dage" in html and "mindst 3 gange" in html
