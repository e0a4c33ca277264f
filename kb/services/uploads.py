"""Files for conference outputs: PDF, images and office documents only, checked by content, size-limited.

Files live in KB_UPLOAD_DIR (outside static/) under random names and are served only as downloads.
"""

import errno
import hashlib
import io
import os
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from kb.extensions import db
from kb.models import Conference, ConferenceOutput, Upload
from kb.models.base import utcnow
from kb.services import audit

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


_UPLOAD_PATH = re.compile(r"/filer/[A-Za-z0-9_-]{1,64}/[^/?#\\\s]{1,255}")


def is_upload_path(url: str) -> bool:
    """True when `url` is the site-relative address of an uploaded file (/filer/<key>/<name>)."""
    return bool(_UPLOAD_PATH.fullmatch(url))


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


def store(file_storage, user) -> Upload:
    """Check and store an uploaded file; add its row to the session (the caller commits)."""
    return store_bytes(file_storage.read(MAX_BYTES + 1), file_storage.filename or "fil", user)


def store_bytes(data: bytes, filename: str, user, write: bool = True) -> Upload:
    """Check and store a file's bytes; add its row to the session (the caller commits).

    `write=False` checks and adds the row without writing the file (an import's dry run).
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
        original_name=_safe_name(filename, file_type.extension),
        stored_name=stored_name,
        content_type=file_type.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=getattr(user, "id", None),
    )
    db.session.add(upload)
    return upload


def attach_to_conference(conference_id: int, file_storage, title: str, kind: str, user) -> ConferenceOutput:
    """Store the file and add it to the conference's outputs, as a new revision of the conference."""
    from kb.services.editing.kinds import KINDS
    from kb.services.editing.operations import _begin_write, add_revision

    title = " ".join(title.split())[:300]
    if not title:
        raise UploadRejected("Skriv en titel til materialet.")
    _begin_write()
    conference = db.session.scalars(select(Conference).where(Conference.id == conference_id)).first()
    if conference is None:
        db.session.rollback()
        raise LookupError(conference_id)
    upload = store(file_storage, user)
    db.session.flush()
    output = ConferenceOutput(
        kind=kind, title=title, url=f"/filer/{upload.id}/{upload.original_name}", position=len(conference.outputs)
    )
    conference.outputs.append(output)
    conference.version += 1
    conference.updated_at = utcnow()
    add_revision(KINDS["conference"], conference, user, f"Fil uploadet: {upload.original_name}")
    audit.record("uploaded", f"conference:{conference.id}", upload.original_name, user)
    db.session.commit()
    return output


def path_of(upload: Upload) -> Path:
    return Path(current_app.config["KB_UPLOAD_DIR"]) / upload.stored_name
