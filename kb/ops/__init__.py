"""Operations: health checks for load balancers, request ids and structured logs, HTTP caching."""

from flask import Blueprint, Flask

bp = Blueprint("ops", __name__)


def init_app(app: Flask) -> None:
    """Register the health endpoints, request ids with JSON logs, and conditional responses."""
    from kb.ops import caching, health, requestlog  # noqa: F401  (health registers its routes on bp)

    app.register_blueprint(bp)
    requestlog.init_app(app)
    caching.init_app(app)
