"""Access control. The editor area denies by default: every route needs a signed-in, fully verified user."""

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

# Routes of the auth blueprint that anonymous visitors may use; everything else needs a signed-in user.
PUBLIC_AUTH_ENDPOINTS = frozenset(
    {
        "auth.login",
        "auth.login_second_factor",
        "auth.accept_invitation",
        "auth.forgot_password",
        "auth.reset_password",
    }
)
# Routes a signed-in administrator may use before setting up two-factor sign-in.
TWO_FACTOR_SETUP_ENDPOINTS = frozenset({"auth.two_factor_setup", "auth.logout"})


def require_editor() -> object | None:
    """before_request for the editor and auth blueprints: deny unless the user may be here."""
    if request.endpoint in PUBLIC_AUTH_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
    if (
        current_user.is_admin
        and not current_user.two_factor_enabled
        and request.endpoint not in TWO_FACTOR_SETUP_ENDPOINTS
    ):
        return redirect(url_for("auth.two_factor_setup"))
    return None


def admin_required(view):
    """Only administrators; others get 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated or not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    wrapped.admin_only = True  # lets the access-matrix test find every administrator-only route
    return wrapped
