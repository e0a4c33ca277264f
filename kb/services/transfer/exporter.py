"""Writing every exported table as JSON and CSV, the uploaded files, and manifest.json with checksums.

The same database always gives byte-identical files: rows in primary-key order, keys sorted, no dates
of the export itself.
"""

import csv
import hashlib
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from kb.extensions import db
from kb.services.transfer.tables import FORMAT, columns, encode, exported_tables, schema_version

BATCH = 1000


def _dump(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def sha256(data: bytes) -> str:
    """The hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def total_rows() -> int:
    """How many rows an export writes (for the progress bar)."""
    return sum(db.session.scalar(select(func.count()).select_from(t)) or 0 for t in exported_tables())


def _rows(table):
    """Rows in primary-key order, read in batches so a large catalogue is never held twice."""
    order = list(table.primary_key.columns)
    offset = 0
    while True:
        batch = db.session.execute(select(table).order_by(*order).limit(BATCH).offset(offset)).mappings().all()
        yield from batch
        if len(batch) < BATCH:
            return
        offset += BATCH


def _csv_text(names: list[str], records: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for record in records:
        writer.writerow(
            [
                ""
                if record[n] is None
                else json.dumps(record[n], ensure_ascii=False, sort_keys=True)
                if isinstance(record[n], (dict, list))
                else record[n]
                for n in names
            ]
        )
    return buffer.getvalue().encode("utf-8")


def export_all(directory: Path, progress: Callable[[int], None] = lambda _n: None) -> dict:
    """Write the export into `directory` (created if needed); return the manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    manifest = {"format": FORMAT, "schema_version": schema_version(), "tables": {}, "files": {}}
    for table in exported_tables():
        names = [c.name for c in columns(table)]
        records = []
        for row in _rows(table):
            records.append({c.name: encode(c, row[c.name]) for c in columns(table)})
            progress(1)
        body = _dump({"table": table.name, "columns": names, "records": records})
        csv_body = _csv_text(names, records)
        (directory / f"{table.name}.json").write_bytes(body)
        (directory / f"{table.name}.csv").write_bytes(csv_body)
        manifest["tables"][table.name] = {
            "records": len(records),
            "json": f"{table.name}.json",
            "json_sha256": sha256(body),
            "csv": f"{table.name}.csv",
            "csv_sha256": sha256(csv_body),
        }
        if table.name == "upload":
            manifest["files"] = _copy_uploads(records, directory)
    (directory / "manifest.json").write_bytes(_dump(manifest))
    return manifest


def _copy_uploads(records: list[dict], directory: Path) -> dict[str, str]:
    source = Path(current_app.config["KB_UPLOAD_DIR"])
    target = directory / "files"
    target.mkdir(exist_ok=True)
    files = {}
    for record in records:
        name = record["stored_name"]
        path = source / name
        # A row whose file is gone from disk is exported as it is; the manifest lists it as missing.
        if path.is_file():
            shutil.copyfile(path, target / name)
            files[f"files/{name}"] = sha256((target / name).read_bytes())
        else:
            files[f"files/{name}"] = None
    return files
