"""Single-use, time-limited links for invitations and password resets.

The token is 256 random bits (secrets.token_urlsafe(32)); only its SHA-256 hash is stored, so a copy of
the database does not hold usable links. Nothing here commits; the caller's commit keeps the change.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from kb.extensions import db
from kb.models import AccountToken, User

INVITE = "invite"
RESET = "reset"
LIFETIMES = {INVITE: timedelta(hours=72), RESET: timedelta(hours=1)}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user: User, purpose: str, created_by: User | None = None) -> str:
    """Create a link token for `user`, retiring the user's earlier unused ones of the same purpose."""
    now = datetime.now(UTC)
    revoke(user, purpose)
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            purpose=purpose,
            token_hash=_hash(token),
            user_id=user.id,
            created_by_id=getattr(created_by, "id", None),
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
    )
    return token


def revoke(user: User, purpose: str | None = None) -> None:
    """Mark the user's unused links (of one purpose, or of both) as used."""
    purposes = [purpose] if purpose else list(LIFETIMES)
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose.in_(purposes), AccountToken.used_at.is_(None))
        .values(used_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )


def find(token: str, purpose: str) -> AccountToken | None:
    """The unused, unexpired token of an active user, or None."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(AccountToken)
        .join(AccountToken.user)
        .where(
            AccountToken.token_hash == _hash(token),
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > datetime.now(UTC),
            User.active.is_(True),
        )
    )


def consume(record: AccountToken) -> bool:
    """Use the token up; False when another request used it first (or it expired meanwhile)."""
    result = db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.id == record.id,
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > datetime.now(UTC),
        )
        .values(used_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def recent_count(user: User, purpose: str, within: timedelta) -> int:
    """How many links of `purpose` were made for `user` lately (to stop mail flooding)."""
    since = datetime.now(UTC) - within
    return db.session.scalar(
        select(func.count()).where(
            AccountToken.user_id == user.id, AccountToken.purpose == purpose, AccountToken.created_at >= since
        )
    )
