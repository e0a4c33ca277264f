"""An archived item's old address and printed short link answer 410 and point to its replacement."""

from kb.extensions import db
from kb.models import Method, ShortLink
from tests import factories
from tests.accounts import csrf_token


def _two_methods(app):
    with app.app_context():
        area = factories.area("Hjemløshed", slug="hjemloeshed")
        old = factories.method("Gammel metode", slug="gammel-metode", areas=[area])
        factories.method("Ny metode", slug="ny-metode")
        db.session.commit()
        code = db.session.query(ShortLink).filter_by(content_type="method", content_id=old.id).one().code
        return old.id, old.version, code


def _archive(editor_client, method_id, version, **extra):
    path = f"/redaktion/metoder/{method_id}"
    data = {
        "csrf_token": csrf_token(editor_client, path),
        "version": version,
        "status": "archived",
        "confirmed": "ja",
        **extra,
    }
    return editor_client.post(f"{path}/status", data=data)


def test_archiving_with_a_replacement_sends_old_links_and_addresses_to_it(app, editor_client):
    method_id, version, code = _two_methods(app)
    assert _archive(editor_client, method_id, version, replacement="ny metode").status_code == 302

    public = app.test_client()
    for address in (f"/l/{code}", "/metoder/gammel-metode"):
        response = public.get(address)
        assert response.status_code == 410
        page = response.get_data(as_text=True)
        assert "»Gammel metode« er ikke længere offentligt tilgængeligt" in page
        assert "Erstattet af" in page and 'href="/metoder/ny-metode"' in page
        assert 'href="/indsatsomraader/hjemloeshed"' in page  # related areas are still offered
    edit_page = editor_client.get(f"/redaktion/metoder/{method_id}").get_data(as_text=True)
    assert 'value="Ny metode"' in edit_page


def test_a_replacement_is_chosen_by_name_and_must_be_another_published_item(app, editor_client):
    method_id, version, code = _two_methods(app)
    _archive(editor_client, method_id, version)
    path = f"/redaktion/metoder/{method_id}/erstatning"
    for name, message in [
        ("Findes ikke", "Findes ikke: Findes ikke."),
        ("Gammel metode", "kan ikke erstatte sig selv"),
    ]:
        response = editor_client.post(
            path, data={"csrf_token": csrf_token(editor_client, f"/redaktion/metoder/{method_id}"), "replacement": name}
        )
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert message in page
        assert f'value="{name}"' in page  # what the editor typed is kept next to the message

    editor_client.post(
        path,
        data={"csrf_token": csrf_token(editor_client, f"/redaktion/metoder/{method_id}"), "replacement": "Ny metode"},
    )
    with app.app_context():
        db.session.query(Method).filter_by(slug="ny-metode").one().status = "draft"
        db.session.commit()
    page = app.test_client().get(f"/l/{code}").get_data(as_text=True)
    assert "Erstattet af" not in page  # a replacement that is not public is never offered


def test_a_published_or_draft_items_address_is_not_reported_as_gone(app, client):
    with app.app_context():
        factories.method("Kladde", slug="kladde", status="draft")
        db.session.commit()
    assert client.get("/metoder/kladde").status_code == 404
    assert client.get("/metoder/findes-slet-ikke").status_code == 404


def test_an_item_archived_without_ever_being_published_stays_unknown_to_the_public(app, editor_client):
    from tests.test_editing import create_method, version_of

    method_id = create_method(app, editor_client, name="Hemmeligt udkast")  # a draft, with its first revision
    assert _archive(editor_client, method_id, version_of(app, method_id)).status_code == 302
    with app.app_context():
        code = db.session.query(ShortLink).filter_by(content_type="method", content_id=method_id).one().code
    public = app.test_client()
    for address in (f"/l/{code}", "/metoder/hemmeligt-udkast"):
        response = public.get(address)
        assert response.status_code == 404
        assert "Hemmeligt udkast" not in response.get_data(as_text=True)
