"""Editor accounts: signing in and out, throttling, two-factor sign-in, invitations, resets and administration."""

import re
import smtplib
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import func, select, update

from kb import create_app
from kb.accounts import two_factor
from kb.accounts.passwords import policy_errors
from kb.extensions import db
from kb.models import AccountToken, AuditEvent, LoginAttempt, User
from tests.accounts import (
    LOGIN_PATH,
    PASSWORD,
    csrf_token,
    make_user,
    post_code,
    post_login,
    sign_in,
    totp_code,
)
from tests.conftest import test_config

NEW_PASSWORD = "helt ny adgangskode med mange ord"
_LINK = re.compile(r"http://localhost(/konto/(?:invitation|nulstil)/[A-Za-z0-9_-]+)")


def audit_actions(app, action=None) -> list[str]:
    with app.app_context():
        query = select(AuditEvent.action).order_by(AuditEvent.id)
        if action:
            query = query.where(AuditEvent.action == action)
        return list(db.session.scalars(query))


def signed_in(client) -> bool:
    """Whether the client's session still opens the editor area."""
    return client.get("/redaktion/").status_code == 200


def post_form(client, path, data=None, token_from=None):
    """POST `data` to `path` with a CSRF token scraped from `token_from` (default: the account page)."""
    token = csrf_token(client, token_from or "/konto/")
    return client.post(path, data={**(data or {}), "csrf_token": token})


def error_text(response) -> str:
    match = re.search(
        r'role="alert"><div class="alert-body"><p class="alert-text">([^<]*)</p>', response.get_data(as_text=True)
    )
    return match.group(1) if match else ""


# --- Accounts from the command line ---------------------------------------------------------------------------


def test_there_is_no_default_account(app, client):
    """A fresh database has no accounts, and the usual default credentials do not sign in."""
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
    for email, password in [("admin", "admin"), ("admin@localhost", "admin"), ("admin@example.dk", "password")]:
        response = post_login(client, email, password)
        assert response.status_code == 200
        assert "E-mail eller adgangskode er forkert." in response.get_data(as_text=True)


def test_create_user_command_creates_an_account_that_signs_in(app, runner, client):
    result = runner.invoke(
        args=["kb", "create-user", "Ann@Example.dk", "--role", "admin", "--password-stdin", "--name", "Ann"],
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created administrator ann@example.dk" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ann@example.dk"))
        assert (user.role, user.name, user.active) == ("admin", "Ann", True)
        assert user.password_hash.startswith("$argon2id$")
    assert audit_actions(app, "user_created") == ["user_created"]
    response = sign_in(client, "ann@example.dk", PASSWORD)
    assert response.location == "/konto/to-faktor"  # administrators set up two-factor sign-in first


def test_create_user_command_refuses_a_weak_password_and_a_taken_address(app, runner):
    weak = runner.invoke(
        args=["kb", "create-user", "bo@example.dk", "--role", "editor", "--password-stdin"], input="kort\n"
    )
    assert weak.exit_code != 0
    assert "User not created" in weak.output
    make_user(app, "bo@example.dk")
    taken = runner.invoke(
        args=["kb", "create-user", "BO@example.dk", "--role", "editor", "--password-stdin"], input=f"{PASSWORD}\n"
    )
    assert taken.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


# --- Password policy -------------------------------------------------------------------------------------------


def test_password_policy_rejects_short_common_and_email_based_passwords():
    assert "mindst 12 tegn" in policy_errors("kort1234", "ann@example.dk")[0]
    assert "almindelig" in policy_errors("Password1234", "ann@example.dk")[0]
    assert "almindelig" in policy_errors("123123123123", "ann@example.dk")[0]
    assert "e-mailadresse" in policy_errors("annkathrine2024!", "annkathrine@example.dk")[0]
    assert "højst være på 1024 tegn" in policy_errors("x" * 1025, "ann@example.dk")[0]


def test_a_long_passphrase_with_spaces_is_accepted():
    passphrase = "hesten spiser gule æbler ved åen om natten"
    assert len(passphrase) >= 40
    assert policy_errors(passphrase, "ann@example.dk") == []
    assert policy_errors("z" * 1024, "ann@example.dk") == []


# --- Signing in ------------------------------------------------------------------------------------------------


