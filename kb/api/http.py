"""CORS for every API response: open data may be read from any site (ETag/304 come from kb/ops/caching.py)."""

from flask import Flask, request

EXPOSED_HEADERS = "ETag, Last-Modified, Content-Length"


def init_app(app: Flask) -> None:
    """Add the CORS headers to every response under /api/v1 (errors included) and answer preflights."""

    @app.after_request
    def cors_headers(response):
        if not request.path.startswith("/api/v1/"):
            return response
        # Nothing here depends on cookies, so any origin may read it and no credentials are allowed.
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response.headers["Access-Control-Max-Age"] = "86400"
        return response
