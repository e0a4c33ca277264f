"""Response headers and cookie settings that hold for every response, error pages included."""

from datetime import timedelta
from ipaddress import ip_address

from flask import Flask, abort, request

from kb.config import DEVELOPMENT_SECRET_KEY
from kb.proxies import TrustedProxies

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


FORM_MAX_BYTES = 1024 * 1024  # every form and API call; deploy/'s nginx allows the same


def bound_to_loopback(environ) -> bool:
    """Whether the server's own address (SERVER_NAME: what gunicorn and werkzeug are bound to) is loopback."""
    name = (environ.get("SERVER_NAME") or "").strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ip_address(name).is_loopback
    except ValueError:
        return False


def accepts_large_body(view):
    """Mark a view that takes uploads: its requests may carry up to KB_UPLOAD_MAX_BYTES."""
    view.accepts_large_body = True
    return view


CLEANS_OWN_PARAMETERS = frozenset({"public.search", "public.method_list"})


def cleans_own_parameters(endpoint: str | None) -> bool:
    """Whether the view checks its own query arguments: the listed pages, and every API view, whose schemas
    validate each documented argument (slugs, choices, numbers) and clean typed text; others are ignored."""
    return endpoint in CLEANS_OWN_PARAMETERS or (endpoint or "").startswith("api.")


def init_app(app: Flask) -> None:
    """Secure cookies, body limits, trusted proxies, NUL refusal and security headers for `app`."""
    https = app.config["KB_HTTPS"]
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        SESSION_COOKIE_NAME="__Host-kb_session" if https else "kb_session",
        REMEMBER_COOKIE_HTTPONLY=True,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=app.config["KB_SESSION_IDLE_MINUTES"]),
        MAX_CONTENT_LENGTH=app.config.get("MAX_CONTENT_LENGTH") or FORM_MAX_BYTES,
    )
    # Proxy trust is its own setting: HTTPS alone says nothing about who may set X-Forwarded-*.
    if app.config["KB_TRUSTED_PROXIES"]:
        app.wsgi_app = TrustedProxies(app.wsgi_app, app.config["KB_TRUSTED_PROXIES"])

    @app.before_request
    def refuse_the_public_key_off_loopback():
        # The development key is in the source code: anyone could forge sessions with it. It may serve only
        # the developer's own machine (a server bound to loopback) or the debug server.
        public_key = app.config.get("SECRET_KEY") == DEVELOPMENT_SECRET_KEY
        if public_key and not app.debug and not bound_to_loopback(request.environ):
            app.logger.error("Refusing to serve with the public development key on a non-loopback address.")
            abort(503)

    @app.before_request
    def allow_large_body_on_upload_routes():
        # Registered before anything that reads the form, so the body is read with the right limit.
        view = app.view_functions.get(request.endpoint)
        if getattr(view, "accepts_large_body", False):
            request.max_content_length = app.config["KB_UPLOAD_MAX_BYTES"]

    @app.before_request
    def refuse_nul_bytes():
        # No text we store or look up may hold NUL (PostgreSQL refuses it); the search and list pages
        # clean their own parameters, everything else answers 400 with the Danish error page. The path
        # counts too: its segments (file names, short codes) are looked up as they are.
        if "\x00" in request.path or any("\x00" in value for value in request.form.values()):
            abort(400)
        if cleans_own_parameters(request.endpoint):
            return
        if any("\x00" in v for v in request.args.values()):
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