def test_signing_in_leads_to_the_dashboard_and_is_audited(app, client, editor_account):
    response = sign_in(client, "REDAKTOER@example.dk ", PASSWORD)
    assert response.location == "/redaktion/"
    assert signed_in(client)
    assert "login" in audit_actions(app)
    with app.app_context():
        assert db.session.get(User, editor_account).last_login_at is not None


def test_unknown_account_and_wrong_password_get_the_same_answer(app, monkeypatch, editor_account):
    """Same status, same page (apart from the typed address), and an unknown address still costs a hash check."""
    from kb.services import signin

    dummy_checks = []
    real_dummy = signin.verify_dummy
    monkeypatch.setattr(signin, "verify_dummy", lambda password: dummy_checks.append(1) or real_dummy(password))

    wrong = post_login(app.test_client(), "redaktoer@example.dk", "forkert adgangskode her")
    unknown = post_login(app.test_client(), "ukendt@example.dk", "forkert adgangskode her")

    assert wrong.status_code == unknown.status_code == 200
    assert error_text(wrong) == error_text(unknown) == "E-mail eller adgangskode er forkert."

    def normalised(response, email):
        text = response.get_data(as_text=True).replace(email, "EMAIL")
        return re.sub(r'value="[^"]{40,}"', 'value="TOKEN"', text)

    assert normalised(wrong, "redaktoer@example.dk") == normalised(unknown, "ukendt@example.dk")
    assert dummy_checks == [1]
    assert audit_actions(app, "login_failed") == ["login_failed", "login_failed"]


def test_an_invited_account_without_a_password_cannot_sign_in_with_an_empty_password(app, admin_client):
    post_form(admin_client, "/konto/brugere", {"email": "ny@example.dk", "role": "editor"})
    response = post_login(app.test_client(), "ny@example.dk", "")
    assert "Skriv din adgangskode." in response.get_data(as_text=True)
    response = post_login(app.test_client(), "ny@example.dk", "hvad som helst i lang tid")
    assert error_text(response) == "E-mail eller adgangskode er forkert."


def _second_app(app, tmp_path):
    """Another application instance (another worker or host) on the same database."""
    return create_app(test_config(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "index-2"))


def test_failures_per_account_are_throttled_across_two_app_instances(app, tmp_path, editor_account):
    clients = [app.test_client(), _second_app(app, tmp_path).test_client()]
    for client in clients:
        client.environ_base["REMOTE_ADDR"] = "10.0.0.1"  # one source, two workers: they share the count
    for attempt in range(5):
        client = clients[attempt % 2]
        assert post_login(client, "redaktoer@example.dk", "forkert adgangskode her").status_code == 200

    for client in clients:
        response = post_login(client, "redaktoer@example.dk", PASSWORD)  # even the right password
        assert response.status_code == 429
        assert error_text(response) == "E-mail eller adgangskode er forkert. Prøv igen om lidt."
    assert not signed_in(clients[0])

    # An unknown address is throttled the same way, so throttling does not tell which accounts exist.
    for attempt in range(5):
        post_login(clients[attempt % 2], "ukendt@example.dk", "forkert adgangskode her")
    unknown = post_login(clients[1], "ukendt@example.dk", PASSWORD)
    assert unknown.status_code == 429
    assert error_text(unknown) == "E-mail eller adgangskode er forkert. Prøv igen om lidt."
    assert "throttled" in [event.detail for event in _events(app, "login_failed")]


