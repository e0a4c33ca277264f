"""Where the index lives on disk, how it is swapped atomically, and the one-writer-at-a-time lock.

Layout of KB_INDEX_DIR:
    current -> gen-20261123T120000-ab12   symlink to the live generation (replaced atomically)
    gen-…/                                Whoosh index directories; the previous one is kept for readers
    gen-…/kb-cursor.json                  how far that generation has followed the database's change log
    write.lock                            flock held by whoever writes (any process, any worker)

A generation without a cursor file is not ready: it is being built, or dates from before the log.
"""

import fcntl
import json
import os
import secrets
import shutil
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from whoosh import index as whoosh_index

from kb.search.schema import build_schema

CURRENT = "current"
CURSOR_FILE = "kb-cursor.json"
LOCK_FILE = "write.lock"
KEEP_GENERATIONS = 2
REFRESH_SECONDS = 0.5


class IndexNotReady(RuntimeError):
    """There is no finished index generation on this host (yet): it is missing or being rebuilt."""


class IndexStore:
    """One host's index directory: its generations, their cursors and the write lock."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    # -- generations --------------------------------------------------------------------------------
    def current_path(self) -> Path | None:
        """The directory of the current index generation, or None."""
        link = self.root / CURRENT
        return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None

    def open(self):
        """The live index; IndexNotReady when this host has no finished generation."""
        path = self.current_path()
        if path is None or not (path / CURSOR_FILE).exists():
            raise IndexNotReady(str(self.root))
        return whoosh_index.open_dir(str(path))

    def is_ready(self) -> bool:
        """Whether there is a current index to search."""
        path = self.current_path()
        return path is not None and (path / CURSOR_FILE).exists()

    # -- cursors ------------------------------------------------------------------------------------
    @staticmethod
    def read_cursor(path: Path | None) -> dict | None:
        """The cursor stored with generation `path`, or None when it has none (not ready)."""
        if path is None:
            return None
        try:
            return json.loads((path / CURSOR_FILE).read_text())
        except (OSError, ValueError):
            return None

    @staticmethod
    def write_cursor(path: Path, cursor: dict) -> None:
        """Store `cursor` with generation `path` atomically (a crash leaves the old or the new one)."""
        temporary = path / f"{CURSOR_FILE}.{secrets.token_hex(4)}"
        with open(temporary, "w") as handle:
            json.dump(cursor, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path / CURSOR_FILE)

    def new_generation(self):
        """A fresh directory for a new index generation, created empty."""
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = self.root / f"gen-{stamp}-{secrets.token_hex(3)}"
        path.mkdir()
        return path, whoosh_index.create_in(str(path), build_schema())

    def swap(self, path: Path) -> None:
        """Make `path` the live generation in one rename, then drop generations no reader needs."""
        temporary = self.root / f"{CURRENT}.{secrets.token_hex(4)}"
        temporary.symlink_to(path.name)
        os.replace(temporary, self.root / CURRENT)
        generations = sorted(self.root.glob("gen-*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [g for g in generations if g != path][KEEP_GENERATIONS - 1 :]:
            shutil.rmtree(old, ignore_errors=True)

    # -- locking ------------------------------------------------------------------------------------
    @contextmanager
    def write_lock(self, blocking: bool, timeout: float = 10.0):
        """Hold the cross-process write lock; yields False (and holds nothing) when it is not had in time.

        Re-entrant within a thread: a holder that opens the index again does not wait for itself.
        """
        held = _held_locks()
        if self.root in held:
            yield True
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK_FILE, "a+") as handle:
            deadline = time.monotonic() + (timeout if blocking else 0)
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        yield False
                        return
                    time.sleep(0.02)
            held.add(self.root)
            try:
                yield True
            finally:
                held.discard(self.root)
                fcntl.flock(handle, fcntl.LOCK_UN)


_local = threading.local()


def _held_locks() -> set[Path]:
    if not hasattr(_local, "held"):
        _local.held = set()
    return _local.held


def searcher_for(store: IndexStore):
    """A searcher on the live generation, reused per thread and refreshed when the index changes.

    Raises IndexNotReady when this host has no finished generation (missing, or being rebuilt).
    """
    cache = getattr(_local, "searchers", None)
    if cache is None:
        cache = _local.searchers = {}
    entry = cache.get(store.root)
    now = time.monotonic()
    if entry is not None and now - entry["checked"] < REFRESH_SECONDS:
        return entry["searcher"]
    path = store.current_path()
    if entry is None or entry["path"] != path:
        if entry is not None:
            entry["searcher"].close()
            del cache[store.root]
        index = store.open()
        entry = {"path": store.current_path(), "searcher": index.searcher()}
    else:
        entry["searcher"] = entry["searcher"].refresh()
    entry["checked"] = now
    cache[store.root] = entry
    return entry["searcher"]


def forget_searchers() -> None:
    """Close this thread's cached searchers (tests and rebuilds)."""
    for entry in getattr(_local, "searchers", {}).values():
        entry["searcher"].close()
    _local.searchers = {}
