"""The mapping from Plone types and folders to Metodebasen's content types, read from TOML."""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kb import content
from kb.services.plone.reader import PloneItem
from kb.vocabulary import STATUSES

DEFAULT_MAPPING = Path(__file__).with_name("default_mapping.toml")
SPECIAL_KINDS = ("upload", "skip")


class MappingError(ValueError):
    """The mapping file is unreadable or names something unknown; the message says where."""


@dataclass(frozen=True)
class Rule:
    """One rule: Plone items of these types (below `under`) become `kind`."""

    types: tuple[str, ...]
    kind: str
    under: str = ""
    default_page: bool | None = None
    defaults: dict = field(default_factory=dict)
    reason: str = ""

    def matches(self, item: PloneItem, is_default_page: bool) -> bool:
        """Whether this rule applies to `item`."""
        if item.portal_type not in self.types:
            return False
        if self.under and not (item.path == self.under or item.path.startswith(self.under.rstrip("/") + "/")):
            return False
        return self.default_page is None or self.default_page == is_default_page


@dataclass(frozen=True)
class Mapping:
    """Rules, state map and folder-to-list map, as read from a mapping file."""

    rules: tuple[Rule, ...]
    states: dict[str, str]
    lists: dict[str, str]
    source: str

    def rule_for(self, item: PloneItem, is_default_page: bool) -> Rule:
        """The first matching rule; content that none matches becomes a page ("Side")."""
        for rule in self.rules:
            if rule.matches(item, is_default_page):
                return rule
        return Rule(types=(item.portal_type,), kind="page")

    def state_for(self, review_state: str | None) -> str:
        """Metodebasen's state for a Plone review state."""
        if review_state is None:
            return self.states["without_workflow"]
        return self.states.get(review_state, self.states["without_workflow"])


def load_mapping(path: Path | None = None) -> Mapping:
    """Read and check a mapping file (the default one when `path` is None)."""
    path = Path(path) if path else DEFAULT_MAPPING
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise MappingError(f"{path}: {error}") from None
    states = {"without_workflow": "draft", **data.get("states", {})}
    for plone_state, state in states.items():
        if state not in STATUSES:
            raise MappingError(f"{path}: [states] {plone_state} = {state!r}: not one of {', '.join(STATUSES)}")
    rules = []
    for number, entry in enumerate(data.get("rule", []), start=1):
        kind = entry.get("kind", "")
        if kind not in content.editable() and kind not in SPECIAL_KINDS:
            raise MappingError(
                f"{path}: rule {number}: kind {kind!r} is not one of {', '.join([*content.editable(), *SPECIAL_KINDS])}"
            )
        types = entry.get("types")
        if not isinstance(types, list) or not types:
            raise MappingError(f"{path}: rule {number}: 'types' must list Plone portal_types")
        defaults = entry.get("defaults", {})
        if kind in content.editable():
            names = {spec.name for spec in content.editable()[kind].fields}
            unknown = sorted(set(defaults) - names)
            if unknown:
                raise MappingError(f"{path}: rule {number}: defaults for unknown fields {', '.join(unknown)}")
        rules.append(
            Rule(
                types=tuple(types),
                kind=kind,
                under=str(entry.get("under", "")),
                default_page=entry.get("default_page"),
                defaults=dict(defaults),
                reason=str(entry.get("reason", "")),
            )
        )
    lists = {str(old).rstrip("/") or "/": str(new) for old, new in data.get("lists", {}).items()}
    return Mapping(rules=tuple(rules), states=states, lists=lists, source=str(path))
