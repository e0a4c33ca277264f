"""The index schema: one document per published item, whatever its type."""

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from kb.search.analysis import danish_analyzer, spelling_analyzer

# How much a match in each field counts; a name or alias outranks a passing mention.
FIELD_BOOSTS = {"title": 8.0, "aliases": 7.0, "summary": 2.5, "related": 1.5, "body": 1.0}
TEXT_FIELDS = tuple(FIELD_BOOSTS)
FACET_FIELDS = ("type", "area", "target_group", "evidence", "year")


def build_schema() -> Schema:
    """Text fields keep no positions (phrase=False): queries never use phrases, and it halves indexing time."""
    danish = danish_analyzer()
    return Schema(
        key=ID(unique=True, stored=True),  # "<type>:<id>"
        type=ID(stored=True),
        slug=ID(stored=True),
        title=TEXT(analyzer=danish, stored=True, phrase=False),
        aliases=TEXT(analyzer=danish, stored=True, phrase=False),
        summary=TEXT(analyzer=danish, stored=True, phrase=False),
        related=TEXT(analyzer=danish, phrase=False),
        body=TEXT(analyzer=danish, stored=True, phrase=False),
        spelling=TEXT(analyzer=spelling_analyzer(), phrase=False),  # every word as written, for "Mente du …?"
        area=KEYWORD(commas=True),
        target_group=KEYWORD(commas=True),
        evidence=ID,
        year=ID,
        anchor=STORED,  # where on its page a programme item or output is ("punkt-12")
        context=STORED,  # lines shown under a programme item's or output's title (kind, time, conference …)
        fingerprint=STORED,  # hash of the document, for check-index
    )
