"""Saving content: versions checked inside the write transaction, a revision per save, redirects on rename.

Every function here owns its commit. A save that started from an old version is refused with
`EditConflict`, which carries both versions so neither text is lost.
"""

import difflib
from dataclasses import dataclass

from flask import current_app, url_for
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kb.content import ContentKind, display_name
from kb.database import begin_write_transaction
from kb.extensions import db
from kb.models import Revision
from kb.models.base import utcnow
from kb.services import audit
from kb.services.editing.field_types import field_type
from kb.services.editing.fields import apply, parse, readable, snapshot, values_from_snapshot
from kb.services.redirects import record_move
from kb.text import slugify
from kb.vocabulary import STATUSES

# Allowed moves between editorial states (kladde → til godkendelse → publiceret → arkiveret, and back).
TRANSITIONS = {
    "draft": ("review", "published", "archived"),
    "review": ("draft", "published", "archived"),
    "published": ("draft", "archived"),
    "archived": ("draft", "published"),
}


class EditConflict(Exception):
    """Someone else saved the item after this editor opened it."""

    def __init__(self, mine: dict, theirs: dict, current_version: int):
        super().__init__("edit conflict")
        self.mine, self.theirs, self.current_version = mine, theirs, current_version


class ValidationFailed(Exception):
    """Input that cannot be saved; Danish messages by field name."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("validation failed")
        self.errors = errors


@dataclass
class SaveResult:
    """A saved item, its new revision and the old address when it was renamed."""

    item: object
    revision: Revision
    renamed_from: str | None = None


def begin_write() -> None:
    """Start the write transaction every save runs in (the caller commits or rolls back)."""
    begin_write_transaction(db.session)


def _locked(kind: ContentKind, item_id: int):
    statement = select(kind.model).where(kind.model.id == item_id)
    if db.session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update()
    return db.session.scalars(statement.execution_options(populate_existing=True)).first()


def _lock_current(kind: ContentKind, item_id: int, base_version: int, mine: dict | None = None):
    """Start the write transaction and lock the item; refuse if it moved on from `base_version`."""
    begin_write()
    item = _locked(kind, item_id)
    if item is None:
        db.session.rollback()
        raise LookupError(item_id)
    if item.version != base_version:
        theirs, current_version = snapshot(kind, item), item.version
        db.session.rollback()
        raise EditConflict(mine=mine or {}, theirs=theirs, current_version=current_version)
    return item


def unique_slug(kind: ContentKind, title: str, own_id: int | None) -> str:
    """A slug for `title` that no other item of the kind has (the item `own_id` may keep its own)."""
    base = slugify(title)
    candidate, number = base, 2
    while True:
        clash = db.session.scalar(select(kind.model.id).where(kind.model.slug == candidate))
        if clash is None or clash == own_id:
            return candidate
        candidate, number = f"{base}-{number}", number + 1


def _next_revision_number(kind: ContentKind, item_id: int) -> int:
    current = db.session.scalar(
        select(func.max(Revision.number)).where(Revision.content_type == kind.key, Revision.content_id == item_id)
    )
    return (current or 0) + 1


def add_revision(kind: ContentKind, item, user, comment: str) -> Revision:
    """Add the item's current content as its next revision (the caller commits)."""
    revision = Revision(
        content_type=kind.key,
        content_id=item.id,
        number=_next_revision_number(kind, item.id),
        data=snapshot(kind, item),
        status=item.status,
        author_id=getattr(user, "id", None),
        comment=comment.strip()[:500],
    )
    db.session.add(revision)
    return revision


def record_change(kind: ContentKind, item, user, comment: str) -> Revision:
    """Count a change to a stored item: its next version (an editor's form open on the old one gets a
    conflict), the time, and a revision with its content (the caller commits)."""
    item.version += 1
    item.updated_at = utcnow()
    return add_revision(kind, item, user, comment)


def create(kind: ContentKind, form, user, comment: str = "") -> SaveResult:
    """A new item as a draft, from submitted form data."""
    values, errors = parse(kind, form)
    if errors:
        raise ValidationFailed(errors)
    begin_write()
    item = kind.model(status="draft", version=1)
    with db.session.no_autoflush:
        apply(kind, item, values)
        item.slug = unique_slug(kind, getattr(item, kind.title_field), None)
    db.session.add(item)
    db.session.flush()
    revision = add_revision(kind, item, user, comment or "Oprettet")
    audit.record("created", f"{kind.key}:{item.id}", display_name(item), user)
    db.session.commit()
    return SaveResult(item, revision)


def save(kind: ContentKind, item_id: int, form, base_version: int, user, comment: str = "") -> SaveResult:
    """Save an edit made from `base_version`; refused with EditConflict if the item has moved on."""
    values, errors = parse(kind, form)
    if errors:
        raise ValidationFailed(errors)
    item = _lock_current(kind, item_id, base_version, mine=_mine_for_display(kind, form))
    renamed_from = apply_and_follow_renames(kind, item, values)
    revision = record_change(kind, item, user, comment)
    db.session.commit()
    return SaveResult(item, revision, renamed_from)


def apply_and_follow_renames(kind: ContentKind, item, values: dict) -> str | None:
    """Apply values; on a new name give the item a new slug and keep the old address as a redirect (the
    caller has begun the write transaction and commits)."""
    old_path = public_path(kind, item)
    old_title = getattr(item, kind.title_field)
    with db.session.no_autoflush:
        apply(kind, item, values)
        if getattr(item, kind.title_field) == old_title:
            return None
        item.slug = unique_slug(kind, getattr(item, kind.title_field), item.id)
    if old_path and old_path != public_path(kind, item):
        record_move(old_path, kind.key, item.id)
        return old_path
    return None


