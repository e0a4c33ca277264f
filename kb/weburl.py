"""The one check for every web address an editor stores (organisation websites, sources, outputs, short links),
and for the local paths a request may send the browser on to."""

import re
from urllib.parse import urlsplit

MAX_URL_LENGTH = 1000
MESSAGE = 'Linket "{url}" skal begynde med https:// (eller http://) og have et domæne, fx https://www.example.dk/side.'


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) address with a host name and no spaces or control characters."""
    if not url or len(url) > MAX_URL_LENGTH or any(ch.isspace() or not ch.isprintable() for ch in url):
        return False
    if "\\" in url:  # browsers read a backslash as a slash: "https:\\evil" and "/\evil" lead elsewhere
        return False
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(hostname) and url.lower().startswith(("http://", "https://"))


def check_web_url(url: str) -> str:
    """`url` unchanged when it is a web address (see is_web_url); otherwise a ValueError with a Danish message."""
    if not is_web_url(url):
        raise ValueError(MESSAGE.format(url=url[:200]))
    return url


# Stored names keep letters, digits, "-", "_" and spaces (see uploads._safe_name); nothing that leaves the path.
_UPLOAD_PATH = re.compile(r"/filer/[A-Za-z0-9_-]{1,64}/[^/?#\\\x00-\x1f]{1,255}")


def is_upload_path(url: str) -> bool:
    """True when `url` is the site-relative address of an uploaded file (/filer/<key>/<name>)."""
    return bool(_UPLOAD_PATH.fullmatch(url))


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, otherwise None: never another host, never a scheme."""
    if not target or len(target) > 2000:
        return None
    # Browsers read "\" as "/" and drop tabs and newlines, so "/\evil" and "/\t/evil" would leave the site.
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target.rstrip("?") or "/"
