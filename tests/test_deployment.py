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

import pytest
from sqlalchemy import select

from kb.extensions import db
from kb.models import AuditEvent, ShortLink
from kb.services.qr import qr_response
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
)

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
        from urllib.parse import urlencode

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
