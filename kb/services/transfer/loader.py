"""Loading an export into an empty database: everything is checked first, then written in one transaction.

A bad or partial export is refused with a message naming the file, the record and the field, and the
database is left untouched. Rich text must already be what the one sanitiser makes of it; the search
index is filled through the outbox, as after every editor save.
"""

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from flask import current_app
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from kb import content
from kb.extensions import db
from kb.models import SearchOutbox
from kb.sanitize import clean_html
from kb.search import apply_pending
from kb.services.transfer.exporter import sha256
from kb.services.transfer.tables import FORMAT, BadValue, columns, decode, exported_tables, schema_version
from kb.weburl import is_upload_path, is_web_url


class ImportRefused(ValueError):
    """The export cannot be loaded; the message names file, record and field. Nothing was written."""


# Columns outside the editor's field registry that are shown as HTML or used as links (conference parts).
EXTRA_RICHTEXT = {"programme_item": {"description"}, "conference_output": {"description"}}
URL_COLUMNS = {
    "organisation": {"url"},
    "evidence_source": {"url"},
    "external_rating": {"url"},
    "conference_output": {"url"},
    "short_link": {"target_url"},
}


def _check_url(table: str, value: str | None) -> bool:
    """The editor's rule: empty, a web address, or (for an output) an uploaded file's path."""
    return not value or is_web_url(value) or (table == "conference_output" and is_upload_path(value))


def _field_specs(kind_name: str) -> dict[str, dict]:
    """Per table, the editor's field specs of one kind ("richtext" or "choice") by column name."""
    found: dict[str, dict] = {}
    for kind in content.editable().values():
        for spec in kind.fields:
            if spec.kind == kind_name:
                found.setdefault(kind.model.__tablename__, {})[spec.name] = spec
    return found


def _read_json(directory: Path, name: str, checksum: str | None = None):
    path = directory / name
    if not path.is_file():
        raise ImportRefused(f"{name}: missing")
    data = path.read_bytes()
    if checksum is not None and sha256(data) != checksum:
        raise ImportRefused(f"{name}: checksum does not match manifest.json (the file is damaged or was changed)")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportRefused(f"{name}: not valid UTF-8 JSON ({error})") from None


def read_manifest(directory: Path) -> dict:
    """The manifest, checked against this code's schema and tables."""
    manifest = _read_json(Path(directory), "manifest.json")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ImportRefused(f"manifest.json: field 'format' is not {FORMAT!r}")
    if manifest.get("schema_version") != schema_version():
        raise ImportRefused(
            f"manifest.json: field 'schema_version' is {manifest.get('schema_version')!r}, this Metodebasen has "
            f"{schema_version()!r}; export and import with the same version"
        )
    tables = manifest.get("tables")
    if not isinstance(tables, dict):
        raise ImportRefused("manifest.json: field 'tables' is missing")
    for table in exported_tables():
        if table.name not in tables:
            raise ImportRefused(f"manifest.json: table {table.name!r} is missing (a partial export)")
        entry = tables[table.name]
        if not isinstance(entry, dict):
            raise ImportRefused(f"manifest.json: table {table.name!r} is not an object")
        # The exporter names each file after its table; any other name could lead out of the export directory.
        if entry.get("json", f"{table.name}.json") != f"{table.name}.json":
            raise ImportRefused(f"manifest.json: table {table.name!r}: field 'json' is not '{table.name}.json'")
    if not isinstance(manifest.get("files") or {}, dict):
        raise ImportRefused("manifest.json: field 'files' is not an object")
    return manifest


def _check_empty() -> None:
    for table in exported_tables():
        count = db.session.scalar(select(func.count()).select_from(table))
        if count:
            raise ImportRefused(f"the database is not empty: table {table.name!r} has {count} rows")


def _records(directory: Path, table, entry: dict) -> list[dict]:
    name = f"{table.name}.json"
    data = _read_json(directory, name, entry.get("json_sha256") or "")
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise ImportRefused(f"{name}: field 'records' is missing")
    if len(data["records"]) != entry.get("records"):
        raise ImportRefused(f"{name}: {len(data['records'])} records, manifest.json says {entry.get('records')}")
    wanted = {c.name: c for c in columns(table)}
    richtext = set(_field_specs("richtext").get(table.name, {})) | EXTRA_RICHTEXT.get(table.name, set())
    urls = URL_COLUMNS.get(table.name, set())
    choices = _field_specs("choice").get(table.name, {})
    rows = []
    for number, record in enumerate(data["records"], start=1):
        if not isinstance(record, dict):
            raise ImportRefused(f"{name}: record {number}: not an object")
        where = f"{name}: record {number}" + (f" (id {record['id']})" if "id" in record else "")
        missing, unknown = set(wanted) - set(record), set(record) - set(wanted)
        if missing or unknown:
            field = sorted(missing or unknown)[0]
            raise ImportRefused(f"{where}: field {field!r} is {'missing' if missing else 'unknown'}")
        row = {}
        for field, column in wanted.items():
            try:
                row[field] = decode(column, record[field])
            except BadValue as error:
                raise ImportRefused(f"{where}: field {field!r} {error}") from None
            if field in richtext and row[field] and clean_html(row[field]) != row[field]:
                raise ImportRefused(f"{where}: field {field!r} holds HTML the sanitiser would change")
            if field in urls and not _check_url(table.name, row[field]):
                raise ImportRefused(f"{where}: field {field!r} is not a web address (https://…): {row[field]!r}")
            if field in choices and row[field] is not None and row[field] not in dict(choices[field].choices):
                raise ImportRefused(f"{where}: field {field!r} is {row[field]!r}, not one of the editor's choices")
        rows.append(row)
    return rows


