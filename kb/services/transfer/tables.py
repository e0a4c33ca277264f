"""What an export holds: which tables and columns, and how each value is written as JSON and read back.

Every table of the schema is exported except sign-in secrets and derived or short-lived data, so
tables that later changes add are exported without touching this module.
"""

import json
from datetime import UTC, date, datetime, time

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Table, Text, Time

from kb.extensions import db

FORMAT = "metodebasen-export"
# Sign-in state and secrets stay behind (accounts travel without passwords); the search log, its state
# and each host's index cursor are derived from this database and its index, and the audit log describes
# this database's own history; the anonymous search counts are kept for a limited time only, and an
# export must not outlive that; rate-limit counters live minutes.
SKIPPED_TABLES = {
    "login_attempt",
    "account_token",
    "recovery_code",
    "audit_event",
    "search_outbox",
    "search_index_host",
    "search_log_state",
    "search_query_day",
    "rate_limit_counter",
}
# Accounts travel by an allow-list, so a secret column added later is never exported by default.
ACCOUNT_COLUMNS = {"id", "email", "name", "role", "active", "created_at"}


class BadValue(ValueError):
    """A value that does not fit its column; the message says why (the caller adds file, record, field)."""


def exported_tables() -> list[Table]:
    """Exported tables in dependency order (a table comes after the tables it refers to)."""
    return [table for table in db.metadata.sorted_tables if table.name not in SKIPPED_TABLES]


def columns(table: Table) -> list:
    """The exported columns of `table`, in the schema's order."""
    if table.name == "user_account":
        return [c for c in table.columns if c.name in ACCOUNT_COLUMNS]
    return list(table.columns)


def schema_version() -> str:
    """The Alembic head this code's schema corresponds to."""
    config = Config()
    config.set_main_option("script_location", current_app.extensions["migrate"].directory)
    return ScriptDirectory.from_config(config).get_current_head()


def encode(column, value):
    """A database value as JSON data; datetimes always in UTC with offset (SQLite returns them naive)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    return value


def decode(column, value):
    """JSON data as the value for `column`; raises BadValue when it does not fit."""
    if value is None:
        if not column.nullable:
            raise BadValue("is required")
        return None
    kind = column.type
    try:
        if isinstance(kind, DateTime):
            parsed = datetime.fromisoformat(_string(value))
            if parsed.tzinfo is None:
                raise BadValue("needs a UTC offset")
            return parsed.astimezone(UTC)
        if isinstance(kind, Date):
            return date.fromisoformat(_string(value))
        if isinstance(kind, Time):
            return time.fromisoformat(_string(value))
    except ValueError as error:
        if isinstance(error, BadValue):
            raise
        raise BadValue(f"is not a valid {type(kind).__name__.lower()}: {value!r}") from None
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise BadValue(f"must be true or false, not {value!r}")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadValue(f"must be a whole number, not {value!r}")
        return value
    if isinstance(kind, (String, Text)) and not isinstance(kind, JSON):
        text = _string(value)
        if getattr(kind, "length", None) and len(text) > kind.length:
            raise BadValue(f"is longer than {kind.length} characters")
        if "\x00" in text:
            raise BadValue("contains a NUL character")
        return text
    if isinstance(kind, JSON):
        json.dumps(value)
        return value
    return value


def _string(value) -> str:
    if not isinstance(value, str):
        raise BadValue(f"must be text, not {value!r}")
    return value
