"""HTTP rules for every API response: CORS for reading, ETag/Last-Modified with 304, revalidation."""

from flask import Flask, request

EXPOSED_HEADERS = "ETag, Last-Modified, Content-Length"


def init_app(app: Flask) -> None:
    """Apply the rules to every response under /api/v1 (errors included)."""

    @app.after_request
    def api_headers(response):
        if not request.path.startswith("/api/v1/"):
            return response
        # Open data: any site may read it; nothing here depends on cookies, so no credentials are allowed.
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response.headers["Access-Control-Max-Age"] = "86400"
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.headers["Cache-Control"] = "public, no-cache"
            response.headers["Vary"] = "Accept-Encoding, Origin"
            if not response.get_etag()[0]:
                response.add_etag()
            response.make_conditional(request)
        return response
