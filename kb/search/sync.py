"""Keeping the index true to the database: the change log, following it, rebuilding and checking.

Every flush that touches searchable content writes the affected document keys to `search_outbox` in
the same transaction: a durable, ordered log of index changes. Each host's index follows the log by
its own cursor, stored with the index: right after a commit on the host that made it, and within a
second on every other host (the follower thread). A crash in between leaves the cursor behind, and
the next pass applies the rest. An index that is missing, or behind entries already pruned, is
rebuilt from the database and then follows the log. Entries are pruned once every host has them.
"""

import logging
import os
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import delete, event, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from kb.extensions import db
from kb.models import SearchIndexHost, SearchLogState, SearchOutbox
from kb.search.analysis import HAND_SPLITTER, CompoundSplitter, splitting_with
from kb.search.documents import all_documents, count_public, documents_for_keys, keys_affected_by
from kb.search.query import Vocabulary
from kb.search.store import IndexNotReady, IndexStore, forget_searchers

log = logging.getLogger(__name__)
BATCH = 500
GAP_SECONDS = 120  # how long an id missing from the log is awaited (a transaction still committing)
GAP_WINDOW = 2000  # how far back a fresh cursor looks for such ids
MAX_GAPS = 10_000
REBUILD_PROCESSES = 2
_PENDING_KEYS = "kb_search_deleted_keys"
_NEEDS_APPLY = "kb_search_needs_apply"


def store() -> IndexStore:
    """The index store of the current application."""
    return IndexStore(current_app.config["KB_INDEX_DIR"])


# -- the outbox ---------------------------------------------------------------------------------------
def _before_flush(session: Session, _context, _instances) -> None:
    # Deleted rows can no longer be followed to what they affect after the flush, so look now.
    with session.no_autoflush:
        keys = set()
        for obj in session.deleted:
            keys |= keys_affected_by(obj)
    session.info.setdefault(_PENDING_KEYS, set()).update(keys)


def _after_flush(session: Session, _context) -> None:
    keys = session.info.pop(_PENDING_KEYS, set())
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty):
            if obj in session.dirty and not session.is_modified(obj):
                continue
            keys |= keys_affected_by(obj)
    if keys:
        session.connection().execute(insert(SearchOutbox), [{"doc_key": key} for key in sorted(keys)])
        session.info[_NEEDS_APPLY] = True


def _after_commit(session: Session) -> None:
    if not session.info.pop(_NEEDS_APPLY, False):
        return
    if not current_app.config["KB_INDEX_AFTER_COMMIT"]:
        return
    # A missing index is rebuilt by the follower thread when one runs, not inside this request.
    follower_runs = current_app.config["KB_INDEX_FOLLOW_SECONDS"] > 0
    try:
        apply_pending(blocking=True, timeout=2.0, may_rebuild=not follower_runs)
    except Exception:  # the change is committed; the log keeps it for the next attempt
        log.exception("Applying the search log after commit failed; the follower applies it later")


def _after_rollback(session: Session) -> None:
    session.info.pop(_NEEDS_APPLY, None)
    session.info.pop(_PENDING_KEYS, None)


def install_outbox_hooks() -> None:
    """Listen to every Flask-SQLAlchemy session (idempotent)."""
    for name, handler in (
        ("before_flush", _before_flush),
        ("after_flush", _after_flush),
        ("after_commit", _after_commit),
        ("after_soft_rollback", lambda session, _previous: _after_rollback(session)),
    ):
        if not event.contains(FlaskSession, name, handler):
            event.listen(FlaskSession, name, handler)


# -- the log's state --------------------------------------------------------------------------------
def _state(session: Session) -> dict[str, str]:
    """The log's epoch and pruning mark, creating the epoch on first use (any host may be first)."""
    state = dict(session.execute(select(SearchLogState.key, SearchLogState.value)).all())
    if "epoch" not in state:
        try:
            with session.begin_nested():
                session.add(SearchLogState(key="epoch", value=secrets.token_hex(8)))
            session.commit()
        except IntegrityError:  # another host created it first
            session.rollback()
        state = dict(session.execute(select(SearchLogState.key, SearchLogState.value)).all())
    return state


