"""What a printed A4 handout holds: a method's texts shortened to fit one page, and printed short links.

Every free text on a method's sheet is shortened here, server-side, so the sheet stays on one A4 page
however long the stored texts are; the sheet prints the short link to the whole description.
"""

import math
from dataclasses import dataclass, replace
from datetime import datetime

from flask import url_for

from kb.catalogue.shortlinks import code_for, codes_for
from kb.text import LOCAL_TIME_ZONE, plain_text, shorten


@dataclass(frozen=True)
class TextBlock:
    """How a block of the sheet sets text (static/css/handout.css): at most `limit` characters,
    `per_line` characters a line (counted low: words wrap early), lines `line_mm` high, `extra_mm` around."""

    limit: int
    per_line: int
    line_mm: float
    extra_mm: float = 0.0

    def height(self, text: str) -> float:
        """The height in mm `text` takes in this block."""
        return self.extra_mm + self.line_mm * math.ceil(len(text) / self.per_line) if text else 0.0


# The blocks of a method's sheet. Change them together with the style sheet.
TITLE = TextBlock(limit=100, per_line=36, line_mm=8.93, extra_mm=2)
ALIASES = TextBlock(limit=90, per_line=85, line_mm=4.95, extra_mm=2)
LEAD = TextBlock(limit=320, per_line=75, line_mm=6.14, extra_mm=8)
FACT = TextBlock(limit=160, per_line=45, line_mm=4.94, extra_mm=7.4)  # a label above, a gap below
LONG_FACT = replace(FACT, limit=200)  # target group and training: what a reader asks first
DESCRIPTION = TextBlock(limit=1400, per_line=95, line_mm=4.94)
QR_COLUMN_MM = 41  # the QR code and its caption, beside the title: the least height of the top block
# What title, facts and description may fill: the 271 mm page less the header, the two headings, the
# short-link band and the footer (76 mm), less 2 mm to spare. The blocks above are counted on the safe
# side, so a sheet usually has a few lines more to spare than this.
ROOM_MM = 193


@dataclass(frozen=True)
class PrintedLink:
    """A short link as printed: the URL the QR code holds, and the same without the scheme for typing."""

    code: str
    url: str

    @property
    def label(self) -> str:
        """The short link as printed: without the scheme."""
        return self.url.split("://", 1)[-1]

    @property
    def prefix(self) -> str:
        """The label without the code ('metodebasen.dk/l/'), printed once above a list of codes."""
        return self.label.removesuffix(self.code)


@dataclass(frozen=True)
class Fact:
    """One labelled fact on a method's sheet."""

    label: str
    text: str
    evidence_level: str = ""  # set on the evidence fact, which is shown as the site's evidence tag
    example: bool = False  # an illustrative value: printed with "Eksempel" beside it, as on the page


@dataclass(frozen=True)
class MethodSheet:
    """A method's texts, shortened to fit one A4 page."""

    name: str
    aliases: str
    summary: str
    facts: list[Fact]
    description: str


def printed_link(code: str | None) -> PrintedLink | None:
    """The printed short link for `code`, or None for an item that has none yet."""
    if code is None:  # content loaded before short links existed and not yet given one (`ensure_all`)
        return None
    return PrintedLink(code, url_for("public.short_link", code=code, _external=True))


def today():
    """Today's date in Danish time (printed on handouts)."""
    return datetime.now(LOCAL_TIME_ZONE).date()


def _fact(label: str, value: str, block: TextBlock, empty: str, example: bool = False) -> Fact:
    return Fact(label, shorten(value, block.limit) or empty, example=example)


def method_sheet(method) -> MethodSheet:
    """The method's texts for its sheet: each shortened to its block's limit, and the description to the
    lines the other blocks leave on the page (none when fewer than two are left)."""
    areas = ", ".join(area.name for area in method.areas if area.is_published)
    example = method.is_illustrative
    facts = [
        Fact("Evidensniveau", method.evidence_label, method.evidence_level, example("evidence_level")),
        _fact("Målgruppe", method.target_group, LONG_FACT, "Ikke angivet", example("target_group")),
        Fact("Alder", method.age_range or "Ikke angivet", example=example("age_range")),
        _fact("Indsatsområder", areas, FACT, "Ikke angivet", example("areas")),
        _fact("Manual", method.manual, FACT, "Ikke beskrevet endnu", example("manual")),
        _fact("Uddannelse", method.training, LONG_FACT, "Ikke beskrevet endnu", example("training")),
        _fact("Pris", method.cost, FACT, "Ikke beskrevet endnu", example("cost")),
        _fact("Kontakt", method.contact, FACT, "Metodecenteret", example("contact")),
    ]
    name = shorten(method.name, TITLE.limit)
    aliases = shorten(", ".join(alias.text for alias in method.aliases), ALIASES.limit)
    summary = shorten(method.summary, LEAD.limit)
    top = max(QR_COLUMN_MM, TITLE.height(name) + ALIASES.height(aliases) + LEAD.height(summary))
    # Facts stand in two columns; the longer fact of a row sets its height.
    rows = zip(facts[::2], facts[1::2], strict=True)
    facts_height = sum(max(FACT.height(left.text), FACT.height(right.text)) for left, right in rows)
    lines = math.floor((ROOM_MM - top - facts_height) / DESCRIPTION.line_mm)
    room = min(DESCRIPTION.limit, lines * DESCRIPTION.per_line)
    description = shorten(plain_text(method.description), room) if lines >= 2 else ""
    return MethodSheet(name, aliases, summary, facts, description)


def item_link(key: str, item_id: int) -> PrintedLink | None:
    """The printed short link of one item, or None."""
    return printed_link(code_for(key, item_id))


def programme_links(items) -> dict[int, PrintedLink]:
    """Printed short links of the programme items, by item id."""
    return {item_id: printed_link(code) for item_id, code in codes_for("programme_item", [i.id for i in items]).items()}
