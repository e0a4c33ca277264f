"""The deployment shape from deploy/: Debian's nginx (TLS, forwarded headers, body limits) in front of gunicorn.

Each module run starts nginx (not daemonised, its own prefix, pid and logs in tmp) and gunicorn on loopback
with free ports and a self-signed certificate, and stops both afterwards. The client connects from 127.0.0.2,
nginx reaches gunicorn from 127.0.0.1: so the audit log shows whose address the app believed.
"""

import http.client
import os
import re
import ssl
import time
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from kb.extensions import db
from kb.models import AuditEvent, Method, SearchQueryDay, ShortLink
from kb.services.qr import qr_response
from kb.services.search_log import normalise
from tests.accounts import PASSWORD, make_user
from tests.conftest import _make_app
from tests.servers import (
    DEPLOYED_GUNICORN,
    SERVER_NAME,
    free_port,
    nginx_command,
    nginx_main_config,
    nginx_site_config,
    start_logged,
    stop_process,
    wait_for_port,
    wait_until,
)
from tests.webclient import FormParser

CLIENT_ADDRESS = "127.0.0.2"  # Linux routes all of 127/8 to loopback
FORGED = {"X-Forwarded-Host": "evil.example", "X-Forwarded-For": "6.6.6.6", "X-Forwarded-Proto": "http"}


