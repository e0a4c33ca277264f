"""HTTP caching: fingerprinted static files cached for a year; pages and JSON answer 304 when unchanged.

Every `url_for('static', …)` gets `?v=<hash of the file>`, so a changed file has a new address and the
old one can be cached forever. Pages carry an ETag of their body and `Cache-Control: no-cache`: a
browser or proxy keeps them but asks again each time, and gets an empty 304 when nothing changed.
"""

import hashlib
from pathlib import Path

from flask import Flask, request

YEAR = 365 * 24 * 3600
CONDITIONAL_TYPES = frozenset(
    {"text/html", "application/json", "application/xml", "text/xml", "application/atom+xml", "text/csv"}
)
PRIVATE_PREFIXES = ("/redaktion", "/konto")
_fingerprints: dict[tuple[str, float], str] = {}


def fingerprint(path: Path) -> str:
    """A short hash of the file's content (cached per modification time); "" for a missing file."""
    try:
        modified = path.stat().st_mtime
    except OSError:
        return ""
    key = (str(path), modified)
    if key not in _fingerprints:
        _fingerprints[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _fingerprints[key]


def init_app(app: Flask) -> None:
    """Add static fingerprints to URLs and conditional-response handling to every suitable answer."""
    static_root = Path(app.static_folder)

    @app.url_defaults
    def fingerprint_static(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = fingerprint(static_root / values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def cache_headers(response):
        if request.endpoint == "static":
            if request.args.get("v") and response.status_code in (200, 304):
                response.cache_control.public = True
                response.cache_control.max_age = YEAR
                response.cache_control.immutable = True
            return response
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.direct_passthrough
            and not response.is_streamed
            and response.mimetype in CONDITIONAL_TYPES
            and not request.path.startswith(PRIVATE_PREFIXES)
        ):
            if not response.cache_control.max_age and not response.cache_control.no_store:
                response.cache_control.no_cache = True
            response.vary.add("Cookie")
            response.add_etag()
            response.make_conditional(request)
        return response
