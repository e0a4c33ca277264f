"""Fixtures: every test gets its own application, database and index directory.

By default the database is a SQLite file under the test's tmp_path. With `--postgres` every test runs
against a fresh schema in the PostgreSQL database named by KB_TEST_POSTGRES_URL instead.
"""

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text

from kb import create_app
from kb.extensions import db
from kb.search.query import forget_synonyms
from kb.seed.loader import load_demo_content
from tests.accounts import PASSWORD, make_user, sign_in, signed_in_editor

DEFAULT_POSTGRES_URL = "postgresql+psycopg://kb:kb@127.0.0.1:5432/kb_test"


def pytest_addoption(parser):
    parser.addoption("--postgres", action="store_true", help="run against PostgreSQL (KB_TEST_POSTGRES_URL)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--postgres"):
        skip = pytest.mark.skip(reason="SQLite-specific or browser test; run without --postgres")
        for item in items:
            if "sqlite_only" in item.keywords or "browser" in item.keywords:
                item.add_marker(skip)
    else:
        skip = pytest.mark.skip(reason="needs PostgreSQL (several app servers on one database); run with --postgres")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def postgres_url(request):
    if not request.config.getoption("--postgres"):
        return None
    return os.environ.get("KB_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def test_config(database_url: str, index_dir: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "KB_INDEX_DIR": str(index_dir),
        "KB_DEMO_NOTICE": True,
        "WTF_CSRF_ENABLED": True,
        # Tests start hundreds of apps; the background outbox follower is tested on its own.
        "KB_INDEX_FOLLOW_SECONDS": 0,
        # Search counts are written by the insights page, the purge command or search_log.flush().
        "KB_SEARCH_LOG_FLUSH_SECONDS": 0,
        # Tests search far more often than a person; the limits are specified in test_search_limits.py.
        "RATELIMIT_ENABLED": False,
    }


test_config.__test__ = False  # a helper, not a test


def reset_postgres_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def seeded_sqlite_template(tmp_path_factory, postgres_url):
    """A SQLite file with the demo content, built once and copied for each test that needs it."""
    if postgres_url:
        return None
    directory = tmp_path_factory.mktemp("template")
    path = directory / "seeded.sqlite"
    app = create_app(test_config(f"sqlite:///{path}", directory / "index"))
    with app.app_context():
        db.create_all()
        load_demo_content()  # its commit also builds the index, through the outbox
        db.engine.dispose()
    return path


def copy_seeded(template: Path, directory: Path) -> Path:
    """Copy the seeded database and its index into `directory`; return the database path."""
    database = directory / "kb.sqlite"
    shutil.copy(template, database)
    shutil.copytree(template.parent / "index", directory / "index", symlinks=True)
    return database


def _make_app(tmp_path, postgres_url, seeded_template=None, seed=False):
    # The synonyms are cached per database URL for a few seconds, and on PostgreSQL every test reuses one
    # URL: a test right after another must not search with the previous test's synonyms.
    forget_synonyms()
    if postgres_url:
        reset_postgres_schema(postgres_url)
        url = postgres_url
    else:
        path = copy_seeded(seeded_template, tmp_path) if seeded_template else tmp_path / "kb.sqlite"
        url = f"sqlite:///{path}"
    app = create_app(test_config(url, tmp_path / "index"))
    with app.app_context():
        if postgres_url or not seeded_template:
            db.create_all()
        if seed and postgres_url:
            load_demo_content()
    return app


@pytest.fixture
def app(tmp_path, postgres_url):
    """An application with an empty database."""
    app = _make_app(tmp_path, postgres_url)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def seeded_app(tmp_path, postgres_url, seeded_sqlite_template):
    """An application whose database holds the demo content."""
    app = _make_app(tmp_path, postgres_url, seeded_sqlite_template, seed=True)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def seeded_client(seeded_app):
    return seeded_app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# Accounts and signed-in clients, one meaning per name across every test file.
@pytest.fixture
def editor_account(app):
    """The id of an active editor account (password PASSWORD, no second factor), not signed in."""
    user_id, _ = make_user(app, "redaktoer@example.dk")
    return user_id


@pytest.fixture
def admin_account(app):
    """An administrator with two-factor sign-in, not signed in: (email, TOTP secret)."""
    _, secret = make_user(app, "admin@example.dk", role="admin", totp=True)
    return "admin@example.dk", secret


@pytest.fixture
def editor_client(app):
    """A client signed in as an editor without the sign-in forms (those are specified in test_auth.py)."""
    return signed_in_editor(app)


@pytest.fixture
def admin_client(app, admin_account):
    """A client signed in as `admin_account` through the real forms, password and TOTP code."""
    client = app.test_client()
    sign_in(client, admin_account[0], PASSWORD, totp_secret=admin_account[1])
    return client


class QueryCounter:
    """Counts the SQL statements an engine executes while active."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[str] = []

    def _record(self, _conn, _cursor, statement, *_args):
        self.statements.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    def factory():
        with app.app_context():
            return QueryCounter(db.engine)

    return factory