class Deployment:
    """The running pair and a small HTTPS client that keeps cookies."""

    def __init__(self, app, https_port, app_port, gunicorn_log):
        self.app = app
        self.https_port = https_port
        self.app_port = app_port
        self.gunicorn_log = gunicorn_log
        self.base_url = f"https://{SERVER_NAME}:{https_port}"
        self.cookies: dict[str, str] = {}

    def visitor(self) -> "Deployment":
        """Another client of the same servers, with no cookies yet (an anonymous reader)."""
        return Deployment(self.app, self.https_port, self.app_port, self.gunicorn_log)

    def request(self, method, path, body=None, headers=None, host=SERVER_NAME, content_length=None):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.https_port, context=context, source_address=(CLIENT_ADDRESS, 0), timeout=30
        )
        all_headers = {"Host": host, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if content_length is not None:  # announce a body without sending it: nginx answers on the header
            connection.putrequest(method, path, skip_host=True)
            for name, value in {**all_headers, "Content-Length": str(content_length)}.items():
                connection.putheader(name, value)
            connection.endheaders()
        else:
            connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        connection.close()
        return response.status, response.headers, text

    def post_form(self, path, fields, headers=None):
        """GET the form for its CSRF token, then POST `fields` with it."""
        _, _, page = self.request("GET", path)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        body = urlencode({**fields, "csrf_token": token})
        form_headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"{self.base_url}{path}"}
        return self.request("POST", path, body, {**form_headers, **(headers or {})})


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, postgres_url, seeded_sqlite_template):
    directory = tmp_path_factory.mktemp("deployment")
    app = _make_app(directory, postgres_url, seeded_sqlite_template, seed=True)
    config = app.config
    https_port, http_port, app_port = free_port(), free_port(), free_port()
    base_url = f"https://{SERVER_NAME}:{https_port}"
    environment = {
        **os.environ,
        "KB_ENV": "production",
        "FLASK_DEBUG": "0",
        "KB_SECRET_KEY": config["SECRET_KEY"],
        "KB_DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
        "KB_INDEX_DIR": config["KB_INDEX_DIR"],
        "KB_UPLOAD_DIR": str(directory / "uploads"),
        "KB_BASE_URL": base_url,
        "KB_TOTP_KEY": config["SECRET_KEY"],  # the key the test app derived its TOTP key from
        "KB_TRUSTED_PROXIES": "1",
        "KB_HTTPS": "1",
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "GUNICORN_WORKERS": "2",
        "KB_SEARCH_LOG_FLUSH_SECONDS": "1",  # search counts reach the database while the test waits
    }
    environment.pop("KB_SMTP_HOST", None)  # reset links go to the log, where the test reads them
    gunicorn_log = directory / "gunicorn.log"
    site = directory / "site.conf"
    site.write_text(nginx_site_config(directory, http_port, https_port, [f"127.0.0.1:{app_port}"]), encoding="utf-8")
    main_config = directory / "nginx.conf"
    main_config.write_text(nginx_main_config(directory, site), encoding="utf-8")
    nginx_log = directory / "nginx-error.log"
    gunicorn = start_logged([*DEPLOYED_GUNICORN, "wsgi:app"], environment, gunicorn_log)
    nginx = start_logged(nginx_command(directory, main_config), dict(os.environ), directory / "nginx.log")
    try:
        wait_for_port(app_port, gunicorn, gunicorn_log)
        wait_for_port(https_port, nginx, nginx_log)
        yield Deployment(app, https_port, app_port, gunicorn_log)
    finally:
        stop_process(nginx, timeout=10)
        stop_process(gunicorn, timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def absolute_urls(text: str) -> set[str]:
    """The scheme-and-host parts of every absolute URL in `text`, namespaces aside."""
    found = set(re.findall(r"https?://[^/\"'<>\s]+", text))
    return found - {"http://www.w3.org", "http://www.sitemaps.org"}


def test_forged_forwarded_headers_change_no_link_in_the_reset_mail(deployment):
    make_user(deployment.app, "nulstil@example.dk")
    status, _, _ = deployment.post_form("/konto/glemt-adgangskode", {"email": "nulstil@example.dk"}, FORGED)
    assert status == 302
    for _ in range(50):  # the mail goes out after the response
        links = re.findall(r"https?://\S+/konto/nulstil/\S+", deployment.gunicorn_log.read_text(errors="replace"))
        if links:
            break
        time.sleep(0.1)
    assert links and all(link.startswith(f"{deployment.base_url}/konto/nulstil/") for link in links)


@pytest.mark.parametrize("path", ["/", "/metoder", "/sitemap.xml", "/feed.xml", "/robots.txt"])
def test_forged_forwarded_headers_change_no_link_in_pages_feeds_or_sitemap(deployment, path):
    status, _, text = deployment.request("GET", path, headers=FORGED)
    assert status == 200
    assert absolute_urls(text) == {deployment.base_url}
    assert "evil.example" not in text


def test_the_canonical_tag_names_the_public_address(deployment):
    _, _, text = deployment.request("GET", "/metoder", headers=FORGED)
    assert f'<link rel="canonical" href="{deployment.base_url}/metoder">' in text


def test_a_qr_code_encodes_the_public_address_whatever_the_headers(deployment):
    with deployment.app.app_context():
        code = db.session.scalar(select(ShortLink.code).limit(1))
        expected = qr_response(f"{deployment.base_url}/l/{code}", "svg").get_data(as_text=True)
    status, _, svg = deployment.request("GET", f"/l/{code}/qr.svg", headers=FORGED)
    assert status == 200
    assert svg == expected


def test_an_unknown_host_is_refused_by_nginx_and_by_the_app(deployment):
    assert deployment.request("GET", "/", host="evil.example")[0] == 421
    connection = http.client.HTTPConnection("127.0.0.1", deployment.app_port, timeout=10)
    connection.request("GET", "/", headers={"Host": "evil.example"})
    response = connection.getresponse()
    assert response.status == 400
    assert "Forespørgslen kunne ikke forstås" in response.read().decode()


def test_the_real_client_address_reaches_the_audit_log_and_forged_ones_do_not(deployment):
    deployment.post_form("/konto/log-ind", {"email": "ingen@example.dk", "password": "forkert"}, FORGED)
    with deployment.app.app_context():
        addresses = set(db.session.scalars(select(AuditEvent.ip).where(AuditEvent.target == "ingen@example.dk")))
    assert addresses == {CLIENT_ADDRESS}


def test_a_new_forwarded_for_on_every_try_does_not_dodge_throttling(deployment):
    make_user(deployment.app, "gaet@example.dk")
    statuses = []
    for number in range(8):
        headers = {**FORGED, "X-Forwarded-For": f"198.51.100.{number}"}
        statuses.append(
            deployment.post_form("/konto/log-ind", {"email": "gaet@example.dk", "password": "forkert"}, headers)[0]
        )
    assert 429 in statuses


def test_the_right_password_signs_in_through_the_proxy(deployment):
    make_user(deployment.app, "ok@example.dk")
    status, headers, _ = deployment.post_form("/konto/log-ind", {"email": "ok@example.dk", "password": PASSWORD})
    assert status == 302
    assert headers["Location"] in {"/redaktion/", f"{deployment.base_url}/redaktion/"}


@pytest.mark.parametrize(
    "path, size",
    [("/redaktion/konferencer/1/filer", 26 * 1024 * 1024), ("/konto/log-ind", 2 * 1024 * 1024)],
)
def test_a_body_over_the_limit_gets_the_danish_413_page(deployment, path, size):
    status, _, text = deployment.request("POST", path, headers={"Content-Type": "text/plain"}, content_length=size)
    assert status == 413
    assert "Filen eller formularen er for stor" in text


def test_static_files_are_served_by_nginx_with_far_future_caching(deployment):
    _, _, page = deployment.request("GET", "/")
    stylesheet = re.search(r'href="(/static/css/metodebasen\.css\?v=[0-9a-f]+)"', page).group(1)
    status, headers, _ = deployment.request("GET", stylesheet)
    assert status == 200
    assert "immutable" in headers["Cache-Control"]


# The microcache: nginx keeps an anonymous public answer for KB_SHARED_CACHE_SECONDS (1 here, the default) and
# hands it to everyone who asks meanwhile. X-Cache-Status says what nginx did: MISS (asked the app), HIT,
# BYPASS (a request with a cookie: never looked up nor stored).


def cache_status(headers) -> str | None:
    return headers.get("X-Cache-Status")


def test_a_second_anonymous_request_within_the_window_is_served_from_the_microcache(deployment):
    path = f"/evidensskala?besoeg={time.monotonic_ns()}"  # an address nobody has asked for yet
    first_status, first_headers, first = deployment.visitor().request("GET", path)
    second_status, second_headers, second = deployment.visitor().request("GET", path)
    assert (first_status, cache_status(first_headers)) == (200, "MISS")
    assert (second_status, cache_status(second_headers)) == (200, "HIT")
    assert second == first
    assert "X-Accel-Expires" not in second_headers  # nginx's instruction to itself, not the browser's business


def sign_in_editor(deployment, email) -> "Deployment":
    make_user(deployment.app, email)
    editor = deployment.visitor()
    status, _, _ = editor.post_form("/konto/log-ind", {"email": email, "password": PASSWORD})
    assert status == 302
    return editor


def test_a_signed_in_editor_is_never_served_from_nor_stored_in_the_microcache(deployment):
    editor = sign_in_editor(deployment, "cache@example.dk")
    path = f"/om?besoeg={time.monotonic_ns()}"
    editor_status, editor_headers, editor_page = editor.request("GET", path)
    assert (editor_status, cache_status(editor_headers)) == (200, "BYPASS")
    assert "Redaktion" in editor_page and "Log ud" in editor_page
    _, first_headers, reader_page = deployment.visitor().request("GET", path)
    assert cache_status(first_headers) == "MISS"  # the editor's page was not stored
    assert "Log ud" not in reader_page
    _, second_headers, _ = deployment.visitor().request("GET", path)
    assert cache_status(second_headers) == "HIT"
    _, editor_again_headers, editor_again = editor.request("GET", path)
    assert cache_status(editor_again_headers) == "BYPASS"  # the reader's copy is not handed to the editor
    assert "Log ud" in editor_again


def test_an_answer_that_sets_a_cookie_is_never_cached(deployment):
    answers = [deployment.visitor().request("GET", "/konto/log-ind") for _ in range(2)]
    assert [cache_status(headers) for _, headers, _ in answers] == ["MISS", "MISS"]
    assert all(headers.get("Set-Cookie") for _, headers, _ in answers)
    tokens = {re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1) for _, _, page in answers}
    assert len(tokens) == 2  # each reader got a form of their own