def _events(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_the_account_limit_lifts_when_the_window_has_passed(app, editor_account):
    client = app.test_client()
    for _ in range(5):
        post_login(client, "redaktoer@example.dk", "forkert adgangskode her")
    assert post_login(client, "redaktoer@example.dk", PASSWORD).status_code == 429
    with app.app_context():
        db.session.execute(update(LoginAttempt).values(attempted_at=datetime.now(UTC) - timedelta(minutes=16)))
        db.session.commit()
    assert post_login(client, "redaktoer@example.dk", PASSWORD).status_code == 302


def test_failures_per_ip_address_are_throttled_across_two_app_instances(app, tmp_path, editor_account):
    clients = [app.test_client(), _second_app(app, tmp_path).test_client()]
    for client in clients:
        client.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    for attempt in range(20):  # a different address every time: only the IP limit applies
        post_login(clients[attempt % 2], f"gaet{attempt}@example.dk", "forkert adgangskode her")

    blocked = post_login(clients[0], "redaktoer@example.dk", PASSWORD)
    assert blocked.status_code == 429
    assert "Prøv igen om lidt." in error_text(blocked)

    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.1"
    sign_in(elsewhere, "redaktoer@example.dk", PASSWORD)


# --- Two-factor sign-in ----------------------------------------------------------------------------------------


def test_two_factor_sign_in_asks_for_a_code_and_refuses_a_reused_one(app):
    _, secret = make_user(app, "totp@example.dk", totp=True)
    client = app.test_client()
    response = post_login(client, "totp@example.dk", PASSWORD)
    assert response.location == "/konto/log-ind/kode"
    assert not signed_in(client)  # the password alone is not enough

    wrong = post_code(client, "000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    assert wrong.status_code == 200
    assert error_text(wrong) == "Koden er forkert eller allerede brugt."

    code = totp_code(secret)
    assert post_code(client, code).location == "/redaktion/"
    assert signed_in(client)

    replay = app.test_client()
    post_login(replay, "totp@example.dk", PASSWORD)
    refused = post_code(replay, code)
    assert refused.status_code == 200
    assert error_text(refused) == "Koden er forkert eller allerede brugt."
    assert not signed_in(replay)


def test_a_code_in_other_scripts_digits_is_refused_as_wrong_not_a_server_error(app):
    """Unicode digits (here Arabic-Indic, and full-width) matched the six-digit pattern, then broke the
    constant-time comparison, which takes ASCII only."""
    make_user(app, "totp@example.dk", totp=True)
    client = app.test_client()
    post_login(client, "totp@example.dk", PASSWORD)
    for code in ("\u0661\u0662\u0663\u0664\u0665\u0666", "\uff11\uff12\uff13\uff14\uff15\uff16"):
        response = post_code(client, code)
        assert response.status_code == 200
        assert error_text(response) == "Koden er forkert eller allerede brugt."


def test_a_recovery_code_signs_in_once(app):
    user_id, _ = make_user(app, "gendan@example.dk", totp=True)
    with app.app_context():
        codes = two_factor.new_recovery_codes(db.session.get(User, user_id))
        db.session.commit()

    first = app.test_client()
    post_login(first, "gendan@example.dk", PASSWORD)
    assert post_code(first, codes[3].upper()).location == "/redaktion/"  # typed in capitals: still fine

    second = app.test_client()
    post_login(second, "gendan@example.dk", PASSWORD)
    assert error_text(post_code(second, codes[3])) == "Koden er forkert eller allerede brugt."
    assert post_code(second, codes[4]).status_code == 302
    with app.app_context():
        assert two_factor.unused_recovery_codes(db.session.get(User, user_id)) == 8


def test_second_factor_attempts_are_throttled(app):
    make_user(app, "gaet@example.dk", totp=True)
    client = app.test_client()
    post_login(client, "gaet@example.dk", PASSWORD)
    for _ in range(5):
        post_code(client, "abcd-efgh-jkmn")
    response = post_code(client, "abcd-efgh-jkmn")
    assert response.status_code == 429
    assert "Prøv igen om lidt." in error_text(response)


def test_an_administrator_must_set_up_two_factor_before_anything_else(app, client):
    make_user(app, "chef@example.dk", role="admin")
    assert sign_in(client, "chef@example.dk", PASSWORD).location == "/konto/to-faktor"
    for path in ("/redaktion/", "/konto/", "/konto/brugere"):
        assert client.get(path).location == "/konto/to-faktor"

    page = client.get("/konto/to-faktor")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<svg" in html and "style=" not in html and "<script>" not in html
    secret = re.search(r"Nøgle: <code>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")

    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)  # this page's form
    wrong = client.post(
        "/konto/to-faktor", data={"setup-code": "12345", "setup-password": PASSWORD, "csrf_token": token}
    )
    assert wrong.status_code == 400
    assert "Koden passer ikke" in wrong.get_data(as_text=True)

    done = client.post(
        "/konto/to-faktor", data={"setup-code": totp_code(secret), "setup-password": PASSWORD, "csrf_token": token}
    )
    codes = re.findall(r"<li><code>([a-z0-9-]{14})</code></li>", done.get_data(as_text=True))
    assert len(codes) == 10
    assert client.get("/redaktion/").status_code == 200
    assert client.get("/konto/brugere").status_code == 200
    assert "two_factor_enabled" in audit_actions(app)


def test_an_editor_can_turn_two_factor_on_and_off_with_the_password(app, client, editor_account):
    sign_in(client, "redaktoer@example.dk", PASSWORD)
    html = client.get("/konto/to-faktor").get_data(as_text=True)
    secret = re.search(r"Nøgle: <code>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")
    post_form(client, "/konto/to-faktor", {"setup-code": totp_code(secret), "setup-password": PASSWORD})
    with app.app_context():
        assert db.session.get(User, editor_account).two_factor_enabled

    regenerated = post_form(client, "/konto/to-faktor/gendannelseskoder", {"regenerate-password": PASSWORD})
    assert len(re.findall(r"<li><code>", regenerated.get_data(as_text=True))) == 10

    refused = post_form(client, "/konto/to-faktor/slaa-fra", {"disable-password": "forkert adgangskode"})
    assert refused.status_code == 400
    assert "Adgangskoden er forkert." in refused.get_data(as_text=True)
    post_form(client, "/konto/to-faktor/slaa-fra", {"disable-password": PASSWORD})
    with app.app_context():
        assert not db.session.get(User, editor_account).two_factor_enabled
    assert signed_in(client)


def test_the_owner_is_told_by_mail_when_the_password_or_two_factor_sign_in_changes(
    app, client, editor_account, monkeypatch
):
    from kb.auth import mail

    sent = []
    monkeypatch.setattr(mail, "send_link", lambda to, subject, text, link: sent.append((to, text, link)))

    def post(path, data):
        with client.post(path, data={**data, "csrf_token": csrf_token(client, "/konto/")}):
            pass

    sign_in(client, "redaktoer@example.dk", PASSWORD)
    html = client.get("/konto/to-faktor").get_data(as_text=True)
    secret = re.search(r"Nøgle: <code>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")
    post("/konto/to-faktor", {"setup-code": totp_code(secret), "setup-password": PASSWORD})
    post("/konto/to-faktor/slaa-fra", {"disable-password": PASSWORD})
    new_password = "en helt ny og lang adgangssætning"
    post(
        "/konto/adgangskode", {"current_password": PASSWORD, "password": new_password, "password_confirm": new_password}
    )

    assert [text.split(" Var det dig")[0] for _to, text, _link in sent] == [
        "To-faktor-login er slået til for din konto i Metodebasen.",
        "To-faktor-login er slået fra for din konto i Metodebasen.",
        "Adgangskoden til din konto i Metodebasen er ændret.",
    ]
    assert {to for to, _text, _link in sent} == {"redaktoer@example.dk"}
    assert all(link.endswith("/konto/glemt-adgangskode") for _to, _text, link in sent)


def test_an_administrator_cannot_turn_two_factor_off(app, admin_client):
    post_form(admin_client, "/konto/to-faktor/slaa-fra", {"disable-password": PASSWORD})
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "admin@example.dk")).two_factor_enabled


