"""Metodebasen: a knowledge base of evidence-based methods for the specialised social area."""

from collections.abc import Mapping
from pathlib import Path

from flask import Flask

from kb.routing import SlugConverter


def create_app(config: Mapping | None = None) -> Flask:
    """Create the application. `config` (tests pass theirs) replaces reading the environment."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.url_map.converters["slug"] = SlugConverter
    if config is None:
        from kb.config import from_environment

        config = from_environment()
    app.config.update(config)
    app.config.setdefault("KB_DEMO_NOTICE", True)
    app.config.setdefault("KB_INDEX_DIR", None)

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from kb import (
        models,  # noqa: F401  (registers the tables for Alembic)
        ratelimit,
        search,
        security,
    )
    from kb.auth import sessions
    from kb.database import configure_engine
    from kb.extensions import csrf, db, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    security.init_app(app)
    sessions.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    search.init_app(app)
    ratelimit.init_app(app)
    from kb.services import shortlinks

    shortlinks.install_hooks()


def register_blueprints(app: Flask) -> None:
    from kb.api import bp as api_bp
    from kb.auth import bp as auth_bp
    from kb.editor import bp as editor_bp
    from kb.public import bp as public_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(editor_bp)


def register_errorhandlers(app: Flask) -> None:
    from kb.errors import init_app

    init_app(app)


def register_template_helpers(app: Flask) -> None:
    from kb.templating import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    from kb.cli import init_app

    init_app(app)
