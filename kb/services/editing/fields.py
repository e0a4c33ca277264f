"""Reading editor input into values, applying values to items, and snapshotting items for revisions.

Each function walks a kind's fields and hands every field to its type (kb/services/editing/field_types.py),
which knows the three representations: form text, value and snapshot.
"""

from kb.content import ContentKind, Field
from kb.services.editing.field_types import field_type
from kb.text import clean_text


def parse(kind: ContentKind, form) -> tuple[dict, dict[str, str]]:
    """Values for every field from submitted form data, and Danish error messages by field name."""
    values, errors = {}, {}
    for spec in kind.fields:
        try:
            values[spec.name] = _parse_field(spec, form)
        except ValueError as error:
            errors[spec.name] = str(error)
    return values, errors


def _parse_field(spec: Field, form):
    kind = field_type(spec)
    if kind.multiple:
        return kind.parse_form(spec, form)
    raw = clean_text(form.get(spec.name, ""))
    if len(raw) > spec.max_length:
        raise ValueError(f"Teksten er for lang (højst {spec.max_length} tegn).")
    text = raw.strip()
    if spec.required and not text:
        raise ValueError(f"Skriv {spec.label.lower()}.")
    return kind.parse(spec, text, raw)


def apply(kind: ContentKind, item, values: dict) -> None:
    """Set every field of `item` from `values` (as produced by `parse` or `values_from_snapshot`)."""
    for spec in kind.fields:
        if spec.name in values:
            field_type(spec).apply(spec, item, values[spec.name])


def snapshot(kind: ContentKind, item) -> dict:
    """JSON-safe copy of every editable field, for revisions and diffs."""
    return {spec.name: field_type(spec).snapshot(spec, item) for spec in kind.fields}


def values_from_snapshot(kind: ContentKind, data: dict) -> dict:
    """Values to `apply` from a revision; links to items deleted since are dropped."""
    return {
        spec.name: field_type(spec).from_snapshot(spec, data[spec.name]) for spec in kind.fields if spec.name in data
    }


def form_text(kind: ContentKind, data: dict) -> dict[str, object]:
    """What the form fields show for a snapshot (one line per link, "a | b" per pair)."""
    return {spec.name: field_type(spec).form_text(spec, data.get(spec.name)) for spec in kind.fields}


def same_content(kind: ContentKind, data: dict, other: dict) -> bool:
    """Whether two snapshots of an item hold the same content."""
    return all(field_type(spec).same(spec, data.get(spec.name), other.get(spec.name)) for spec in kind.fields)


def readable(spec: Field, value) -> str:
    """A snapshot value as one readable text, for diffs."""
    return "" if value is None else field_type(spec).readable(spec, value)
