"""The best N documents of a query by BM25F, without Whoosh walking every match.

Whoosh ranks by walking its matcher tree over every matching document in Python, skipping blocks that
cannot reach the current top N. For a broad word, a compound (the whole word or all its parts) or a
multi-word query at 10,000 methods that meant thousands of documents and 50-280 ms per search; and
its skipping also drops low-weight terms from the scores of documents it still collects (the
`replace` step), so its top 10 sometimes lacked documents its own top 50 ranked above them.

Here each term's BM25F score per document is read once per index version from the postings and
cached; the query's score for every document of the tier is the sum of those (in any order: nearly
exact); and only the documents within a hair of the N-th best are scored again exactly as Whoosh's
matcher tree scores them (its tree shape rebuilt, without building matchers). Those exact scores decide
the order, ties by document number as Whoosh breaks them. On the seeded demo the result is the same as
Whoosh's for every judged query; at scale it is the true top N.
"""

import bisect
import heapq

from whoosh.query import And, Or, Term

# Per-term scores kept per index version, counted in (document, score) entries: about 100 bytes each.
MAX_CACHED_SCORES = 600_000
# Documents whose approximate score is this close (relative) to the N-th best are scored exactly. The
# approximation differs from the exact sum only by rounding (about 1e-15 relative).
MARGIN = 1e-9


def _term_scores(searcher, field: str, text: str) -> tuple[dict[int, float], tuple[int | None, ...]]:
    """BM25F score of the term in every document that holds it, as Whoosh's matcher scores it (boost 1), and
    per segment the term's document frequency (None where the segment lacks the term): Whoosh's size estimate."""
    cache = searcher.__dict__.setdefault("_kb_term_scores", {})
    key = (field, text)
    found = cache.get(key)
    if found is None:
        scores, frequencies = {}, []
        term = searcher.schema[field].to_bytes(text)
        for segment, offset in searcher.leaf_searchers():
            reader = segment.reader()
            if (field, term) not in reader:
                frequencies.append(None)
                continue
            frequencies.append(reader.doc_frequency(field, term))
            matcher = segment.postings(field, term, weighting=searcher.weighting)
            while matcher.is_active():
                scores[matcher.id() + offset] = matcher.score()
                matcher.next()
        size = searcher.__dict__.get("_kb_term_score_entries", 0) + len(scores)
        if size > MAX_CACHED_SCORES:
            cache.clear()
            size = len(scores)
        searcher.__dict__["_kb_term_score_entries"] = size
        found = cache[key] = (scores, tuple(frequencies))
    return found


def _approximate(searcher, query, documents: set[int]) -> dict[int, float]:
    """The query's score for each of `documents` it matches, summed in no particular order."""
    if isinstance(query, Term):
        scores, boost = _term_scores(searcher, query.fieldname, query.text)[0], query.boost
        if len(scores) < len(documents):
            return {doc: score * boost for doc, score in scores.items() if doc in documents}
        return {doc: scores[doc] * boost for doc in documents if doc in scores}
    subqueries = query.subqueries
    if len(subqueries) == 1:  # Whoosh matches a one-part compound as its part (and ignores its boost)
        return _approximate(searcher, subqueries[0], documents)
    parts = [_approximate(searcher, sub, documents) for sub in subqueries]
    found: dict[int, float] = {}
    if isinstance(query, And):
        parts.sort(key=len)
        smallest, others = parts[0], parts[1:]
        for doc, score in smallest.items():
            if all(doc in other for other in others):
                found[doc] = score + sum(other[doc] for other in others)
    else:
        for part in parts:
            for doc, score in part.items():
                found[doc] = found.get(doc, 0.0) + score
    if query.boost != 1.0:
        found = {doc: score * query.boost for doc, score in found.items()}
    return found


