"""WSGI entry point: `flask --app wsgi …` and `gunicorn wsgi:app`."""

from kb import create_app
from kb.config import ConfigurationError

try:
    app = create_app()
except ConfigurationError as error:
    # The reason in one line (to stderr, exit status 1), not a traceback through Flask's CLI or gunicorn.
    raise SystemExit(f"Metodebasen cannot start: {error}") from None
