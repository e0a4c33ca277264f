"""Every absolute URL comes from KB_BASE_URL, unknown Host values are refused, and only trusted proxies count.

Issue 11, finding 1: a forged Host or X-Forwarded-Host header must not change a link in a mail, a QR code,
a feed, the sitemap or a canonical tag.
"""

import re

import pytest
from sqlalchemy import select

from kb import create_app
from kb.auth import mail
from kb.extensions import db
from kb.models import AuditEvent
from tests.accounts import make_user
from tests.conftest import test_config

BASE = "https://metodebasen.example"
FORGED = {"Host": "evil.example"}
FORGED_FORWARDED = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http", "X-Forwarded-For": "6.6.6.6"}


def _app(tmp_path, **settings):
    config = test_config(f"sqlite:///{tmp_path / 'kb.sqlite'}", tmp_path / "index")
    config.update({"WTF_CSRF_ENABLED": False, "KB_BASE_URL": BASE, **settings})
    app = create_app(config)
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture
def base_app(tmp_path, postgres_url):
    if postgres_url:
        pytest.skip("configuration behaviour; the database plays no part")
    return _app(tmp_path, KB_HTTPS=True)


def _reset_links(app, monkeypatch, headers) -> list[str]:
    sent = []
    monkeypatch.setattr(mail, "send_link", lambda to, subject, text, link: sent.append(link))
    make_user(app, "redaktoer@example.dk")
    with app.test_client().post(
        "/konto/glemt-adgangskode",
        data={"email": "redaktoer@example.dk"},
        headers=headers,
        base_url="https://metodebasen.example",
    ):
        pass  # closing the response sends the mail
    return sent


def test_a_reset_link_ignores_a_forged_forwarded_host(base_app, monkeypatch):
    links = _reset_links(base_app, monkeypatch, FORGED_FORWARDED)
    assert len(links) == 1
    assert links[0].startswith(f"{BASE}/konto/nulstil/")


def test_an_unknown_host_is_refused_with_the_danish_error_page(base_app):
    response = base_app.test_client().get("/", headers=FORGED)
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke forstås" in response.get_data(as_text=True)
    assert "evil.example" not in response.get_data(as_text=True)


def test_a_reset_request_to_an_unknown_host_sends_no_mail(base_app, monkeypatch):
    assert _reset_links(base_app, monkeypatch, FORGED) == []


def test_an_extra_trusted_host_is_served_but_links_still_use_the_base_url(tmp_path, postgres_url):
    if postgres_url:
        pytest.skip("configuration behaviour; the database plays no part")
    app = _app(tmp_path, KB_EXTRA_HOSTS=["intern.example"])
    response = app.test_client().get("/robots.txt", base_url="http://intern.example")
    assert response.status_code == 200
    assert f"Sitemap: {BASE}/sitemap.xml" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/sitemap.xml", "/feed.xml", "/robots.txt"])
def test_pages_feeds_and_sitemap_name_only_the_base_url(base_app, path):
    body = base_app.test_client().get(path, headers=FORGED_FORWARDED).get_data(as_text=True)
    hosts = set(re.findall(r"(https?://[^/\"'<\s]+)", body)) - {"http://www.w3.org", "http://www.sitemaps.org"}
    assert hosts <= {BASE}
    assert "evil.example" not in body


def test_the_canonical_and_og_url_use_the_base_url(base_app):
    body = base_app.test_client().get("/metoder", headers=FORGED_FORWARDED).get_data(as_text=True)
    assert f'<link rel="canonical" href="{BASE}/metoder">' in body
    assert f'<meta property="og:url" content="{BASE}/metoder">' in body


def test_a_qr_code_encodes_the_base_url(base_app, monkeypatch):
    from kb.public import views

    encoded = []
    monkeypatch.setattr(views, "qr_response", lambda url, fmt: encoded.append(url) or ("", 200))
    with base_app.app_context():
        from kb.services import shortlinks

        code = shortlinks.create_external("Eksempel", "https://example.org/side").code
    base_app.test_client().get(f"/l/{code}/qr.svg", headers=FORGED_FORWARDED)
    assert encoded == [f"{BASE}/l/{code}"]


def test_https_alone_trusts_no_forwarded_header(base_app):
    base_app.test_client().post(
        "/konto/log-ind", data={"email": "x@example.dk", "password": "forkert"}, headers={"X-Forwarded-For": "6.6.6.6"}
    )
    with base_app.app_context():
        ips = set(db.session.scalars(select(AuditEvent.ip)))
    assert ips == {"127.0.0.1"}


@pytest.mark.parametrize(
    ("trusted_proxies", "forwarded_for"),
    [
        pytest.param("1", "6.6.6.6, 203.0.113.7", id="one trusted proxy hop gives the client address"),
        pytest.param(
            "127.0.0.1, 10.0.0.0/8", "6.6.6.6, 203.0.113.7, 10.1.2.3", id="trusted addresses are skipped from the right"
        ),
    ],
)
def test_trusted_proxies_give_the_client_address(tmp_path, postgres_url, trusted_proxies, forwarded_for):
    if postgres_url:
        pytest.skip("configuration behaviour; the database plays no part")
    app = _app(tmp_path, KB_TRUSTED_PROXIES=trusted_proxies)
    app.test_client().post(
        "/konto/log-ind",
        data={"email": "x@example.dk", "password": "forkert"},
        headers={"X-Forwarded-For": forwarded_for},
    )
    with app.app_context():
        assert set(db.session.scalars(select(AuditEvent.ip))) == {"203.0.113.7"}
