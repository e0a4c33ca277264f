"""Configuration: the only module that reads the environment.

Operations contract:
- KB_DATABASE_URL  SQLAlchemy URL; default a SQLite file in instance/.
- KB_INDEX_DIR     directory of the search index; default in instance/.
- KB_SECRET_KEY    required in production; a development default is used only when debugging.
- KB_DEMO_NOTICE   "0" hides the notice that content is demo content (default shown).
- KB_BASE_URL      required in production: the public address (https://metodebasen.example). Every absolute URL
                   (mail, QR codes, feeds, sitemap, canonical) is built from it, and other Host values get 400.
                   Unset in development: links follow the request's host and any host is served.
- KB_EXTRA_HOSTS   further Host values to serve (comma-separated), e.g. an internal name; links still use KB_BASE_URL.
- KB_TRUSTED_PROXIES  who may set X-Forwarded-For/-Proto: a number of proxy hops (1 behind one nginx) or a
                   comma-separated list of proxy addresses/networks. Unset: no forwarded header is believed.
- KB_TOTP_KEY      required in production: key(s) that encrypt TOTP secrets at rest, comma-separated (the first
                   encrypts; `flask kb rotate-totp-key` re-encrypts after a new key is put first). Development
                   derives one from the secret key.
- KB_REQUIRE_APPROVAL  "1": four eyes; an editor cannot publish their own change (another editor or an admin does).
- KB_AUDIT_RETENTION_DAYS  audit events older than this are deleted by `flask kb prune-audit-log` (default 365).
- KB_HTTPS         "1" when served over HTTPS: Secure cookies and HSTS (it no longer implies trusting a proxy).
- KB_SMTP_HOST, KB_SMTP_PORT, KB_SMTP_USER, KB_SMTP_PASSWORD, KB_MAIL_FROM   mail for invitations and
                   password resets; without KB_SMTP_HOST the links are shown to the administrator and logged.
- KB_SESSION_IDLE_MINUTES (default 30), KB_SESSION_MAX_HOURS (default 12)   editor session timeouts.
- KB_UPLOAD_DIR    where conference output files are stored (default instance/uploads, outside static/).
- KB_SEARCH_LOG ("0" turns off the anonymous search counts), KB_SEARCH_LOG_RETENTION_DAYS (default 90),
  KB_SEARCH_LOG_FLUSH_SECONDS (default 10)   what editors see at /redaktion/soegninger.
- KB_SEARCH_RATE_LIMIT (default "60 per minute"), KB_SUGGEST_RATE_LIMIT (default "240 per minute")
                   searches (/soeg and /api/v1/search together) and suggestions per client address.
"""

import os
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
DEVELOPMENT_SECRET_KEY = "development-only-not-secret"


