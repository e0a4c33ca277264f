"""Reading a SearchRequest from query-string arguments, shared by the search page and the JSON API."""

import re
from dataclasses import dataclass

from kb import content
from kb.search.results import MAX_PER_PAGE, MAX_QUERY_LENGTH, MAX_RESULT_DEPTH, SearchRequest
from kb.text import clean_text
from kb.vocabulary import AGE_BANDS, EVIDENCE_LEVELS

MAX_PAGE = 1000
# The work one search may cause (see README, "Search"): words searched, and (MAX_RESULT_DEPTH) how deep
# results are ranked.
MAX_QUERY_WORDS = 8
MAX_RAW_QUERY_LENGTH = 1000
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,119}")


@dataclass
class ParameterProblem:
    """A query argument that had to be ignored, with a Danish message."""

    parameter: str
    message: str  # Danish, shown to people and returned by the API


def clean_query(raw: str) -> str:
    """A typed search, cleaned and capped at MAX_QUERY_LENGTH."""
    return clean_text(raw, single_line=True, max_length=MAX_QUERY_LENGTH)


def _integer(raw: str, low: int, high: int) -> int | None:
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 6:
        return None
    value = int(raw)
    return value if low <= value <= high else None


def parse_search_args(args, default_per_page: int = 10) -> tuple[SearchRequest, list[ParameterProblem]]:
    """The request the arguments describe, and a problem for each argument that had to be ignored."""
    problems: list[ParameterProblem] = []
    request = SearchRequest(per_page=default_per_page)
    raw_query = args.get("q", "")
    if len(raw_query) > MAX_RAW_QUERY_LENGTH:
        problems.append(ParameterProblem("q", f"Søgningen er for lang (højst {MAX_RAW_QUERY_LENGTH} tegn)."))
    request.query = clean_query(raw_query[:MAX_RAW_QUERY_LENGTH])
    words = request.query.split()
    if len(words) > MAX_QUERY_WORDS:
        problems.append(
            ParameterProblem(
                "q",
                f"Søgningen bruger kun de første {MAX_QUERY_WORDS} ord (højst {MAX_QUERY_WORDS} ord pr. søgning).",
            )
        )
        request.query = " ".join(words[:MAX_QUERY_WORDS])

    choices = {
        "type": (content.searchable(), "Indholdstypen findes ikke."),
        "target_group": (AGE_BANDS, "Målgruppen findes ikke."),
        "evidence": (EVIDENCE_LEVELS, "Evidensniveauet findes ikke."),
    }
    for name, (allowed, message) in choices.items():
        value = args.get(name, "").strip()
        if value and value not in allowed:
            problems.append(ParameterProblem(name, message))
        elif value:
            setattr(request, name, value)

    area = args.get("area", "").strip()
    if area and not _SLUG.fullmatch(area):
        problems.append(ParameterProblem("area", "Indsatsområdet findes ikke."))
    elif area:
        request.area = area

    for name, low, high, message in (
        ("year", 1900, 2100, "Året skal være et årstal mellem 1900 og 2100."),
        ("page", 1, MAX_PAGE, f"Sidetallet skal være et helt tal fra 1 til {MAX_PAGE}."),
        ("per_page", 1, MAX_PER_PAGE, f"Antal pr. side skal være et helt tal fra 1 til {MAX_PER_PAGE}."),
    ):
        raw = args.get(name, "")
        if raw == "":
            continue
        value = _integer(raw, low, high)
        if value is None:
            problems.append(ParameterProblem(name, message))
        else:
            setattr(request, name, value)
    if request.page * request.per_page > MAX_RESULT_DEPTH:
        problems.append(
            ParameterProblem(
                "page",
                f"Der vises kun de første {MAX_RESULT_DEPTH} resultater. Gør søgningen mere præcis, fx med et filter.",
            )
        )
        request.page = max(1, MAX_RESULT_DEPTH // request.per_page)
    return request, problems
