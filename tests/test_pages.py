"""Simple pages (sider): edited in /redaktion like every other type, public at /sider/<slug>, searchable."""

import pytest

from kb.extensions import db
from kb.models import Page, Redirect, Revision
from tests.accounts import csrf_token, signed_in_editor


@pytest.fixture
def editor(app):
    return signed_in_editor(app)


def _create(editor, title="Om Metodecenteret", body="<p>Vi samler viden.</p><script>alert(1)</script>"):
    path = "/redaktion/sider/ny"
    form = {"csrf_token": csrf_token(editor, path), "title": title, "summary": "Hvem vi er.", "body": body}
    response = editor.post(path, data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def _version(app, page_id):
    with app.app_context():
        return db.session.get(Page, page_id).version


def _publish(app, editor, page_id):
    path = f"/redaktion/sider/{page_id}"
    response = editor.post(
        f"{path}/status",
        data={"csrf_token": csrf_token(editor, path), "status": "published", "version": _version(app, page_id)},
    )
    assert response.status_code == 302


def test_a_new_page_is_a_sanitised_draft_until_published_then_public_and_searchable(app, editor):
    page_id = _create(editor)
    public = app.test_client()
    assert public.get("/sider/om-metodecenteret").status_code == 404
    with app.app_context():
        assert "<script>" not in db.session.get(Page, page_id).body
    _publish(app, editor, page_id)
    page = public.get("/sider/om-metodecenteret")
    assert page.status_code == 200
    assert "Vi samler viden." in page.get_data(as_text=True)
    results = public.get("/api/v1/search?q=metodecenteret").get_json()
    assert any(hit["url"].endswith("/sider/om-metodecenteret") for hit in results["results"])


def test_renaming_a_page_keeps_a_revision_and_its_old_address_answers_301(app, editor):
    page_id = _create(editor)
    _publish(app, editor, page_id)
    path = f"/redaktion/sider/{page_id}"
    form = {
        "csrf_token": csrf_token(editor, path),
        "title": "Om os",
        "summary": "Hvem vi er.",
        "body": "<p>Vi samler viden.</p>",
        "version": _version(app, page_id),
    }
    assert editor.post(path, data=form).status_code == 302
    response = app.test_client().get("/sider/om-metodecenteret")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/sider/om-os")
    with app.app_context():
        assert db.session.query(Revision).filter_by(content_type="page", content_id=page_id).count() == 3
        assert db.session.query(Redirect).filter_by(old_path="/sider/om-metodecenteret").count() == 1
