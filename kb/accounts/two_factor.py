"""The second factor: TOTP codes from an authenticator app, and one-time recovery codes.

A TOTP code is accepted for the current 30-second time step and one step either side (clock drift), and
only once: an accepted step is recorded as a used one-time marker (an AccountToken with purpose
"totp-step" whose unique hash is derived from the user and the step), so the same code cannot be replayed,
not even by two workers at the same moment. Nothing here commits; the caller's commit keeps the marker.
"""

import hashlib
import hmac
import re
import secrets
import time
from datetime import UTC, datetime, timedelta

import pyotp
import segno
from markupsafe import Markup
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from kb.extensions import db
from kb.models import AccountToken, RecoveryCode, User

ISSUER = "Metodebasen"
TOTP_PURPOSE = "totp-step"
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to read back from paper
_TOTP_CODE = re.compile(r"^[0-9]{6}$")  # ASCII only: other scripts' digits would break hmac.compare_digest


def new_secret() -> str:
    """A new random TOTP secret."""
    return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends


def provisioning_uri(user: User) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> Markup:
    """The otpauth:// URI as inline SVG markup. segno writes presentation attributes only (no style=)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", title="QR-kode til godkendelsesappen", svgclass="kb-qr"
    )
    return Markup(svg)


def formatted_secret(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def looks_like_totp(code: str) -> bool:
    """Whether `code` has the shape of a six-digit TOTP code (not a recovery code)."""
    return bool(_TOTP_CODE.match(_compact(code)))


def _compact(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _step_marker(user_id: int, step: int) -> str:
    return hashlib.sha256(f"totp:{user_id}:{step}".encode()).hexdigest()


def verify_totp(user: User, code: str) -> bool:
    """Accept `code` for the user's secret (also while it is being set up), once per time step."""
    code = _compact(code)
    if not user.totp_secret or not _TOTP_CODE.match(code):
        return False
    totp = pyotp.TOTP(user.totp_secret)
    current = int(time.time()) // totp.interval
    for step in (current, current - 1, current + 1):  # pyotp's valid_window=1, step by step to learn which
        if hmac.compare_digest(totp.generate_otp(step), code):
            return _use_step(user, step)
    return False


def _use_step(user: User, step: int) -> bool:
    """Record the time step as used; False when it already was (a replayed code)."""
    now = datetime.now(UTC)
    db.session.execute(
        delete(AccountToken).where(
            AccountToken.user_id == user.id, AccountToken.purpose == TOTP_PURPOSE, AccountToken.expires_at < now
        )
    )
    marker = AccountToken(
        purpose=TOTP_PURPOSE,
        token_hash=_step_marker(user.id, step),
        user_id=user.id,
        created_at=now,
        used_at=now,
        expires_at=now + timedelta(minutes=5),
    )
    try:
        with db.session.begin_nested():
            db.session.add(marker)
    except IntegrityError:
        return False
    return True


def _hash_recovery_code(code: str) -> str:
    # The codes are random with about 59 bits each, so a fast hash is enough (no dictionary to try).
    return hashlib.sha256(_compact(code).encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones; return them in plain text (shown once)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        codes.append(code)
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_recovery_code(code)))
    db.session.expire(user, ["recovery_codes"])
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one unused recovery code; each works once, even when two requests race."""
    if not _compact(code):
        return False
    result = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_recovery_code(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def unused_recovery_codes(user: User) -> int:
    """How many of the user's recovery codes are still unused."""
    return db.session.scalar(
        select(func.count()).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def verify_second_factor(user: User, code: str) -> str | None:
    """'totp' or 'recovery code' when `code` is accepted for `user`, otherwise None."""
    if looks_like_totp(code):
        return "totp" if verify_totp(user, code) else None
    return "recovery code" if use_recovery_code(user, code) else None


def disable(user: User) -> None:
    """Turn two-factor sign-in off for the user and drop the recovery codes (the caller commits)."""
    user.totp_secret = None
    user.totp_enabled_at = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.expire(user, ["recovery_codes"])
