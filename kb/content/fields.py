"""The fields of a content kind, as editors see them: label, kind of input, rules and hints."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One editable field of a content kind."""

    name: str
    label: str
    # A key of kb/services/editing/field_types.py TYPES: text|url|textarea|richtext|lines|int|date|time|bool|
    # choice|links|link|checkboxes|pairs|programme|outputs|prioritisation
    kind: str
    required: bool = False
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    target: str = ""  # links/link/checkboxes: the kind key of the linked items
    columns: tuple[str, ...] = ()  # pairs: the sub-fields of each line, separated by "|"
    max_length: int = 20_000
