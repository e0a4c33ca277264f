"""Static file URLs carry a hash of the file (?v=...), so nginx may cache them for a year.

A new release that changes a file changes its URL; an unchanged file keeps its URL and stays cached.
"""

import hashlib
from pathlib import Path

from flask import Flask
from werkzeug.security import safe_join

_hashes: dict[tuple[str, float], str] = {}


def file_version(static_folder: str, filename: str) -> str | None:
    """A short content hash of a static file, or None when it does not exist."""
    joined = safe_join(static_folder, filename)
    if joined is None:
        return None
    path = Path(joined)
    try:
        key = (str(path), path.stat().st_mtime)
    except (OSError, ValueError):
        return None
    if key not in _hashes:
        _hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _hashes[key]


def init_app(app: Flask) -> None:
    """Add a content hash to static file addresses, so browsers can cache them for long."""

    @app.url_defaults
    def add_version(endpoint, values):
        if endpoint == "static" and "v" not in values and app.static_folder:
            version = file_version(app.static_folder, values.get("filename", ""))
            if version:
                values["v"] = version