def new_epoch(session: Session) -> None:
    """Start a new epoch (after a restore: entry ids may repeat, so every host rebuilds)."""
    session.execute(delete(SearchLogState))
    session.execute(delete(SearchIndexHost))
    session.add(SearchLogState(key="epoch", value=secrets.token_hex(8)))


def _cursor_at_log_end(session: Session, epoch: str) -> dict:
    """A cursor for an index built from the database now: past every entry committed so far.

    Entry ids are handed out before commit, so a transaction still in flight may commit a lower id
    than one already visible. Ids missing among the newest entries are kept as gaps and looked for
    again until GAP_SECONDS have passed (rolled-back transactions leave gaps that never fill).
    """
    high = session.scalar(select(func.max(SearchOutbox.id))) or 0
    recent = set(session.scalars(select(SearchOutbox.id).where(SearchOutbox.id > high - GAP_WINDOW)))
    now = time.time()
    gaps = {str(i): now for i in range(max(1, high - GAP_WINDOW + 1), high) if i not in recent}
    return {"epoch": epoch, "high": high, "gaps": gaps}


def _usable(cursor: dict | None, state: dict[str, str]) -> bool:
    return (
        cursor is not None
        and cursor.get("epoch") == state["epoch"]
        and cursor.get("high", 0) >= int(state.get("pruned_through", 0))
    )


# -- applying -----------------------------------------------------------------------------------------
def lag() -> dict:
    """How far this host's index is behind the log: entries, seconds, and whether it is ready at all."""
    index_store = store()
    cursor = index_store.read_cursor(index_store.current_path())
    with Session(db.engine) as session:
        state = _state(session)
        if not _usable(cursor, state):
            return {"ready": False, "entries": None, "seconds": None}
        entries = session.scalar(select(func.count(SearchOutbox.id)).where(SearchOutbox.id > cursor["high"])) or 0
        oldest = session.scalar(select(func.min(SearchOutbox.created_at)).where(SearchOutbox.id > cursor["high"]))
    seconds = 0.0
    if oldest is not None:
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
        seconds = max(0.0, (datetime.now(UTC) - oldest).total_seconds())
    return {"ready": True, "entries": entries, "seconds": round(seconds, 3)}


def has_pending() -> bool:
    """Whether the log holds entries this host's index has not applied (or the index needs building)."""
    index_store = store()
    cursor = index_store.read_cursor(index_store.current_path())
    if cursor is None:
        return True
    with db.engine.connect() as connection:
        newest = connection.execute(select(func.max(SearchOutbox.id))).scalar() or 0
    return newest > cursor["high"] or bool(cursor.get("gaps"))


def apply_pending(blocking: bool = False, timeout: float = 10.0, may_rebuild: bool = True) -> int:
    """Apply the log's new entries to this host's index; return how many documents were written or removed.

    Uses its own database session, so it is safe to call right after another session committed.
    Without the write lock (another process is writing) it returns 0 and the entries wait for the next
    call. An index that is missing, from another epoch, or behind what was pruned is rebuilt first when
    `may_rebuild` (else left to the follower, and 0 is returned).
    """
    index_store = store()
    with index_store.write_lock(blocking=blocking, timeout=timeout) as locked:
        if not locked:
            return 0
        with Session(db.engine) as session:
            state = _state(session)
            path = index_store.current_path()
            cursor = index_store.read_cursor(path)
            if not _usable(cursor, state):
                if not may_rebuild:
                    return 0
                _rebuild_locked(index_store, session, state)
                path = index_store.current_path()
                cursor = index_store.read_cursor(path)
            return _follow_log(index_store, path, cursor, session)


