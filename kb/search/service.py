"""search() and suggest(): the only functions views and the API call. They return plain objects."""

import bisect
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import select
from whoosh.query import And as AndQuery
from whoosh.query import NullQuery, Or, Term

from kb import content
from kb.extensions import db
from kb.models import InterventionArea
from kb.search.analysis import analyse_word, fold, query_words
from kb.search.fallback import name_search
from kb.search.query import MAX_FUZZY_WORDS, MAX_WORDS, Vocabulary, build_query, current_synonyms
from kb.search.ranking import top_documents
from kb.search.results import FacetValue, Hit, SearchRequest, SearchResults, Suggestion
from kb.search.snippets import highlight_text, marked_words, unmarked_snippet
from kb.search.store import IndexNotReady, searcher_for
from kb.search.sync import store
from kb.vocabulary import AGE_BANDS, EVIDENCE_LEVELS, PUBLISHED

FEW_HITS = 3
SNIPPET_FIELDS = ("summary", "body")
SUGGESTION_LIMIT = 8
MAX_SUGGEST_WORDS = 6
# Misspelt words looked up for "Mente du …?" per request; each is a pure-Python scan of the vocabulary.
MAX_SPELLING_LOOKUPS = 2


def _filters(request: SearchRequest) -> dict[str, str]:
    return {
        name: value
        for name, value in (
            ("type", request.type),
            ("area", request.area),
            ("target_group", request.target_group),
            ("evidence", request.evidence),
            ("year", str(request.year) if request.year else ""),
        )
        if value
    }


def _docset(searcher, query) -> set[int]:
    """Every document `query` matches, from cached per-term sets (much faster than Whoosh's matchers here).

    Queries are built by kb.search.query from Term, And and Or only; anything else falls back to Whoosh.
    """
    if isinstance(query, Term):
        return _postings(searcher, query.fieldname, query.text)
    if isinstance(query, Or):
        return set().union(*(_docset(searcher, sub) for sub in query.subqueries))
    if isinstance(query, AndQuery):
        parts = sorted((_docset(searcher, sub) for sub in query.subqueries), key=len)
        return set.intersection(*parts) if parts else set()
    return set(searcher.docs_for_query(query))


def _postings(searcher, field: str, value: str) -> set[int]:
    cache = searcher.__dict__.setdefault("_kb_postings", {})
    key = (field, value)
    if key not in cache:
        cache[key] = set(searcher.docs_for_query(Term(field, value)))
    return cache[key]


def _pruned(searcher, query):
    """`query` without the terms this index does not hold, or None when nothing of it is left.

    Such a term matches nothing and adds nothing to any score, but Whoosh looks each one up again (per
    segment) while building its matchers; most of a query's field × synonym × spelling terms are absent.
    """
    if isinstance(query, Term):
        return query if _postings(searcher, query.fieldname, query.text) else None
    if not isinstance(query, Or | AndQuery) or query.boost != 1.0:
        return query
    subqueries = [_pruned(searcher, sub) for sub in query.subqueries]
    if isinstance(query, AndQuery) and None in subqueries:
        return None
    subqueries = [sub for sub in subqueries if sub is not None]
    return type(query)(subqueries) if subqueries else None


def _facet_labels(searcher) -> dict[str, dict[str, str]]:
    """Facet values' Danish names, read once per index version: a renamed or (un)published area changes
    its index document too, so a new version follows and the names with it."""
    cached = searcher.__dict__.get("_kb_facet_labels")
    if cached is None:
        areas = db.session.execute(
            select(InterventionArea.slug, InterventionArea.name).where(InterventionArea.status == PUBLISHED)
        )
        cached = searcher.__dict__["_kb_facet_labels"] = {
            "type": {key: kind.result_label for key, kind in content.searchable().items()},
            "area": dict(areas.all()),
            "target_group": {key: band[0] for key, band in AGE_BANDS.items()},
            "evidence": dict(EVIDENCE_LEVELS),
        }
    return cached


FACET_FIELDS = ("type", "area", "target_group", "evidence", "year")


def _facet_values(searcher) -> dict[str, tuple[str, ...]]:
    """Every value each facet field has in the index. Read once per searcher (index version)."""
    cache = searcher.__dict__.get("_kb_facet_values")
    if cache is None:
        reader = searcher.reader()
        cache = searcher.__dict__["_kb_facet_values"] = {
            field: tuple(raw.decode("utf-8") if isinstance(raw, bytes) else raw for raw in reader.lexicon(field))
            for field in FACET_FIELDS
        }
    return cache


