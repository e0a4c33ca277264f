"""Who is signed in: loading the user from the session, and idle and absolute session timeouts."""

from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, session
from flask_login import current_user, login_user, logout_user

from kb.extensions import db, login_manager
from kb.models import User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user named by 'id:session_version'; None when the version moved on (logout everywhere etc.)."""
    ident, _, version = user_id.partition(":")
    if not ident.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def me() -> User:
    """The signed-in user itself: services need the mapped object, not Flask-Login's proxy."""
    return current_user._get_current_object()


def now_timestamp() -> float:
    """The current moment as a UNIX timestamp (what the session stores)."""
    return datetime.now(UTC).timestamp()


def start_session() -> None:
    """Record when the session began; called right after login_user."""
    session.permanent = True
    session["signed_in_at"] = now_timestamp()
    session["seen_at"] = now_timestamp()


def sign_in(user: User) -> None:
    """Begin a fresh session for `user`: nothing from before signing in is carried over."""
    session.clear()
    login_user(user)
    start_session()


def keep_signed_in(user: User) -> None:
    """After bumping the user's session version: move this session to the new version, other sessions end.

    The session keeps its start time, so the absolute timeout still counts from the original sign-in.
    """
    login_user(user)


def sign_out() -> None:
    """End the signed-in session and clear everything it held."""
    logout_user()
    session.clear()


def enforce_timeouts() -> None:
    """End a signed-in session that has been idle too long or has lived too long."""
    if not current_user.is_authenticated:
        return
    now = now_timestamp()
    idle = timedelta(minutes=current_app.config["KB_SESSION_IDLE_MINUTES"]).total_seconds()
    maximum = timedelta(hours=current_app.config["KB_SESSION_MAX_HOURS"]).total_seconds()
    if now - session.get("seen_at", 0) > idle or now - session.get("signed_in_at", 0) > maximum:
        logout_user()
        session.clear()
        return
    session["seen_at"] = now


def init_app(app: Flask) -> None:
    """Set up Flask-Login and the session timeouts for `app`."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log ind for at se siden."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    app.before_request(enforce_timeouts)
