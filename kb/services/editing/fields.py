"""Reading editor input into values, applying values to items, and snapshotting items for revisions.

Three representations of a field:
- form text: what the editor typed (kept on error so nothing is lost);
- value: typed Python data (str, int, date, list of linked objects …);
- snapshot: JSON-safe data stored in a revision (links as {"id", "name"} so a diff reads well).
"""

from datetime import date, time

from sqlalchemy import func, select

from kb.extensions import db
from kb.models import EvidenceSource, ExternalRating, MethodAlias
from kb.sanitize import clean_html
from kb.services.editing import programme
from kb.services.editing.kinds import LINK_MODELS, Field, Kind, display_name
from kb.vocabulary import ALIAS_KINDS
from kb.weburl import check_web_url

CHILDREN = {
    "aliases": (MethodAlias, ("text", "kind")),
    "evidence_sources": (EvidenceSource, ("title", "url")),
    "external_ratings": (ExternalRating, ("source", "rating", "url")),
}


def _clean_text(value: str) -> str:
    # Control characters never belong in content; NUL would also break PostgreSQL.
    return "".join(ch for ch in value if ch.isprintable() or ch in "\n\t").replace("\r", "")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _link_model(target: str):
    return LINK_MODELS[target]


def find_by_names(target: str, names: list[str]) -> tuple[list, list[str]]:
    """Items of kind `target` with these names (case-insensitive), and the names that match nothing."""
    model = _link_model(target)
    column = model.title if hasattr(model, "title") and not hasattr(model, "name") else model.name
    found, unknown = [], []
    for name in names:
        item = db.session.scalars(select(model).where(func.lower(column) == name.lower()).limit(1)).first()
        if item is None:
            unknown.append(name)
        elif item not in found:
            found.append(item)
    return found, unknown


def parse(kind: Kind, form) -> tuple[dict, dict[str, str]]:
    """Values for every field from submitted form data, and Danish error messages by field name."""
    values, errors = {}, {}
    for spec in kind.fields:
        raw = _clean_text(form.get(spec.name, "")) if spec.kind != "checkboxes" else None
        try:
            values[spec.name] = _parse_field(spec, raw, form)
        except ValueError as error:
            errors[spec.name] = str(error)
    return values, errors


def _parse_field(spec: Field, raw: str | None, form):
    if spec.kind == "checkboxes":
        ids = [int(v) for v in form.getlist(spec.name) if str(v).isdigit()]
        model = _link_model(spec.target)
        return list(db.session.scalars(select(model).where(model.id.in_(ids)).order_by(model.name))) if ids else []
    if raw is not None and len(raw) > spec.max_length:
        raise ValueError(f"Teksten er for lang (højst {spec.max_length} tegn).")
    text = raw.strip() if raw is not None else ""
    if spec.required and not text:
        raise ValueError(f"Skriv {spec.label.lower()}.")
    if spec.kind in ("text", "textarea"):
        return " ".join(text.split()) if spec.kind == "text" else text
    if spec.kind == "url":
        return check_web_url(text) if text else ""
    if spec.kind == "richtext":
        return clean_html(text)
    if spec.kind == "lines":
        return _lines(text)
    if spec.kind == "int":
        if not text:
            return None
        if not text.lstrip("-").isdigit() or len(text) > 6:
            raise ValueError("Skriv et helt tal.")
        return int(text)
    if spec.kind == "date":
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError("Skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-11-23.") from None
    if spec.kind == "time":
        if not text:
            return None
        try:
            return time.fromisoformat(text.replace(".", ":"))
        except ValueError:
            raise ValueError("Skriv tiden som TT:MM, fx 16:00.") from None
    if spec.kind == "bool":
        return text in ("1", "on", "true", "ja")
    if spec.kind == "choice":
        allowed = dict(spec.choices)
        if text and text not in allowed:
            raise ValueError("Vælg en af mulighederne.")
        return text or None
    if spec.kind == "links":
        found, unknown = find_by_names(spec.target, _lines(text))
        if unknown:
            raise ValueError("Findes ikke: " + ", ".join(unknown) + ". Vælg et navn fra listen.")
        return found
    if spec.kind == "link":
        if not text:
            return None
        found, unknown = find_by_names(spec.target, [text])
        if unknown:
            raise ValueError(f"Findes ikke: {text}. Vælg et navn fra listen.")
        return found[0]
    if spec.kind == "pairs":
        rows = []
        for line in _lines(text):
            parts = [part.strip() for part in line.split("|")]
            parts += [""] * (len(spec.columns) - len(parts))
            if len(parts) > len(spec.columns) or not parts[0]:
                raise ValueError(f'Linjen "{line}" skal have formen "{" | ".join(spec.columns)}".')
            row = dict(zip(spec.columns, parts, strict=True))
            if "kind" in row:
                row["kind"] = row["kind"] or "forkortelse"
                if row["kind"] not in ALIAS_KINDS:
                    raise ValueError(f'Ukendt slags "{row["kind"]}". Brug: {", ".join(ALIAS_KINDS)}.')
            if row.get("url"):
                check_web_url(row["url"])
            rows.append(row)
        return rows
    if spec.kind == "programme":
        return programme.parse_programme(raw or "", find_by_names)
    if spec.kind == "outputs":
        return programme.parse_outputs(raw or "")
    if spec.kind == "prioritisation":
        return programme.parse_prioritisation(raw or "", lambda names: find_by_names("area", names))
    raise ValueError("Ukendt felt.")


