"""A background thread per process that applies index changes left pending (by a crash, or by a writer
that could not get the index lock in time). It keeps requests free of writes: GET never writes.
"""

import logging
import threading
import time

from flask import Flask

from kb.search.sync import apply_pending, has_pending

log = logging.getLogger(__name__)
_started: set[int] = set()
_stopped: set[int] = set()
_lock = threading.Lock()
MAX_FAILURES_IN_A_ROW = 30


def ensure_running(app: Flask) -> None:
    """Start this process's follower for `app` once (called on the first request after a start or fork)."""
    interval = app.config["KB_INDEX_FOLLOW_SECONDS"]
    if not interval or interval <= 0 or id(app) in _started:
        return
    with _lock:
        if id(app) in _started:
            return
        _started.add(id(app))
    threading.Thread(target=_follow, args=(app, interval), name="kb-index-follower", daemon=True).start()


def stop(app: Flask) -> None:
    """Ask `app`'s follower to end (tests that start one for a short-lived app)."""
    _stopped.add(id(app))


def _follow(app: Flask, interval: float) -> None:
    failures = 0
    while failures < MAX_FAILURES_IN_A_ROW and id(app) not in _stopped:
        try:
            with app.app_context():
                if has_pending():
                    apply_pending(blocking=False)
            failures = 0
        except Exception:
            failures += 1
            log.exception("Applying pending index changes failed (%d in a row)", failures)
        time.sleep(interval)
    log.error("The index follower stopped after %d failures in a row", failures)
