"""Reading a collective.exportimport export directory into plain records (no database, no Flask).

The content file(s) are every `*.json` not named `export_*.json`; the add-on's other files (redirects,
default pages, relations, members, local roles, portlets) are read by their fixed names.
"""

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit


class ExportError(ValueError):
    """The directory is not a readable collective.exportimport export; the message names file and record."""


@dataclass(frozen=True)
class Blob:
    """An Image's or File's content, decoded from the export's base64."""

    data: bytes
    content_type: str
    filename: str


@dataclass(frozen=True)
class WorkflowEntry:
    """One transition in Plone's workflow history."""

    action: str | None
    actor: str
    comments: str
    review_state: str | None
    time: datetime


@dataclass(frozen=True)
class PloneItem:
    """One exported Plone object, reduced to what the importer uses; `record` keeps the rest."""

    uid: str
    portal_type: str
    path: str  # as on the old public site, without host and site id; the site root is "/"
    title: str
    description: str
    text: str  # raw rich text as stored in Plone (may be "")
    review_state: str | None
    created: datetime | None
    modified: datetime | None
    effective: datetime | None
    workflow: tuple[WorkflowEntry, ...]
    parent_uid: str | None
    subjects: tuple[str, ...]
    blob: Blob | None
    record: dict = field(repr=False, compare=False)
    fingerprint: str = ""  # sha256 of the record as exported: unchanged means nothing to update


@dataclass
class PloneExport:
    """Everything read from an export directory."""

    site_url: str  # e.g. https://www.metodecenter.dk
    site_id: str  # the Plone site's id, the first segment of physical paths (e.g. metodecenter)
    items: list[PloneItem]
    redirects: dict[str, str]  # old public path -> new public path (site id stripped)
    default_pages: dict[str, str]  # folder UID -> default page UID
    relations: list[dict]
    order: dict[str, int]  # UID -> position in its folder (export_ordering.json)
    not_imported: dict[str, int]  # what exists in the export but is deliberately not imported: name -> count

    def by_uid(self) -> dict[str, PloneItem]:
        """Items by their Plone UID."""
        return {item.uid: item for item in self.items}