def _follow_log(index_store: IndexStore, path: Path, cursor: dict, session: Session) -> int:
    applied = 0
    now = time.time()
    gaps = {int(i): seen for i, seen in cursor.get("gaps", {}).items() if now - seen < GAP_SECONDS}
    high = cursor["high"]
    while True:
        wanted = SearchOutbox.id > high
        if gaps:
            wanted = or_(wanted, SearchOutbox.id.in_(sorted(gaps)))
        rows = session.execute(
            select(SearchOutbox.id, SearchOutbox.doc_key).where(wanted).order_by(SearchOutbox.id).limit(BATCH)
        ).all()
        if not rows:
            break
        keys = {key for _id, key in rows}
        _write(index_store, documents_for_keys(keys, session))
        applied += len(keys)
        seen = {row_id for row_id, _key in rows}
        newest = max(seen)
        for missing in range(high + 1, newest):
            if missing not in seen:
                gaps[missing] = now
        for found in seen:
            gaps.pop(found, None)
        high = max(high, newest)
        if len(gaps) > MAX_GAPS:
            gaps = dict(sorted(gaps.items())[-MAX_GAPS:])
        index_store.write_cursor(path, {"epoch": cursor["epoch"], "high": high, "gaps": gaps})
        session.rollback()  # a fresh snapshot for the next batch
        if len(rows) < BATCH:
            break
    if gaps != cursor.get("gaps") and not applied:
        index_store.write_cursor(path, {"epoch": cursor["epoch"], "high": high, "gaps": gaps})
    return applied


# -- the vocabulary compounds are split with -----------------------------------------------------------
SPLITTER_REFRESH_SECONDS = 300.0
_splitters: dict[Path, tuple[float, CompoundSplitter]] = {}


def live_splitter(index_store: IndexStore) -> CompoundSplitter:
    """A splitter knowing the live index's vocabulary, re-read every few minutes (it changes slowly);
    the hand list alone while there is no readable index."""
    path = index_store.current_path()
    if path is None:
        return HAND_SPLITTER
    cached = _splitters.get(path)
    if cached is None or time.monotonic() - cached[0] > SPLITTER_REFRESH_SECONDS:
        try:
            with whoosh_index.open_dir(str(path)).reader() as reader:
                cached = (time.monotonic(), Vocabulary(reader).splitter)
        except Exception:  # a damaged generation is being replaced: split with the hand list meanwhile
            log.exception("Reading the index vocabulary failed; compounds are split with the hand list")
            return HAND_SPLITTER
        _splitters.clear()  # only the live generation's splitter is needed
        _splitters[path] = cached
    return cached[1]


def _write(index_store: IndexStore, documents: dict[str, dict | None]) -> None:
    index = index_store.open()
    writer = index.writer(timeout=30)
    try:
        with splitting_with(live_splitter(index_store)):
            for key, document in documents.items():
                if document is None:
                    writer.delete_by_term("key", key)
                else:
                    writer.update_document(**document)
    except Exception:
        writer.cancel()
        raise
    writer.commit()
    forget_searchers()  # this thread reads its own writes at once; others refresh within a second


# -- rebuilding ---------------------------------------------------------------------------------------
def rebuild(progress: Callable[[int], None] | None = None, timeout: float = 600.0) -> int:
    """Build a fresh generation from the database and swap it in; search answers from the old one meanwhile.

    The write lock is held throughout, so changes made during the rebuild wait in the log and are
    applied to the new generation right after the swap.
    """
    index_store = store()
    with index_store.write_lock(blocking=True, timeout=timeout) as locked:
        if not locked:
            raise TimeoutError("another process holds the index write lock")
        with Session(db.engine) as session:
            state = _state(session)
            written = _rebuild_locked(index_store, session, state, progress)
            path = index_store.current_path()
            _follow_log(index_store, path, index_store.read_cursor(path), session)
    forget_searchers()
    return written


def _rebuild_locked(index_store: IndexStore, session: Session, state: dict, progress=None) -> int:
    # The cursor is taken before the documents are read: whatever changes meanwhile is applied again
    # afterwards, which is harmless (documents are written whole).
    cursor = _cursor_at_log_end(session, state["epoch"])
    session.rollback()
    path, index = index_store.new_generation()
    # Analysis is CPU-bound Python: one writer process per core roughly halves a rebuild on two cores.
    procs = max(1, min(REBUILD_PROCESSES, os.cpu_count() or 1))
    writer = index.writer(procs=procs, limitmb=256, multisegment=True) if procs > 1 else index.writer(limitmb=256)
    written = 0
    try:
        # Compounds are split with the vocabulary of the generation being replaced.
        with splitting_with(live_splitter(index_store)):
            for document in all_documents(session=session):
                writer.add_document(**document)
                written += 1
                if progress:
                    progress(1)
    except Exception:
        writer.cancel()
        raise
    writer.commit()
    index_store.write_cursor(path, cursor)
    index_store.swap(path)
    forget_searchers()
    return written


