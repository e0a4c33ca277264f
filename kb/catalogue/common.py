"""Helpers shared by the catalogue queries."""

import re

from flask import abort, g
from sqlalchemy import Select, select

from kb.extensions import db
from kb.text import clean_text
from kb.visibility import visible


def published(model) -> Select:
    """SELECT of every public row of `model` (kb.visibility decides what is public)."""
    return visible(model)


def one_published_or_404(model, slug: str, *options):
    """The published `model` with `slug`, loaded with `options`, or a 404 response.

    An editor's preview (g.kb_preview = (model, id), set only in the editor area) may show that one
    item whatever its state.
    """
    statement = published(model).where(model.slug == slug).options(*options)
    preview = g.get("kb_preview")
    if preview and preview[0] is model:
        statement = select(model).where(model.id == preview[1], model.slug == slug).options(*options)
    item = db.session.scalars(statement).first()
    if item is None:
        abort(404)
    return item


MAX_QUERY_LENGTH = 200
_SLUG = re.compile(r"[a-z0-9-]{1,120}")


def normalise_query(raw: str) -> str:
    """A typed name filter, cleaned and capped at MAX_QUERY_LENGTH."""
    return clean_text(raw, single_line=True, max_length=MAX_QUERY_LENGTH)


def slug_argument(raw: str) -> str:
    """A slug-shaped query argument, or '' for anything else (so no odd bytes reach the database)."""
    value = raw.strip().lower()
    return value if _SLUG.fullmatch(value) else ""
