"""Finding items of a content kind by what they are called (link pickers, typed links, replacements)."""

from sqlalchemy import func, select

from kb.content.registry import kind
from kb.extensions import db


def title_column(key: str):
    """The column that names items of the kind `key` ("name" or "title")."""
    found = kind(key)
    return getattr(found.model, found.title_field)


def find_by_names(target: str, names: list[str]) -> tuple[list, list[str]]:
    """Items of kind `target` with these names (case-insensitive), and the names that match nothing."""
    model, column = kind(target).model, title_column(target)
    found, unknown = [], []
    for name in names:
        item = db.session.scalars(select(model).where(func.lower(column) == name.lower()).limit(1)).first()
        if item is None:
            unknown.append(name)
        elif item not in found:
            found.append(item)
    return found, unknown
