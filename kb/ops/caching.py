"""HTTP caching: fingerprinted static files cached for a year; pages and JSON answer 304 when unchanged.

Static URLs carry `?v=<hash of the file>` (kb/static_versions.py), so a file served under such an
address never changes and may be cached for a year (nginx serves them in production; this covers the
app serving them itself). Pages carry an ETag of their body and `Cache-Control: no-cache`: a browser or
proxy keeps them but asks again each time, and gets an empty 304 when nothing changed.
"""

from flask import Flask, request

YEAR = 365 * 24 * 3600
CONDITIONAL_TYPES = frozenset(
    {"text/html", "application/json", "application/xml", "text/xml", "application/atom+xml", "text/csv"}
)
PRIVATE_PREFIXES = ("/redaktion", "/konto")


def init_app(app: Flask) -> None:
    """Add far-future caching to fingerprinted static files and conditional responses to pages and JSON."""

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