def _facets(searcher, matching: set[int], filters: dict[str, str]) -> dict[str, list[FacetValue]]:
    """Counts per facet value among the hits, each facet ignoring its own filter (so choices can change).

    Each count is the size of a set intersection (the hits and the value's documents, in C): counting
    value by value per hit in Python took most of a broad word's search at 100,000 methods.
    """
    labels = _facet_labels(searcher)
    facets = {}
    for field, field_values in _facet_values(searcher).items():
        base = matching
        for other, value in filters.items():
            if other != field:
                base = base & _postings(searcher, other, value)
        counts: dict[str, int] = {}
        for value in field_values:
            count = len(base.intersection(_postings(searcher, field, value)))
            if count:
                counts[value] = count
        if field in filters:
            counts.setdefault(filters[field], 0)
        values = [
            FacetValue(value, labels.get(field, {}).get(value, value), count, filters.get(field) == value)
            for value, count in counts.items()
        ]
        if field == "year":
            values.sort(key=lambda v: v.key, reverse=True)
        elif field in ("target_group", "evidence"):
            order = list(AGE_BANDS if field == "target_group" else EVIDENCE_LEVELS)
            values.sort(key=lambda v: order.index(v.key) if v.key in order else len(order))
        else:
            values.sort(key=lambda v: (-v.count, v.label))
        facets[field] = values
    return facets


def _snippet(fields: dict, words: dict[str, frozenset[str]]) -> str:
    for field in SNIPPET_FIELDS:
        fragment = highlight_text(fields.get(field, ""), words[field], top=2)
        if fragment:
            return " ".join(fragment.split())
    return str(escape(unmarked_snippet(fields.get("summary") or fields.get("body") or "")))


def _url(fields) -> str:
    """The public address of a stored document; programme items and outputs point at their place on the page."""
    url = content.kind(fields["type"]).shown_on.page_url(fields["slug"])
    return f"{url}#{fields['anchor']}" if fields.get("anchor") else url


def _hit(fields: dict, score: float, words: dict[str, frozenset[str]]) -> Hit:
    return Hit(
        type=fields["type"],
        slug=fields["slug"],
        title=fields.get("title", "").split("\n")[0],
        url=_url(fields),
        snippet=Markup(_snippet(fields, words)),
        score=round(float(score or 0.0), 4),
        context=[line for line in (fields.get("context") or "").split("\n") if line],
    )


def _vocabulary(searcher) -> Vocabulary:
    if "_kb_vocabulary" not in searcher.__dict__:
        searcher.__dict__["_kb_vocabulary"] = Vocabulary(searcher.reader())
    return searcher.__dict__["_kb_vocabulary"]


@dataclass
class _Tier:
    query: object
    documents: set[int]
    all_words: bool
    exact: bool
    whole: bool = True  # the documents are all the query matches (not one group of them)


def _tiers(searcher, text: str, synonyms) -> list[_Tier]:
    """Queries from strict to loose, each with the documents only it adds; stops once enough are found.

    Exact matches of every word come first, then near misses of every word, then most of the words,
    then any part of a compound word: a typo tolerant or partial match never outranks an exact one.
    """
    tiers, seen = [], set()
    splitter = _vocabulary(searcher).splitter
    steps = ((None, True, False), (_vocabulary, True, False), (_vocabulary, False, False), (_vocabulary, False, True))
    for vocabulary, match_all, any_part in steps:
        query = build_query(text, synonyms, vocabulary(searcher) if vocabulary else None, match_all, splitter, any_part)
        if query is NullQuery:
            return []
        found = _docset(searcher, query) - seen
        if found and not match_all:
            groups = _by_words_matched(searcher, query, found)
            tiers.extend(_Tier(query, group, False, False, whole=len(groups) == 1) for group in groups)
            seen |= found
        elif found:
            tiers.append(_Tier(query, found, match_all, exact=vocabulary is None))
            seen |= found
        if len(seen) >= FEW_HITS:
            break
    return tiers


