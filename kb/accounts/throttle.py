"""Sign-in throttling, kept in the database (LoginAttempt) so it holds across workers and hosts.

Two limits, both over a sliding window: failures per account (counted since the account's last successful
sign-in) and failures per IP address. Unknown e-mail addresses are counted exactly like known ones, so
throttling never tells whether an account exists. Failed second factors count as failed attempts too,
and so do password-reset requests (against the IP limit only), so no address can flood accounts with mail.
"""

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from kb.extensions import db
from kb.models import LoginAttempt

KEEP_ATTEMPTS = timedelta(days=7)
RESET_REQUEST = "(reset request)"  # the e-mail column of a reset request's attempt row


def _window_start(now: datetime) -> datetime:
    return now - timedelta(minutes=current_app.config["KB_LOGIN_WINDOW_MINUTES"])


def is_throttled(email: str, ip: str) -> bool:
    """True when `email` or `ip` has had too many failed attempts lately."""
    now = datetime.now(UTC)
    since = _window_start(now)
    last_success = db.session.scalar(
        select(func.max(LoginAttempt.attempted_at)).where(
            LoginAttempt.email == email, LoginAttempt.succeeded.is_(True), LoginAttempt.attempted_at >= since
        )
    )
    account_failures = db.session.scalar(
        select(func.count()).where(
            LoginAttempt.email == email,
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at >= (last_success or since),
        )
    )
    if account_failures >= current_app.config["KB_LOGIN_ACCOUNT_LIMIT"]:
        return True
    return ip_is_throttled(ip)


def ip_is_throttled(ip: str) -> bool:
    """True when `ip` has had too many failed attempts (or reset requests) lately."""
    ip_failures = db.session.scalar(
        select(func.count()).where(
            LoginAttempt.ip == ip,
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at >= _window_start(datetime.now(UTC)),
        )
    )
    return ip_failures >= current_app.config["KB_LOGIN_IP_LIMIT"]


def record_attempt(email: str, ip: str, succeeded: bool) -> None:
    """Add an attempt to the session (the caller commits). A success also forgets attempts older than a week."""
    now = datetime.now(UTC)
    db.session.add(LoginAttempt(email=email[:254], ip=ip[:64], succeeded=succeeded, attempted_at=now))
    if succeeded:
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < now - KEEP_ATTEMPTS))
