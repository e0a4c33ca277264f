"""Test helpers for editor accounts: make a user, and sign in through the real forms (CSRF included).

user_id, secret = make_user(app, "ann@example.dk", role="admin", totp=True)
sign_in(client, "ann@example.dk", PASSWORD, totp_secret=secret)
"""

import re
import time
from datetime import UTC, datetime

import pyotp
from flask_login.utils import _create_identifier

from kb.accounts.sessions import now_timestamp
from kb.extensions import db
from kb.models import User
from kb.services import accounts

PASSWORD = "korrekt hest batteri hæfteklamme 2026"  # passes the policy for any usual test address
LOGIN_PATH = "/konto/log-ind"
SECOND_FACTOR_PATH = "/konto/log-ind/kode"

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_used_steps: dict[str, set[int]] = {}


def make_user(app, email, role="editor", password=PASSWORD, totp=False) -> tuple[int, str | None]:
    """Create an active account (as `flask kb create-user` does); return its id and TOTP secret (or None)."""
    with app.app_context():
        user = accounts.create_user(email, role, password)
        secret = None
        if totp:
            secret = pyotp.random_base32()
            user.totp_secret = secret
            user.totp_enabled_at = datetime.now(UTC)
            db.session.commit()
        return user.id, secret


def csrf_token(client, path=LOGIN_PATH, query_string=None) -> str:
    """The CSRF token from a page's form (every page has one in its "Log ud" form when signed in)."""
    response = client.get(path, query_string=query_string)
    match = _CSRF.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({response.status_code})"
    return match.group(1)


def totp_code(secret: str) -> str:
    """A valid code the server has not seen yet: the current time step, else the next or the previous.

    The server accepts each time step once, so signing the same user in twice within 30 seconds needs
    the neighbouring steps (it accepts one step either side).
    """
    totp = pyotp.TOTP(secret)
    current = int(time.time()) // totp.interval
    used = _used_steps.setdefault(secret, set())
    for step in (current, current + 1, current - 1):
        if step not in used:
            used.add(step)
            return totp.generate_otp(step)
    raise AssertionError("three sign-ins of one user within 30 seconds: no unused TOTP code left")


def post_login(client, email, password, next_path=None):
    """Submit the sign-in form once; return the response (not followed)."""
    query = None if next_path is None else {"next": next_path}
    token = csrf_token(client, LOGIN_PATH, query)
    return client.post(LOGIN_PATH, query_string=query, data={"email": email, "password": password, "csrf_token": token})


def post_code(client, code):
    """Submit the second-factor form once; return the response (not followed)."""
    token = csrf_token(client, SECOND_FACTOR_PATH)
    return client.post(SECOND_FACTOR_PATH, data={"code": code, "csrf_token": token})


def sign_in(client, email, password, totp_secret=None):
    """Sign in through the forms (password, then a TOTP code when `totp_secret` is given).

    Returns the final redirect response; fails the test if the sign-in did not succeed.
    """
    response = post_login(client, email, password)
    assert response.status_code == 302, f"sign-in of {email} failed ({response.status_code})"
    if response.location.endswith(SECOND_FACTOR_PATH):
        assert totp_secret, f"{email} needs a second factor: pass totp_secret"
        response = post_code(client, totp_code(totp_secret))
        assert response.status_code == 302, f"second factor of {email} refused ({response.status_code})"
    assert not response.location.startswith(LOGIN_PATH), f"sign-in of {email} failed"
    return response


def signed_in_editor(app, email="redaktoer@example.dk", role="editor", name="Rikke Redaktør"):
    """A test client signed in as an editor (or administrator, two-factor set up) without the sign-in forms
    (those are specified in test_auth.py)."""
    with app.app_context():
        user = User(email=email, name=name, role=role, password_hash="x")
        if role == "admin":
            user.totp_secret, user.totp_enabled_at = pyotp.random_base32(), datetime.now(UTC)
        db.session.add(user)
        db.session.commit()
        user_id = user.get_id()
    client = app.test_client()
    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()  # Flask-Login's "strong" session protection checks it
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
        session["_id"] = identifier
        session["signed_in_at"] = session["seen_at"] = now_timestamp()
    return client
