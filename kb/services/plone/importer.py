"""Importing a Plone export through the editor's write path: validation, sanitiser, revisions, redirects,
search outbox. One transaction: a dry run rolls it back, so it writes nothing.

Run it with `flask kb import-plone DIR [--mapping FILE] [--dry-run]`.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from kb import content
from kb.content import display_name
from kb.content.lookup import find_by_names
from kb.extensions import db
from kb.models import ImportKey, Redirect, Upload
from kb.models.base import utcnow
from kb.services import audit, uploads
from kb.services.editing.fields import apply, parse
from kb.services.editing.operations import (
    add_revision,
    apply_and_follow_renames,
    begin_write,
    public_path,
    unique_slug,
)
from kb.services.plone.links import OldTarget, rewrite_links
from kb.services.plone.mapping import Mapping
from kb.services.plone.plan import Planned, body_html, collection_matches, form_values, plan
from kb.services.plone.reader import PloneExport
from kb.services.plone.report import ImportReport
from kb.services.redirects import record_move

SOURCE = "plone"
MAX_PATH = 300  # the length of a redirect's old path
# Pairs of kinds a Plone relatedItems relation links, and the field on the first that holds the link.
RELATION_FIELDS = {
    ("method", "area"): "areas",
    ("conference", "method"): "methods",
    ("conference", "area"): "areas",
    ("development_area", "method"): "methods",
    ("development_area", "area"): "areas",
}


@dataclass
class _Placed:
    """An imported item or upload: where it lives now."""

    kind: str
    obj: object
    key: ImportKey
    is_new: bool


@dataclass
class _State:
    placed: dict[str, _Placed] = field(default_factory=dict)  # Plone UID -> placed
    urls: dict[str, str] = field(default_factory=dict)  # Plone UID -> new address (also folders)
    paths: dict[str, str] = field(default_factory=dict)  # old public path -> Plone UID


def import_plone(
    export: PloneExport,
    mapping: Mapping,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda _n: None,
) -> ImportReport:
    """Import `export` as `mapping` says; a second run with the same export changes nothing."""
    report = ImportReport(dry_run=dry_run, mapping=mapping.source, not_imported=dict(export.not_imported))
    planned = plan(export, mapping)
    state = _State()
    begin_write()
    try:
        for entry in planned:
            state.paths[entry.item.path] = entry.item.uid
            if entry.kind == "skip":
                report.skipped.append((entry.item.path, entry.item.portal_type, entry.reason))
        for entry in planned:  # pass 1: every item exists, so every new address is known
            _place(entry, mapping, state, report, dry_run)
        _place_folders(planned, state)
        related = _related(export, state, report)
        for entry in planned:  # pass 2: texts with rewritten links, states, revisions
            if entry.item.uid in state.placed and entry.kind in content.editable():
                _write(entry, export, mapping, state, report, related.get(entry.item.uid, {}))
            progress(1)
        _record_old_paths(planned, export, state, report)
        _report_collections(planned, export, report)
        db.session.flush()
        if dry_run or not report.changed_anything:
            db.session.rollback()
        else:
            audit.record("imported", "plone", report.summary())
            db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return report


def _key(uid: str) -> ImportKey | None:
    return db.session.scalar(select(ImportKey).where(ImportKey.source == SOURCE, ImportKey.key == uid))


def _place(entry: Planned, mapping: Mapping, state: _State, report: ImportReport, dry_run: bool) -> None:
    item = entry.item
    if entry.kind == "upload" or (entry.kind in content.editable() and item.blob is not None):
        _place_upload(entry, state, report, dry_run)
    if entry.kind not in content.editable():
        return
    kind = content.editable()[entry.kind]
    key = _key(item.uid)
    existing = db.session.get(kind.model, key.content_id) if key and key.content_type == kind.key else None
    if existing is not None:
        state.placed[item.uid] = _Placed(kind.key, existing, key, is_new=False)
        state.urls[item.uid] = public_path(kind, existing)
        return
    # Created with its plain fields first; the rich text follows in pass 2 once every address is known.
    values, errors = parse(kind, MultiDict(form_values(entry, "", {})))
    if errors:
        report.skipped.append((item.path, item.portal_type, _errors_text(kind, errors)))
        return
    namesakes, _unknown = find_by_names(kind.key, [item.title])
    if namesakes:  # e.g. the demo content: the import never merges into an item it did not make
        report.notes.append(f"{item.path}: a {kind.singular} named {item.title!r} already existed; imported beside it")
    obj = kind.model(status=mapping.state_for(item.review_state), version=1)
    with db.session.no_autoflush:
        apply(kind, obj, values)
        obj.slug = unique_slug(kind, getattr(obj, kind.title_field), None)
    obj.created_at = item.created or utcnow()
    obj.updated_at = item.modified or obj.created_at
    db.session.add(obj)
    db.session.flush()
    if key is None:
        key = ImportKey(
            source=SOURCE, key=item.uid, content_type=kind.key, content_id=obj.id, old_path=item.path[:MAX_PATH]
        )
        db.session.add(key)
    key.content_type, key.content_id, key.fingerprint = kind.key, obj.id, ""
    state.placed[item.uid] = _Placed(kind.key, obj, key, is_new=True)
    state.urls[item.uid] = public_path(kind, obj)


def _upload_key(entry: Planned) -> str:
    return entry.item.uid if entry.kind == "upload" else f"{entry.item.uid}:image"


def _place_upload(entry: Planned, state: _State, report: ImportReport, dry_run: bool) -> None:
    item, blob = entry.item, entry.item.blob
    fingerprint = hashlib.sha256(blob.data + blob.filename.encode()).hexdigest()
    key = _key(_upload_key(entry))
    upload = db.session.get(Upload, key.content_id) if key else None
    outcome = "unchanged"
    if upload is None or key.fingerprint != fingerprint:
        try:
            upload = uploads.store_bytes(blob.data, blob.filename, None, write=not dry_run)
        except uploads.UploadRejected as error:
            report.skipped.append((item.path, item.portal_type, f"file not accepted: {error}"))
            return
        upload.created_at = item.created or utcnow()
        db.session.flush()
        outcome = "created" if key is None else "updated"
        if key is None:
            key = ImportKey(source=SOURCE, key=_upload_key(entry), content_type="upload", old_path=item.path[:MAX_PATH])
            db.session.add(key)
        key.content_id, key.fingerprint = upload.id, fingerprint
    # Public on its own as it was on the old site: only when it and every folder above it were public.
    upload.public_alone = entry.public
    url = upload.path
    state.urls[_upload_key(entry)] = url
    if entry.kind == "upload":
        state.urls[item.uid] = url
        state.placed[item.uid] = _Placed("upload", upload, key, is_new=outcome == "created")
        report.add(outcome, item.path, "upload", item.title, url)


def _place_folders(planned: list[Planned], state: _State) -> None:
    for entry in planned:
        if entry.kind == "list":
            state.urls[entry.item.uid] = entry.list_path
        elif entry.kind == "default_page" and entry.target_uid in state.urls:
            state.urls[entry.item.uid] = state.urls[entry.target_uid]


def _related(export: PloneExport, state: _State, report: ImportReport) -> dict[str, dict[str, list[str]]]:
    """Plone's relatedItems as names for the link fields of the items they join (either direction)."""
    related: dict[str, dict[str, list[str]]] = {}
    for relation in export.relations:
        ends = [state.placed.get(relation.get("from_uuid")), state.placed.get(relation.get("to_uuid"))]
        if None in ends:
            report.notes.append(
                f"relation {relation.get('from_uuid')} -> {relation.get('to_uuid')}: an end was not imported"
            )
            continue
        for first, second, uid in ((ends[0], ends[1], relation["from_uuid"]), (ends[1], ends[0], relation["to_uuid"])):
            field_name = RELATION_FIELDS.get((first.kind, second.kind))
            if field_name:
                related.setdefault(uid, {}).setdefault(field_name, []).append(display_name(second.obj))
                break
        else:
            report.notes.append(
                f"relation {display_name(ends[0].obj)} -> {display_name(ends[1].obj)}: "
                f"Metodebasen has no link between a {ends[0].kind} and a {ends[1].kind}"
            )
    return related