def _people_last(searcher, text: str, tiers: list[_Tier], splitter) -> list[_Tier]:
    """Ranking policy: within each tier, people whose name holds none of the words come after everything
    else. A topic word ("botilbud") then ranks the sessions, methods and areas about it above people whose
    job title merely mentions it; a name ("lone aagaard") still finds the person first."""
    people = _postings(searcher, "type", "person")
    if not people or not any(tier.documents & people for tier in tiers):
        return tiers
    named: set[int] = set()
    for word in query_words(text):
        for whole, _parts in analyse_word(word, splitter):
            named |= _postings(searcher, "title", whole)
    mentioned_only = people - named
    reordered = []
    for tier in tiers:
        subject, demoted = tier.documents - mentioned_only, tier.documents & mentioned_only
        if not demoted or not subject:
            reordered.append(tier)
            continue
        reordered.append(_Tier(tier.query, subject, tier.all_words, tier.exact, whole=False))
        reordered.append(_Tier(tier.query, demoted, tier.all_words, tier.exact, whole=False))
    return reordered


def _by_words_matched(searcher, query, documents: set[int]) -> list[set[int]]:
    """`documents` grouped by how many of the query's words each matches, most first: when not every word
    matches, a document with two of three words ranks above any with one ("selvskadende unge piger")."""
    words = getattr(query, "subqueries", None) if isinstance(query, Or) else None
    if not words:
        return [documents]
    matched: dict[int, int] = {}
    for word in words:
        for document in _docset(searcher, word) & documents:
            matched[document] = matched.get(document, 0) + 1
    groups: dict[int, set[int]] = {}
    for document, count in matched.items():
        groups.setdefault(count, set()).add(document)
    return [groups[count] for count in sorted(groups, reverse=True)]


def _ranked_hits(searcher, tiers, allowed: set[int], request: SearchRequest) -> list[tuple]:
    """The requested page of hits as (stored fields, score, the words its snippet marks: its tier's)."""
    wanted = request.page * request.per_page
    ranked = []
    for tier in tiers:
        subset = tier.documents & allowed
        if not subset:
            continue
        best = top_documents(searcher, _pruned(searcher, tier.query), subset, wanted - len(ranked))
        # Marked are the words of the whole query, as Whoosh marks them (also those of a phrase that cannot match).
        words = {field: marked_words(tier.query, searcher.reader(), field) for field in SNIPPET_FIELDS}
        ranked.extend((score, document, words) for score, document in best)
        if len(ranked) >= wanted:
            break
    start = (request.page - 1) * request.per_page
    return [
        (searcher.stored_fields(document), score, words)
        for score, document, words in ranked[start : start + request.per_page]
    ]


def search(request: SearchRequest) -> SearchResults:
    """Published items matching the request's words and filters, best first, with facets and a suggestion.

    While this host's index is missing or being rebuilt, a limited name search from the database.
    """
    try:
        searcher = searcher_for(store())
    except IndexNotReady:
        return name_search(request)
    synonyms = current_synonyms()
    results = SearchResults(request=request)
    tiers = _tiers(searcher, request.query, synonyms)
    tiers = _people_last(searcher, request.query, tiers, _vocabulary(searcher).splitter)
    if not any(tier.exact for tier in tiers):
        results.suggestion = _did_you_mean(searcher, request.query, synonyms)
    if not tiers:
        return results
    results.matched_all_words = any(tier.all_words for tier in tiers)
    if not results.matched_all_words:
        results.relaxed_to = _found_words(searcher, request.query, synonyms, tiers[0].documents)
    matching = set().union(*(tier.documents for tier in tiers))
    filters = _filters(request)
    allowed = matching
    for field, value in filters.items():
        allowed = allowed & _postings(searcher, field, value)
    results.total = len(allowed)
    results.facets = _facets(searcher, matching, filters)
    ranked = _ranked_hits(searcher, tiers, allowed, request)
    results.hits = [_hit(fields, score, words) for fields, score, words in ranked]
    return results


def _found_words(searcher, text: str, synonyms, documents: set[int]) -> list[str]:
    """The typed words (or, failing them, parts of compound words) the best relaxed results were found by."""
    vocabulary = _vocabulary(searcher)
    found, pieces = [], []
    for position, word in enumerate(dict.fromkeys(query_words(text)[:MAX_WORDS])):
        # Near words only for the words the search itself expanded (the typo-expansion cap holds here too).
        near = vocabulary if position < MAX_FUZZY_WORDS else None
        query = build_query(word, synonyms, near, True, vocabulary.splitter)
        if query is not NullQuery and _docset(searcher, query) & documents:
            found.append(word)
            continue
        for piece in vocabulary.splitter.pieces(word):
            query = build_query(piece, synonyms, near, True, vocabulary.splitter)
            if query is not NullQuery and _docset(searcher, query) & documents:
                pieces.append(piece)
    return found or pieces


