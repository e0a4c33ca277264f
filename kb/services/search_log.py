"""Anonymous daily counts of what people search for, recorded off the request's critical path.

A search adds one to an in-memory counter; a background thread per process writes the counters in one
batched upsert every KB_SEARCH_LOG_FLUSH_SECONDS (the editors' insights page flushes first, too). Only
the normalised query text, the day and counts are kept – no IP address, account, session or time of
day – and rows older than KB_SEARCH_LOG_RETENTION_DAYS are removed by `flask kb purge-search-log`.
"""

import logging
import threading
import time
from datetime import date, timedelta

from flask import Flask, current_app
from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kb.background import start_once
from kb.extensions import db
from kb.models import SearchQueryDay
from kb.models.base import utcnow
from kb.search.analysis import query_words

log = logging.getLogger(__name__)
MAX_QUERY_LENGTH = 200
SEARCHES, ZERO_RESULTS, OPENED = 0, 1, 2

_lock = threading.Lock()
_EXTENSION = "kb_search_log"  # app.extensions[_EXTENSION]: (day, query) → counts not yet written


def normalise(text: str) -> str:
    """The query as stored: its words, lower case, single spaces (punctuation and extra spaces dropped)."""
    return " ".join(query_words(text))[:MAX_QUERY_LENGTH].strip()


def _count(text: str, *columns: int) -> None:
    app = current_app._get_current_object()
    if not app.config["KB_SEARCH_LOG"]:
        return
    query = normalise(text)
    if not query:
        return
    key = (utcnow().date(), query)
    with _lock:
        counts = app.extensions.setdefault(_EXTENSION, {}).setdefault(key, [0, 0, 0])
        for column in columns:
            counts[column] += 1
    _ensure_flusher(app)


def record_search(text: str, total: int) -> None:
    """Count one search for `text` (and whether it found nothing)."""
    _count(text, SEARCHES, *((ZERO_RESULTS,) if total == 0 else ()))


def record_open(text: str) -> None:
    """Count one result opened from the search page for `text`."""
    _count(text, OPENED)


def flush() -> int:
    """Write this process's counters for the current app; return how many rows were touched."""
    with _lock:
        pending = current_app.extensions.pop(_EXTENSION, {})
    if not pending:
        return 0
    rows = [
        {"day": day, "query": query, "searches": c[SEARCHES], "zero_results": c[ZERO_RESULTS], "opened": c[OPENED]}
        for (day, query), c in pending.items()
    ]
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(SearchQueryDay)
    table = SearchQueryDay.__table__
    statement = statement.on_conflict_do_update(
        index_elements=["day", "query"],
        set_={name: table.c[name] + statement.excluded[name] for name in ("searches", "zero_results", "opened")},
    )
    with Session(db.engine) as session:
        session.execute(statement, rows)
        session.commit()
    return len(rows)


def purge(today: date | None = None) -> int:
    """Delete the days older than the retention period; return how many rows went."""
    days = current_app.config["KB_SEARCH_LOG_RETENTION_DAYS"]
    oldest_kept = (today or utcnow().date()) - timedelta(days=days - 1)
    result = db.session.execute(delete(SearchQueryDay).where(SearchQueryDay.day < oldest_kept))
    db.session.commit()
    return result.rowcount or 0


def _ensure_flusher(app: Flask) -> None:
    interval = app.config["KB_SEARCH_LOG_FLUSH_SECONDS"]
    if interval and interval > 0:
        start_once(app, "kb-search-log", _flush_every, interval)


def _flush_every(app: Flask, interval: float) -> None:
    while True:
        time.sleep(interval)
        try:
            with app.app_context():
                flush()
        except Exception:  # counts are a nicety: never let them take anything down
            log.exception("Writing search counts failed; they are dropped")
