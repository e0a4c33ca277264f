"""Operations: health checks for load balancers, request ids and structured logs, HTTP caching."""

from flask import Blueprint, Flask

from kb.ops import caching, requestlog

bp = Blueprint("ops", __name__)


def init_app(app: Flask) -> None:
    """Register the health endpoints, request ids with JSON logs, and conditional responses."""
    app.register_blueprint(bp)
    requestlog.init_app(app)
    caching.init_app(app)


# Flask's idiom for a blueprint split over modules: health registers its routes on `bp` when imported, so it
# can only be imported once `bp` exists.
from kb.ops import health  # noqa: E402, F401