def _resolver(export: PloneExport, state: _State) -> Callable[[OldTarget], str | None]:
    def resolve(target: OldTarget) -> str | None:
        if target.uid:
            return state.urls.get(target.uid)
        path = export.redirects.get(target.path, target.path)
        for old, new in export.redirects.items():  # children of moved folders
            if path.startswith(old + "/"):
                path = new + path[len(old) :]
        uid = state.paths.get(path)
        return state.urls.get(uid) if uid else None

    return resolve


def _write(entry: Planned, export, mapping: Mapping, state: _State, report: ImportReport, related: dict) -> None:
    item, placed = entry.item, state.placed[entry.item.uid]
    kind = content.editable()[placed.kind]
    rewritten = rewrite_links(body_html(entry, export, mapping), item.path, export.site_url, _resolver(export, state))
    report.unresolved_links += [(item.path, href) for href in rewritten.unresolved]
    report.images_as_links += rewritten.images_as_links
    form = form_values(entry, rewritten.html, related)
    status = mapping.state_for(item.review_state)
    fingerprint = hashlib.sha256(
        json.dumps([form, status, item.fingerprint], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    if placed.key.fingerprint == fingerprint:
        report.add("unchanged", item.path, kind.key, item.title, state.urls[item.uid])
        return
    values, errors = parse(kind, MultiDict(form))
    if errors:
        report.skipped.append((item.path, item.portal_type, _errors_text(kind, errors)))
        if placed.is_new:
            db.session.delete(placed.obj)
            db.session.delete(placed.key)
            state.placed.pop(item.uid)
        return
    obj = placed.obj
    apply_and_follow_renames(kind, obj, values)
    obj.status = status
    obj.updated_at = item.modified or utcnow()
    if placed.is_new:
        _history_revisions(kind, obj, item, mapping)
        revision = add_revision(kind, obj, None, "Importeret fra Plone" + _dates(item))
    else:
        obj.version += 1
        revision = add_revision(kind, obj, None, "Opdateret fra Plone")
    revision.created_at = obj.updated_at if placed.is_new else utcnow()
    placed.key.fingerprint = fingerprint
    state.urls[item.uid] = public_path(kind, obj)
    report.add("created" if placed.is_new else "updated", item.path, kind.key, item.title, state.urls[item.uid])


def _history_revisions(kind, obj, item, mapping: Mapping) -> None:
    """Plone's workflow history as revisions (the export holds no older texts, so each shows the imported one)."""
    for entry in item.workflow:
        revision = add_revision(kind, obj, None, _history_comment(entry))
        revision.status = mapping.state_for(entry.review_state) if entry.review_state else obj.status
        revision.created_at = entry.time
        db.session.flush()


def _dates(item) -> str:
    """Plone's own dates, kept in the import revision's comment (effective has no column of its own)."""
    dates = [(label, getattr(item, name)) for label, name in _DATE_LABELS]
    return " (" + ", ".join(f"{label} {value.date().isoformat()}" for label, value in dates if value) + ")"


_DATE_LABELS = (("oprettet", "created"), ("udgivet", "effective"), ("ændret", "modified"))


def _history_comment(entry) -> str:
    action = entry.action or "oprettet"
    comment = f"Plone: {action} af {entry.actor}" if entry.actor else f"Plone: {action}"
    return f"{comment}: {entry.comments}" if entry.comments else comment


def _errors_text(kind, errors: dict[str, str]) -> str:
    return "; ".join(f"{kind.field(name).label}: {message}" for name, message in errors.items())


def _record_old_paths(planned: list[Planned], export: PloneExport, state: _State, report: ImportReport) -> None:
    """Every old path of an imported item answers 301 to its new address (a view appended included)."""
    by_uid = export.by_uid()
    targets: dict[str, str] = {}  # old path -> UID of what answers it
    for entry in planned:
        uid = entry.target_uid if entry.kind == "default_page" else entry.item.uid
        if uid in state.placed:
            targets[entry.item.path] = uid
        elif entry.kind == "list":  # kept even when the list has the old path, so /view etc. reach it
            _manual(entry.item.path, entry.list_path)
    for old, new in export.redirects.items():
        for path, uid in list(targets.items()):
            if path == new or path.startswith(new + "/"):
                old_path = old + path[len(new) :]
                targets.setdefault(old_path, uid)
                if export.site_id:  # the redirector's physical paths carry the site id
                    targets.setdefault(f"/{export.site_id}{old_path}", uid)
    for old_path, uid in sorted(targets.items()):
        if len(old_path) > MAX_PATH:
            report.notes.append(f"old path longer than {MAX_PATH} characters, not redirected: {old_path[:80]}…")
            continue
        placed = state.placed[uid]
        if placed.kind == "upload" and not placed.obj.public_alone:
            continue  # a file that was private stays unknown at its old address
        record_move(old_path, placed.kind, placed.obj.id)
        new = state.urls.get(uid)
        if old_path != new and _is_live(old_path) and uid in by_uid:
            report.live_paths.append((old_path, new))


def _manual(old_path: str, target_path: str) -> None:
    redirect = db.session.scalar(select(Redirect).where(Redirect.old_path == old_path)) or Redirect(old_path=old_path)
    redirect.content_type, redirect.content_id, redirect.target_path = None, None, target_path
    db.session.add(redirect)


def _is_live(path: str) -> bool:
    """Whether Metodebasen itself answers `path` (then its own page wins over the old item's redirect)."""
    adapter = current_app.url_map.bind("localhost")
    try:
        _rule, arguments = adapter.match(path, method="GET", return_rule=True)
    except HTTPException:
        return False
    return not arguments  # /metoder/<slug> answers only existing slugs; a fixed page always answers


def _report_collections(planned: list[Planned], export: PloneExport, report: ImportReport) -> None:
    for entry in planned:
        if entry.item.portal_type == "Collection" and entry.item.uid:
            matches, ignored = collection_matches(entry.item, export)
            note = f"collection {entry.item.path}: a page listing the {len(matches)} items its query matched at import"
            report.notes.append(note + (f"; criteria not evaluated: {', '.join(ignored)}" if ignored else ""))
