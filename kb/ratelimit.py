"""Per-client rate limits on the search endpoints, with Flask-Limiter and counters in our own database.

Flask-Limiter's shared storages are Redis, Memcached, MongoDB or etcd; the application runs on one
SQLite or PostgreSQL database and nothing else, so `DatabaseStorage` gives the `limits` library a
storage in that database (fixed windows: one upserted row per client, limit and window). Every
worker and every host on the same database counts together. The client is request.remote_addr,
which the trusted-proxy setup (ProxyFix) makes the real client address; IPv6 clients are counted by
/64, since one household or phone gets a whole /64.

A request only upserts its own row. Ended windows are deleted by a background thread per process
every few minutes (`forget_ended_windows`), not inside a request: a search then never pays for a
table-wide DELETE, and its statements are the same every time.
"""

import ipaddress
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from flask import Flask, current_app, jsonify, render_template, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from limits.storage import Storage
from sqlalchemy import Connection, delete, select, text
from sqlalchemy.exc import SQLAlchemyError

from kb.background import start_once
from kb.extensions import db
from kb.models import RateLimitCounter

_table = RateLimitCounter.__table__
log = logging.getLogger(__name__)
HOUSEKEEPING_SECONDS = 300.0


def client_key() -> str:
    """Who is asking: the client address, IPv6 grouped by /64."""
    address = request.remote_addr or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


@contextmanager
def _unsynced_transaction() -> Iterator[Connection]:
    """A transaction whose commit does not wait for the disk: a count lost in a power cut is harmless.

    Waiting for the disk was most of what the limit cost a request (SQLite's WAL fsync: about 4 ms, more
    than a whole suggestion). Still atomic and crash-safe; only durability is given up, for this write alone.
    """
    with db.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            with connection.begin():
                connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
                yield connection
            return
        # A per-connection setting in SQLite: put back before the connection returns to the pool.
        synchronous = connection.exec_driver_sql("PRAGMA synchronous").scalar_one()
        connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
        connection.commit()
        try:
            with connection.begin():
                yield connection
        finally:
            connection.exec_driver_sql(f"PRAGMA synchronous={int(synchronous)}")
            connection.commit()


# One upsert in SQL both databases speak, written out: building it with SQLAlchemy's insert().on_conflict_do_update()
# cost each search 0.6 ms of CPU in statement construction and cache-key generation, four times the upsert itself.
_COUNT = text(
    "INSERT INTO rate_limit_counter (key, count, expires_at) VALUES (:key, :amount, :new_expiry) "
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN rate_limit_counter.expires_at <= :now THEN :amount ELSE rate_limit_counter.count + :amount END, "
    "expires_at = CASE WHEN rate_limit_counter.expires_at <= :now THEN :new_expiry "
    "ELSE rate_limit_counter.expires_at END "
    "RETURNING count"
)


class DatabaseStorage(Storage):
    """A `limits` storage (fixed window) in the application's database; URI `kb-database://`."""

    STORAGE_SCHEME: ClassVar[list[str]] = ["kb-database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        """The database errors the limiter treats as a storage failure."""
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count `amount` more in the window of `key`, starting a new window when the old one ended."""
        now = time.time()
        parameters = {"key": key, "amount": amount, "now": now, "new_expiry": now + expiry}
        with _unsynced_transaction() as connection:  # its own: a request's rollback keeps the count
            count = connection.execute(_COUNT, parameters).scalar_one()
        start_once(current_app._get_current_object(), "kb-rate-limit-housekeeping", _forget_every, HOUSEKEEPING_SECONDS)
        return count

    def get(self, key: str) -> int:
        """The count in the current window of `key` (0 when none)."""
        with db.engine.connect() as connection:
            row = connection.execute(select(_table.c.count, _table.c.expires_at).where(_table.c.key == key)).first()
        return row.count if row is not None and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        """When the current window of `key` ends (Unix time)."""
        with db.engine.connect() as connection:
            expires = connection.execute(select(_table.c.expires_at).where(_table.c.key == key)).scalar()
        return expires if expires is not None else time.time()

    def check(self) -> bool:
        """True when the database answers."""
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        """Forget every count."""
        with db.engine.begin() as connection:
            return connection.execute(delete(_table)).rowcount

    def clear(self, key: str) -> None:
        """Forget the count of `key`."""
        with db.engine.begin() as connection:
            connection.execute(delete(_table).where(_table.c.key == key))


def forget_ended_windows() -> int:
    """Delete the counters whose window has ended; return how many went."""
    with db.engine.begin() as connection:
        return connection.execute(delete(_table).where(_table.c.expires_at < time.time())).rowcount


def _forget_every(app: Flask, interval: float) -> None:
    while True:
        time.sleep(interval)  # sleep first: a process that served one search has nothing to forget yet
        try:
            with app.app_context():
                forget_ended_windows()
        except Exception:  # the next round tries again; a stale row only costs disk space
            log.exception("Forgetting ended rate-limit windows failed")


limiter = Limiter(key_func=client_key, storage_uri="kb-database://", strategy="fixed-window", headers_enabled=False)


def search_limit() -> str:
    """The configured limit for searches (the page and the API count together)."""
    return current_app.config["KB_SEARCH_RATE_LIMIT"]


def suggest_limit() -> str:
    """The configured limit for suggestions as you type."""
    return current_app.config["KB_SUGGEST_RATE_LIMIT"]


limit_searches = limiter.shared_limit(search_limit, scope="search")
limit_suggestions = limiter.shared_limit(suggest_limit, scope="suggest")


def _retry_after() -> int:
    current = limiter.current_limit
    return max(1, int(current.reset_at - time.time())) if current is not None else 60


def init_app(app: Flask) -> None:
    """Bind the limiter and answer a refused request in Danish, as HTML or JSON, with Retry-After."""
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)

    @app.errorhandler(RateLimitExceeded)
    def too_many_requests(_error):
        seconds = _retry_after()
        message = f"For mange søgninger på kort tid. Prøv igen om {seconds} sekunder."
        if request.path.startswith("/api/"):
            response = jsonify({"error": {"status": 429, "message": message, "retry_after": seconds}})
        else:
            response = current_app.make_response(
                render_template("errors/error.html", status=429, title="For mange søgninger", message=message)
            )
        response.status_code = 429
        response.headers["Retry-After"] = str(seconds)
        return response
