"""Danish error pages for every HTTP error; nothing internal ever reaches the response."""

from flask import Flask, jsonify, make_response, redirect, render_template, request
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from kb.extensions import db
from kb.services.redirects import target_for
from kb.services.shortlinks import archived_page

TITLES = {
    400: "Forespørgslen kunne ikke forstås",
    403: "Du har ikke adgang til siden",
    404: "Siden findes ikke",
    405: "Handlingen er ikke tilladt her",
    410: "Siden er fjernet",
    413: "Filen eller formularen er for stor",
    429: "For mange forespørgsler",
    500: "Der opstod en fejl hos os",
    503: "Metodebasen er midlertidigt utilgængelig",
}
DATABASE_UNAVAILABLE_RETRY_SECONDS = 10


CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    410: "gone",
    413: "too_large",
    429: "too_many_requests",
    500: "internal_error",
}


def api_error(status: int, message: str, parameter: str | None = None):
    """The JSON error every API answer uses: {"error": {"code", "status", "message", "parameter"?}}."""
    body = {"code": "invalid_parameter" if parameter else CODES.get(status, "error"), "status": status}
    body["message"] = message
    if parameter:
        body["parameter"] = parameter
    return jsonify({"error": body}), status


def _invalid_argument(error: HTTPException) -> tuple[str, str] | None:
    """The first (parameter, message) of a rejected query argument (webargs puts them in error.data)."""
    messages = (getattr(error, "data", None) or {}).get("messages") or {}
    for location in messages.values():
        for parameter, problems in location.items():
            return parameter, problems[0] if isinstance(problems, list) and problems else str(problems)
    return None


def render_error(status: int, error: HTTPException | None = None):
    """The Danish error page (HTML) or JSON error (API) for `status`."""
    title = TITLES.get(status, "Der opstod en fejl")
    if request.path.startswith("/api/"):
        invalid = _invalid_argument(error) if error is not None else None
        response = api_error(status, invalid[1], invalid[0]) if invalid else api_error(status, title)
        if getattr(error, "valid_methods", None):
            response[0].headers["Allow"] = ", ".join(error.valid_methods)
        return response
    return render_template("errors/error.html", status=status, title=title), status


def init_app(app: Flask) -> None:
    """Answer every HTTP error and unexpected exception with a Danish page or a JSON error."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        path = request.path
        if (
            error.code == 404
            and request.method in ("GET", "HEAD")
            and not path.startswith("/api/")
            and len(path) <= 300
            and path.isprintable()
        ):
            target = target_for(path)
            if target:
                return redirect(target, code=301)
            slug = (request.view_args or {}).get("slug")
            gone = archived_page(request.url_rule.endpoint, slug) if request.url_rule and slug else None
            if gone is not None:
                return render_template("public/link_gone.html", resolution=gone), 410
        return render_error(error.code or 500, error)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error: Exception):
        # The database is restarting or unreachable: say so and when to retry; pool_pre_ping replaces the
        # broken connections, so the site recovers by itself once the database is back.
        app.logger.warning("Database unavailable: %s", type(error).__name__)
        try:
            db.session.rollback()
        except Exception:  # the connection is gone; the session is discarded at the end of the request
            app.logger.debug("Rollback after a lost database connection failed", exc_info=True)
        response, status = render_error(503)
        response = make_response(response, status)
        response.headers["Retry-After"] = str(DATABASE_UNAVAILABLE_RETRY_SECONDS)
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error", exc_info=error)
        db.session.rollback()
        return render_error(InternalServerError.code)
