"""Synonym groups editors maintain for search ("hjemløs" ↔ "hjemløshed" ↔ "uden bolig")."""

from sqlalchemy import select

from kb.extensions import db
from kb.models import SynonymGroup

MAX_TERM_LENGTH = 80


class SynonymError(ValueError):
    """A synonym group that cannot be saved; the message is Danish."""


def normalise_terms(terms: list[str]) -> list[str]:
    """Terms cleaned, lower case, without duplicates, in the order given."""
    cleaned = []
    for term in terms:
        text = " ".join(term.split()).lower()
        if text and text not in cleaned:
            cleaned.append(text)
    return cleaned


def list_groups() -> list[SynonymGroup]:
    """Every synonym group."""
    return list(db.session.scalars(select(SynonymGroup).order_by(SynonymGroup.id)))


def add_group(terms: list[str]) -> tuple[SynonymGroup, bool]:
    """Save a group of at least two terms; return it and whether it was new (an identical group is reused)."""
    cleaned = normalise_terms(terms)
    if len(cleaned) < 2:
        raise SynonymError("En synonymgruppe skal have mindst to forskellige ord.")
    if any(len(term) > MAX_TERM_LENGTH for term in cleaned):
        raise SynonymError(f"Et synonym må højst være {MAX_TERM_LENGTH} tegn.")
    for group in list_groups():
        if set(group.terms) == set(cleaned):
            return group, False
    group = SynonymGroup(terms=cleaned)
    db.session.add(group)
    db.session.commit()
    return group, True


def delete_group(group_id: int) -> bool:
    """Delete a synonym group; False when there is none with this id."""
    group = db.session.get(SynonymGroup, group_id)
    if group is None:
        return False
    db.session.delete(group)
    db.session.commit()
    return True
