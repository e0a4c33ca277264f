"""Editor accounts: creating, inviting, resetting passwords, roles and deactivation. Each function commits.

Every change that should end the account's other sessions bumps `session_version` (see kb/auth/sessions.py).
"""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from kb.accounts import throttle, tokens
from kb.accounts.passwords import hash_password, policy_errors
from kb.extensions import db
from kb.models import AccountToken, User
from kb.models.account import ROLES
from kb.services import audit

# Deliberately loose: one @, no spaces, a dot in the domain. The invitation mail is the real check.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_RESETS_PER_HOUR = 3


class AccountError(ValueError):
    """A change that cannot be made; the message is Danish and meant for the user."""


def normalise_email(email: str) -> str:
    """An e-mail address as stored: trimmed and lower case."""
    return email.strip().lower()


def is_valid_email(email: str) -> bool:
    """Whether `email` looks like an e-mail address."""
    return len(email) <= 254 and bool(_EMAIL.match(email))


def find_by_email(email: str) -> User | None:
    """The account with this e-mail address, or None."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _check_new_user(email: str, role: str) -> None:
    if not is_valid_email(email):
        raise AccountError("Skriv en gyldig e-mailadresse, fx navn@kommune.dk.")
    if role not in ROLES:
        raise AccountError("Vælg en rolle.")
    if find_by_email(email) is not None:
        raise AccountError("Der findes allerede en konto med den e-mailadresse.")


def _set_password(user: User, password: str) -> None:
    errors = policy_errors(password, user.email)
    if errors:
        raise AccountError(" ".join(errors))
    user.password_hash = hash_password(password)
    user.password_changed_at = datetime.now(UTC)
    user.session_version = (user.session_version or 1) + 1


def create_user(email: str, role: str, password: str, name: str = "") -> User:
    """Create an active account with a password (the command line's way in: there is no default account)."""
    email = normalise_email(email)
    _check_new_user(email, role)
    user = User(email=email, name=(name or "").strip()[:200], role=role, active=True, session_version=1)
    _set_password(user, password)
    db.session.add(user)
    db.session.flush()
    audit.record("user_created", f"user:{user.id}", f"{email} as {role} (command line)")
    db.session.commit()
    return user


def invite(email: str, name: str, role: str, invited_by: User) -> tuple[User, str]:
    """Create an account without a password and an invitation link (72 hours); return both."""
    email = normalise_email(email)
    _check_new_user(email, role)
    user = User(
        email=email, name=(name or "").strip()[:200], role=role, active=True, password_hash="", session_version=1
    )
    db.session.add(user)
    db.session.flush()
    token = tokens.issue(user, tokens.INVITE, created_by=invited_by)
    audit.record("user_invited", f"user:{user.id}", f"{email} as {role}", user=invited_by)
    db.session.commit()
    return user, token


def issue_link(user: User, created_by: User) -> tuple[str, str]:
    """A new invitation (no password yet) or password-reset link for `user`; return (purpose, token)."""
    if not user.active:
        raise AccountError("Kontoen er deaktiveret. Genaktivér den først.")
    purpose = tokens.INVITE if not user.password_hash else tokens.RESET
    token = tokens.issue(user, purpose, created_by=created_by)
    action = "invitation_created" if purpose == tokens.INVITE else "reset_link_created"
    audit.record(action, f"user:{user.id}", user.email, user=created_by)
    db.session.commit()
    return purpose, token


def request_reset(email: str, ip: str) -> tuple[User, str] | None:
    """A reset link for the active account with a password at `email`; None otherwise or when asked too often
    (3 links an hour per account; reset requests count against the sign-in limit per IP address)."""
    if throttle.ip_is_throttled(ip):
        audit.record_repeated("reset_requested", email[:200], "refused: too many requests from this address")
        db.session.commit()
        return None
    throttle.record_attempt(throttle.RESET_REQUEST, ip, succeeded=False)
    db.session.commit()
    user = find_by_email(email)
    if user is None or not user.active or not user.password_hash:
        return None
    if tokens.recent_count(user, tokens.RESET, timedelta(hours=1)) >= MAX_RESETS_PER_HOUR:
        audit.record_repeated("reset_requested", f"user:{user.id}", "refused: too many requests in an hour", user=user)
        db.session.commit()
        return None
    token = tokens.issue(user, tokens.RESET)
    audit.record_repeated("reset_requested", f"user:{user.id}", user.email, user=user)
    db.session.commit()
    return user, token


def find_link(token: str, purpose: str) -> AccountToken | None:
    """The unused, unexpired link token for `purpose`, or None."""
    return tokens.find(token, purpose)


def set_password_from_link(record: AccountToken, password: str) -> User:
    """Use an invitation or reset link to set the password; ends every session of the account."""
    user = record.user
    _set_password(user, password)
    if not tokens.consume(record):
        db.session.rollback()
        raise AccountError("Linket er allerede brugt eller er udløbet.")
    tokens.revoke(user)  # any other outstanding link for this account dies with it
    throttle.clear_failures(user.email)  # the owner proved themselves: strangers' failures stop counting
    action = "invitation_accepted" if record.purpose == tokens.INVITE else "password_reset"
    audit.record(action, f"user:{user.id}", user.email, user=user)
    db.session.commit()
    return user


def change_password(user: User, new_password: str) -> None:
    """Set a new password (the caller checked the current one); ends every other session."""
    _set_password(user, new_password)
    tokens.revoke(user, tokens.RESET)
    audit.record("password_changed", f"user:{user.id}", user=user)
    db.session.commit()


def update_profile(user: User, name: str) -> None:
    """What users may change about themselves: their display name."""
    user.name = (name or "").strip()[:200]
    db.session.commit()


def _other_active_admins(user: User) -> int:
    # FOR UPDATE (PostgreSQL) makes two administrators demoting each other at once wait for each other.
    ids = db.session.scalars(
        select(User.id).where(User.role == "admin", User.active.is_(True), User.id != user.id).with_for_update()
    ).all()
    return len(ids)


def _keeps_an_admin(user: User) -> None:
    if user.is_admin and user.active and _other_active_admins(user) == 0:
        raise AccountError("Der skal være mindst én aktiv administrator. Udnævn en anden administrator først.")


def change_role(user: User, role: str, changed_by: User) -> bool:
    """Give `user` the role; False when it already had it."""
    if role not in ROLES:
        raise AccountError("Vælg en rolle.")
    if role == user.role:
        return False
    if role != "admin":
        _keeps_an_admin(user)
    audit.record("role_changed", f"user:{user.id}", f"{user.email}: {user.role} → {role}", user=changed_by)
    user.role = role
    db.session.commit()
    return True


def deactivate(user: User, changed_by: User) -> None:
    """Stop the account from signing in and end its sessions and links at once."""
    _keeps_an_admin(user)
    user.active = False
    user.session_version = (user.session_version or 1) + 1
    tokens.revoke(user)
    audit.record("user_deactivated", f"user:{user.id}", user.email, user=changed_by)
    db.session.commit()


def reactivate(user: User, changed_by: User) -> None:
    """Reactivate an account, audited; commits."""
    user.active = True
    audit.record("user_reactivated", f"user:{user.id}", user.email, user=changed_by)
    db.session.commit()


def count_users() -> int:
    """How many accounts there are."""
    return db.session.scalar(select(func.count()).select_from(User))
