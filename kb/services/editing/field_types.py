"""Field kinds as small types: each knows how to parse, check, apply, snapshot, restore, show and compare itself.

A field spec (kb.content.Field) names its kind ("text", "links", "programme" …); `field_type(spec)` gives
the type that does the work, so adding a field kind means adding one class here and registering it in
TYPES. Three representations of a value:
- form text: what the editor typed (kept on error so nothing is lost);
- value: typed Python data (str, int, date, list of linked objects …);
- snapshot: JSON-safe data stored in a revision (links as {"id", "name"} so a diff reads well).
"""

from datetime import date, time

from sqlalchemy import select

from kb.content import Field, display_name
from kb.content import model as content_model
from kb.content.lookup import find_by_names
from kb.extensions import db
from kb.models import EvidenceSource, ExternalRating, MethodAlias
from kb.sanitize import clean_html
from kb.services.editing import programme
from kb.vocabulary import ALIAS_KINDS
from kb.weburl import check_web_url

# The model of a "pairs" field's rows; its columns are the field's `columns`.
CHILDREN = {"aliases": MethodAlias, "evidence_sources": EvidenceSource, "external_ratings": ExternalRating}
# How a message names a "pairs" column, as the field's hint does.
COLUMN_LABELS = {
    "text": "navn",
    "kind": "slags",
    "title": "titel",
    "url": "link",
    "source": "kilde",
    "rating": "vurdering",
}


def lines_of(text: str) -> list[str]:
    """The non-empty lines of `text`, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class FieldType:
    """A plain value stored in one column; subclasses change what differs. Also the edit form's control."""

    multiple = False  # the form sends several values under the field's name (checkboxes)
    widget = "input"  # the control edit.html draws: input, textarea, select, link, checkbox or checkboxes
    input_type = "text"  # an input's type attribute
    narrow = False  # a short input (numbers, dates, times)
    numeric = False  # an input for whole numbers (inputmode="numeric")
    rows = 4  # a textarea's height
    richtext = False  # a textarea edited as rich text
    lookup = False  # a textarea whose lines are names of linked items, with suggestions
    default_hint = ""  # the hint shown when the field has none of its own

    def parse(self, spec: Field, text: str, raw: str):
        """The value of the stripped `text` (`raw`: as typed, control characters removed); ValueError in Danish."""
        return text

    def parse_form(self, spec: Field, form):
        """The value of the field in submitted form data (types that read more than one text override it)."""
        raise NotImplementedError

    def apply(self, spec: Field, item, value) -> None:
        """Set the value on the item."""
        setattr(item, spec.name, value)

    def snapshot(self, spec: Field, item):
        """The item's value as JSON-safe data for a revision."""
        return self.dump(spec, getattr(item, spec.name))

    def dump(self, spec: Field, value):
        """A value as JSON-safe data."""
        return value

    def from_snapshot(self, spec: Field, data):
        """The value to apply from a revision's data."""
        return data

    def form_text(self, spec: Field, data):
        """What the form shows for a revision's data."""
        return "" if data is None else str(data)

    def readable(self, spec: Field, data) -> str:
        """A revision's data as one readable text, for diffs."""
        return str(data)

    def same(self, spec: Field, data, other) -> bool:
        """Whether two snapshots of the field hold the same content."""
        return data == other


class Text(FieldType):
    """One line of text; whitespace collapsed."""

    def parse(self, spec, text, raw):
        """The text with its whitespace collapsed."""
        return " ".join(text.split())


class Textarea(FieldType):
    """Plain text over several lines."""

    widget = "textarea"


class Url(FieldType):
    """A web address (https://…), or empty."""

    input_type = "url"

    def parse(self, spec, text, raw):
        """The address, checked to be a web address."""
        return check_web_url(text) if text else ""


class RichText(Textarea):
    """Rich text, sanitised when it is written."""

    rows = 12
    richtext = True

    def parse(self, spec, text, raw):
        """The sanitised HTML."""
        return clean_html(text)


class Lines(Textarea):
    """A list of texts, one per line."""

    def parse(self, spec, text, raw):
        """The non-empty lines."""
        return lines_of(text)

    def apply(self, spec, item, value):
        """Store a copy of the list."""
        setattr(item, spec.name, list(value))

    def dump(self, spec, value):
        """The lines as a list."""
        return list(value or [])

    def form_text(self, spec, data):
        """One line each."""
        return "\n".join(data or [])

    def readable(self, spec, data):
        """One line each."""
        return "\n".join(data)


class Integer(FieldType):
    """A whole number, or none."""

    narrow = True
    numeric = True

    def parse(self, spec, text, raw):
        """The number; at most six digits."""
        if not text:
            return None
        if not text.lstrip("-").isdigit() or len(text) > 6:
            raise ValueError("Skriv et helt tal.")
        return int(text)


