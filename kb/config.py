"""Configuration: the one table of every KB_* setting (default, meaning), and the only module that reads
the environment.

`create_app` starts from `defaults()` and lays the given mapping (tests) or `from_environment()` over it,
so every other module reads `current_app.config["KB_…"]` and finds a value. The README's operations
contract lists the same table (`markdown_table()` prints it).
"""

import os
from dataclasses import dataclass
from pathlib import Path

from limits import parse_many

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
DEVELOPMENT_SECRET_KEY = "development-only-not-secret"
PLACEHOLDER = "change-me"  # how deploy/env.example marks the values an operator must replace


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


@dataclass(frozen=True)
class Setting:
    """One setting: its environment variable, default, meaning and how its text is read."""

    name: str  # the environment variable, KB_…
    default: object
    meaning: str
    kind: type = str  # str, int, float, bool or list (comma-separated): how the environment's text is read
    key: str = ""  # the config key, when it is not `name` (Flask's own names)

    @property
    def config_key(self) -> str:
        """The key in app.config."""
        return self.key or self.name

    def read(self, environ) -> object:
        """The value in `environ`, or the default when it is unset or empty."""
        raw = environ.get(self.name)
        if self.kind is bool:
            return _flag(raw, self.default)
        if raw is None or raw.strip() == "":
            return self.default
        if self.kind is list:
            return [part.strip() for part in raw.split(",") if part.strip()]
        try:
            return self.kind(raw.strip())
        except ValueError:
            raise ConfigurationError(f"{self.name} must be a number, not {raw.strip()!r}.") from None