# --- Where sign-in leads ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "/\t/evil.example", ""],
)
def test_next_never_leads_off_the_site(app, client, editor_account, target):
    response = post_login(client, "redaktoer@example.dk", PASSWORD, next_path=target)
    assert response.status_code == 302
    assert response.location == "/redaktion/"


def test_next_leads_to_a_local_page(app, client, editor_account):
    response = post_login(client, "redaktoer@example.dk", PASSWORD, next_path="/konto/adgangskode")
    assert response.location == "/konto/adgangskode"


def test_a_protected_page_sends_an_anonymous_visitor_to_sign_in_and_back(app, client, editor_account):
    response = client.get("/konto/adgangskode")
    assert response.location.startswith("/konto/log-ind?next=")
    login_page = client.get(response.location).get_data(as_text=True)
    assert 'action="/konto/log-ind?next=/konto/adgangskode"' in login_page


# --- Ending sessions -------------------------------------------------------------------------------------------


def test_a_session_cookie_saved_before_logout_is_refused_afterwards(app, client, editor_account):
    sign_in(client, "redaktoer@example.dk", PASSWORD)
    saved = client.get_cookie("kb_session").value

    copy = app.test_client()
    copy.set_cookie("kb_session", saved)
    assert signed_in(copy)  # the copy works while the session lives ...

    response = post_form(client, "/konto/log-ud")
    assert response.location == "/"
    assert "logout" in audit_actions(app)

    replay = app.test_client()
    replay.set_cookie("kb_session", saved)
    response = replay.get("/redaktion/")
    assert response.status_code == 302
    assert response.location.startswith(LOGIN_PATH)  # ... and not after "Log ud"
    assert not signed_in(copy)


