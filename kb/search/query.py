"""Turn what a practitioner typed into a Whoosh query: no query syntax, so no input can break it.

Each word becomes an alternative of: the word's stem in every text field (weighted by field), its
compound parts together, its synonyms, and (in the tolerant pass) similar words for longer words.
All words must match; when that finds nothing, any word may (`match_all=False`).
"""

import threading
import time
from dataclasses import dataclass

from sqlalchemy import select
from whoosh.query import And, NullQuery, Query, Term
from whoosh.query import Or as WhooshOr

from kb.extensions import db
from kb.models import SynonymGroup
from kb.search.analysis import HAND_SPLITTER, CompoundSplitter, analyse_word, query_words
from kb.search.schema import FIELD_BOOSTS, TEXT_FIELDS

MAX_WORDS = 12
FUZZY_MIN_LENGTH = 5
# Each typo expansion scans the index words with the same first letter in Python: at most this many
# words of a query are expanded, and each stem's near words are remembered (see README, "Search").
MAX_FUZZY_WORDS = 4
NEAR_CACHE_SIZE = 10_000
FUZZY_FIELDS = ("title", "aliases", "summary", "body")
VOCABULARY_FIELDS = ("title", "aliases", "summary", "related", "body")
SYNONYM_CACHE_SECONDS = 5.0
# Segments whose terms each process remembers: an index has a few large ones and, between merges, some
# small ones from recent edits.
SEGMENT_CACHE_SIZE = 32
_SEGMENT_TERMS: dict[str, dict[str, dict[str, int]]] = {}
_SEGMENT_LOCK = threading.Lock()

Stems = tuple[str, ...]


class Or(WhooshOr):
    """Any of the subqueries, always matched as a tree of unions.

    On an index of up to 5,000 documents Whoosh otherwise pre-reads every Or into an array of 2,048
    scores, filled and cleared in Python: on the seeded demo that was a third of a search request's time.
    The scores are the same sums either way; the tree is what Whoosh already uses on larger indexes.
    """

    matcher_type = WhooshOr.DEFAULT_MATCHER


@dataclass
class Synonyms:
    """Synonym groups as analysed phrases: each phrase maps to the other phrases of its groups."""

    alternatives: dict[Stems, set[Stems]]

    @classmethod
    def from_groups(cls, groups: list[list[str]]) -> "Synonyms":
        """The synonym lookup built from the editors' groups."""
        alternatives: dict[Stems, set[Stems]] = {}
        for group in groups:
            phrases = {phrase_stems(term) for term in group} - {()}
            for phrase in phrases:
                alternatives.setdefault(phrase, set()).update(phrases - {phrase})
        return cls(alternatives)


def phrase_stems(text: str) -> Stems:
    """The stems of a phrase's words."""
    readings = (analyse_word(word) for word in query_words(text))
    return tuple(reading[0][0] for reading in readings if reading)


_synonym_cache: dict[str, tuple[float, Synonyms]] = {}


def current_synonyms() -> Synonyms:
    """The synonym groups editors maintain, re-read at most every few seconds."""
    url = str(db.engine.url)
    cached = _synonym_cache.get(url)
    if cached and time.monotonic() - cached[0] < SYNONYM_CACHE_SECONDS:
        return cached[1]
    groups = [group.terms for group in db.session.scalars(select(SynonymGroup))]
    synonyms = Synonyms.from_groups(groups)
    _synonym_cache[url] = (time.monotonic(), synonyms)
    return synonyms


def forget_synonyms() -> None:
    """Drop the cached synonyms (after editors change them)."""
    _synonym_cache.clear()


def _term(stem: str, boost: float = 1.0) -> Query:
    return Or([Term(field, stem, boost=FIELD_BOOSTS[field] * boost) for field in TEXT_FIELDS])


def _phrase(stems: Stems, boost: float) -> Query:
    return _term(stems[0], boost) if len(stems) == 1 else And([_term(stem, boost) for stem in stems])


