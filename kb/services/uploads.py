"""Files for conference outputs: PDF, images and office documents only, checked by content, size-limited.

Files live in KB_UPLOAD_DIR (outside static/) under random names and are served only as downloads, at
/filer/<key>/<name> with an unguessable key. A file belongs to the conference it was uploaded to and is
public only while that conference is public and one of its outputs links the file (an output line is
matched by address, so reordering lines or restoring a revision keeps the link); editors fetch any file
through /redaktion. Files no output links any more are orphans: `flask kb uploads orphans` lists them
and, with --delete, removes them.
"""

import errno
import hashlib
import io
import os
import secrets
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, send_file
from sqlalchemy import String, and_, cast, exists, literal, or_, select

from kb import content
from kb.database import begin_write_transaction
from kb.extensions import db
from kb.models import Conference, ConferenceOutput, Upload
from kb.models.base import utcnow
from kb.services import audit
from kb.services.editing.operations import add_revision
from kb.visibility import visible_condition

MAX_BYTES = 20 * 1024 * 1024
OFFICE_ZIP_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
MIMETYPE_READ_LIMIT = 100
OPEN_DOCUMENT_TYPES = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
    b"application/vnd.oasis.opendocument.presentation": ".odp",
}


class UploadRejected(ValueError):
    """The file is not one we accept; the message is Danish."""


@dataclass
class FileType:
    """An accepted kind of file: its content type and extension."""

    content_type: str
    extension: str


def detect(data: bytes) -> FileType:
    """The file's real type from its first bytes (never from its name or the browser's claim)."""
    if data.startswith(b"%PDF-"):
        return FileType("application/pdf", ".pdf")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType("image/png", ".png")
    if data.startswith(b"\xff\xd8\xff"):
        return FileType("image/jpeg", ".jpg")
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return FileType("image/gif", ".gif")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return FileType("image/webp", ".webp")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return FileType("application/vnd.ms-office", ".doc")
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
                if "mimetype" in names:
                    # A member can inflate to gigabytes (a deflate bomb): read no more than the longest type.
                    with archive.open("mimetype") as member:
                        mimetype = member.read(MIMETYPE_READ_LIMIT).strip()
                    if mimetype in OPEN_DOCUMENT_TYPES:
                        return FileType(mimetype.decode(), OPEN_DOCUMENT_TYPES[mimetype])
                if "[Content_Types].xml" in names:
                    for prefix, (content_type, extension) in OFFICE_ZIP_TYPES.items():
                        if any(name.startswith(prefix) for name in names):
                            return FileType(content_type, extension)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
            pass
    raise UploadRejected(
        "Filtypen kan ikke uploades. Brug PDF, billeder (PNG, JPEG, GIF, WebP) eller "
        "kontordokumenter (Word, Excel, PowerPoint, OpenDocument)."
    )


def _safe_name(name: str, extension: str) -> str:
    stem = "".join(ch if ch.isalnum() or ch in "-_ " else "-" for ch in Path(name).stem).strip(" -")[:80]
    return f"{stem or 'fil'}{extension}"


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all: a full disk leaves no partial file, only a Danish message.

    The bytes go to a temporary name beside `path`, are flushed to disk, then renamed into place.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise UploadRejected(
                "Der er ikke plads til filen på serveren lige nu. Intet er gemt; prøv igen senere, "
                "eller kontakt driften."
            ) from error
        raise UploadRejected("Filen kunne ikke gemmes på serveren. Intet er gemt; prøv igen senere.") from error


def store(file_storage, user, conference_id: int | None = None) -> Upload:
    """Check and store an uploaded file of a conference; add its row to the session (the caller commits)."""
    return store_bytes(
        file_storage.read(MAX_BYTES + 1), file_storage.filename or "fil", user, conference_id=conference_id
    )


def store_bytes(
    data: bytes, filename: str, user, write: bool = True, conference_id: int | None = None, public_alone: bool = False
) -> Upload:
    """Check and store a file's bytes; add its row to the session (the caller commits).

    `write=False` checks and adds the row without writing the file (an import's dry run). A file belongs
    to a conference (public through its outputs) or, imported from the old site, is `public_alone`.
    """
    if not data:
        raise UploadRejected("Vælg en fil.")
    if len(data) > MAX_BYTES:
        raise UploadRejected(f"Filen er for stor (højst {MAX_BYTES // 1024 // 1024} MB).")
    file_type = detect(data)
    stored_name = secrets.token_hex(16) + file_type.extension
    if write:
        directory = Path(current_app.config["KB_UPLOAD_DIR"])
        directory.mkdir(parents=True, exist_ok=True)
        write_file(directory / stored_name, data)
    upload = Upload(
        key=secrets.token_urlsafe(18),
        original_name=_safe_name(filename, file_type.extension),
        stored_name=stored_name,
        content_type=file_type.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=getattr(user, "id", None),
        conference_id=conference_id,
        public_alone=public_alone,
    )
    db.session.add(upload)
    return upload


