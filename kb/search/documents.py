"""What the index holds: one document per published item, built from the database (the source of truth).

Which kinds are searched, how each becomes a document and which documents an item affects are declared
in the content registry (kb/content); this module turns them into index entries.
"""

import hashlib
import json
from collections.abc import Iterator

from sqlalchemy import func, select

from kb import content
from kb.content.documents import PART_INDEX_KEYS, join
from kb.extensions import db


def split_key(key: str) -> tuple[str, int]:
    """("method", 12) from "method:12"."""
    kind, _, ident = key.partition(":")
    return kind, int(ident)


def is_public(kind: str, item) -> bool:
    """Whether the item belongs in the index: published, and so are the parents its kind needs."""
    return content.kind(kind).is_public(item)


def build_document(kind: str, item) -> dict:
    """The index document of a published item, with its key, type, slug and fingerprint."""
    fields = {name: value for name, value in content.kind(kind).document(item).items() if value}
    for name in ("area", "target_group"):
        if name in fields:
            fields[name] = ",".join(sorted(fields[name]))
    document = {"key": f"{kind}:{item.id}", "type": kind, "slug": content.kind(kind).document_slug(item), **fields}
    # Names and summaries are where practitioners' words are checked for "Mente du …?"; leaving the
    # long body out keeps a full rebuild fast.
    document["spelling"] = join(*(document.get(name, "") for name in ("title", "aliases", "summary", "related")))
    document["fingerprint"] = fingerprint(document)
    return document


def fingerprint(document: dict) -> str:
    """A hash of the document's content: equal fingerprints mean the index entry is current."""
    fields = {name: value for name, value in document.items() if name != "fingerprint"}
    return hashlib.sha1(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def documents_for_keys(keys: set[str], session=None) -> dict[str, dict | None]:
    """Current document for each key; None where the item is gone or not public (so it leaves the index)."""
    session = session or db.session
    by_kind: dict[str, set[int]] = {}
    for key in keys:
        kind, ident = split_key(key)
        by_kind.setdefault(kind, set()).add(ident)
    found: dict[str, dict | None] = dict.fromkeys(keys)
    for kind, ids in by_kind.items():
        searched = content.searchable().get(kind)
        if searched is None:
            continue
        model = searched.model
        items = session.scalars(select(model).where(model.id.in_(ids)).options(*searched.load_options()))
        for item in items:
            if is_public(kind, item):
                found[f"{kind}:{item.id}"] = build_document(kind, item)
    return found


def all_documents(batch_size: int = 500, session=None) -> Iterator[dict]:
    """Every public document, type by type, loading `batch_size` items at a time (from `session`, default db's)."""
    session = session or db.session
    for kind, searched in content.searchable().items():
        model = searched.model
        last_id = 0
        while True:
            statement = select(model).where(model.id > last_id).order_by(model.id).limit(batch_size)
            items = list(session.scalars(searched.published(statement).options(*searched.load_options())))
            if not items:
                break
            for item in items:
                if is_public(kind, item):
                    yield build_document(kind, item)
            last_id = items[-1].id
            session.expunge_all()


def count_public() -> int:
    """Rough number of documents a rebuild will write (for the progress bar)."""
    return sum(
        db.session.scalar(kind.published(select(func.count()).select_from(kind.model))) or 0
        for kind in content.searchable().values()
    )


def keys_affected_by(obj) -> set[str]:
    """Index documents whose content depends on `obj` (which was added, changed or deleted)."""
    kind = content.kind_of(type(obj))
    if kind is not None:
        return kind.keys_depending_on(obj)
    part_keys = PART_INDEX_KEYS.get(type(obj))
    return part_keys(obj) if part_keys is not None else set()