def _mine_for_display(kind: ContentKind, form) -> dict:
    return {spec.name: form.get(spec.name, "") for spec in kind.fields if not field_type(spec).multiple}


def transition(
    kind: ContentKind, item_id: int, new_status: str, base_version: int, user, comment: str = ""
) -> SaveResult:
    """Move an item to another editorial state (publishing, archiving …), as a new revision."""
    if new_status not in STATUSES:
        raise ValidationFailed({"status": "Ukendt status."})
    item = _lock_current(kind, item_id, base_version)
    if new_status not in TRANSITIONS.get(item.status, ()):
        db.session.rollback()
        raise ValidationFailed(
            {
                "status": f"En {kind.singular} kan ikke gå fra {STATUSES[item.status].lower()} til "
                f"{STATUSES[new_status].lower()}."
            }
        )
    if new_status == "published" and _needs_another_approver(kind, item, user):
        db.session.rollback()
        raise ValidationFailed(
            {
                "status": "Du kan ikke udgive din egen ændring. En anden redaktør eller en administrator skal "
                "godkende og udgive den."
            }
        )
    item.status = new_status
    revision = record_change(kind, item, user, comment or f"Status: {STATUSES[new_status]}")
    action = {"published": "published", "archived": "archived"}.get(new_status, "status_changed")
    audit.record(action, f"{kind.key}:{item.id}", f"{display_name(item)} → {STATUSES[new_status]}", user)
    db.session.commit()
    return SaveResult(item, revision)


def _needs_another_approver(kind: ContentKind, item, user) -> bool:
    """Four eyes (KB_REQUIRE_APPROVAL): an editor may not publish content whose latest change is their own."""
    if not current_app.config["KB_REQUIRE_APPROVAL"] or getattr(user, "is_admin", False):
        return False
    return content_author_id(kind, item.id) == getattr(user, "id", None)


def content_author_id(kind: ContentKind, item_id: int) -> int | None:
    """Who made the item's latest change of content (a revision that only changed the state does not count)."""
    rows = db.session.execute(
        select(Revision.author_id, Revision.data)
        .where(Revision.content_type == kind.key, Revision.content_id == item_id)
        .order_by(Revision.number.desc())
    )
    newest = None
    for author_id, data in rows:
        if newest is not None and data != newest[1]:
            return newest[0]
        newest = (author_id, data)
    return newest[0] if newest else None


def restore(kind: ContentKind, item_id: int, number: int, base_version: int, user) -> SaveResult:
    """Make an old revision's content current again (as a new revision; the state is unchanged)."""
    revision = db.session.scalar(
        select(Revision).where(
            Revision.content_type == kind.key, Revision.content_id == item_id, Revision.number == number
        )
    )
    if revision is None:
        raise LookupError(number)
    data = dict(revision.data)
    item = _lock_current(kind, item_id, base_version)
    apply_and_follow_renames(kind, item, values_from_snapshot(kind, data))
    new_revision = record_change(kind, item, user, f"Gendannet fra version {number}")
    db.session.commit()
    return SaveResult(item, new_revision)


def public_path(kind: ContentKind, item) -> str | None:
    """The item's public address, or None for a kind without a public page."""
    return url_for(kind.public_endpoint, slug=item.slug) if kind.public_endpoint and item.slug else None


def delete(kind: ContentKind, item_id: int, user) -> str:
    """Delete an item for good (administrators only; editors archive); its revisions stay so the deletion
    can be traced."""
    if not getattr(user, "is_admin", False):
        raise PermissionError("only administrators delete for good")
    begin_write()
    item = _locked(kind, item_id)
    if item is None:
        db.session.rollback()
        raise LookupError(item_id)
    name = display_name(item)
    audit.record("deleted", f"{kind.key}:{item.id}", name, user)
    db.session.delete(item)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ValidationFailed(
            {"delete": "Elementet kan ikke slettes, fordi andre elementer afhænger af det."}
        ) from None
    return name


def revisions(kind: ContentKind, item_id: int) -> list[Revision]:
    """An item's revisions, newest first."""
    statement = (
        select(Revision)
        .where(Revision.content_type == kind.key, Revision.content_id == item_id)
        .order_by(Revision.number.desc())
    )
    return list(db.session.scalars(statement))


@dataclass
class FieldDiff:
    """One changed field of a comparison."""

    label: str
    html: Markup  # old and new text with <del> and <ins> around changed words


def diff(kind: ContentKind, old: dict, new: dict) -> list[FieldDiff]:
    """The fields that differ between two snapshots, as word-level differences."""
    changes = []
    for spec in kind.fields:
        before, after = readable(spec, old.get(spec.name)), readable(spec, new.get(spec.name))
        if before != after:
            changes.append(FieldDiff(spec.label, _word_diff(before, after)))
    return changes


def _word_diff(before: str, after: str) -> Markup:
    a, b = before.split(" "), after.split(" ")
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
        if tag in ("delete", "replace"):
            parts.append(Markup("<del>{}</del>").format(" ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(Markup("<ins>{}</ins>").format(" ".join(b[j1:j2])))
    return Markup(" ").join(parts)
