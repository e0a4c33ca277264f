"""What operators and load balancers rely on: health checks, request ids in logs, and HTTP caching."""

import json
import logging
import re
import shutil

import pytest
from flask import make_response, session
from flask_migrate import stamp

from kb.extensions import db
from kb.models import AuditEvent
from kb.ops.requestlog import JsonFormatter
from kb.services import audit
from tests.accounts import signed_in_editor


def test_healthz_says_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_ready_when_database_index_and_schema_are(seeded_app):
    with seeded_app.app_context():
        stamp()  # the test database was made from the models; say it is at the newest migration
    response = seeded_app.test_client().get("/readyz")
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["status"] == "ready"
    assert body["checks"]["index"]["lag_entries"] == 0
    assert body["checks"]["migrations"]["database"] == body["checks"]["migrations"]["head"]


def test_readyz_is_not_ready_while_the_schema_is_behind(seeded_client):
    response = seeded_client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["migrations"]["ok"] is False


def test_readyz_is_not_ready_without_an_index(seeded_app):
    with seeded_app.app_context():
        stamp()
    shutil.rmtree(seeded_app.config["KB_INDEX_DIR"])
    response = seeded_app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["index"]["ready"] is False


def test_every_response_carries_a_request_id_and_a_well_formed_one_from_the_proxy_is_kept(client):
    assigned = client.get("/healthz").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", assigned)
    kept = client.get("/healthz", headers={"X-Request-ID": "nginx-7f3a9c21"}).headers["X-Request-ID"]
    assert kept == "nginx-7f3a9c21"
    forged = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"}).headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", forged)


def test_the_audit_log_records_the_request_id(app):
    with app.test_request_context("/", headers={"X-Request-ID": "req-12345678"}):
        app.preprocess_request()
        audit.record("test_event", "method:1")
        db.session.commit()
        assert db.session.scalar(db.select(AuditEvent.request_id)) == "req-12345678"


def test_json_log_lines_carry_the_request_id_and_the_request(app):
    record = logging.LogRecord("kb.access", logging.INFO, __file__, 1, "GET / 200", None, None)
    record.method, record.path, record.status, record.duration_ms = "GET", "/", 200, 3.2
    with app.test_request_context("/", headers={"X-Request-ID": "req-abcdefgh"}):
        app.preprocess_request()
        line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-abcdefgh"
    assert (line["method"], line["path"], line["status"], line["level"]) == ("GET", "/", 200, "INFO")


def test_an_unchanged_public_page_answers_304_to_its_etag(seeded_client):
    first = seeded_client.get("/metoder/housing-first")
    assert first.status_code == 200
    assert "no-cache" in first.headers["Cache-Control"]
    etag = first.headers["ETag"]
    again = seeded_client.get("/metoder/housing-first", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_editor_pages_get_no_etag_and_are_not_stored(seeded_client):
    response = seeded_client.get("/konto/log-ind")
    assert "ETag" not in response.headers
    assert "no-store" in response.headers["Cache-Control"]


def test_static_files_are_fingerprinted_and_cached_for_a_year(seeded_client):
    page = seeded_client.get("/").get_data(as_text=True)
    stylesheet = re.search(r'href="(/static/css/[^"]+\?v=[0-9a-f]{12})"', page)
    assert stylesheet, "the page links its stylesheet with a content fingerprint"
    response = seeded_client.get(stylesheet.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]
    response.close()


# The microcache: nginx may hand one anonymous answer to everyone who asks within KB_SHARED_CACHE_SECONDS
# (X-Accel-Expires, nginx's own header). The real nginx is exercised in test_deployment.py.
SHARED = "X-Accel-Expires"


@pytest.mark.parametrize("path", ["/", "/metoder", "/indsatsomraader", "/feed.xml", "/sitemap.xml", "/api/v1/methods"])
def test_an_anonymous_public_page_feed_or_json_answer_may_be_shared_for_the_configured_seconds(app, path):
    app.config["KB_SHARED_CACHE_SECONDS"] = 3
    response = app.test_client().get(path)
    assert response.status_code == 200
    assert response.headers[SHARED] == "3"


def test_no_answer_is_shared_when_the_microcache_is_off(app):
    app.config["KB_SHARED_CACHE_SECONDS"] = 0
    assert SHARED not in app.test_client().get("/metoder").headers


@pytest.mark.parametrize(
    "path", ["/soeg?q=familie", "/soeg", "/api/v1/search?q=familie", "/api/v1/suggest?q=fam", "/healthz", "/readyz"]
)
def test_searches_suggestions_and_health_checks_are_never_shared(app, path):
    """Every search must reach the app: it is counted for the editors' insights and against the rate limit;
    a health check speaks for the process that answers it."""
    response = app.test_client().get(path)
    assert SHARED not in response.headers


def test_a_request_with_a_cookie_or_credentials_gets_no_shared_answer(app):
    with_cookie = app.test_client()
    with_cookie.set_cookie("valg", "1")  # any cookie: the app cannot know what it means to the page
    assert SHARED not in with_cookie.get("/metoder").headers
    assert SHARED not in app.test_client().get("/metoder", headers={"Authorization": "Bearer abc"}).headers


def test_a_signed_in_editors_pages_are_never_shared(app):
    editor = signed_in_editor(app)
    response = editor.get("/metoder")
    assert "Redaktion" in response.get_data(as_text=True)
    assert SHARED not in response.headers


@pytest.mark.parametrize("path", ["/konto/log-ind", "/redaktion/", "/metoder/findes-ikke"])
def test_private_pages_and_errors_are_never_shared(app, path):
    assert SHARED not in app.test_client().get(path).headers


def test_a_form_post_is_never_shared(app):
    assert SHARED not in app.test_client().post("/konto/log-ind", data={}).headers


def test_a_public_answer_that_sets_a_cookie_is_never_shared(app):
    @app.get("/proeve/cookie")
    def sets_a_cookie():
        response = make_response("<p>Hej</p>")
        response.set_cookie("valg", "1")
        return response

    @app.get("/proeve/session")
    def starts_a_session():
        session["valg"] = 1  # the session cookie is written after the after-request hooks have run
        return "<p>Hej</p>"

    for path in ("/proeve/cookie", "/proeve/session"):
        response = app.test_client().get(path)
        assert "Set-Cookie" in response.headers
        assert SHARED not in response.headers


@pytest.mark.parametrize("cache_control", ["private", "no-store"])
def test_an_answer_its_view_calls_private_is_never_shared(app, cache_control):
    @app.get("/proeve/privat")
    def private_answer():
        return "<p>Kun til dig</p>", {"Cache-Control": cache_control}

    assert SHARED not in app.test_client().get("/proeve/privat").headers
