"""Text helpers shared by every module: the one slug helper, date formatters, text cleaner and HTML-to-text."""

import re
import unicodedata
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from markupsafe import Markup

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
_MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]
LOCAL_TIME_ZONE = ZoneInfo("Europe/Copenhagen")
_WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]


def slugify(value: str, max_length: int = 80) -> str:
    """Return a URL slug: lower case ASCII, Danish letters spelt out (æ→ae, ø→oe, å→aa)."""
    # Apostrophes join their word ("Children's" → "childrens") instead of splitting it.
    text = value.translate(_DANISH_LETTERS).lower().replace("'", "").replace("’", "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:max_length].rstrip("-") or "uden-titel"


def danish_date(value: date | datetime | None, weekday: bool = False) -> str:
    """Format a date the Danish way: '12. januar 2015' (optionally 'mandag den 12. januar 2015')."""
    if value is None:
        return ""
    text = f"{value.day}. {_MONTHS[value.month - 1]} {value.year}"
    if weekday:
        text = f"{_WEEKDAYS[value.weekday()]} den {text}"
    return text


def danish_time(value: time | None) -> str:
    """Format a time of day the Danish way: '16.00'."""
    return "" if value is None else f"{value.hour:02d}.{value.minute:02d}"


def danish_timestamp(value: datetime | None) -> str:
    """Format a stored moment in Danish time: '23. november 2026 kl. 13.35'.

    Stored datetimes are UTC; SQLite hands them back without a time zone, so naive ones are read as UTC.
    """
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(LOCAL_TIME_ZONE)
    return f"{danish_date(local)} kl. {danish_time(local)}"


def shorten(value: str | None, max_length: int, ellipsis: str = "…") -> str:
    """Whitespace-collapsed `value` of at most `max_length` characters, cut at a word boundary.

    A shortened text ends in `ellipsis` (counted in the length) with no dangling punctuation before it; a
    text that already fits is returned collapsed but otherwise unchanged. A single word longer than the
    limit is cut inside the word, since there is no boundary to cut at.
    """
    text = " ".join((value or "").split())
    if len(text) <= max_length:
        return text
    room = max(max_length - len(ellipsis), 0)
    cut = text[: room + 1]  # one character more: a space just after the limit is a word boundary too
    boundary = cut.rfind(" ")
    kept = cut[:boundary] if boundary > 0 else text[:room]
    return kept.rstrip(" ,;:.-–—") + ellipsis


def danish_number(value: int) -> str:
    """A whole number the Danish way, with a dot between thousands: 10000 -> "10.000"."""
    return f"{value:,}".replace(",", ".")


_BLOCK_TAG = re.compile(r"<(?=/?(?:p|li|br|h[1-6]|ul|ol|div|blockquote|tr|td|th)\b)", re.IGNORECASE)


def plain_text(html_text: str | None) -> str:
    """The text of sanitised HTML on one line: tags removed, entities decoded, whitespace collapsed.

    A space before each block tag keeps words of adjacent paragraphs and list items apart; inline tags
    join their text to its neighbours ("<strong>Engagement</strong>:" gives "Engagement:").
    """
    return Markup(_BLOCK_TAG.sub(" <", html_text or "")).striptags()


def clean_text(raw: str, single_line: bool = False, max_length: int | None = None) -> str:
    """What someone typed or a file held, made safe to store: no control characters (NUL would also break
    PostgreSQL). Multi-line text keeps its line breaks and tabs (carriage returns go); single-line text
    turns control characters into spaces and collapses whitespace. `max_length` caps the result."""
    if single_line:
        printable = "".join(ch if ch.isprintable() else " " for ch in raw)
        text = " ".join(printable.split())
    else:
        text = "".join(ch for ch in raw if ch.isprintable() or ch in "\n\t").replace("\r", "")
    return text if max_length is None else text[:max_length]
