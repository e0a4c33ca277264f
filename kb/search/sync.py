"""Keeping the index true to the database: the outbox, applying it, rebuilding and checking.

Every flush that touches searchable content writes the affected document keys to `search_outbox` in
the same transaction. After commit the outbox is applied to the index under the cross-process write
lock; rows are deleted only once the index holds them. A crash in between leaves the rows, and the
next request of any process, or `flask kb sync-index`, applies them.
"""

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from kb.extensions import db
from kb.models import SearchOutbox
from kb.search.analysis import HAND_SPLITTER, CompoundSplitter, splitting_with
from kb.search.documents import all_documents, count_public, documents_for_keys, keys_affected_by
from kb.search.query import Vocabulary
from kb.search.store import IndexStore, forget_searchers

log = logging.getLogger(__name__)
BATCH = 500
REBUILD_PROCESSES = 2
_PENDING_KEYS = "kb_search_deleted_keys"
_NEEDS_APPLY = "kb_search_needs_apply"


def store() -> IndexStore:
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
    if not current_app.config.get("KB_INDEX_AFTER_COMMIT", True):
        return
    try:
        apply_pending(blocking=True)
    except Exception:  # the change is committed; the outbox keeps it for the next attempt
        log.exception("Applying the search outbox after commit failed; it stays pending")


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


# -- the vocabulary compounds are split with -----------------------------------------------------------
SPLITTER_REFRESH_SECONDS = 300.0
_splitters: dict[Path, tuple[float, CompoundSplitter]] = {}


def live_splitter(index_store: IndexStore) -> CompoundSplitter:
    """A splitter knowing the live index's vocabulary, re-read every few minutes (it changes slowly)."""
    path = index_store.current_path()
    if path is None:
        return HAND_SPLITTER
    cached = _splitters.get(path)
    if cached is None or time.monotonic() - cached[0] > SPLITTER_REFRESH_SECONDS:
        with whoosh_index.open_dir(str(path)).reader() as reader:
            cached = (time.monotonic(), Vocabulary(reader).splitter)
        _splitters.clear()  # only the live generation's splitter is needed
        _splitters[path] = cached
    return cached[1]


# -- applying -----------------------------------------------------------------------------------------
def has_pending() -> bool:
    with db.engine.connect() as connection:
        return connection.execute(select(SearchOutbox.id).limit(1)).first() is not None


def apply_pending(blocking: bool = False, timeout: float = 10.0) -> int:
    """Apply the outbox to the index; return how many documents were written or removed.

    Uses its own database session, so it is safe to call right after another session committed.
    Without the write lock (another process is writing) it returns 0 and leaves the rows pending.
    """
    index_store = store()
    applied = 0
    with index_store.write_lock(blocking=blocking, timeout=timeout) as locked:
        if not locked:
            return 0
        with Session(db.engine) as session:
            while True:
                rows = session.execute(
                    select(SearchOutbox.id, SearchOutbox.doc_key).order_by(SearchOutbox.id).limit(BATCH)
                ).all()
                if not rows:
                    break
                keys = {key for _id, key in rows}
                documents = documents_for_keys(keys, session)
                _write(index_store, documents)
                session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([row_id for row_id, _key in rows])))
                session.commit()
                applied += len(keys)
    return applied


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

    The write lock is held throughout, so changes made during the rebuild wait in the outbox and are
    applied to the new generation right after the swap.
    """
    index_store = store()
    written = 0
    with index_store.write_lock(blocking=True, timeout=timeout) as locked:
        if not locked:
            raise TimeoutError("another process holds the index write lock")
        path, index = index_store.new_generation()
        # Analysis is CPU-bound Python: one writer process per core roughly halves a rebuild on two cores.
        procs = max(1, min(REBUILD_PROCESSES, os.cpu_count() or 1))
        writer = index.writer(procs=procs, limitmb=256, multisegment=True) if procs > 1 else index.writer(limitmb=256)
        try:
            # Compounds are split with the vocabulary of the generation being replaced.
            with splitting_with(live_splitter(index_store)):
                for document in all_documents():
                    writer.add_document(**document)
                    written += 1
                    if progress:
                        progress(1)
        except Exception:
            writer.cancel()
            raise
        writer.commit()
        index_store.swap(path)
    forget_searchers()
    apply_pending(blocking=True)
    return written


def expected_total() -> int:
    return count_public()


# -- checking -----------------------------------------------------------------------------------------
@dataclass
class IndexDifferences:
    missing: list[str] = field(default_factory=list)  # in the database, not in the index
    stale: list[str] = field(default_factory=list)  # in both, but the index has an old version
    extra: list[str] = field(default_factory=list)  # in the index, not public in the database

    @property
    def count(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.extra)


def check() -> IndexDifferences:
    """Compare every public document in the database with the index."""
    expected = {document["key"]: document["fingerprint"] for document in all_documents()}
    index = store().open()
    with index.searcher() as searcher:
        indexed = {fields["key"]: fields.get("fingerprint") for fields in searcher.all_stored_fields()}
    differences = IndexDifferences()
    differences.missing = sorted(set(expected) - set(indexed))
    differences.extra = sorted(set(indexed) - set(expected))
    differences.stale = sorted(key for key in set(expected) & set(indexed) if expected[key] != indexed[key])
    return differences
