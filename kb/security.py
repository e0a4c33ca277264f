"""Response headers and cookie settings that hold for every response, error pages included."""

from datetime import timedelta

from flask import Flask, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


CLEANS_OWN_PARAMETERS = frozenset({"public.search", "public.method_list", "api.search_json", "api.suggest_json"})


def init_app(app: Flask) -> None:
    https = app.config.get("KB_HTTPS", False)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        SESSION_COOKIE_NAME="__Host-kb_session" if https else "kb_session",
        REMEMBER_COOKIE_HTTPONLY=True,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=app.config.get("KB_SESSION_IDLE_MINUTES", 30)),
        MAX_CONTENT_LENGTH=app.config.get("MAX_CONTENT_LENGTH", 25 * 1024 * 1024),
    )
    if https:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    @app.before_request
    def refuse_nul_bytes():
        # No text we store or look up may hold NUL (PostgreSQL refuses it); the search and list pages
        # clean their own parameters, everything else answers 400 with the Danish error page.
        if any("\x00" in value for value in request.form.values()):
            abort(400)
        if request.endpoint not in CLEANS_OWN_PARAMETERS and any("\x00" in v for v in request.args.values()):
            abort(400)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.path.startswith(("/redaktion", "/konto")):
            response.headers["Cache-Control"] = "private, no-store"
        return response
