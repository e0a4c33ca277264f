"""Full-text search: the only package that imports Whoosh.

Views, services and the API use `search`, `suggest` and the plain result objects; the CLI uses
`rebuild`, `apply_pending` and `check`. The database is the source of truth and the index can be
rebuilt from it at any time.
"""

from flask import Flask

from kb.search.follower import ensure_running
from kb.search.results import FacetValue, Hit, SearchRequest, SearchResults, Suggestion
from kb.search.service import search, suggest
from kb.search.sync import (
    IndexDifferences,
    apply_pending,
    check,
    expected_total,
    install_outbox_hooks,
    prune,
    rebuild,
)
from kb.search.sync import lag as index_lag

__all__ = [
    "FacetValue",
    "Hit",
    "IndexDifferences",
    "SearchRequest",
    "SearchResults",
    "Suggestion",
    "apply_pending",
    "check",
    "expected_total",
    "index_lag",
    "init_app",
    "prune",
    "rebuild",
    "search",
    "suggest",
]


def init_app(app: Flask) -> None:
    """Record index changes with every commit; apply any left pending in a background thread per process."""
    install_outbox_hooks()

    @app.before_request
    def _follow_the_outbox():
        ensure_running(app)