class ConfigurationError(RuntimeError):
    """The environment does not describe a runnable application."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() not in {"0", "false", "no", "off", "nej"}


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigurationError(f"{name} must be a whole number of at least 1, not {raw!r}.")
    return int(raw)


def _debugging() -> bool:
    return _flag(os.environ.get("FLASK_DEBUG"), False) or os.environ.get("KB_ENV") == "development"


def from_environment() -> dict:
    """Build the configuration mapping from the process environment."""
    secret_key = os.environ.get("KB_SECRET_KEY")
    if not secret_key:
        if not _debugging():
            raise ConfigurationError(
                "KB_SECRET_KEY is not set. Set it to a long random value "
                '(python -c "import secrets; print(secrets.token_hex(32))"), '
                "or run with FLASK_DEBUG=1 for local development."
            )
        secret_key = DEVELOPMENT_SECRET_KEY
    totp_key = os.environ.get("KB_TOTP_KEY", "").strip()
    if not totp_key and not _debugging():
        raise ConfigurationError(
            "KB_TOTP_KEY is not set. Set it to a long random value, different from KB_SECRET_KEY: "
            "it encrypts the two-factor secrets in the database."
        )
    base_url = os.environ.get("KB_BASE_URL", "").strip()
    if not base_url and not _debugging():
        raise ConfigurationError(
            "KB_BASE_URL is not set. Set it to the site's public address (https://metodebasen.example): "
            "every link in mail, QR codes, feeds and the sitemap is built from it."
        )
    return {
        "KB_BASE_URL": base_url or None,
        "KB_TOTP_KEY": totp_key or None,
        "KB_REQUIRE_APPROVAL": _flag(os.environ.get("KB_REQUIRE_APPROVAL"), False),
        "KB_AUDIT_RETENTION_DAYS": int(os.environ.get("KB_AUDIT_RETENTION_DAYS", "365") or 365),
        "KB_EXTRA_HOSTS": [host.strip() for host in os.environ.get("KB_EXTRA_HOSTS", "").split(",") if host.strip()],
        "KB_TRUSTED_PROXIES": os.environ.get("KB_TRUSTED_PROXIES", "").strip() or None,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "KB_DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'metodebasen.sqlite'}"
        ),
        "KB_INDEX_DIR": os.environ.get("KB_INDEX_DIR", str(INSTANCE_DIR / "index")),
        "KB_DEMO_NOTICE": _flag(os.environ.get("KB_DEMO_NOTICE"), True),
        "KB_HTTPS": _flag(os.environ.get("KB_HTTPS"), False),
        "KB_SMTP_HOST": os.environ.get("KB_SMTP_HOST", ""),
        "KB_SMTP_PORT": int(os.environ.get("KB_SMTP_PORT", "587") or 587),
        "KB_SMTP_USER": os.environ.get("KB_SMTP_USER", ""),
        "KB_SMTP_PASSWORD": os.environ.get("KB_SMTP_PASSWORD", ""),
        "KB_MAIL_FROM": os.environ.get("KB_MAIL_FROM", "metodebasen@localhost"),
        "KB_SESSION_IDLE_MINUTES": int(os.environ.get("KB_SESSION_IDLE_MINUTES", "30") or 30),
        "KB_SESSION_MAX_HOURS": int(os.environ.get("KB_SESSION_MAX_HOURS", "12") or 12),
        "KB_UPLOAD_DIR": os.environ.get("KB_UPLOAD_DIR", str(INSTANCE_DIR / "uploads")),
        "KB_SEARCH_LOG": _flag(os.environ.get("KB_SEARCH_LOG"), True),
        "KB_SEARCH_LOG_RETENTION_DAYS": _positive_int("KB_SEARCH_LOG_RETENTION_DAYS", 90),
        "KB_SEARCH_LOG_FLUSH_SECONDS": float(_positive_int("KB_SEARCH_LOG_FLUSH_SECONDS", 10)),
        "KB_INDEX_HOST": os.environ.get("KB_INDEX_HOST", ""),
        "KB_INDEX_FOLLOW_SECONDS": float(os.environ.get("KB_INDEX_FOLLOW_SECONDS", "1") or 1),
        "KB_INDEX_LOG_RETENTION_DAYS": float(os.environ.get("KB_INDEX_LOG_RETENTION_DAYS", "7") or 7),
        "KB_READY_MAX_LAG_SECONDS": float(os.environ.get("KB_READY_MAX_LAG_SECONDS", "30") or 30),
        "KB_LOG_FORMAT": os.environ.get("KB_LOG_FORMAT", "text" if _debugging() else "json"),
        "KB_SEARCH_RATE_LIMIT": _rate_limit("KB_SEARCH_RATE_LIMIT", "60 per minute"),
        "KB_SUGGEST_RATE_LIMIT": _rate_limit("KB_SUGGEST_RATE_LIMIT", "240 per minute"),
    }


def _rate_limit(name: str, default: str) -> str:
    """A rate limit in Flask-Limiter's notation ("60 per minute"), checked at start-up."""
    from limits import parse_many

    value = os.environ.get(name, "").strip() or default
    try:
        parse_many(value)
    except ValueError:
        raise ConfigurationError(f'{name}="{value}" is not a rate limit; write e.g. "60 per minute".') from None
    return value