# -- Whoosh's exact score ------------------------------------------------------------------------------
# The score Whoosh's matcher tree gives a document, without building the tree of matchers (a look-up per
# term and segment, most of a small search's time). Whoosh adds sub-scores pairwise in a tree whose shape
# follows its size estimates; floating-point sums depend on that order, so the shape is rebuilt here the
# way Whoosh builds it (tests/test_search_ranking.py holds the two equal).
def _estimate(searcher, query, segment: int, documents: int) -> int:
    """Whoosh's `estimate_size` of `query` on one segment."""
    if isinstance(query, Term):
        return _term_scores(searcher, query.fieldname, query.text)[1][segment] or 0
    sizes = [_estimate(searcher, sub, segment, documents) for sub in query.subqueries]
    return min(sizes) if isinstance(query, And) else min(sum(sizes), documents)


def _tree(searcher, query, segment: int, documents: int):
    """document number -> the query's score as Whoosh's matcher for this segment computes it (None: no match)."""
    if isinstance(query, Term):
        scores, frequencies = _term_scores(searcher, query.fieldname, query.text)
        if frequencies[segment] is None:
            return lambda _doc: None
        if query.boost == 1.0:
            return scores.get
        boost = query.boost

        def boosted(doc):
            score = scores.get(doc)
            return None if score is None else score * boost

        return boosted
    subqueries = query.subqueries
    if not subqueries:
        return lambda _doc: None
    if len(subqueries) == 1:
        return _tree(searcher, subqueries[0], segment, documents)
    both = isinstance(query, And)
    sign = -1 if both else 1  # Whoosh joins an And's rarest parts first, an Or's
    nodes = [
        (sign * _estimate(searcher, sub, segment, documents), _tree(searcher, sub, segment, documents))
        for sub in subqueries
    ]
    nodes.sort(key=lambda node: node[0])  # stable, as Whoosh's sort: equal sizes keep their order
    while len(nodes) > 1:
        (weight_a, a), (weight_b, b) = nodes.pop(0), nodes.pop(0)
        weight = weight_a + weight_b
        position = bisect.bisect_right([node[0] for node in nodes], weight)
        nodes.insert(position, (weight, _joined(a, b, both)))
    tree = nodes[0][1]
    if query.boost == 1.0:
        return tree
    boost = query.boost
    return lambda doc: None if (score := tree(doc)) is None else score * boost


def _joined(a, b, both: bool):
    """Whoosh's IntersectionMatcher (`both`) or UnionMatcher: a + b where both match."""

    def joined(doc):
        score_a, score_b = a(doc), b(doc)
        if score_a is None or score_b is None:
            return None if both else (score_b if score_a is None else score_a)
        return score_a + score_b

    return joined


def _supported(query) -> bool:
    if isinstance(query, Term):
        return True
    return isinstance(query, And | Or) and all(_supported(sub) for sub in query.subqueries)


def top_documents(searcher, query, documents: set[int], limit: int) -> list[tuple[float, int]]:
    """(score, document number) of the best `limit` of `documents` that `query` matches, best first."""
    if not _supported(query):  # queries come from kb.search.query; anything else is ranked by Whoosh
        results = searcher.search(query, limit=limit, filter=documents)
        return [(hit.score, hit.docnum) for hit in results]
    approximate = _approximate(searcher, query, documents)
    if len(approximate) > limit:
        nth = heapq.nlargest(limit, approximate.values())[-1]
        floor = nth - MARGIN * (1.0 + abs(nth))
        candidates = sorted(doc for doc, score in approximate.items() if score >= floor)
    else:
        candidates = sorted(approximate)
    exact, position = [], 0
    for number, (segment, offset) in enumerate(searcher.leaf_searchers()):
        end = offset + segment.doc_count_all()
        if position >= len(candidates) or candidates[position] >= end:
            continue
        tree = _tree(searcher, query, number, segment.reader().doc_count())
        while position < len(candidates) and candidates[position] < end:
            score = tree(candidates[position])
            if score is not None:
                exact.append((score, candidates[position]))
            position += 1
    exact.sort(key=lambda pair: (-pair[0], pair[1]))
    return exact[:limit]
