"""Configuration: the one table of every KB_* setting (default, meaning), and the only module that reads
the environment.

`create_app` starts from `defaults()` and lays the given mapping (tests) or `from_environment()` over it,
so every other module reads `current_app.config["KB_…"]` and finds a value. The README's operations
contract lists the same table (`markdown_table()` prints it).
"""

import os
from dataclasses import dataclass
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
DEVELOPMENT_SECRET_KEY = "development-only-not-secret"


class ConfigurationError(RuntimeError):
    """The environment does not describe a runnable application."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() not in {"0", "false", "no", "off", "nej"}


@dataclass(frozen=True)
class Setting:
    """One setting: its environment variable, default, meaning and how its text is read."""

    name: str  # the environment variable, KB_…
    default: object
    meaning: str
    kind: type = str  # str, int, float or bool: how the environment's text is read
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
        return self.kind(raw)


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
        "KB_HTTPS",
        False,
        "`1` when served over HTTPS behind a proxy: Secure cookies, HSTS, trusted `X-Forwarded-*`",
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
        "Failed sign-ins per account (since its last success) within the window before it is throttled",
        kind=int,
    ),
    Setting(
        "KB_LOGIN_IP_LIMIT",
        20,
        "Failed sign-ins and reset requests per IP address within the window before it is throttled",
        kind=int,
    ),
    Setting("KB_LOGIN_WINDOW_MINUTES", 15, "The sliding window of the sign-in limits, in minutes", kind=int),
    Setting(
        "KB_UPLOAD_DIR",
        str(INSTANCE_DIR / "uploads"),
        "Where conference output files are stored (outside `static/`)",
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
)


def defaults() -> dict:
    """Every setting's default, by config key (the secret key has none)."""
    return {setting.config_key: setting.default for setting in SETTINGS if setting.default is not None}


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
    return config


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
