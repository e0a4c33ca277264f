"""Plain result objects: what views, the API and services see of a search (never Whoosh objects)."""

from dataclasses import dataclass, field

from kb import content

# No request ranks deeper than this (see README, "Search"); pagination stops there.
MAX_RESULT_DEPTH = 200

MAX_QUERY_LENGTH = 200
MAX_PER_PAGE = 50
# No request ranks deeper than this (see README, "Search"); pagination stops there.
MAX_RESULT_DEPTH = 200


@dataclass
class SearchRequest:
    """A search as a user asked for it; every filter is optional and combines with the query."""

    query: str = ""
    type: str = ""  # a searchable content kind's key (kb.content)
    area: str = ""  # an intervention area slug
    target_group: str = ""  # an AGE_BANDS key
    evidence: str = ""  # an EVIDENCE_LEVELS key
    year: int | None = None
    page: int = 1
    per_page: int = 10


@dataclass
class Hit:
    """One search result."""

    type: str
    slug: str
    title: str
    url: str
    snippet: str  # HTML: escaped text with <mark> around matched words; safe to render
    score: float
    context: list[str] = field(default_factory=list)  # e.g. kind and time, conference and date, speakers

    @property
    def type_label(self) -> str:
        """The result's content type in Danish."""
        return content.kind(self.type).result_label


@dataclass
class FacetValue:
    """One value of a facet, with how many results have it."""

    key: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    """What a search found: a page of hits, facets and a suggestion."""

    request: SearchRequest
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None  # "Mente du …?" – a corrected query that finds more
    matched_all_words: bool = True  # False when only some of the words could be found
    relaxed_to: list[str] = field(default_factory=list)  # then: the words (or word parts) results were found by
    limited: bool = False  # True while this host's index is being (re)built: names only, from the database

    @property
    def pages(self) -> int:
        """How many pages of results there are (at least one)."""
        return max(1, min(-(-self.total // self.request.per_page), MAX_RESULT_DEPTH // self.request.per_page))


@dataclass
class Suggestion:
    """One as-you-type suggestion."""

    type: str
    title: str
    url: str
