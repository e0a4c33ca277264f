"""Backups of the database and uploaded files, and restoring them, with checksums that a restore checks.

A backup directory holds `manifest.json`, the database (`database.sqlite`, made with SQLite's online
backup API, or `database.dump`, made with `pg_dump --format=custom`, a consistent snapshot taken while
editors keep saving) and `uploads/`. The search index is not included: it is derived data, rebuilt from
the database after a restore, and the restore starts a new epoch of the index log so that every app
server rebuilds its own index too.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import func, select, text
from sqlalchemy.engine import URL

from kb.extensions import db
from kb.search import rebuild
from kb.search.sync import new_epoch

FORMAT = "metodebasen-backup"
VERSION = 1
MANIFEST = "manifest.json"
UPLOADS = "uploads"


class BackupError(RuntimeError):
    """A backup could not be made or restored; the message says why and names the file."""


@dataclass
class BackupReport:
    """What a backup or restore did, for the command line."""

    directory: Path
    files: int = 0
    bytes: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    indexed: int = 0


# -- making a backup ------------------------------------------------------------------------------
def make_backup(target: Path) -> BackupReport:
    """Write a backup into `target` (which must not exist yet); a failed backup leaves nothing behind."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target}: the directory is not empty; choose a new one.")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        database_file = _dump_database(work)
        _copy_uploads(Path(current_app.config["KB_UPLOAD_DIR"]), work / UPLOADS)
        report = BackupReport(target, counts=_row_counts())
        files = {}
        for path in sorted(p for p in work.rglob("*") if p.is_file()):
            relative = path.relative_to(work).as_posix()
            files[relative] = {"sha256": _sha256(path), "bytes": path.stat().st_size}
            report.files += 1
            report.bytes += path.stat().st_size
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {
                "dialect": db.engine.dialect.name,
                "file": database_file,
                "schema_revision": _schema_revision(),
            },
            "counts": report.counts,
            "files": files,
            "index": "not included: rebuilt from the database on restore",
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if target.exists():
            target.rmdir()
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return report


def _dump_database(work: Path) -> str:
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        destination = work / "database.sqlite"
        source = sqlite3.connect(url.database)
        copy = sqlite3.connect(destination)
        try:
            with copy:
                source.backup(copy)  # online: other connections may keep writing meanwhile
        finally:
            copy.close()
            source.close()
        return destination.name
    if url.get_backend_name() == "postgresql":
        destination = work / "database.dump"
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={destination}"], url)
        return destination.name
    raise BackupError(f"Backups of {url.get_backend_name()} databases are not supported.")


def _copy_uploads(source: Path, destination: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, destination)
    else:
        destination.mkdir()


def _row_counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in db.metadata.sorted_tables
        }


def _schema_revision() -> str | None:
    try:
        return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # a database made without migrations (tests) has no version table
        db.session.rollback()
        return None


# -- checking and restoring -----------------------------------------------------------------------
def verify(source: Path) -> dict:
    """The backup's manifest, once every file it lists is present and unchanged; BackupError otherwise."""
    source = Path(source)
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{manifest_path}: missing. This is not a Metodebasen backup, or it is incomplete.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{manifest_path}: not readable JSON ({error}); the backup is damaged.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{manifest_path}: not a Metodebasen backup manifest.")
    if manifest.get("version") != VERSION:
        raise BackupError(f"{manifest_path}: backup format version {manifest.get('version')} is not supported.")
    files = manifest.get("files")
    database = manifest.get("database")
    if not isinstance(files, dict) or not isinstance(database, dict) or database.get("file") not in files:
        raise BackupError(f"{manifest_path}: the list of files or the database entry is missing.")
    for relative, expected in sorted(files.items()):
        path = (source / relative).resolve()
        if source.resolve() not in path.parents:
            raise BackupError(f"{relative}: points outside the backup directory; refused.")
        if not isinstance(expected, dict):
            raise BackupError(f"{relative}: its entry in the manifest is not {{sha256, bytes}}; the backup is damaged.")
        if not path.is_file():
            raise BackupError(f"{relative}: listed in the manifest but missing from the backup.")
        if path.stat().st_size != expected.get("bytes") or _sha256(path) != expected.get("sha256"):
            raise BackupError(f"{relative}: its checksum does not match the manifest; the file is damaged or changed.")
    revision = database.get("schema_revision")
    if revision is not None and _script_directory().get_revision(revision) is None:
        raise BackupError(
            f"{manifest_path}: made by a newer version of Metodebasen (schema {revision}); upgrade before restoring."
        )
    return manifest