def test_searches_are_never_cached_and_every_search_is_counted(deployment):
    query = "mikrocache prøve"
    for path in ("/soeg?q=mikrocache+pr%C3%B8ve", "/api/v1/search?q=mikrocache"):
        answers = [deployment.visitor().request("GET", path) for _ in range(3)]
        assert [status for status, _, _ in answers] == [200, 200, 200]
        assert [cache_status(headers) for _, headers, _ in answers] == ["MISS", "MISS", "MISS"]

    def counted() -> int:
        with deployment.app.app_context():
            searches = db.session.scalar(
                select(SearchQueryDay.searches).where(SearchQueryDay.query == normalise(query))
            )
            db.session.remove()
        return searches or 0

    wait_until(lambda: counted() >= 3, timeout=15, message="three searches counted")
    time.sleep(1.5)  # a flush more: nothing further arrives
    assert counted() == 3


def test_an_editors_save_reaches_anonymous_readers_once_the_window_has_passed(deployment):
    with deployment.app.app_context():
        method_id, slug = db.session.execute(
            select(Method.id, Method.slug).where(Method.status == "published").order_by(Method.id).limit(1)
        ).one()
    page = f"/metoder/{slug}"
    deployment.visitor().request("GET", page)
    assert cache_status(deployment.visitor().request("GET", page)[1]) == "HIT"  # readers now share a copy

    editor = sign_in_editor(deployment, "gem@example.dk")
    edit_path = f"/redaktion/metoder/{method_id}"
    parser = FormParser()
    parser.feed(editor.request("GET", edit_path)[2])
    fields = dict(next(form for form in parser.forms if form["action"].endswith(edit_path))["fields"])
    token = f"mikrocachetjek{time.monotonic_ns()}"
    fields["summary"] = f"{fields.get('summary', '')} {token}"
    status, _, _ = editor.request(
        "POST",
        edit_path,
        urlencode(fields),
        {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"{deployment.base_url}{edit_path}"},
    )
    assert status in (302, 303)
    # X-Accel-Expires: 1 keeps a copy for at most two seconds (nginx counts whole seconds), plus one render.
    wait_until(lambda: token in deployment.visitor().request("GET", page)[2], timeout=5, message="the saved text")
