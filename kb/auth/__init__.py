"""Sign-in, two-factor authentication, invitations, password resets and account administration."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/konto")

from kb.auth import views  # noqa: E402, F401
