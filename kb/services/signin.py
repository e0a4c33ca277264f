"""Signing in and out, and the second factor's life cycle. Each function commits what it records.

Answers never tell whether an account exists: an unknown address costs the same password-hash check as a
known one and gets the same result, and throttling counts unknown addresses like known ones.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from kb.accounts import throttle, two_factor
from kb.accounts.passwords import hash_password, needs_rehash, verify_dummy, verify_password
from kb.extensions import db
from kb.models import User
from kb.services import accounts, audit

OK = "ok"
SECOND_FACTOR = "second_factor"
FAILED = "failed"
THROTTLED = "throttled"


@dataclass(frozen=True)
class Outcome:
    """The result of a sign-in step."""

    status: str  # OK | SECOND_FACTOR | FAILED | THROTTLED
    user: User | None = None
    retry_after: int = 0  # THROTTLED: seconds until this account may try again from this source


def check_password(email: str, password: str) -> Outcome:
    """The first step: is this the password of an active account, and may this address try now?"""
    email = accounts.normalise_email(email)[:254]
    ip = audit.client_ip()
    wait = throttle.seconds_to_wait(email, ip)
    if wait:
        audit.record_repeated("login_failed", email, "throttled")
        db.session.commit()
        return Outcome(THROTTLED, retry_after=wait)
    user = accounts.find_by_email(email)
    if user is not None and user.password_hash:
        correct = verify_password(user.password_hash, password)
    else:
        correct = verify_dummy(password)
    if not correct or not user.active:
        throttle.record_attempt(email, ip, succeeded=False)
        audit.record("login_failed", email, "password")
        db.session.commit()
        return Outcome(FAILED)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if user.two_factor_enabled:
        db.session.commit()
        return Outcome(SECOND_FACTOR, user)
    return _succeed(user, "password")


def check_second_factor(user: User, code: str) -> Outcome:
    """The second step: a TOTP code (each time step once) or an unused recovery code."""
    ip = audit.client_ip()
    wait = throttle.seconds_to_wait(user.email, ip)
    if wait:
        audit.record_repeated("login_failed", user.email, "second factor: throttled")
        db.session.commit()
        return Outcome(THROTTLED, retry_after=wait)
    method = two_factor.verify_second_factor(user, code)
    if method is None:
        throttle.record_attempt(user.email, ip, succeeded=False)
        audit.record("login_failed", user.email, "second factor")
        db.session.commit()
        return Outcome(FAILED)
    return _succeed(user, f"password and {method}")


def _succeed(user: User, how: str) -> Outcome:
    throttle.record_attempt(user.email, audit.client_ip(), succeeded=True)
    user.last_login_at = datetime.now(UTC)
    audit.record("login", f"user:{user.id}", how, user=user)
    db.session.commit()
    return Outcome(OK, user)


def confirm_password(user: User, password: str) -> str:
    """Re-check a signed-in user's password before a sensitive change: OK, FAILED or THROTTLED.

    Failures count towards sign-in throttling, so this cannot be used to guess the password either.
    """
    ip = audit.client_ip()
    if throttle.is_throttled(user.email, ip):
        return THROTTLED
    if verify_password(user.password_hash, password):
        return OK
    throttle.record_attempt(user.email, ip, succeeded=False)
    audit.record("password_confirmation_failed", f"user:{user.id}", user=user)
    db.session.commit()
    return FAILED


def sign_out(user: User) -> None:
    """End every session of the account, copies of the session cookie included."""
    user.session_version = (user.session_version or 1) + 1
    audit.record("logout", f"user:{user.id}", user=user)
    db.session.commit()


def start_two_factor_setup(user: User) -> None:
    """Give the user a new TOTP secret to scan (any secret shown before stops working) until it is confirmed."""
    if not user.two_factor_enabled:
        user.totp_secret = two_factor.new_secret()
        db.session.commit()


def enable_two_factor(user: User, code: str) -> list[str]:
    """Turn on two-factor sign-in when `code` matches the new secret (the caller confirmed the password); end
    every session of the account, and return the recovery codes (shown once)."""
    if user.two_factor_enabled:
        raise accounts.AccountError("To-faktor-login er allerede slået til.")
    if not two_factor.verify_totp(user, code):
        db.session.rollback()
        raise accounts.AccountError("Koden passer ikke. Tjek at uret på telefonen går rigtigt, og prøv med en ny kode.")
    user.totp_enabled_at = datetime.now(UTC)
    user.session_version = (user.session_version or 1) + 1
    codes = two_factor.new_recovery_codes(user)
    audit.record("two_factor_enabled", f"user:{user.id}", user=user)
    db.session.commit()
    return codes


def regenerate_recovery_codes(user: User) -> list[str]:
    """New recovery codes for the user, replacing the old ones; commits."""
    if not user.two_factor_enabled:
        raise accounts.AccountError("Slå to-faktor-login til først.")
    codes = two_factor.new_recovery_codes(user)
    audit.record("recovery_codes_regenerated", f"user:{user.id}", user=user)
    db.session.commit()
    return codes


def disable_two_factor(user: User, changed_by: User) -> None:
    """Turn two-factor sign-in off. Administrators must keep theirs; another administrator may reset it."""
    if user.is_admin and changed_by.id == user.id:
        raise accounts.AccountError("Administratorer skal bruge to-faktor-login.")
    if not user.two_factor_enabled and user.totp_secret is None:
        raise accounts.AccountError("To-faktor-login er ikke slået til for kontoen.")
    two_factor.disable(user)
    user.session_version = (user.session_version or 1) + 1
    action = "two_factor_disabled" if changed_by.id == user.id else "two_factor_reset"
    audit.record(action, f"user:{user.id}", user.email, user=changed_by)
    db.session.commit()
