"""Signing in and out, and the links that set a password: invitations and password resets."""

from flask import flash, make_response, redirect, render_template, request, session, url_for
from flask_login import current_user

from kb.accounts import sessions
from kb.accounts.tokens import INVITE, RESET
from kb.auth import bp, mail
from kb.auth.forms import ForgotPasswordForm, LoginForm, NewPasswordForm, SecondFactorForm
from kb.services import accounts, audit, signin
from kb.weburl import safe_next

WRONG_CREDENTIALS = "E-mail eller adgangskode er forkert."
TRY_LATER = "Prøv igen om lidt."
PENDING_LOGIN_SECONDS = 300


def _after_sign_in(user, next_path: str | None) -> str:
    if user.is_admin and not user.two_factor_enabled:
        return url_for("auth.two_factor_setup")
    return next_path or url_for("editor.dashboard")


@bp.route("/log-ind", methods=["GET", "POST"])
def login():
    """The sign-in form: e-mail and password."""
    next_path = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(_after_sign_in(current_user, next_path))
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        outcome = signin.check_password(form.email.data, form.password.data)
        if outcome.status == signin.OK:
            sessions.sign_in(outcome.user)
            return redirect(_after_sign_in(outcome.user, next_path))
        if outcome.status == signin.SECOND_FACTOR:
            session.clear()
            session["pending_login"] = {
                "user": outcome.user.get_id(),
                "at": sessions.now_timestamp(),
                "next": next_path,
            }
            return redirect(url_for("auth.login_second_factor"))
        error = WRONG_CREDENTIALS
        if outcome.status == signin.THROTTLED:
            error, status = f"{WRONG_CREDENTIALS} {TRY_LATER}", 429
    response = make_response(render_template("auth/login.html", form=form, error=error, next=next_path), status)
    return _with_retry_after(response, outcome if status == 429 else None)


def _with_retry_after(response, outcome):
    if outcome is not None and outcome.retry_after:
        response.headers["Retry-After"] = str(outcome.retry_after)
    return response


def _pending_user():
    pending = session.get("pending_login")
    if not isinstance(pending, dict):
        return None, None
    if sessions.now_timestamp() - float(pending.get("at") or 0) > PENDING_LOGIN_SECONDS:
        return None, None
    return sessions.load_user(str(pending.get("user", ""))), safe_next(pending.get("next"))


@bp.route("/log-ind/kode", methods=["GET", "POST"])
def login_second_factor():
    """The second step of signing in: a TOTP or recovery code."""
    if current_user.is_authenticated:
        return redirect(_after_sign_in(current_user, None))
    user, next_path = _pending_user()
    if user is None:
        session.pop("pending_login", None)
        flash("Log ind igen. Der gik for lang tid, før koden blev skrevet.", "info")
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    error, status = None, 200
    if form.validate_on_submit():
        outcome = signin.check_second_factor(user, form.code.data)
        if outcome.status == signin.OK:
            sessions.sign_in(user)
            return redirect(_after_sign_in(user, next_path))
        error = "Koden er forkert eller allerede brugt."
        if outcome.status == signin.THROTTLED:
            error, status = f"{error} {TRY_LATER}", 429
    response = make_response(render_template("auth/second_factor.html", form=form, error=error), status)
    return _with_retry_after(response, outcome if status == 429 else None)


@bp.post("/log-ud")
def logout():
    """Sign out."""
    signin.sign_out(sessions.me())
    sessions.sign_out()
    flash("Du er logget ud. Alle dine sessioner er afsluttet.", "success")
    return redirect(url_for("public.index"))


@bp.route("/glemt-adgangskode", methods=["GET", "POST"])
def forgot_password():
    """Ask for a password-reset link (the answer never tells whether the account exists)."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # Everything that depends on whether the account exists happens after the answer.
        email = form.email.data
        mail.run_after_response(lambda: _send_reset_link(email))
        flash(
            "Hvis adressen findes i Metodebasen, får den en mail med et link til at vælge en ny adgangskode. "
            "Linket virker i en time.",
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


def _send_reset_link(email: str) -> None:
    issued = accounts.request_reset(email, audit.client_ip())
    if issued is not None:
        user, token = issued
        mail.send_link(
            user.email,
            "Nulstil din adgangskode til Metodebasen",
            "Du (eller en anden) har bedt om at nulstille din adgangskode til Metodebasen. "
            "Linket virker i en time og kun én gang. Har du ikke bedt om det, kan du se bort fra denne mail.",
            url_for("auth.reset_password", token=token, _external=True),
        )


@bp.route("/nulstil/<token>", methods=["GET", "POST"])
def reset_password(token):
    """Set a new password from a reset link."""
    return _set_password_from_link(token, RESET)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    """Set the first password from an invitation link."""
    return _set_password_from_link(token, INVITE)


def _set_password_from_link(token: str, purpose: str):
    record = accounts.find_link(token, purpose)
    if record is None:
        return render_template("auth/link_invalid.html"), 404
    user = record.user
    form = NewPasswordForm(user.email)
    if form.validate_on_submit():
        try:
            accounts.set_password_from_link(record, form.password.data)
        except accounts.AccountError:
            return render_template("auth/link_invalid.html"), 404
        if purpose == RESET:
            mail.notify_security_change(user.email, "password")
        sessions.sign_out()
        if purpose == INVITE and not user.two_factor_enabled:
            sessions.sign_in(user)
            flash("Velkommen til Metodebasen. Din adgangskode er gemt.", "success")
            return redirect(_after_sign_in(user, None))
        flash("Din adgangskode er ændret, og alle dine sessioner er afsluttet. Log ind med den nye.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/new_password.html", form=form, purpose=purpose, user=user)