class Date(FieldType):
    """A date, written ÅÅÅÅ-MM-DD."""

    input_type = "date"
    narrow = True

    def parse(self, spec, text, raw):
        """The date, or None."""
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError("Skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-11-23.") from None

    def dump(self, spec, value):
        """ISO format."""
        return value.isoformat() if value else None

    def from_snapshot(self, spec, data):
        """The date from ISO format."""
        return date.fromisoformat(data) if data else None


class Time(Date):
    """A time of day, written TT:MM (or TT.MM)."""

    input_type = "time"

    def parse(self, spec, text, raw):
        """The time, or None."""
        if not text:
            return None
        try:
            return time.fromisoformat(text.replace(".", ":"))
        except ValueError:
            raise ValueError("Skriv tiden som TT:MM, fx 16:00.") from None

    def from_snapshot(self, spec, data):
        """The time from ISO format."""
        return time.fromisoformat(data) if data else None


class Boolean(FieldType):
    """Yes or no, as one checkbox."""

    widget = "checkbox"

    def parse(self, spec, text, raw):
        """Whether the box was ticked."""
        return text in ("1", "on", "true", "ja")

    def form_text(self, spec, data):
        """Ticked or not."""
        return bool(data)

    def readable(self, spec, data):
        """Ja or Nej."""
        return "Ja" if data else "Nej"


class Choice(FieldType):
    """One of the spec's choices; none keeps what is stored."""

    widget = "select"

    def parse(self, spec, text, raw):
        """The chosen key, or None."""
        if text and text not in dict(spec.choices):
            raise ValueError("Vælg en af mulighederne.")
        return text or None

    def apply(self, spec, item, value):
        """Set the choice; None leaves the stored one."""
        if value is not None:
            setattr(item, spec.name, value)

    def readable(self, spec, data):
        """The choice's label."""
        return dict(spec.choices).get(data, str(data))


def _with_link_sets(rows: list[dict] | None) -> list[dict]:
    return [{**row, "links": {(link["type"], link["id"]) for link in row.get("links") or []}} for row in rows or []]


def _reference(item) -> dict:
    return {"id": item.id, "name": display_name(item)}


class Links(Textarea):
    """Links to items of the spec's target kind, one name per line."""

    lookup = True
    default_hint = "Ét navn pr. linje. Begynd at skrive for at få forslag."

    def parse(self, spec, text, raw):
        """The linked items; every name must be known."""
        found, unknown = find_by_names(spec.target, lines_of(text))
        if unknown:
            raise ValueError("Findes ikke: " + ", ".join(unknown) + ". Vælg et navn fra listen.")
        return found

    def dump(self, spec, value):
        """Each linked item's id and name."""
        return [_reference(linked) for linked in value]

    def from_snapshot(self, spec, data):
        """The linked items that still exist."""
        model = content_model(spec.target)
        ids = [entry["id"] for entry in data or []]
        return list(db.session.scalars(select(model).where(model.id.in_(ids)))) if ids else []

    def form_text(self, spec, data):
        """One name per line."""
        return "\n".join(entry["name"] for entry in data or [])

    def readable(self, spec, data):
        """One name per line."""
        return "\n".join(entry["name"] for entry in data)

    def same(self, spec, data, other):
        """The same items, in any order: a stored item's links load in the relationship's order, not as typed."""
        return {entry["id"] for entry in data or []} == {entry["id"] for entry in other or []}


class Checkboxes(Links):
    """Links to items of the spec's target kind, ticked in a list of all of them."""

    multiple = True
    widget = "checkboxes"
    lookup = False
    default_hint = ""

    def parse_form(self, spec, form):
        """The ticked items, by name."""
        ids = [int(v) for v in form.getlist(spec.name) if str(v).isdigit()]
        model = content_model(spec.target)
        return list(db.session.scalars(select(model).where(model.id.in_(ids)).order_by(model.name))) if ids else []

    def form_text(self, spec, data):
        """The ticked items' ids."""
        return [entry["id"] for entry in data or []]


class Link(FieldType):
    """A link to one item of the spec's target kind, by name."""

    widget = "link"

    def parse(self, spec, text, raw):
        """The linked item, or None."""
        if not text:
            return None
        found, unknown = find_by_names(spec.target, [text])
        if unknown:
            raise ValueError(f"Findes ikke: {text}. Vælg et navn fra listen.")
        return found[0]

    def dump(self, spec, value):
        """The linked item's id and name."""
        return _reference(value) if value is not None else None

    def from_snapshot(self, spec, data):
        """The linked item, if it still exists."""
        return db.session.get(content_model(spec.target), data["id"]) if data else None

    def form_text(self, spec, data):
        """The linked item's name."""
        return data["name"] if data else ""

    def readable(self, spec, data):
        """The linked item's name."""
        return data["name"]


