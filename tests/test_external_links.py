"""Editors' short links to material outside Metodebasen, and the use counts of every short link."""

import re

from sqlalchemy import func, select

from kb.extensions import db
from kb.models import AuditEvent, ShortLink
from tests import factories
from tests.accounts import csrf_token


def _create(client, title, url):
    return client.post(
        "/redaktion/korte-links",
        data={"csrf_token": csrf_token(client, "/redaktion/korte-links"), "title": title, "url": url},
    )


def test_an_editor_links_slides_and_the_printed_code_can_be_repointed_later(app, editor_client):
    response = _create(editor_client, "Slides fra Knud Aarups oplæg", "https://example.dk/slides.pdf")
    assert response.status_code == 302
    with app.app_context():
        link = db.session.query(ShortLink).filter_by(title="Slides fra Knud Aarups oplæg").one()
        code, link_id = link.code, link.id
        assert set(code) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
        assert db.session.query(AuditEvent).filter_by(action="short_link_created").count() == 1
    public = app.test_client()
    assert public.get(f"/l/{code.lower()}").headers["Location"] == "https://example.dk/slides.pdf"

    edit_path = f"/redaktion/korte-links/{link_id}"
    response = editor_client.post(
        edit_path,
        data={
            "csrf_token": csrf_token(editor_client, edit_path),
            "title": "Slides (ny version)",
            "url": "https://example.dk/v2.pdf",
        },
    )
    assert response.status_code == 302
    assert public.get(f"/l/{code}").headers["Location"] == "https://example.dk/v2.pdf"


def test_bad_addresses_get_a_danish_message_and_the_typed_text_is_kept(app, editor_client):
    for title, url, message in [
        ("", "https://example.dk", "Skriv en titel"),
        ("Slides", "javascript:alert(1)", "begynder med https://"),
        ("Slides", "ftp://example.dk/x", "begynder med https://"),
        ("Slides", "https://localhost/x", "begynder med https://"),
        ("Slides", "https://example.dk/a b", "ingen mellemrum"),
        ("Slides", "https://example.dk/" + "a" * 1000, "højst have 1000 tegn"),
        ("x" * 201, "https://example.dk", "for lang"),
    ]:
        response = _create(editor_client, title, url)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert message in page
        assert 'role="alert"' in page
    with app.app_context():
        assert db.session.query(ShortLink).filter(ShortLink.target_url.is_not(None)).count() == 0


def test_the_usage_view_lists_every_link_with_its_count_most_used_first(app, editor_client):
    with app.app_context():
        published = factories.method("Housing First", slug="housing-first")
        draft = factories.method("Kladdemetode", slug="kladde", status="draft")
        db.session.commit()
        published_code = (
            db.session.query(ShortLink).filter_by(content_type="method", content_id=published.id).one().code
        )
        draft_code = db.session.query(ShortLink).filter_by(content_type="method", content_id=draft.id).one().code
    _create(editor_client, "Video fra konferencen", "https://example.dk/video")
    public = app.test_client()
    for _ in range(3):
        assert public.get(f"/l/{published_code}").status_code == 302
    assert public.get(f"/l/{draft_code}").status_code == 410

    page = editor_client.get("/redaktion/korte-links").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<td><a [^>]+>/l/(\w+)<span.*?<td class=\"kb-num\">(\d+)</td>", page, re.S)
    assert rows[0] == (published_code, "3")
    assert len(rows) == 3
    assert "Ikke offentlig: linket fører ikke videre" in page  # the draft's code leads nowhere yet
    external_only = editor_client.get("/redaktion/korte-links?vis=external").get_data(as_text=True)
    assert "Video fra konferencen" in external_only and "Housing First" not in external_only
    assert editor_client.get("/redaktion/korte-links?vis=<script>").status_code == 200


def test_short_link_pages_are_for_editors_only(app):
    client = app.test_client()
    assert client.get("/redaktion/korte-links").status_code in (302, 401, 403)
    # A valid CSRF token, so a refusal can only come from the access check, not from CSRF protection.
    token = csrf_token(client)
    response = client.post(
        "/redaktion/korte-links", data={"csrf_token": token, "title": "x", "url": "https://example.dk"}
    )
    assert response.status_code == 302 and response.location.startswith("/konto/log-ind")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ShortLink)) == 0
    assert client.get("/redaktion/korte-links/1").status_code in (302, 401, 403)