SETTINGS = (
    Setting(
        "KB_DATABASE_URL",
        f"sqlite:///{INSTANCE_DIR / 'metodebasen.sqlite'}",
        "SQLAlchemy URL. PostgreSQL: `postgresql+psycopg://user:password@host/db`",
        key="SQLALCHEMY_DATABASE_URI",
    ),
    Setting("KB_INDEX_DIR", str(INSTANCE_DIR / "index"), "Search index directory"),
    Setting(
        "KB_SECRET_KEY",
        None,
        "Required in production: the app refuses to start without it. A development default is used only when "
        "`FLASK_DEBUG=1` or `KB_ENV=development` (the Makefile sets the latter)",
        key="SECRET_KEY",
    ),
    Setting(
        "KB_DEMO_NOTICE",
        True,
        "`0` hides the notice that evidence levels and municipal uptake are demo content",
        kind=bool,
    ),
    Setting(
        "KB_BASE_URL",
        None,
        "Required in production: the public address, e.g. `https://metodebasen.example`. Every absolute URL "
        "(mail links, security notices, QR codes, canonical/og:url, feeds, sitemap, robots.txt) is built from "
        "it, never from the request; any other `Host` gets 400. Unset in development and tests: links follow "
        "the request's host and every host is served",
    ),
    Setting(
        "KB_TOTP_KEY",
        None,
        "Required in production: key(s) that encrypt TOTP secrets at rest, comma-separated (the first encrypts; "
        "`flask kb rotate-totp-key` re-encrypts after a new key is put first). Development derives one from the "
        "secret key",
    ),
    Setting(
        "KB_REQUIRE_APPROVAL",
        False,
        "`1`: four eyes; an editor cannot publish their own change (another editor or an admin does)",
        kind=bool,
    ),
    Setting(
        "KB_AUDIT_RETENTION_DAYS",
        365,
        "Audit events older than this are deleted by `flask kb prune-audit-log`",
        kind=int,
    ),
    Setting(
        "KB_EXTRA_HOSTS",
        [],
        "Further `Host` values to serve (comma-separated, e.g. an internal name); links still name `KB_BASE_URL`",
        kind=list,
    ),
    Setting(
        "KB_TRUSTED_PROXIES",
        None,
        "Who may set `X-Forwarded-For`/`-Proto`: a number of proxy hops (`1` behind one nginx) or proxy "
        "addresses/networks (`127.0.0.1, 10.0.0.0/8`, read from the right). Unset: no forwarded header is "
        "believed. `X-Forwarded-Host` is never used",
    ),
    Setting(
        "KB_HTTPS",
        False,
        "`1` when served over HTTPS: Secure cookies and HSTS (it does not imply trusting a proxy)",
        kind=bool,
    ),
    Setting(
        "KB_SMTP_HOST",
        "",
        "Mail server for invitations and password resets (STARTTLS and login when `KB_SMTP_USER` is set). "
        "Without it the links are shown to the administrator and written to the log",
    ),
    Setting("KB_SMTP_PORT", 587, "Mail server port", kind=int),
    Setting("KB_SMTP_USER", "", "Mail server user"),
    Setting("KB_SMTP_PASSWORD", "", "Mail server password"),
    Setting("KB_MAIL_FROM", "metodebasen@localhost", "Sender address of the mails"),
    Setting("KB_SESSION_IDLE_MINUTES", 30, "Editor sessions end after this many minutes idle", kind=int),
    Setting("KB_SESSION_MAX_HOURS", 12, "Editor sessions end this many hours after signing in", kind=int),
    Setting(
        "KB_LOGIN_ACCOUNT_LIMIT",
        5,
        "Failed sign-ins for one account from one source before that source must wait (30 s, doubling)",
        kind=int,
    ),
    Setting(
        "KB_LOGIN_IP_LIMIT",
        20,
        "Failed sign-ins and reset requests from one source (IPv6: its /64) before it must wait",
        kind=int,
    ),
    Setting(
        "KB_LOGIN_WINDOW_MINUTES",
        24 * 60,
        "The window over which sign-in failures count towards the limits and delays, in minutes",
        kind=int,
    ),
    Setting(
        "KB_UPLOAD_DIR",
        str(INSTANCE_DIR / "uploads"),
        "Where conference output files are stored (outside `static/`)",
    ),
    Setting(
        "KB_SEARCH_LOG",
        True,
        "`0` turns off the anonymous search counts editors see at /redaktion/soegninger",
        kind=bool,
    ),
    Setting(
        "KB_SEARCH_LOG_RETENTION_DAYS", 90, "Days the search counts are kept (a whole number, at least 1)", kind=int
    ),
    Setting(
        "KB_SEARCH_LOG_FLUSH_SECONDS",
        10.0,
        "How often the search counts are written to the database (a whole number of seconds, at least 1)",
        kind=float,
    ),
    Setting(
        "KB_UPLOAD_MAX_BYTES",
        25 * 1024 * 1024,
        "Largest request body of a view that takes uploads (every other form and API call: 1 MiB)",
        kind=int,
    ),
    Setting(
        "KB_INDEX_AFTER_COMMIT",
        True,
        "`0` leaves index changes in the outbox at commit, for the follower or `flask kb sync-index`",
        kind=bool,
    ),
    Setting(
        "KB_INDEX_FOLLOW_SECONDS",
        1.0,
        "How often each process's background follower applies index changes left pending; `0` turns it off",
        kind=float,
    ),
    Setting(
        "KB_INDEX_HOST",
        "",
        "This host's name in the index log's host table. Default: the machine's name and index directory",
    ),
    Setting(
        "KB_INDEX_LOG_RETENTION_DAYS",
        7.0,
        "Index log entries older than this are pruned even if a host has not applied them (it then rebuilds)",
        kind=float,
    ),
    Setting(
        "KB_READY_MAX_LAG_SECONDS",
        30.0,
        "The readiness check fails when this host's index is further behind the database than this",
        kind=float,
    ),
    Setting(
        "KB_LOG_FORMAT",
        "text",
        "`json` (one JSON object per request and error) or `text`. Read from the environment it defaults to "
        "`json`, except in development",
    ),
    Setting(
        "KB_SEARCH_RATE_LIMIT",
        "60 per minute",
        "Searches (/soeg and /api/v1/search together) per client address, in Flask-Limiter's notation",
    ),
    Setting("KB_SUGGEST_RATE_LIMIT", "240 per minute", "Suggestions per client address, in the same notation"),
    Setting(
        "KB_SHARED_CACHE_SECONDS",
        # One second is enough for a room that opens the same page at once to cost one render, and too short
        # for a reader to notice an edit arriving late; behind any proxy but nginx the header does nothing.
        1,
        "Seconds nginx's microcache (deploy/) may hand one anonymous public page, feed or JSON answer to everyone "
        "who asks meanwhile (`X-Accel-Expires`); `0` turns it off. Searches, editors and anything with a cookie "
        "always reach the app",
        kind=int,
    ),
    Setting(
        "KB_SITEMAP_PART_SIZE",
        # Well under the protocol's 50,000, as WordPress (2,000) and Yoast (1,000) do: a file of 2,000
        # addresses is about 200 kB and a few milliseconds to write, however large the catalogue grows.
        2_000,
        "URLs per sitemap file (the protocol allows up to 50,000); above it sitemap.xml is an index of parts",
        kind=int,
    ),
)