def attach_to_conference(conference_id: int, file_storage, title: str, kind: str, user) -> ConferenceOutput:
    """Store the file and add it to the conference's outputs, as a new revision of the conference."""
    title = " ".join(title.split())[:300]
    if not title:
        raise UploadRejected("Skriv en titel til materialet.")
    begin_write_transaction(db.session)
    conference = db.session.scalars(select(Conference).where(Conference.id == conference_id)).first()
    if conference is None:
        db.session.rollback()
        raise LookupError(conference_id)
    upload = store(file_storage, user, conference.id)
    db.session.flush()
    output = ConferenceOutput(kind=kind, title=title, url=upload.path, position=len(conference.outputs))
    conference.outputs.append(output)
    conference.version += 1
    conference.updated_at = utcnow()
    add_revision(content.kind("conference"), conference, user, f"Fil uploadet: {upload.original_name}")
    audit.record("uploaded", f"conference:{conference.id}", upload.original_name, user)
    db.session.commit()
    return output


def path_of(upload: Upload) -> Path:
    """Where the file's bytes are on disk."""
    return Path(current_app.config["KB_UPLOAD_DIR"]) / upload.stored_name


def _linked_by_its_conference():
    """SQL: one of the upload's own conference's outputs links it (by its address, or the old numbered one)."""
    name = literal("/") + Upload.original_name
    return exists().where(
        ConferenceOutput.conference_id == Upload.conference_id,
        or_(
            ConferenceOutput.url == literal("/filer/") + Upload.key + name,
            ConferenceOutput.url == literal("/filer/") + cast(Upload.id, String) + name,
        ),
    )


def public_upload(upload_filter) -> Upload | None:
    """The upload matching `upload_filter` if the public may have it, in one query."""
    through_conference = and_(visible_condition(Conference), _linked_by_its_conference())
    statement = (
        select(Upload)
        .outerjoin(Conference, Conference.id == Upload.conference_id)
        .where(upload_filter, or_(Upload.public_alone, through_conference))
    )
    return db.session.scalars(statement).first()


def find_public(key: str, name: str) -> Upload | None:
    """The file at /filer/<key>/<name> when it is public and on disk."""
    upload = public_upload(and_(Upload.key == key, Upload.original_name == name))
    return upload if upload is not None and path_of(upload).is_file() else None


def find_public_numbered(upload_id: int, name: str) -> Upload | None:
    """The file at an old numbered address /filer/<id>/<name> when it is public (answered by a redirect)."""
    return public_upload(and_(Upload.id == upload_id, Upload.original_name == name))


def find_for_editor(key: str, name: str) -> Upload | None:
    """Any stored file at /redaktion/filer/<key>/<name>, whatever its conference's state."""
    upload = db.session.scalars(select(Upload).where(Upload.key == key, Upload.original_name == name)).first()
    return upload if upload is not None and path_of(upload).is_file() else None


def send(upload: Upload, public: bool):
    """The file as a download; shared caches may keep public files briefly, editors' copies are never stored."""
    response = send_file(
        path_of(upload),
        mimetype=upload.content_type,
        as_attachment=True,
        download_name=upload.original_name,
        max_age=PUBLIC_MAX_AGE if public else 0,
    )
    response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}" if public else "private, no-store"
    return response


# Caches may serve a public file this long after its conference is unpublished.
PUBLIC_MAX_AGE = 600
# A file on disk younger than this may belong to an upload whose transaction has not committed yet.
STRAY_FILE_GRACE_SECONDS = 3600


@dataclass
class Orphans:
    """Uploads no output links to, and files no upload names."""

    rows: list[Upload]  # uploads no output of their conference links (or whose conference is gone)
    stray_files: list[Path]  # files in KB_UPLOAD_DIR that no upload names


def find_orphans() -> Orphans:
    """Everything `remove_orphans` would delete; changes nothing."""
    orphaned = and_(~Upload.public_alone, ~_linked_by_its_conference())
    rows = list(db.session.scalars(select(Upload).where(orphaned).order_by(Upload.id)))
    directory = Path(current_app.config["KB_UPLOAD_DIR"])
    stray = []
    if directory.is_dir():
        known = set(db.session.scalars(select(Upload.stored_name)))
        cutoff = time.time() - STRAY_FILE_GRACE_SECONDS
        stray = sorted(
            path
            for path in directory.iterdir()
            if path.is_file() and path.name not in known and path.stat().st_mtime < cutoff
        )
    return Orphans(rows, stray)


def remove_orphans(orphans: Orphans) -> None:
    """Delete the orphaned rows (with their files) and the stray files; commits."""
    files = [path_of(upload) for upload in orphans.rows] + orphans.stray_files
    for upload in orphans.rows:
        db.session.delete(upload)
        audit.record("upload_removed", f"upload:{upload.id}", upload.original_name)
    db.session.commit()
    for path in files:  # after the commit, so a failed commit never leaves a row without its file
        path.unlink(missing_ok=True)
