"""The editor area (/redaktion): curating every content type, with drafts, history and redirects."""

from flask import Blueprint

from kb.auth.access import require_editor

bp = Blueprint("editor", __name__, url_prefix="/redaktion")
bp.before_request(require_editor)

from kb.editor import insights, views  # noqa: E402, F401
