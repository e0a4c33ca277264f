"""Engine settings that differ between SQLite and PostgreSQL."""

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from kb.extensions import db


def configure_engine(engine: Engine) -> None:
    """Give SQLite foreign keys, WAL and a busy timeout; PostgreSQL needs nothing extra."""
    if engine.dialect.name != "sqlite":
        return
    if engine.url.database and engine.url.database != ":memory:":
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # SQLite's own lower() folds ASCII only; Danish names need æ/ø/å folded too.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if ":memory:" not in str(engine.url):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def begin_write_transaction(session) -> None:
    """Start a fresh write transaction on `session` that holds the write lock from its first statement.

    SQLite: BEGIN IMMEDIATE takes the lock at once (waiting up to the busy timeout), so a writer never
    fails on a stale read snapshot and editors never see "database is locked". PostgreSQL needs nothing
    here; the caller locks the row it changes with SELECT … FOR UPDATE.
    """
    session.rollback()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def end_sessions_safely(app) -> None:
    """Close each request's session even when its connection died (a database restart mid-request).

    Flask-SQLAlchemy's own teardown rolls back on close, which raises on a dead connection and turns a
    finished response into a 500. This teardown runs first (teardowns run in reverse order of
    registration): it closes the session, and if that fails, invalidates it instead, so the pool drops
    the dead connection and Flask-SQLAlchemy's teardown finds nothing left to do.
    """

    @app.teardown_appcontext
    def _close_session(_exc):
        try:
            db.session.remove()
        except DBAPIError:
            db.session().invalidate()
            db.session.remove()