class Vocabulary:
    """The index's terms: grouped by first letter for near misses of a misspelt word, and with their
    document counts as the parts compounds may split into.

    Built from each segment's own terms, remembered by segment: segments never change once written, and
    an edit adds a small one, so a new index version re-reads only that (reading every term of a 10,000-
    method index through Whoosh's MultiReader took 2 s, and every worker paid it after every save)."""

    def __init__(self, reader):
        per_field: dict[str, dict[str, int]] = {field: {} for field in VOCABULARY_FIELDS}
        for segment_reader, _offset in reader.leaf_readers():
            for field, terms in _cached_segment_terms(segment_reader).items():
                counts = per_field[field]
                if not counts:
                    counts.update(terms)
                    continue
                for term, frequency in terms.items():
                    counts[term] = counts.get(term, 0) + frequency
        documents: dict[str, int] = {}
        for counts in per_field.values():
            for term, frequency in counts.items():
                if frequency > documents.get(term, 0):
                    documents[term] = frequency
        by_letter: dict[str, set[str]] = {}
        for field in FUZZY_FIELDS:
            for term in per_field[field]:
                by_letter.setdefault(term[:1], set()).add(term)
        self.documents = documents
        self.by_letter = {letter: sorted(terms) for letter, terms in by_letter.items()}
        self.splitter = CompoundSplitter(documents)
        self._near: dict[tuple[str, int], list[str]] = {}

    def near(self, stem: str, max_distance: int) -> list[str]:
        """`similar`, remembered: the strict and the loose pass of one search scan each stem once."""
        key = (stem, max_distance)
        if key not in self._near:
            if len(self._near) >= NEAR_CACHE_SIZE:
                self._near.clear()
            self._near[key] = self.similar(stem, max_distance)
        return self._near[key]

    def similar(self, stem: str, max_distance: int, limit: int = 12) -> list[str]:
        """Terms within `max_distance` edits of `stem` that share its first letter, nearest first."""
        found = []
        for term in self.by_letter.get(stem[:1], ()):
            if term != stem and abs(len(term) - len(stem)) <= max_distance:
                distance = edit_distance(stem, term, max_distance)
                if distance <= max_distance:
                    found.append((distance, term))
        return [term for _distance, term in sorted(found)[:limit]]


def _segment_terms(segment_reader) -> dict[str, dict[str, int]]:
    """One segment's document count of each term, per vocabulary field."""
    terms: dict[str, dict[str, int]] = {}
    for field in VOCABULARY_FIELDS:
        counts = terms[field] = {}
        for raw, info in segment_reader.iter_field(field):
            counts[raw.decode("utf-8") if isinstance(raw, bytes) else raw] = info.doc_frequency()
    return terms


def _cached_segment_terms(segment_reader) -> dict[str, dict[str, int]]:
    """`_segment_terms`, remembered by segment id (ids are random and a segment is never rewritten)."""
    segment = segment_reader.segment()
    if segment is None:  # an empty index has no segment to remember
        return _segment_terms(segment_reader)
    key = segment.segment_id()
    with _SEGMENT_LOCK:
        terms = _SEGMENT_TERMS.pop(key, None)
    if terms is None:
        terms = _segment_terms(segment_reader)
    with _SEGMENT_LOCK:
        _SEGMENT_TERMS[key] = terms  # most recently used last
        while len(_SEGMENT_TERMS) > SEGMENT_CACHE_SIZE:
            del _SEGMENT_TERMS[next(iter(_SEGMENT_TERMS))]
    return terms


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 as soon as it must exceed `limit`."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _fuzzy(stem: str, vocabulary: Vocabulary) -> Query | None:
    """Words near a longer stem: one edit for 5-7 letters, two from 8."""
    if len(stem) < FUZZY_MIN_LENGTH:
        return None
    similar = vocabulary.near(stem, 1 if len(stem) < 8 else 2)
    return Or([_term(term, 0.5) for term in similar]) if similar else None


def build_query(
    text: str,
    synonyms: Synonyms,
    vocabulary: Vocabulary | None = None,
    match_all: bool = True,
    splitter: CompoundSplitter = HAND_SPLITTER,
    any_part: bool = False,
) -> Query:
    """The query for `text`; NullQuery when it holds no searchable word. A vocabulary adds near misses;
    the splitter (the index's vocabulary) splits compounds the way the documents were split. A compound
    matches the whole word or all its parts; with `any_part`, any one of its parts (the last relaxation)."""
    words = query_words(text)[:MAX_WORDS]
    analysed = [readings for readings in (analyse_word(word, splitter) for word in words) if readings]
    first_stems = [readings[0][0] for readings in analysed]
    clauses, expanded = [], set()
    for position, readings in enumerate(analysed):
        alternatives = []
        for stem, parts in readings:
            alternatives.append(_term(stem))
            if parts:
                part_terms = [_term(part, 0.6) for part in parts]
                alternatives.append(Or(part_terms) if any_part else And(part_terms))
            for phrase in synonyms.alternatives.get((stem,), ()):
                alternatives.append(_phrase(phrase, 0.8))
            if vocabulary is not None and (stem in expanded or len(expanded) < MAX_FUZZY_WORDS):
                near = _fuzzy(stem, vocabulary)
                if len(stem) >= FUZZY_MIN_LENGTH:
                    expanded.add(stem)
                if near is not None:
                    alternatives.append(near)
        if position + 1 < len(first_stems):  # a two-word phrase with a synonym ("uden bolig")
            for phrase in synonyms.alternatives.get((first_stems[position], first_stems[position + 1]), ()):
                alternatives.append(_phrase(phrase, 0.8))
        clauses.append(Or(alternatives))
    if not clauses:
        return NullQuery
    if len(clauses) == 1:
        return clauses[0]
    return And(clauses) if match_all else Or(clauses)
