"""Engine settings that differ between SQLite and PostgreSQL."""

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine


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