# -- hosts and pruning --------------------------------------------------------------------------------
def host_name() -> str:
    """This host's name in the log's host table: KB_INDEX_HOST, or the machine's name and index directory."""
    return current_app.config["KB_INDEX_HOST"] or f"{socket.gethostname()}:{store().root.resolve()}"


def report_host() -> None:
    """Record how far this host's index has followed the log (pruning waits for the slowest host)."""
    index_store = store()
    cursor = index_store.read_cursor(index_store.current_path())
    if cursor is None:
        return
    name = host_name()
    with Session(db.engine) as session:
        host = session.get(SearchIndexHost, name)
        if host is None:
            host = SearchIndexHost(name=name)
            session.add(host)
        host.cursor = cursor["high"]
        host.seen_at = datetime.now(UTC)
        try:
            session.commit()
        except IntegrityError:  # two workers of one host reported at once
            session.rollback()


def prune(retention_days: float | None = None) -> int:
    """Delete log entries every recently seen host has applied, and any older than the retention.

    The newest entry is always kept, so entry ids never start again from a lower number. A host whose
    cursor falls behind the pruned entries rebuilds its index when it next follows the log.
    """
    days = retention_days if retention_days is not None else current_app.config["KB_INDEX_LOG_RETENTION_DAYS"]
    cutoff = datetime.now(UTC) - timedelta(days=days)
    with Session(db.engine) as session:
        newest = session.scalar(select(func.max(SearchOutbox.id))) or 0
        if not newest:
            return 0
        slowest = session.scalar(select(func.min(SearchIndexHost.cursor)).where(SearchIndexHost.seen_at >= cutoff))
        safe_below = min(newest, slowest + 1 if slowest is not None else 0)
        expired = session.scalar(
            select(func.max(SearchOutbox.id)).where(SearchOutbox.created_at < cutoff, SearchOutbox.id < newest)
        )
        through = max(safe_below - 1, expired or 0)
        if through <= 0:
            return 0
        removed = session.execute(delete(SearchOutbox).where(SearchOutbox.id <= through)).rowcount
        marker = session.get(SearchLogState, "pruned_through")
        if marker is None:
            session.add(SearchLogState(key="pruned_through", value=str(through)))
        elif int(marker.value) < through:
            marker.value = str(through)
        session.commit()
    return removed


def expected_total() -> int:
    """How many documents a rebuild will write (for the progress bar)."""
    return count_public()


# -- checking -----------------------------------------------------------------------------------------
@dataclass
class IndexDifferences:
    """What differs between the database and the index."""

    missing: list[str] = field(default_factory=list)  # in the database, not in the index
    stale: list[str] = field(default_factory=list)  # in both, but the index has an old version
    extra: list[str] = field(default_factory=list)  # in the index, not public in the database

    @property
    def count(self) -> int:
        """How many differences there are."""
        return len(self.missing) + len(self.stale) + len(self.extra)


def check() -> IndexDifferences:
    """Compare every public document in the database with the index."""
    expected = {document["key"]: document["fingerprint"] for document in all_documents()}
    try:
        index = store().open()
    except IndexNotReady:
        indexed = {}
    else:
        with index.searcher() as searcher:
            indexed = {fields["key"]: fields.get("fingerprint") for fields in searcher.all_stored_fields()}
    differences = IndexDifferences()
    differences.missing = sorted(set(expected) - set(indexed))
    differences.extra = sorted(set(indexed) - set(expected))
    differences.stale = sorted(key for key in set(expected) & set(indexed) if expected[key] != indexed[key])
    return differences