def test_posts_without_a_csrf_token_are_refused(app, client, editor_account):
    assert client.post(LOGIN_PATH, data={"email": "redaktoer@example.dk", "password": PASSWORD}).status_code == 400
    sign_in(client, "redaktoer@example.dk", PASSWORD)
    assert client.post("/konto/log-ud").status_code == 400
    assert client.post("/konto/log-ud", data={"csrf_token": "forfalsket"}).status_code == 400
    assert signed_in(client)


def test_deactivation_ends_every_session_and_stops_sign_in(app, admin_client, editor_account):
    victim = app.test_client()
    sign_in(victim, "redaktoer@example.dk", PASSWORD)
    post_form(admin_client, f"/konto/brugere/{editor_account}/deaktiver")
    assert not signed_in(victim)
    assert error_text(post_login(app.test_client(), "redaktoer@example.dk", PASSWORD)) == (
        "E-mail eller adgangskode er forkert."
    )
    assert "user_deactivated" in audit_actions(app)

    post_form(admin_client, f"/konto/brugere/{editor_account}/aktiver")
    sign_in(app.test_client(), "redaktoer@example.dk", PASSWORD)


def test_changing_the_password_ends_other_sessions_but_keeps_this_one(app, editor_account):
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, "redaktoer@example.dk", PASSWORD)
    sign_in(elsewhere, "redaktoer@example.dk", PASSWORD)

    wrong = post_form(
        here,
        "/konto/adgangskode",
        {"current_password": "ikke den rigtige", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert "Adgangskoden er forkert." in wrong.get_data(as_text=True)
    assert signed_in(elsewhere)

    weak = post_form(
        here, "/konto/adgangskode", {"current_password": PASSWORD, "password": "kort", "password_confirm": "kort"}
    )
    assert "mindst 12 tegn" in weak.get_data(as_text=True)

    response = post_form(
        here,
        "/konto/adgangskode",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert response.location == "/konto/"
    assert signed_in(here)
    assert not signed_in(elsewhere)
    assert "password_changed" in audit_actions(app)
    sign_in(app.test_client(), "redaktoer@example.dk", NEW_PASSWORD)


# --- Invitations and password resets ---------------------------------------------------------------------------


def _link_path(response) -> str:
    return _LINK.search(response.get_data(as_text=True)).group(1)


def test_an_invitation_sets_a_password_signs_in_and_works_once(app, admin_client, caplog):
    response = post_form(admin_client, "/konto/brugere", {"email": "Ny@Example.dk", "name": "Ny", "role": "editor"})
    assert response.status_code == 200
    path = _link_path(response)
    assert path in caplog.text  # no mail server: the link is logged too
    assert "user_invited" in audit_actions(app)

    invitee = app.test_client()
    page = invitee.get(path)
    assert page.status_code == 200
    assert "ny@example.dk" in page.get_data(as_text=True)
    token = csrf_token(invitee, path)
    common = invitee.post(
        path, data={"password": "password1234", "password_confirm": "password1234", "csrf_token": token}
    )
    assert "almindelig" in common.get_data(as_text=True)
    accepted = invitee.post(
        path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD, "csrf_token": token}
    )
    assert accepted.location == "/redaktion/"
    assert signed_in(invitee)
    assert "invitation_accepted" in audit_actions(app)

    assert app.test_client().get(path).status_code == 404
    sign_in(app.test_client(), "ny@example.dk", NEW_PASSWORD)


def test_an_expired_invitation_does_not_work(app, admin_client):
    path = _link_path(post_form(admin_client, "/konto/brugere", {"email": "sen@example.dk", "role": "editor"}))
    with app.app_context():
        db.session.execute(update(AccountToken).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
        db.session.commit()
    assert app.test_client().get(path).status_code == 404


def test_an_invited_administrator_is_sent_to_two_factor_setup(app, admin_client):
    path = _link_path(post_form(admin_client, "/konto/brugere", {"email": "chef2@example.dk", "role": "admin"}))
    invitee = app.test_client()
    token = csrf_token(invitee, path)
    accepted = invitee.post(
        path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD, "csrf_token": token}
    )
    assert accepted.location == "/konto/to-faktor"


def test_inviting_a_taken_address_keeps_the_input_and_explains(app, admin_client, editor_account):
    response = post_form(admin_client, "/konto/brugere", {"email": "redaktoer@example.dk", "name": "Igen"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vælg en rolle." in html
    response = post_form(
        admin_client, "/konto/brugere", {"email": "redaktoer@example.dk", "name": "Igen", "role": "editor"}
    )
    html = response.get_data(as_text=True)
    assert "Der findes allerede en konto med den e-mailadresse." in html
    assert 'value="Igen"' in html
    assert 'class="form-group form-error"' in html


def test_a_reset_link_sets_a_new_password_once_and_ends_every_session(app, admin_client, editor_account):
    sessions = [app.test_client(), app.test_client()]
    for client in sessions:
        sign_in(client, "redaktoer@example.dk", PASSWORD)

    path = _link_path(
        post_form(admin_client, f"/konto/brugere/{editor_account}/link", token_from=f"/konto/brugere/{editor_account}")
    )
    assert path.startswith("/konto/nulstil/")
    user = app.test_client()
    token = csrf_token(user, path)
    done = user.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD, "csrf_token": token})
    assert done.location == LOGIN_PATH
    assert not any(signed_in(client) for client in sessions)
    assert user.get(path).status_code == 404  # single use
    sign_in(user, "redaktoer@example.dk", NEW_PASSWORD)
    assert {"reset_link_created", "password_reset"} <= set(audit_actions(app))


def test_an_expired_reset_link_does_not_work(app, admin_client, editor_account):
    path = _link_path(
        post_form(admin_client, f"/konto/brugere/{editor_account}/link", token_from=f"/konto/brugere/{editor_account}")
    )
    with app.app_context():
        db.session.execute(update(AccountToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        db.session.commit()
    assert app.test_client().get(path).status_code == 404


def test_forgot_password_answers_the_same_and_logs_a_link_only_for_a_real_account(app, editor_account, caplog):
    def ask(email):
        client = app.test_client()
        token = csrf_token(client, "/konto/glemt-adgangskode")
        with client.post("/konto/glemt-adgangskode", data={"email": email, "csrf_token": token}) as response:
            assert response.location == LOGIN_PATH
        return client.get(LOGIN_PATH).get_data(as_text=True)

    known = ask("redaktoer@example.dk")
    assert "/konto/nulstil/" in caplog.text
    caplog.clear()
    unknown = ask("ukendt@example.dk")
    assert "/konto/nulstil/" not in caplog.text
    assert "Hvis adressen findes" in known
    assert re.sub(r'value="[^"]{40,}"', "", known) == re.sub(r'value="[^"]{40,}"', "", unknown)


def test_reset_requests_from_one_address_are_limited_whatever_accounts_they_name(app, editor_account, caplog):
    app.config["KB_LOGIN_IP_LIMIT"] = 4
    client = app.test_client()

    def ask(email):
        token = csrf_token(client, "/konto/glemt-adgangskode")
        with client.post("/konto/glemt-adgangskode", data={"email": email, "csrf_token": token}) as response:
            assert response.location == LOGIN_PATH  # the same answer every time

    for number in range(3):
        ask(f"ukendt{number}@example.dk")
    ask("redaktoer@example.dk")  # the fourth request from this address still gets a link
    assert caplog.text.count("/konto/nulstil/") == 1
    caplog.clear()
    ask("redaktoer@example.dk")
    assert "/konto/nulstil/" not in caplog.text
    assert "refused: too many requests from this address" in " ".join(
        event.detail for event in _events(app, "reset_requested")
    )


def test_reset_links_are_mailed_with_starttls_when_a_mail_server_is_configured(app, editor_account, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *_):
            return False

        def starttls(self, context):
            sent.append(("starttls",))

        def login(self, user, password):
            sent.append(("login", user))

        def send_message(self, message):
            sent.append(("send", message["To"], message["From"], message.get_content()))

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(
        KB_SMTP_HOST="smtp.example.dk", KB_SMTP_USER="kb", KB_SMTP_PASSWORD="hemmelig", KB_MAIL_FROM="kb@example.dk"
    )
    client = app.test_client()
    token = csrf_token(client, "/konto/glemt-adgangskode")
    with client.post("/konto/glemt-adgangskode", data={"email": "redaktoer@example.dk", "csrf_token": token}):
        pass
    assert sent[:3] == [("connect", "smtp.example.dk", 587), ("starttls",), ("login", "kb")]
    assert sent[3][1:3] == ("redaktoer@example.dk", "kb@example.dk")
    assert "http://localhost/konto/nulstil/" in sent[3][3]


# --- Own account and administration ----------------------------------------------------------------------------


def test_an_editor_posting_a_role_to_the_own_account_page_changes_only_the_name(app, client, editor_account):
    sign_in(client, "redaktoer@example.dk", PASSWORD)
    post_form(client, "/konto/", {"name": "Rita Redaktør", "role": "admin", "active": "0", "email": "x@example.dk"})
    with app.app_context():
        user = db.session.get(User, editor_account)
        assert (user.name, user.role, user.active, user.email) == (
            "Rita Redaktør",
            "editor",
            True,
            "redaktoer@example.dk",
        )
    assert client.get("/konto/brugere").status_code == 403


def test_administrators_change_roles_and_the_change_is_audited(app, admin_client, editor_account):
    page = f"/konto/brugere/{editor_account}"
    post_form(admin_client, f"{page}/rolle", {"role": "admin"}, token_from=page)
    with app.app_context():
        assert db.session.get(User, editor_account).role == "admin"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "role_changed"))
        assert event.detail == "redaktoer@example.dk: editor → admin"
        assert event.user.email == "admin@example.dk"
    invalid = post_form(admin_client, f"{page}/rolle", {"role": "superuser"}, token_from=page)
    assert invalid.status_code == 400
    assert "Vælg en rolle." in invalid.get_data(as_text=True)


def test_the_last_active_administrator_cannot_demote_or_deactivate_themselves(app, admin_client):
    with app.app_context():
        admin_id = db.session.scalar(select(User.id).where(User.email == "admin@example.dk"))
    page = f"/konto/brugere/{admin_id}"
    demoted = post_form(admin_client, f"{page}/rolle", {"role": "editor"}, token_from=page)
    assert "mindst én aktiv administrator" in demoted.get_data(as_text=True)
    post_form(admin_client, f"{page}/deaktiver", token_from=page)
    with app.app_context():
        user = db.session.get(User, admin_id)
        assert (user.role, user.active) == ("admin", True)
    assert signed_in(admin_client)

    make_user(app, "chef2@example.dk", role="admin")
    post_form(admin_client, f"{page}/rolle", {"role": "editor"}, token_from=page)
    with app.app_context():
        assert db.session.get(User, admin_id).role == "editor"


def test_the_audit_log_shows_newest_first_filters_by_action_and_pages(app, admin_client, editor_account):
    with app.app_context():
        for number in range(60):
            db.session.add(AuditEvent(action="method_published", target=f"method:{number}"))
        db.session.commit()
    first = admin_client.get("/konto/log").get_data(as_text=True)
    assert first.index("method:59") < first.index("method:58")
    assert "Side 1 af" in first
    filtered = admin_client.get("/konto/log?action=login").get_data(as_text=True)
    assert "method:" not in filtered and "user:" in filtered
    assert admin_client.get("/konto/log?page=2&action=nonsense").status_code == 200
    assert admin_client.get("/konto/log?page=abc").status_code == 200


def test_account_pages_keep_a_single_h1_and_no_inline_script_or_style(app, admin_client, editor_account):
    for path in (
        "/konto/",
        "/konto/adgangskode",
        "/konto/to-faktor",
        "/konto/brugere",
        f"/konto/brugere/{editor_account}",
        "/konto/log",
    ):
        html = admin_client.get(path).get_data(as_text=True)
        assert html.count("<h1") == 1, path
        assert "style=" not in html and "<style" not in html, path
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), path
    anonymous = app.test_client()
    for path in (LOGIN_PATH, "/konto/glemt-adgangskode"):
        assert anonymous.get(path).get_data(as_text=True).count("<h1") == 1


def test_audit_times_are_shown_in_danish_time():
    from kb.text import danish_timestamp

    summer = datetime(2026, 7, 1, 10, 5, tzinfo=UTC)
    assert danish_timestamp(summer) == "1. juli 2026 kl. 12.05"
    assert danish_timestamp(summer.replace(tzinfo=None)) == "1. juli 2026 kl. 12.05"  # SQLite: naive UTC
    assert danish_timestamp(datetime(2026, 12, 1, 23, 30, tzinfo=UTC)) == "2. december 2026 kl. 00.30"
