"""Sign-in throttling per account *and* source, with growing delays, kept in the database (LoginAttempt) so
it holds across workers and hosts.

A source is the client's address as the trusted proxies report it (kb/proxies.py), an IPv6 address grouped
by its /64 (one household or server gets a whole /64). Two counts, each over the last
KB_LOGIN_WINDOW_MINUTES (24 hours):
- failures for one account from one source: after KB_LOGIN_ACCOUNT_LIMIT (5) the source must wait before
  its next try, 30 seconds doubling with every further failure up to 30 minutes;
- failures from one source, whatever the accounts: the same delays after KB_LOGIN_IP_LIMIT (20).
A stranger's failures thus slow down only the stranger: the owner signing in from elsewhere is never
held up. A successful sign-in or password reset clears the account's failures. Unknown e-mail addresses
are counted like known ones, so throttling never tells whether an account exists. Failed second factors
and password confirmations count as failures; password-reset requests count against the source.
"""

from datetime import UTC, datetime, timedelta
from ipaddress import IPv6Address, ip_address, ip_network

from flask import current_app
from sqlalchemy import delete, func, select

from kb.extensions import db
from kb.models import LoginAttempt

FIRST_DELAY_SECONDS = 30
LONGEST_DELAY_SECONDS = 30 * 60
KEEP_ATTEMPTS = timedelta(days=7)
RESET_REQUEST = "(reset request)"  # the e-mail column of a reset request's attempt row


def source_of(address: str) -> str:
    """The throttling source of a client address: IPv4 as it is, IPv6 as its /64 network."""
    try:
        parsed = ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(parsed, IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def delay_after(failures: int, free: int) -> int:
    """Seconds to wait after the last of `failures` failures when the first `free` cost nothing."""
    if failures < free:
        return 0
    return min(FIRST_DELAY_SECONDS * 2 ** (failures - free), LONGEST_DELAY_SECONDS)


def _window_start(now: datetime) -> datetime:
    return now - timedelta(minutes=current_app.config["KB_LOGIN_WINDOW_MINUTES"])


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite returns naive UTC


def _wait(condition, free: int, now: datetime) -> int:
    failures, last = db.session.execute(
        select(func.count(), func.max(LoginAttempt.attempted_at)).where(
            condition, LoginAttempt.succeeded.is_(False), LoginAttempt.attempted_at >= _window_start(now)
        )
    ).one()
    if not failures:
        return 0
    remaining = _aware(last) + timedelta(seconds=delay_after(failures, free)) - now
    return max(0, int(remaining.total_seconds() + 0.999))


def seconds_to_wait(email: str, ip: str) -> int:
    """How long `email` must wait before trying again from `ip`'s source (0: it may try now)."""
    now = datetime.now(UTC)
    source = source_of(ip)
    config = current_app.config
    pair = _wait(
        (LoginAttempt.email == email) & (LoginAttempt.ip == source),
        config["KB_LOGIN_ACCOUNT_LIMIT"],
        now,
    )
    return max(pair, source_seconds_to_wait(ip, now))


def source_seconds_to_wait(ip: str, now: datetime | None = None) -> int:
    """How long anything from `ip`'s source must wait (failures and reset requests for any account)."""
    free = current_app.config["KB_LOGIN_IP_LIMIT"]
    return _wait(LoginAttempt.ip == source_of(ip), free, now or datetime.now(UTC))


def is_throttled(email: str, ip: str) -> bool:
    """True when `email` may not try from `ip`'s source now."""
    return seconds_to_wait(email, ip) > 0


def ip_is_throttled(ip: str) -> bool:
    """True when `ip`'s source may not try anything now."""
    return source_seconds_to_wait(ip) > 0


def record_attempt(email: str, ip: str, succeeded: bool) -> None:
    """Add an attempt to the session (the caller commits). A success clears the account's failures (and
    forgets attempts older than a week)."""
    now = datetime.now(UTC)
    db.session.add(LoginAttempt(email=email[:254], ip=source_of(ip), succeeded=succeeded, attempted_at=now))
    if succeeded:
        clear_failures(email)
        forget_old_attempts(now)


def forget_old_attempts(now: datetime | None = None) -> None:
    """Delete attempts older than a week: they no longer count for anything."""
    cutoff = (now or datetime.now(UTC)) - KEEP_ATTEMPTS
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < cutoff))


def clear_failures(email: str) -> None:
    """Forget the account's failed attempts (after a successful sign-in or a password reset)."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email, LoginAttempt.succeeded.is_(False)))
