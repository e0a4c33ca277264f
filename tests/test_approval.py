"""Four eyes and deletion (issue 11, finding 5): with KB_REQUIRE_APPROVAL=1 an editor cannot publish their own
change (another editor or an administrator approves it), and only administrators delete for good."""

import pytest

from kb.extensions import db
from kb.models import Method
from tests import factories
from tests.accounts import csrf_token, signed_in_editor


def _status(app, method_id):
    with app.app_context():
        item = db.session.get(Method, method_id)
        return item.status, item.version


def _edit(app, client, method_id, **fields):
    path = f"/redaktion/metoder/{method_id}"
    data = {
        "csrf_token": csrf_token(client, path),
        "name": "Tryghedscirklen",
        "summary": "Et kursus.",
        "evidence_level": "lovende",
        "version": _status(app, method_id)[1],
        **fields,
    }
    return client.post(path, data=data)


def _set_status(app, client, method_id, status):
    path = f"/redaktion/metoder/{method_id}"
    data = {"csrf_token": csrf_token(client, path), "status": status, "version": _status(app, method_id)[1]}
    return client.post(f"{path}/status", data=data)


@pytest.fixture
def clients(app):
    app.config["KB_REQUIRE_APPROVAL"] = True
    anna = signed_in_editor(app, "anna@example.dk")
    bo = signed_in_editor(app, "bo@example.dk")
    chef = signed_in_editor(app, "chef@example.dk", role="admin")
    return anna, bo, chef


def _new_method(app, client):
    path = "/redaktion/metoder/ny"
    data = {
        "csrf_token": csrf_token(client, path),
        "name": "Tryghedscirklen",
        "summary": "Et kursus.",
        "evidence_level": "lovende",
    }
    response = client.post(path, data=data)
    assert response.status_code == 302
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_an_editor_cannot_publish_their_own_change(app, clients):
    anna, bo, _ = clients
    method_id = _new_method(app, anna)
    _set_status(app, anna, method_id, "published")
    assert _status(app, method_id)[0] == "draft"
    assert "godkende" in anna.get(f"/redaktion/metoder/{method_id}").get_data(as_text=True)
    _set_status(app, bo, method_id, "published")
    assert _status(app, method_id)[0] == "published"


def test_moving_someone_elses_change_to_review_does_not_make_it_yours(app, clients):
    anna, bo, _ = clients
    method_id = _new_method(app, anna)
    _set_status(app, bo, method_id, "review")
    _set_status(app, anna, method_id, "published")
    assert _status(app, method_id)[0] == "review"


def test_an_administrator_may_publish_their_own_change(app, clients):
    _, _, chef = clients
    method_id = _new_method(app, chef)
    _set_status(app, chef, method_id, "published")
    assert _status(app, method_id)[0] == "published"


def test_without_the_setting_editors_publish_their_own_changes(app):
    anna = signed_in_editor(app, "anna@example.dk")
    method_id = _new_method(app, anna)
    _set_status(app, anna, method_id, "published")
    assert _status(app, method_id)[0] == "published"


def test_only_administrators_delete_for_good(app):
    with app.app_context():
        method = factories.method("Minnesota", slug="minnesota")
        db.session.commit()
        method_id = method.id
    editor = signed_in_editor(app, "anna@example.dk")
    path = f"/redaktion/metoder/{method_id}/slet"
    assert editor.get(path).status_code == 403
    assert (
        editor.post(path, data={"csrf_token": csrf_token(editor, "/redaktion/"), "confirmed": "ja"}).status_code == 403
    )
    assert "/slet" not in editor.get(f"/redaktion/metoder/{method_id}").get_data(as_text=True)
    admin = signed_in_editor(app, "chef@example.dk", role="admin")
    assert admin.post(path, data={"csrf_token": csrf_token(admin, path), "confirmed": "ja"}).status_code == 302
    with app.app_context():
        assert db.session.get(Method, method_id) is None
