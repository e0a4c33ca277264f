"""Sign-in, two-factor authentication, invitations, password resets and account administration."""

from flask import Blueprint

from kb.auth.access import require_editor

bp = Blueprint("auth", __name__, url_prefix="/konto")
bp.before_request(require_editor)

from kb.auth import account_views, admin_views, views  # noqa: E402, F401
