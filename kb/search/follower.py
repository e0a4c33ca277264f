"""A background thread per process that keeps this host's index following the database's change log.

It applies what other hosts (or a crashed writer, or a writer that could not get the index lock in
time) committed, rebuilds an index that is missing, reports this host's cursor, and now and then
prunes log entries every host has applied. It keeps requests free of writes: GET never writes.
"""

import logging
import time

from flask import Flask
from sqlalchemy.exc import InterfaceError, OperationalError

from kb.background import start_once
from kb.search.sync import apply_pending, has_pending, prune, report_host

log = logging.getLogger(__name__)
_stopped: set[int] = set()
MAX_FAILURES_IN_A_ROW = 30
REPORT_SECONDS = 10.0
PRUNE_SECONDS = 600.0


def ensure_running(app: Flask) -> None:
    """Start this process's follower for `app` once (called on the first request after a start or fork)."""
    interval = app.config["KB_INDEX_FOLLOW_SECONDS"]
    if interval and interval > 0:
        start_once(app, "kb-index-follower", _follow, interval)


def stop(app: Flask) -> None:
    """Ask `app`'s follower to end (tests that start one for a short-lived app)."""
    _stopped.add(id(app))


def _follow(app: Flask, interval: float) -> None:
    failures = 0
    reported = pruned = time.monotonic() - PRUNE_SECONDS / 2  # report soon, prune later (hosts report first)
    while failures < MAX_FAILURES_IN_A_ROW and id(app) not in _stopped:
        try:
            with app.app_context():
                if has_pending():
                    apply_pending(blocking=False, may_rebuild=True)
                now = time.monotonic()
                if now - reported >= REPORT_SECONDS:
                    report_host()
                    reported = now
                if now - pruned >= PRUNE_SECONDS:
                    prune()
                    pruned = now
            failures = 0
        except (OperationalError, InterfaceError) as error:  # the database is restarting: try again shortly
            failures += 1
            log.warning("Index follower: database unavailable (%s), %d in a row", type(error).__name__, failures)
        except Exception:
            failures += 1
            log.exception("Applying pending index changes failed (%d in a row)", failures)
        time.sleep(interval)
    log.error("The index follower stopped after %d failures in a row", failures)
