"""Background threads that run once per process and application, started on first need.

Started lazily (on a request), not in the factory: gunicorn forks its workers after the factory ran,
and a thread does not survive a fork.
"""

import threading
from collections.abc import Callable

from flask import Flask

_started: set[tuple[str, int]] = set()
_lock = threading.Lock()


def start_once(app: Flask, name: str, target: Callable[..., None], *args) -> None:
    """Start the daemon thread `name` running `target(app, *args)` unless this process started it for `app`."""
    key = (name, id(app))
    if key in _started:  # the common case, on every request: no lock
        return
    with _lock:
        if key in _started:
            return
        _started.add(key)
    threading.Thread(target=target, args=(app, *args), name=name, daemon=True).start()