def restore_backup(source: Path) -> BackupReport:
    """Replace the database and uploaded files with the backup's, migrate to head and rebuild the index."""
    source = Path(source)
    manifest = verify(source)
    database = manifest["database"]
    dialect = db.engine.dialect.name
    if database["dialect"] != dialect:
        raise BackupError(
            f"{source / MANIFEST}: the backup holds a {database['dialect']} database; this site runs on {dialect}."
        )
    db.session.remove()
    db.engine.dispose()
    if dialect == "sqlite":
        _restore_sqlite(source / database["file"], db.engine.url.database)
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                str(source / database["file"]),
            ],
            db.engine.url,
        )
    db.engine.dispose()
    if database.get("schema_revision") is not None:
        upgrade()
    _replace_uploads(source, manifest["files"], Path(current_app.config["KB_UPLOAD_DIR"]))
    new_epoch(db.session)  # entry ids may repeat after a restore: every host rebuilds its index
    db.session.commit()
    report = BackupReport(source, files=len(manifest["files"]), counts=_row_counts())
    report.indexed = rebuild()
    return report


def _restore_sqlite(backup_file: Path, database_path: str) -> None:
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    target = sqlite3.connect(database_path)
    try:
        source.backup(target)  # page by page into the live file, under SQLite's own locking
    finally:
        target.close()
        source.close()


def _replace_uploads(source: Path, files: dict, upload_dir: Path) -> None:
    """Put the backup's uploaded files in place of `upload_dir`'s: only those the manifest lists, which
    verify() checked; anything else in uploads/ (added later, or a link to a file outside) stays behind."""
    upload_dir.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=".uploads-restore.", dir=upload_dir.parent))
    try:
        for relative in files:
            if relative.startswith(f"{UPLOADS}/"):
                destination = incoming / relative.removeprefix(f"{UPLOADS}/")
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source / relative, destination)
        if (source / UPLOADS).is_dir():
            shutil.copystat(source / UPLOADS, incoming)  # the directory's mode, not mkdtemp's private 0700
        if upload_dir.exists():
            previous = upload_dir.with_name(f".{upload_dir.name}.replaced")
            shutil.rmtree(previous, ignore_errors=True)
            os.replace(upload_dir, previous)
            shutil.rmtree(previous, ignore_errors=True)
        os.replace(incoming, upload_dir)
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise


# -- helpers --------------------------------------------------------------------------------------
def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def _run(command: list[str], url: URL) -> None:
    """Run a PostgreSQL client tool against `url`; the password goes in a private passfile, never in argv."""
    with tempfile.TemporaryDirectory(prefix="kb-pg-") as private:
        passfile = Path(private) / "pgpass"
        passfile.touch(mode=0o600)
        fields = [url.host or "localhost", str(url.port or 5432), url.database, url.username, url.password or ""]
        passfile.write_text(":".join(f.replace("\\", "\\\\").replace(":", "\\:") for f in fields) + "\n")
        conninfo = (
            f"host={url.host or 'localhost'} port={url.port or 5432} dbname={url.database} "
            f"user={url.username} passfile={passfile}"
        )
        try:
            result = subprocess.run([*command, f"--dbname={conninfo}"], capture_output=True, text=True, timeout=3600)
        except FileNotFoundError as error:
            raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")