def defaults() -> dict:
    """Every setting's default, by config key (the secret key has none: Flask's own None stands)."""
    return {setting.config_key: setting.default for setting in SETTINGS if setting.config_key != "SECRET_KEY"}


def _debugging() -> bool:
    return _flag(os.environ.get("FLASK_DEBUG"), False) or os.environ.get("KB_ENV") == "development"


def from_environment() -> dict:
    """Build the configuration mapping from the process environment."""
    config = {setting.config_key: setting.read(os.environ) for setting in SETTINGS}
    if not config["SECRET_KEY"]:
        if not _debugging():
            raise ConfigurationError(
                "KB_SECRET_KEY is not set. Set it to a long random value "
                '(python -c "import secrets; print(secrets.token_hex(32))"), '
                "or run with FLASK_DEBUG=1 for local development."
            )
        config["SECRET_KEY"] = DEVELOPMENT_SECRET_KEY
    for name, key in (("KB_SECRET_KEY", "SECRET_KEY"), ("KB_TOTP_KEY", "KB_TOTP_KEY")):
        # deploy/env.example is public: its placeholders are no more secret than the development key.
        if PLACEHOLDER in (config[key] or ""):
            raise ConfigurationError(
                f"{name} is still the placeholder from deploy/env.example. Set it to a long random value "
                '(python -c "import secrets; print(secrets.token_hex(32))").'
            )
    if not config["KB_TOTP_KEY"] and not _debugging():
        raise ConfigurationError(
            "KB_TOTP_KEY is not set. Set it to a long random value, different from KB_SECRET_KEY: "
            "it encrypts the two-factor secrets in the database."
        )
    if not config["KB_BASE_URL"] and not _debugging():
        raise ConfigurationError(
            "KB_BASE_URL is not set. Set it to the site's public address (https://metodebasen.example): "
            "every link in mail, QR codes, feeds and the sitemap is built from it."
        )
    config["KB_SEARCH_LOG_RETENTION_DAYS"] = _positive_int("KB_SEARCH_LOG_RETENTION_DAYS", 90)
    config["KB_SEARCH_LOG_FLUSH_SECONDS"] = float(_positive_int("KB_SEARCH_LOG_FLUSH_SECONDS", 10))
    if config["KB_SHARED_CACHE_SECONDS"] < 0:
        raise ConfigurationError("KB_SHARED_CACHE_SECONDS must be 0 (off) or a whole number of seconds.")
    for name in ("KB_SEARCH_RATE_LIMIT", "KB_SUGGEST_RATE_LIMIT"):
        try:
            parse_many(config[name])
        except ValueError:
            raise ConfigurationError(
                f'{name}="{config[name]}" is not a rate limit; write e.g. "60 per minute".'
            ) from None
    if not os.environ.get("KB_LOG_FORMAT", "").strip():
        config["KB_LOG_FORMAT"] = "text" if _debugging() else "json"
    return config


def child_environment(**extra: str) -> dict[str, str]:
    """The process environment with `extra` added, for a tool run as a subprocess (pg_dump's PGPASSWORD)."""
    return {**os.environ, **extra}


def markdown_table() -> str:
    """The settings as the README's Markdown table."""
    rows = ["| Name | Default | Meaning |", "|---|---|---|"]
    for setting in SETTINGS:
        default = setting.default
        if isinstance(default, bool):
            default = int(default)
        default = "" if default in (None, "") else f"`{str(default).replace(str(INSTANCE_DIR.parent) + '/', '')}`"
        rows.append(f"| `{setting.name}` | {default} | {setting.meaning} |")
    return "\n".join(rows)
