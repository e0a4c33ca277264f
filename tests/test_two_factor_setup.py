"""Turning on two-factor sign-in (issue 11, finding 5): it asks for the password, shows a fresh secret for
every setup, and ends the account's other sessions."""

import re

from kb.extensions import db
from kb.models import User
from tests.accounts import PASSWORD, csrf_token, make_user, sign_in, totp_code

SETUP = "/konto/to-faktor"


def _secret(client) -> str:
    """Open the setup page (as a browser would) and read the secret it shows."""
    html = client.get(SETUP).get_data(as_text=True)
    return re.search(r"Nøgle: <code>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")


def _enable(client, code, password):
    """Submit the setup form that the last _secret() opened."""
    token = csrf_token(client, "/konto/")  # the session's token, without opening the setup page again
    data = {"setup-code": code, "csrf_token": token}
    if password is not None:
        data["setup-password"] = password
    return client.post(SETUP, data=data)


def _enabled(app, user_id) -> bool:
    with app.app_context():
        return db.session.get(User, user_id).two_factor_enabled


def test_turning_on_two_factor_needs_the_password(app, client):
    user_id, _ = make_user(app, "redaktoer@example.dk")
    sign_in(client, "redaktoer@example.dk", PASSWORD)
    secret = _secret(client)
    assert _enable(client, totp_code(secret), None).status_code == 400
    assert _enable(client, totp_code(secret), "forkert adgangskode her").status_code == 400
    assert not _enabled(app, user_id)
    assert _enable(client, totp_code(secret), PASSWORD).status_code == 200
    assert _enabled(app, user_id)


def test_every_setup_shows_a_new_secret(app, client):
    make_user(app, "redaktoer@example.dk")
    sign_in(client, "redaktoer@example.dk", PASSWORD)
    assert _secret(client) != _secret(client)


def test_a_secret_shown_earlier_no_longer_works(app, client):
    user_id, _ = make_user(app, "redaktoer@example.dk")
    sign_in(client, "redaktoer@example.dk", PASSWORD)
    earlier = _secret(client)  # e.g. seen over the shoulder, or in another tab
    _secret(client)
    assert _enable(client, totp_code(earlier), PASSWORD).status_code == 400
    assert not _enabled(app, user_id)


def test_turning_on_two_factor_ends_the_other_sessions_but_keeps_this_one(app):
    make_user(app, "redaktoer@example.dk")
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, "redaktoer@example.dk", PASSWORD)
    sign_in(elsewhere, "redaktoer@example.dk", PASSWORD)
    assert _enable(here, totp_code(_secret(here)), PASSWORD).status_code == 200
    assert here.get("/redaktion/").status_code == 200
    assert elsewhere.get("/redaktion/").status_code == 302