def apply(kind: Kind, item, values: dict) -> None:
    """Set every field of `item` from `values` (as produced by `parse` or `values_from_snapshot`)."""
    for spec in kind.fields:
        if spec.name not in values:
            continue
        value = values[spec.name]
        if spec.kind == "programme":
            programme.apply_programme(item, value, db.session)
        elif spec.kind == "outputs":
            programme.apply_outputs(item, value)
        elif spec.kind == "prioritisation":
            programme.apply_prioritisation(item, value, db.session)
        elif spec.kind == "pairs":
            model, columns = CHILDREN[spec.name]
            setattr(
                item,
                spec.name,
                [model(position=i, **{c: row.get(c, "") for c in columns}) for i, row in enumerate(value)],
            )
        elif spec.kind in ("lines",):
            setattr(item, spec.name, list(value))
        elif spec.kind == "choice" and value is None:
            continue
        else:
            setattr(item, spec.name, value)


def snapshot(kind: Kind, item) -> dict:
    """JSON-safe copy of every editable field, for revisions and diffs."""
    data = {}
    for spec in kind.fields:
        value = getattr(item, spec.name)
        if spec.kind in ("links", "checkboxes"):
            data[spec.name] = [{"id": v.id, "name": display_name(v)} for v in value]
        elif spec.kind == "link":
            data[spec.name] = {"id": value.id, "name": display_name(value)} if value is not None else None
        elif spec.kind == "pairs":
            _model, columns = CHILDREN[spec.name]
            data[spec.name] = [{c: getattr(child, c) for c in columns} for child in value]
        elif spec.kind == "programme":
            data[spec.name] = programme.snapshot_programme(item)
        elif spec.kind == "outputs":
            data[spec.name] = programme.snapshot_outputs(item)
        elif spec.kind == "prioritisation":
            data[spec.name] = programme.snapshot_prioritisation(item)
        elif spec.kind in ("date", "time"):
            data[spec.name] = value.isoformat() if value else None
        elif spec.kind == "lines":
            data[spec.name] = list(value or [])
        else:
            data[spec.name] = value
    return data


def values_from_snapshot(kind: Kind, data: dict) -> dict:
    """Values to `apply` from a revision; links to items deleted since are dropped."""
    values = {}
    for spec in kind.fields:
        if spec.name not in data:
            continue
        value = data[spec.name]
        if spec.kind in ("links", "checkboxes"):
            model = _link_model(spec.target)
            ids = [entry["id"] for entry in value or []]
            values[spec.name] = list(db.session.scalars(select(model).where(model.id.in_(ids)))) if ids else []
        elif spec.kind == "link":
            values[spec.name] = db.session.get(_link_model(spec.target), value["id"]) if value else None
        elif spec.kind == "date":
            values[spec.name] = date.fromisoformat(value) if value else None
        elif spec.kind == "time":
            values[spec.name] = time.fromisoformat(value) if value else None
        else:
            values[spec.name] = value
    return values


def form_text(kind: Kind, data: dict) -> dict[str, object]:
    """What the form fields show for a snapshot (one line per link, "a | b" per pair)."""
    text = {}
    for spec in kind.fields:
        value = data.get(spec.name)
        if spec.kind == "links":
            text[spec.name] = "\n".join(entry["name"] for entry in value or [])
        elif spec.kind == "checkboxes":
            text[spec.name] = [entry["id"] for entry in value or []]
        elif spec.kind == "link":
            text[spec.name] = value["name"] if value else ""
        elif spec.kind == "programme":
            text[spec.name] = programme.programme_text(value)
        elif spec.kind == "outputs":
            text[spec.name] = programme.outputs_text(value)
        elif spec.kind == "prioritisation":
            text[spec.name] = programme.prioritisation_text(value)
        elif spec.kind == "pairs":
            _model, columns = CHILDREN[spec.name]
            text[spec.name] = "\n".join(" | ".join(row.get(c, "") for c in columns).rstrip(" |") for row in value or [])
        elif spec.kind == "lines":
            text[spec.name] = "\n".join(value or [])
        elif spec.kind == "bool":
            text[spec.name] = bool(value)
        else:
            text[spec.name] = "" if value is None else str(value)
    return text


def readable(spec: Field, value) -> str:
    """A snapshot value as one readable text, for diffs."""
    if value is None:
        return ""
    if spec.kind in ("links", "checkboxes"):
        return "\n".join(entry["name"] for entry in value)
    if spec.kind == "link":
        return value["name"]
    if spec.kind == "programme":
        return programme.programme_text(value)
    if spec.kind == "outputs":
        return programme.outputs_text(value)
    if spec.kind == "prioritisation":
        return programme.prioritisation_text(value)
    if spec.kind == "pairs":
        return "\n".join(" | ".join(str(v) for v in row.values() if v) for row in value)
    if spec.kind == "lines":
        return "\n".join(value)
    if spec.kind == "bool":
        return "Ja" if value else "Nej"
    if spec.kind == "choice":
        return dict(spec.choices).get(value, str(value))
    return str(value)