def _check_references(loaded: dict[str, list[dict]]) -> None:
    """Every foreign key points at a record of the export (so the database never sees a dangling one)."""
    ids = {name: {row["id"] for row in rows if "id" in row} for name, rows in loaded.items()}
    for table in exported_tables():
        for column in columns(table):
            for key in column.foreign_keys:
                target = key.column.table.name
                if target not in ids:
                    continue
                for number, row in enumerate(loaded[table.name], start=1):
                    value = row[column.name]
                    if value is not None and value not in ids[target]:
                        raise ImportRefused(
                            f"{table.name}.json: record {number}: field {column.name!r} refers to "
                            f"{target} {value}, which is not in the export"
                        )


def _check_files(directory: Path, manifest: dict, uploads: list[dict]) -> list[tuple[Path, str]]:
    files = manifest.get("files") or {}
    copies = []
    for number, row in enumerate(uploads, start=1):
        name = f"files/{row['stored_name']}"
        if "/" in row["stored_name"] or "\\" in row["stored_name"] or row["stored_name"].startswith("."):
            raise ImportRefused(f"upload.json: record {number}: field 'stored_name' is not a plain file name")
        if name not in files:
            raise ImportRefused(f"upload.json: record {number}: field 'stored_name': {name} is not in manifest.json")
        if files[name] is None:  # already missing where it was exported from
            continue
        path = directory / name
        if not path.is_file():
            raise ImportRefused(f"{name}: missing")
        if sha256(path.read_bytes()) != files[name]:
            raise ImportRefused(f"{name}: checksum does not match manifest.json")
        copies.append((path, row["stored_name"]))
    return copies


def import_all(directory: Path, progress: Callable[[int], None] = lambda _n: None) -> dict[str, int]:
    """Load the export in `directory` into this empty database; return records per table."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    _check_empty()
    loaded = {table.name: _records(directory, table, manifest["tables"][table.name]) for table in exported_tables()}
    _check_references(loaded)
    copies = _check_files(directory, manifest, loaded.get("upload", []))
    target = Path(current_app.config["KB_UPLOAD_DIR"])
    written: list[Path] = []
    try:
        db.session.rollback()
        for table in exported_tables():
            _insert(table, loaded[table.name], progress)
        _reset_sequences()
        keys = [
            f"{key}:{row['id']}"
            for key, kind in content.searchable().items()
            for row in loaded[kind.model.__tablename__]
        ]
        if keys:
            db.session.execute(insert(SearchOutbox), [{"doc_key": key} for key in keys])
        target.mkdir(parents=True, exist_ok=True)
        for path, stored_name in copies:
            shutil.copyfile(path, target / stored_name)
            written.append(target / stored_name)
        db.session.commit()
    except Exception:
        db.session.rollback()
        for path in written:
            path.unlink(missing_ok=True)
        raise
    apply_pending(blocking=True)
    return {name: len(rows) for name, rows in loaded.items()}


def _insert(table, rows: list[dict], progress: Callable[[int], None]) -> None:
    # A column that refers to its own table (an area's parent) is filled after every row exists.
    own = [c.name for c in columns(table) if any(k.column.table is table for k in c.foreign_keys)]
    if not rows:
        return
    first = [{**row, **dict.fromkeys(own)} for row in rows] if own else rows
    for start in range(0, len(first), 1000):
        try:
            db.session.execute(insert(table), first[start : start + 1000])
        except IntegrityError as error:
            raise ImportRefused(f"{table.name}.json: the database refused a record: {error.orig}") from None
        progress(len(first[start : start + 1000]))
    for name in own:
        for row in rows:
            if row[name] is not None:
                db.session.execute(update(table).where(table.c.id == row["id"]).values({name: row[name]}))


def _reset_sequences() -> None:
    """PostgreSQL hands out ids from sequences: move them past the imported ids."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in exported_tables():
        if "id" in table.c and table.c.id.primary_key:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