def _finds(searcher, candidate: str, synonyms) -> bool:
    query = build_query(candidate, synonyms, None, True, _vocabulary(searcher).splitter)
    return query is not NullQuery and bool(_docset(searcher, query))


def _did_you_mean(searcher, text: str, synonyms) -> str | None:
    """A query, from the index's own vocabulary, that finds exact matches where `text` finds none.

    Tried in turn: each unknown word corrected to the nearest known word; compounds written as their
    known parts ("krise håndtering"); the best-known part alone. Words with no close match are dropped.
    """
    reader = searcher.reader()
    splitter = _vocabulary(searcher).splitter
    words = query_words(text)[:MAX_WORDS]
    corrected, split, changed, looked_up = [], [], False, 0
    for word in words:
        if reader.doc_frequency("spelling", word) > 0 or len(word) < 3:
            corrected.append(word)
            split.append(word)
            continue
        changed = True
        # Each look-up is a pure-Python edit-distance scan: a few per request (the rest count as no match).
        looked_up += 1
        allowed = looked_up <= MAX_SPELLING_LOOKUPS
        candidates = searcher.suggest("spelling", word, limit=1, maxdist=2, prefix=1) if allowed else []
        if candidates:
            corrected.append(candidates[0])
        split.extend(splitter.pieces(word) or [word])
    if not changed:
        return None
    tries = [" ".join(corrected), " ".join(split)]
    # The parts alone, best known first, for when the parts never meet in one document.
    tries += sorted(
        (piece for word in words for piece in splitter.pieces(word)),
        key=lambda piece: -splitter.known.get(splitter.known_stem(piece) or "", 0),
    )
    normalised = " ".join(query_words(text))
    for candidate in dict.fromkeys(tries):
        if candidate and candidate != normalised and _finds(searcher, candidate, synonyms):
            return candidate
    return None


@dataclass
class _Completions:
    """Every word of every name and alias, sorted, for prefix look-ups by bisection."""

    words: list[tuple[str, int]]  # (folded word, entry number)
    entries: list[tuple[str, str, str, frozenset[str]]]  # (type, title, url, folded words)


def _completions(searcher) -> _Completions:
    cached = searcher.__dict__.get("_kb_completions")
    if cached is None:
        words, entries = [], []
        for fields in searcher.all_stored_fields():
            title = fields.get("title", "").split("\n")[0]
            names = f"{title} {fields.get('aliases', '')}"
            folded = frozenset(fold(word) for word in query_words(names))
            entries.append((fields["type"], title, _url(fields), folded))
            words.extend((word, len(entries) - 1) for word in folded)
        words.sort()
        cached = searcher.__dict__["_kb_completions"] = _Completions(words, entries)
    return cached


def suggest(text: str, limit: int = SUGGESTION_LIMIT) -> list[Suggestion]:
    """Names and aliases of published items with a word starting with what is being typed (earlier words whole)."""
    words = [fold(word) for word in query_words(text)][:MAX_SUGGEST_WORDS]
    if not words or (len(words[-1]) < 2 and len(words) == 1):
        return []
    try:
        completions = _completions(searcher_for(store()))
    except IndexNotReady:
        return []
    *complete, last = words
    found: dict[int, None] = {}
    position = bisect.bisect_left(completions.words, (last, -1))
    while position < len(completions.words) and completions.words[position][0].startswith(last):
        entry = completions.words[position][1]
        if all(word in completions.entries[entry][3] for word in complete):
            found[entry] = None
        position += 1
    # Short names first: "MST" before "MST-teamets forløb"; titles starting with the text before the rest.
    ranked = sorted(
        found,
        key=lambda e: (
            not fold(completions.entries[e][1]).startswith(fold(text.strip())),
            len(completions.entries[e][1]),
        ),
    )[:limit]
    return [
        Suggestion(type=kind, title=title, url=url)
        for kind, title, url, _words in (completions.entries[e] for e in ranked)
    ]
