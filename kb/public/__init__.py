"""The public site: what practitioners, politicians and conference participants read."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from kb.public import handouts, overviews, views  # noqa: E402, F401
