"""The JSON API (version 1): search and suggestions over published content."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from kb.api import views  # noqa: E402, F401