class Pairs(Textarea):
    """Child rows, one per line, their columns separated by "|"."""

    def parse(self, spec, text, raw):
        """The rows, by column name."""
        rows = []
        for line in lines_of(text):
            parts = [part.strip() for part in line.split("|")]
            parts += [""] * (len(spec.columns) - len(parts))
            if len(parts) > len(spec.columns) or not parts[0]:
                form = " | ".join(COLUMN_LABELS[column] for column in spec.columns)
                raise ValueError(f'Linjen "{line}" skal have formen "{form}".')
            row = dict(zip(spec.columns, parts, strict=True))
            if "kind" in row:
                row["kind"] = row["kind"] or "forkortelse"
                if row["kind"] not in ALIAS_KINDS:
                    raise ValueError(f'Ukendt slags "{row["kind"]}". Brug: {", ".join(ALIAS_KINDS)}.')
            if row.get("url"):
                check_web_url(row["url"])
            rows.append(row)
        return rows

    def apply(self, spec, item, value):
        """Replace the child rows, unless they are the same."""
        model, columns = CHILDREN[spec.name], spec.columns
        rows = [{c: row.get(c, "") for c in columns} for row in value]
        if [{c: getattr(child, c) for c in columns} for child in getattr(item, spec.name)] != rows:
            setattr(item, spec.name, [model(position=i, **row) for i, row in enumerate(rows)])

    def dump(self, spec, value):
        """The rows by column."""
        return [{c: getattr(child, c) for c in spec.columns} for child in value]

    def form_text(self, spec, data):
        """One row per line."""
        return "\n".join(" | ".join(row.get(c, "") for c in spec.columns).rstrip(" |") for row in data or [])

    def readable(self, spec, data):
        """One row per line."""
        return "\n".join(" | ".join(str(v) for v in row.values() if v) for row in data)


class Programme(Textarea):
    """A conference's programme, one item per line (kb/services/editing/programme.py)."""

    rows = 12

    def parse(self, spec, text, raw):
        """The programme rows; people and linked items must be known."""
        return programme.parse_programme(raw, find_by_names)

    def apply(self, spec, item, value):
        """Set the programme, updating items in place."""
        programme.apply_programme(item, value, db.session)

    def snapshot(self, spec, item):
        """The programme rows."""
        return programme.snapshot_programme(item)

    def form_text(self, spec, data):
        """The programme lines."""
        return programme.programme_text(data)

    readable = form_text

    def same(self, spec, data, other):
        """The same rows, each linking the same items in any order (see Links.same)."""
        return _with_link_sets(data) == _with_link_sets(other)


class Outputs(Programme):
    """A conference's outputs, one per line."""

    rows = 4

    def parse(self, spec, text, raw):
        """The output rows."""
        return programme.parse_outputs(raw)

    def apply(self, spec, item, value):
        """Set the outputs, updating them in place."""
        programme.apply_outputs(item, value, db.session)

    def snapshot(self, spec, item):
        """The output rows."""
        return programme.snapshot_outputs(item)

    def form_text(self, spec, data):
        """The output lines."""
        return programme.outputs_text(data)

    readable = form_text


class Prioritisation(Textarea):
    """A conference's prioritisation results, one per line."""

    def parse(self, spec, text, raw):
        """The result rows; an area's name links it when it is known."""
        return programme.parse_prioritisation(raw, lambda names: find_by_names("area", names))

    def apply(self, spec, item, value):
        """Set the results."""
        programme.apply_prioritisation(item, value, db.session)

    def snapshot(self, spec, item):
        """The result rows."""
        return programme.snapshot_prioritisation(item)

    def form_text(self, spec, data):
        """The result lines."""
        return programme.prioritisation_text(data)

    readable = form_text


TYPES: dict[str, FieldType] = {
    "text": Text(),
    "url": Url(),
    "textarea": Textarea(),
    "richtext": RichText(),
    "lines": Lines(),
    "int": Integer(),
    "date": Date(),
    "time": Time(),
    "bool": Boolean(),
    "choice": Choice(),
    "links": Links(),
    "link": Link(),
    "checkboxes": Checkboxes(),
    "pairs": Pairs(),
    "programme": Programme(),
    "outputs": Outputs(),
    "prioritisation": Prioritisation(),
}


def field_type(spec: Field) -> FieldType:
    """The type that reads, stores and shows fields of the spec's kind."""
    return TYPES[spec.kind]
