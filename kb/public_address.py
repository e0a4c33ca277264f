"""The site's public address: KB_BASE_URL builds every absolute URL, and only its host (and extras) is served.

With KB_BASE_URL set, `url_for(..., _external=True)` (mail links, QR codes, feeds, the sitemap, canonical tags)
names that address whatever Host the request carried, and Flask's TRUSTED_HOSTS answers other hosts with 400.
Without it (development and tests only; production refuses to start) links follow the request's host.
"""

from urllib.parse import urlsplit

from flask import Flask, current_app, request
from werkzeug.routing import MapAdapter

from kb.config import ConfigurationError


def parse_base_url(value: str) -> tuple[str, str, str]:
    """(scheme, host[:port], path prefix) of an http(s) base URL; ConfigurationError when it is not one."""
    parts = urlsplit(value.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ConfigurationError(f"KB_BASE_URL must look like https://metodebasen.example (got {value!r}).")
    return parts.scheme, parts.netloc.lower(), parts.path.rstrip("/")


def init_app(app: Flask) -> None:
    """Serve only KB_BASE_URL's host (and KB_EXTRA_HOSTS) when it is set."""
    base = app.config["KB_BASE_URL"]
    if not base:
        return
    scheme, netloc, prefix = parse_base_url(base)
    extra = app.config["KB_EXTRA_HOSTS"]
    if isinstance(extra, str):
        extra = [host.strip() for host in extra.split(",") if host.strip()]
    app.config.update(
        SERVER_NAME=netloc,
        PREFERRED_URL_SCHEME=scheme,
        APPLICATION_ROOT=prefix or "/",
        TRUSTED_HOSTS=[urlsplit(f"//{netloc}").hostname, *extra],
    )


def bind_to_base_url(app: Flask, adapter: MapAdapter | None) -> MapAdapter | None:
    """Make a request's URL adapter build external URLs with KB_BASE_URL's scheme, host and prefix."""
    base = app.config["KB_BASE_URL"]
    if adapter is not None and base:
        adapter.url_scheme, adapter.server_name, prefix = parse_base_url(base)
        adapter.script_name = f"{prefix}/"
    return adapter


def adapter_for_refused_host(app: Flask, request, refused: Exception) -> MapAdapter:
    """An adapter for a request whose Host is not trusted: it is answered with 400, links on that page
    pointing at KB_BASE_URL (Flask would leave no adapter, and the error page could not be built)."""
    if not app.config["KB_BASE_URL"]:
        raise refused
    request.routing_exception = refused
    scheme, netloc, prefix = parse_base_url(app.config["KB_BASE_URL"])
    request.host = netloc  # later reads of request.host must not raise again
    return app.url_map.bind(netloc, script_name=f"{prefix}/", url_scheme=scheme, path_info=request.path)


def site_root() -> str:
    """The absolute address of the site's root, without a trailing slash."""
    base = current_app.config["KB_BASE_URL"]
    if base:
        scheme, netloc, prefix = parse_base_url(base)
        return f"{scheme}://{netloc}{prefix}"
    return request.url_root.rstrip("/")


def page_url() -> str:
    """The absolute URL of the page being answered, without its query string (canonical and og:url)."""
    return site_root() + request.path
