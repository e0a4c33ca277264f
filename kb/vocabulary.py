"""Controlled vocabularies: the stored keys and the Danish labels users read.

Keys are stable ASCII strings stored in the database; labels may change without a migration.
"""

from collections import OrderedDict

# The local evidence scale (see docs/domain notes), strongest first.
EVIDENCE_LEVELS = OrderedDict(
    [
        ("staerk", "Stærk evidens"),
        ("moderat", "Moderat evidens"),
        ("lovende", "Lovende"),
        ("teoretisk", "Teoretisk begrundet"),
        ("velbeskrevet", "Velbeskrevet"),
        ("ingen-effekt", "Ingen eller negativ effekt"),
        ("ikke-vurderet", "Ikke vurderet"),
    ]
)

EVIDENCE_DESCRIPTIONS = {
    "staerk": "Flere effektstudier af høj kvalitet, også fra Skandinavien, viser en positiv effekt.",
    "moderat": "Effektstudier af god kvalitet viser en positiv effekt, men resultaterne er ikke entydige "
    "eller ikke afprøvet i en dansk sammenhæng.",
    "lovende": "Mindre studier eller evalueringer peger på en positiv effekt, som endnu ikke er bekræftet.",
    "teoretisk": "Metoden bygger på en sammenhængende og anerkendt teori, men effekten er ikke undersøgt.",
    "velbeskrevet": "Metoden er beskrevet så grundigt, at den kan udføres ens og følges op, "
    "men effekten er ikke undersøgt.",
    "ingen-effekt": "Studier af god kvalitet finder ingen effekt eller en negativ effekt.",
    "ikke-vurderet": "Metodecenteret har endnu ikke vurderet vidensgrundlaget.",
}

# Editorial states. Only "published" content is ever shown publicly.
STATUSES = OrderedDict(
    [
        ("draft", "Kladde"),
        ("review", "Til godkendelse"),
        ("published", "Publiceret"),
        ("archived", "Arkiveret"),
    ]
)
PUBLISHED = "published"
ARCHIVED = "archived"
DRAFT = "draft"

PROGRAMME_ITEM_KINDS = OrderedDict(
    [
        ("plenum", "Plenum"),
        ("talk", "Oplæg"),
        ("workshop", "Workshop"),
        ("video", "Video"),
        ("prioritisation", "Prioritering"),
        ("break", "Pause"),
        ("debate", "Debat"),
    ]
)

SPEAKER_ROLES = OrderedDict(
    [
        ("oplægsholder", "Oplægsholder"),
        ("facilitator", "Facilitator"),
        ("paneldeltager", "Paneldeltager"),
        ("vært", "Vært"),
        ("ordstyrer", "Ordstyrer"),
    ]
)

OUTPUT_KINDS = OrderedDict(
    [
        ("presentation", "Præsentation"),
        ("video", "Video"),
        ("prioritisation", "Prioriteringsresultat"),
        ("notes", "Notat"),
        ("link", "Link"),
    ]
)

ALIAS_KINDS = ("forkortelse", "tidligere navn", "engelsk navn", "alternativt navn")

DEVELOPMENT_PROGRESS = ("planlagt", "i gang", "afsluttet")

MUNICIPALITY_KINDS = OrderedDict([("kommune", "Kommune"), ("region", "Region")])

# Target groups for list filters, derived from a method's age range (years, inclusive).
AGE_BANDS = OrderedDict(
    [
        ("boern", ("Børn (0-12 år)", 0, 12)),
        ("unge", ("Unge (13-17 år)", 13, 17)),
        ("unge-voksne", ("Unge voksne (18-29 år)", 18, 29)),
        ("voksne", ("Voksne (30 år og derover)", 30, 200)),
    ]
)


def kind_names(kinds: dict[str, str]) -> str:
    """The Danish names an editor writes a programme item's or an output's kind with: "plenum, oplæg, …"."""
    return ", ".join(label.lower() for label in kinds.values())