def parse_date(value, file: str, where: str, name: str) -> datetime | None:
    """A Plone date: ISO 8601, UTC with offset, or naive (Plone stores effective/expires naive, read as UTC)."""
    if value in (None, "", "None"):
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise ExportError(f"{file}: {where}: field {name!r} is not a date: {value!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _load_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExportError(f"{path.name}: not readable JSON ({error})") from None


def _blob(record: dict, file: str, where: str) -> Blob | None:
    for name in ("image", "file"):
        value = record.get(name)
        if not isinstance(value, dict) or "data" not in value:
            continue
        if value.get("encoding") != "base64":
            raise ExportError(f"{file}: {where}: field {name!r} is not base64 (export with include_blobs=1)")
        try:
            data = base64.b64decode(value["data"], validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise ExportError(f"{file}: {where}: field {name!r} is not valid base64") from None
        return Blob(data, str(value.get("content-type") or ""), str(value.get("filename") or "fil"))
    return None


def _shaped(record: dict, name: str, kind: type, file: str, where: str):
    """The record's field `name`, or an empty `kind` when it is absent; ExportError when it is something else."""
    value = record.get(name) or kind()
    if not isinstance(value, kind):
        raise ExportError(f"{file}: {where}: field {name!r} is not a JSON {'object' if kind is dict else 'array'}")
    return value


def _workflow(record: dict, file: str, where: str) -> tuple[WorkflowEntry, ...]:
    entries = []
    for chain in _shaped(record, "workflow_history", dict, file, where).values():
        if not isinstance(chain, list) or not all(isinstance(entry, dict) for entry in chain):
            raise ExportError(f"{file}: {where}: field 'workflow_history' is not a list of transitions per workflow")
        for entry in chain:
            time = parse_date(entry.get("time"), file, where, "workflow_history.time")
            if time is None:
                continue
            entries.append(
                WorkflowEntry(
                    action=entry.get("action"),
                    actor=str(entry.get("actor") or ""),
                    comments=str(entry.get("comments") or ""),
                    review_state=entry.get("review_state"),
                    time=time,
                )
            )
    return tuple(sorted(entries, key=lambda e: e.time))


def _item(record, site_url: str, file: str, index: int) -> PloneItem:
    if not isinstance(record, dict):
        raise ExportError(f"{file}: record {index}: not an object")
    where = f"record {index} ({record.get('@id', '?')})"
    for name in ("@id", "@type", "UID"):
        if not isinstance(record.get(name), str) or not record[name]:
            raise ExportError(f"{file}: {where}: field {name!r} is missing")
    if not re.fullmatch(r"[0-9a-fA-F-]{32,36}", record["UID"]):
        raise ExportError(f"{file}: {where}: field 'UID' is not a Plone UID: {record['UID'][:80]!r}")
    url = record["@id"]
    if not url.startswith(site_url):
        raise ExportError(f"{file}: {where}: field '@id' is not under the site's address {site_url}")
    text = record.get("text")
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False).encode()
    return PloneItem(
        uid=record["UID"],
        portal_type=record["@type"],
        path=urlsplit(url).path.rstrip("/") or "/",
        title=str(record.get("title") or record.get("id") or ""),
        description=str(record.get("description") or ""),
        text=str(text.get("data") or "") if isinstance(text, dict) else "",
        review_state=record.get("review_state"),
        created=parse_date(record.get("created"), file, where, "created"),
        modified=parse_date(record.get("modified"), file, where, "modified"),
        effective=parse_date(record.get("effective"), file, where, "effective"),
        workflow=_workflow(record, file, where),
        parent_uid=_shaped(record, "parent", dict, file, where).get("UID"),
        subjects=tuple(str(s) for s in _shaped(record, "subjects", list, file, where)),
        blob=_blob(record, file, where),
        record=record,
        fingerprint=hashlib.sha256(canonical).hexdigest(),
    )


def _content_files(directory: Path) -> list[Path]:
    files = sorted(p for p in directory.glob("*.json") if not p.name.startswith("export_"))
    if not files:
        raise ExportError(f"{directory}: no content file (a *.json written by @@export_content)")
    return files


def _site_root(records: list[tuple[str, dict]]) -> tuple[str, str]:
    roots = [record for _file, record in records if record.get("@type") == "Plone Site"]
    if roots:
        return roots[0]["@id"].rstrip("/"), str(roots[0].get("id") or "")
    # Without the root record, the shortest address's scheme and host stand for the site.
    first = min((record.get("@id", "") for _f, record in records), key=len)
    parts = urlsplit(first)
    return f"{parts.scheme}://{parts.netloc}", ""


def _strip_site_id(physical: str, site_id: str) -> str:
    prefix = f"/{site_id}"
    if site_id and (physical == prefix or physical.startswith(prefix + "/")):
        physical = physical[len(prefix) :]
    return physical.rstrip("/") or "/"


def read_export(directory: Path) -> PloneExport:
    """Read every file of the export in `directory`; raise ExportError naming file and record on bad data."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ExportError(f"{directory}: not a directory")
    records = []
    for path in _content_files(directory):
        data = _load_json(path)
        if not isinstance(data, list):
            raise ExportError(f"{path.name}: expected a JSON array of items")
        records += [(path.name, record) for record in data]
    if not records:
        raise ExportError("the content file holds no items")
    site_url, site_id = _site_root(records)
    items = [_item(record, site_url, file, index) for index, (file, record) in enumerate(records)]

    redirects_file = directory / "export_redirects.json"
    raw_redirects = _load_json(redirects_file) if redirects_file.exists() else {}
    if not isinstance(raw_redirects, dict):
        raise ExportError("export_redirects.json: expected an object {old path: new path}")
    if not site_id and raw_redirects:
        site_id = next(iter(raw_redirects)).strip("/").split("/")[0]
    redirects = {_strip_site_id(old, site_id): _strip_site_id(new, site_id) for old, new in raw_redirects.items()}

    default_pages = {}
    pages_file = directory / "export_defaultpages.json"
    for index, entry in enumerate(_load_json(pages_file) if pages_file.exists() else []):
        if not isinstance(entry, dict) or "uuid" not in entry:
            raise ExportError(f"export_defaultpages.json: record {index}: field 'uuid' is missing")
        if entry.get("default_page_uuid"):
            default_pages[entry["uuid"]] = entry["default_page_uuid"]

    relations_file = directory / "export_relations.json"
    relations = _load_json(relations_file) if relations_file.exists() else []
    relations = relations if isinstance(relations, list) else []
    for index, relation in enumerate(relations):
        if not isinstance(relation, dict):
            raise ExportError(f"export_relations.json: record {index}: not an object")
    ordering_file = directory / "export_ordering.json"
    ordering = _load_json(ordering_file) if ordering_file.exists() else []
    order = {}
    for index, entry in enumerate(ordering):
        if isinstance(entry, dict) and "uuid" in entry:
            try:
                order[entry["uuid"]] = int(entry.get("order", 0))
            except (TypeError, ValueError):
                raise ExportError(f"export_ordering.json: record {index}: field 'order' is not a number") from None
    return PloneExport(
        site_url=site_url,
        site_id=site_id,
        items=items,
        redirects=redirects,
        default_pages=default_pages,
        relations=relations,
        order=order,
        not_imported=_not_imported(directory),
    )


def _not_imported(directory: Path) -> dict[str, int]:
    counts = {}
    members = directory / "export_members.json"
    if members.exists():
        data = _load_json(members)
        counts["members"] = len(data.get("members", [])) if isinstance(data, dict) else 0
        counts["groups"] = len(data.get("groups", [])) if isinstance(data, dict) else 0
    for name, file in (("local roles", "export_localroles.json"), ("portlet assignments", "export_portlets.json")):
        if (directory / file).exists():
            data = _load_json(directory / file)
            counts[name] = len(data) if isinstance(data, list) else 0
    return counts
