"""HTTP caching: fingerprinted static files cached for a year; pages and JSON answer 304 when unchanged.

Static URLs carry `?v=<hash of the file>` (kb/static_versions.py), so a file served under such an
address never changes and may be cached for a year (nginx serves them in production; this covers the
app serving them itself). Pages carry an ETag of their body and `Cache-Control: no-cache`: a browser or
proxy keeps them but asks again each time, and gets an empty 304 when nothing changed.

Behind nginx (deploy/), an anonymous public answer may also be shared: `X-Accel-Expires` lets nginx's
microcache hand it to everyone who asks within KB_SHARED_CACHE_SECONDS, so a room that opens one page at
once costs one render. nginx reads the header and does not pass it on; browsers still get `no-cache`.
"""

from flask import Flask, current_app, request, session

YEAR = 365 * 24 * 3600
CONDITIONAL_TYPES = frozenset(
    {"text/html", "application/json", "application/xml", "text/xml", "application/atom+xml", "text/csv"}
)
PRIVATE_PREFIXES = ("/redaktion", "/konto")
# Every search must reach the app: it is counted for the editors' insights (kb/services/search_log.py) and
# against the client's rate limit. A health check speaks for the process that answers it.
NEVER_SHARED = frozenset({"public.search", "api.search_json", "api.suggest_json", "ops.healthz", "ops.readyz"})


def shareable(response) -> bool:
    """Whether `response`, a conditional page or JSON answer, is the same for every anonymous reader: the
    request carried no cookie (so nobody is signed in) or credentials, it is no search, it sets no cookie,
    and the view did not call it private."""
    return (
        request.endpoint not in NEVER_SHARED
        and "Cookie" not in request.headers
        and "Authorization" not in request.headers
        and "Set-Cookie" not in response.headers
        # Flask writes the session cookie after the after-request hooks: a changed session will set one.
        and not session.modified
        and not response.cache_control.no_store
        and not response.cache_control.private
    )


def init_app(app: Flask) -> None:
    """Add far-future caching to fingerprinted static files and conditional responses to pages and JSON;
    let nginx's microcache share what `shareable` allows."""

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
            seconds = current_app.config["KB_SHARED_CACHE_SECONDS"]
            if seconds > 0 and shareable(response):
                response.headers["X-Accel-Expires"] = str(seconds)
            response.add_etag()
            response.make_conditional(request)
        return response
