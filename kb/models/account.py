"""Editor accounts: users, their second factor, one-time links, sign-in attempts and the audit log."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.extensions import db
from kb.models.base import utcnow
from kb.models.encrypted import EncryptedString

ROLES = {"admin": "Administrator", "editor": "Redaktør"}


class User(UserMixin, db.Model):
    """An editor or administrator account."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower case
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(20), default="editor")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    totp_secret: Mapped[str | None] = mapped_column(EncryptedString)  # encrypted at rest (KB_TOTP_KEY)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Bumped on logout-everywhere, password change and deactivation: old session cookies stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    recovery_codes: Mapped[list["RecoveryCode"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        """Flask-Login refuses inactive users."""
        return self.active

    @property
    def is_admin(self) -> bool:
        """Whether the account administers accounts."""
        return self.role == "admin"

    @property
    def role_label(self) -> str:
        """The role in Danish."""
        return ROLES.get(self.role, self.role)

    @property
    def two_factor_enabled(self) -> bool:
        """Whether two-factor sign-in is on."""
        return self.totp_enabled_at is not None

    def get_id(self) -> str:
        # The session version is part of the id, so a bumped version invalidates every old cookie.
        """The session's user id: the account id and session version, so a version change ends every session."""
        return f"{self.id}:{self.session_version}"


class RecoveryCode(db.Model):
    """A one-time recovery code for two-factor sign-in (stored hashed)."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(back_populates="recovery_codes")


class AccountToken(db.Model):
    """A single-use, time-limited link: an invitation or a password reset. Only its hash is stored."""

    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))  # "invite" | "reset"
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class LoginAttempt(db.Model):
    """One sign-in attempt, kept in the database so throttling holds across workers and hosts."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class AuditEvent(db.Model):
    """Who did what, when: sign-ins, failed sign-ins, role changes, publishing, archiving, deletion."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")  # e.g. "method:12" or an e-mail address
    detail: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    request_id: Mapped[str] = mapped_column(String(128), default="")  # ties the event to the request's log lines
    # Repeated events (throttled sign-ins, reset requests) share one row: `at` is the latest occurrence.
    repeats: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    user: Mapped[User | None] = relationship()
