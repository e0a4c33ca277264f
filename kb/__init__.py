"""Metodebasen: a knowledge base of evidence-based methods for the specialised social area."""

from collections.abc import Mapping
from pathlib import Path

from flask import Flask
from werkzeug.exceptions import SecurityError

from kb import (
    api,
    cli,
    errors,
    models,  # noqa: F401  (registers the tables for Alembic)
    ops,
    public_address,
    ratelimit,
    search,
    security,
    static_versions,
    templating,
)
from kb import config as settings
from kb.accounts import sessions
from kb.auth import bp as auth_bp
from kb.database import configure_engine, end_sessions_safely
from kb.editor import bp as editor_bp
from kb.extensions import csrf, db, migrate
from kb.public import bp as public_bp
from kb.public_address import adapter_for_refused_host, bind_to_base_url
from kb.routing import SlugConverter
from kb.services import shortlinks


class Metodebasen(Flask):
    """Flask, with external URLs built from KB_BASE_URL rather than from the request's Host."""

    def create_url_adapter(self, request):
        """Bind URLs to KB_BASE_URL; a refused Host gets an adapter that answers 400."""
        try:
            return bind_to_base_url(self, super().create_url_adapter(request))
        except SecurityError as refused:
            if request is None:
                raise
            return adapter_for_refused_host(self, request, refused)


def create_app(config: Mapping | None = None) -> Flask:
    """Create the application. `config` (tests pass theirs) replaces reading the environment."""
    app = Metodebasen(__name__, template_folder="../templates", static_folder="../static")
    app.url_map.converters["slug"] = SlugConverter
    app.config.update(settings.defaults())
    app.config.update(settings.from_environment() if config is None else config)
    # Test each pooled connection before use, so a restarted database costs one failed request, not many.
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations, CSRF, security headers, sessions, search and short-link hooks to `app`."""
    db.init_app(app)
    end_sessions_safely(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    public_address.init_app(app)
    security.init_app(app)  # before CSRF: its hooks set the body limit before anything reads the form
    csrf.init_app(app)
    static_versions.init_app(app)
    sessions.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    search.init_app(app)
    ratelimit.init_app(app)
    shortlinks.install_hooks()


def register_blueprints(app: Flask) -> None:
    """Register the public, API, account, editor and operations blueprints."""
    ops.init_app(app)
    app.register_blueprint(public_bp)
    api.init_app(app)
    app.register_blueprint(auth_bp)
    app.register_blueprint(editor_bp)


def register_errorhandlers(app: Flask) -> None:
    """Register the Danish error pages and JSON errors."""
    errors.init_app(app)


def register_template_helpers(app: Flask) -> None:
    """Register the Jinja filters, globals and context processors."""
    templating.init_app(app)


def register_commands(app: Flask) -> None:
    """Register the `flask kb …` commands."""
    cli.init_app(app)
