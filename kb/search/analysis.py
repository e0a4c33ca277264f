"""Danish text analysis shared by indexing and querying, so both sides always agree.

Pipeline: words → lower case → Danish stop words dropped → Danish Snowball stemming → æ/ø/å and
accents folded (æ→ae, ø→oe, å→aa) → compounds split into parts the index knows (their stems kept
alongside the whole word; see `CompoundSplitter`).
Stemming needs the Danish letters ("hjemløse" → "hjemløs"), so it comes before folding; a query typed
without them ("hjemloese") is also tried with them restored (see `analyse_word`).
"""

import math
import unicodedata
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.lang import stemmer_for_language, stopwords_for_language

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})
WORD_PATTERN = r"\w+"
_stem_danish = stemmer_for_language("da")
MIN_COMPOUND_LENGTH = 7
MIN_PART_LENGTH = 3  # hand-listed parts
MIN_LEARNED_PART_LENGTH = 4  # parts learned from the index's vocabulary
HAND_PART_DOCUMENTS = 20  # a hand-listed part counts as if this many documents held it
TERMS_CACHE_SIZE = 200_000  # words remembered per splitter (`CompoundSplitter.index_terms`)


def fold(text: str) -> str:
    """Lower-case ASCII-ish form: Danish letters spelt out, other accents dropped."""
    text = text.lower().translate(_FOLD)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


# Verbal nouns the Snowball stemmer leaves whole, read as their verb so "håndtering" meets "håndtere" and
# "behandling" meets "behandle": (noun ending, verb ending). "-ning" is left alone: "træning" comes from
# "træne" but "rådgivning" from "rådgive", so no one rule serves both.
_VERBAL_NOUNS = (("ering", "ere"), ("ling", "le"))
MIN_VERBAL_NOUN_LENGTH = 8


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Danish stem of a lower-case word (with æ/ø/å), folded."""
    stemmed = _stem_danish(word)
    if len(stemmed) >= MIN_VERBAL_NOUN_LENGTH:
        for noun_ending, verb_ending in _VERBAL_NOUNS:
            if stemmed.endswith(noun_ending):
                stemmed = _stem_danish(stemmed.removesuffix(noun_ending) + verb_ending)
                break
    return fold(stemmed)


_UNFOLD = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))


def unfold(word: str) -> str:
    """Best guess at the Danish spelling of a word typed without æ/ø/å ("hjemloese" → "hjemløse")."""
    for ascii_form, letter in _UNFOLD:
        word = word.replace(ascii_form, letter)
    return word


DANISH_STOP_WORDS = frozenset(stopwords_for_language("da"))
FOLDED_STOP_WORDS = frozenset(fold(word) for word in DANISH_STOP_WORDS)


def _load_hand_list() -> tuple[frozenset[str], frozenset[str]]:
    """Hand-listed parts (always known) and exceptions ("!word": never split)."""
    path = Path(__file__).parent / "data" / "compound_parts.txt"
    lines = [line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    parts = {line for line in lines if not line.startswith("!") and len(line) >= MIN_PART_LENGTH}
    exceptions = {line[1:] for line in lines if line.startswith("!")}
    return frozenset(parts), frozenset(exceptions)


_HAND_PARTS, _NEVER_SPLIT = _load_hand_list()
_LINKING_LETTERS = ("s", "e")


class CompoundSplitter:
    """Splits compound words into parts the index knows; the split with the best-known parts wins.

    `known` maps stems to how many documents hold them (the index's own vocabulary). Any known stem
    of a word of at least MIN_LEARNED_PART_LENGTH letters can be a part; the hand list
    (kb/search/data/compound_parts.txt) adds parts that are always known, also short ones ("bo"-),
    and exceptions that are never split. Between the Danish parts a linking s or e may stand
    ("aggression-s-behandling", "traum-e-behandling"). A part may be a verbal noun in -ning whose verb
    the index knows ("nedtrapning" → "nedtrappe"). Fewest parts first, then the best-known parts.
    """

    def __init__(self, known: dict[str, int] | None = None):
        self.known = dict(known or {})
        self.hand = frozenset(stem(part) for part in _HAND_PARTS)
        for part_stem in self.hand:
            self.known[part_stem] = max(self.known.get(part_stem, 0), HAND_PART_DOCUMENTS)
        # A substring can only be a part if some known stem starts like it: skips most stemming.
        self._starts = frozenset(known_stem[:3] for known_stem in self.known)
        self._cache: dict[str, tuple[str, ...]] = {}
        self._terms: dict[str, tuple[str, ...]] = {}

    def index_terms(self, word: str) -> tuple[str, ...]:
        """What the index holds for a lower-case word: its stem, then its parts' stems (none equal to the one
        before it). Remembered: indexing and highlighting meet the same words over and over."""
        terms = self._terms.get(word)
        if terms is None:
            terms = [stem(word)]
            for part in self.split(word):
                if part != terms[-1]:
                    terms.append(part)
            if len(self._terms) >= TERMS_CACHE_SIZE:
                self._terms.clear()
            terms = self._terms[word] = tuple(terms)
        return terms

    def known_stem(self, word: str) -> str | None:
        """The stem under which the index knows `word`, or None."""
        if len(word) < MIN_PART_LENGTH or word in DANISH_STOP_WORDS or fold(word[:3])[:3] not in self._starts:
            return None
        word_stem = stem(word)
        if word_stem in self.known and (len(word) >= MIN_LEARNED_PART_LENGTH or word_stem in self.hand):
            return word_stem
        if word.endswith("ning") and len(word) >= MIN_VERBAL_NOUN_LENGTH:
            verb_stem = stem(word[:-4] + "e")
            if verb_stem in self.known:
                return verb_stem
        return None

    def _part(self, piece: str, last: bool) -> tuple[str, str] | None:
        """(stem, piece as written without its linking letter) when the index knows the piece."""
        found = self.known_stem(piece)
        if last or piece[-1:] not in _LINKING_LETTERS:
            return (found, piece) if found is not None else None
        # A linking letter: "aggression-s-", but "krise-" and "familie-" keep their own e.
        linked = self.known_stem(piece[:-1])
        if linked is not None and (found is None or (piece.endswith("s") and linked == found)):
            return linked, piece[:-1]
        return (found, piece) if found is not None else None

    def split(self, word: str) -> tuple[str, ...]:
        """Stems of the parts of a lower-case compound word, or () when it is not one."""
        return tuple(part_stem for part_stem, _piece in self._parts(word))

    def pieces(self, word: str) -> tuple[str, ...]:
        """The parts of a compound as written ("kriminalitetsforebyggelse" → kriminalitet, forebyggelse)."""
        return tuple(piece for _stem, piece in self._parts(word))

    def _parts(self, word: str) -> tuple[tuple[str, str], ...]:
        if len(word) < MIN_COMPOUND_LENGTH or word in _NEVER_SPLIT:
            return ()
        cached = self._cache.get(word)
        if cached is None:
            cached = self._cache[word] = self._best_split(word)
        return cached

    def _best_split(self, word: str) -> tuple[tuple[str, str], ...]:
        # best[i]: (sort key, parts) of the best split of word[i:]; the key prefers fewer, better-known parts.
        best: list[tuple[tuple, tuple[tuple[str, str], ...]] | None] = [None] * (len(word) + 1)
        best[len(word)] = ((0, 0.0), ())
        for start in range(len(word) - MIN_PART_LENGTH, -1, -1):
            for end in range(start + MIN_PART_LENGTH, len(word) + 1):
                rest = best[end]
                if rest is None or (start == 0 and end == len(word)):
                    continue
                part = self._part(word[start:end], last=end == len(word))
                if part is None:
                    continue
                (count, badness), parts = rest
                key = (count + 1, badness - math.log(1 + self.known[part[0]]))
                if best[start] is None or key < best[start][0]:
                    best[start] = (key, (part, *parts))
        found = best[0]
        return found[1] if found is not None and len(found[1]) > 1 else ()


HAND_SPLITTER = CompoundSplitter()
# A process-wide setting, not a thread-local one: a rebuild's writer processes are forked from the
# writing thread and must inherit it. Writes hold the index's write lock, so they do not overlap.
_writing = {"splitter": HAND_SPLITTER}


@contextmanager
def splitting_with(splitter: CompoundSplitter):
    """Index documents with `splitter` (the live index's vocabulary) instead of the hand list."""
    previous = _writing["splitter"]
    _writing["splitter"] = splitter
    try:
        yield
    finally:
        _writing["splitter"] = previous


def current_splitter() -> CompoundSplitter:
    """The splitter documents are analysed with right now (the hand list, or the live vocabulary in a rebuild)."""
    return _writing["splitter"]


class StemFilter(Filter):
    """Danish Snowball stemming, then folding (cached); after a compound's stem, its parts' stems."""

    def __call__(self, tokens):
        """Yield each token stemmed and folded, then its compound parts' stems."""
        splitter = current_splitter()
        for token in tokens:
            for term in splitter.index_terms(token.text):
                token.text = term
                yield token


def danish_analyzer():
    """The analyzer of every full-text field."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=DANISH_STOP_WORDS, minsize=1)
        | StemFilter()
    )


def spelling_analyzer():
    """Lower-case whole words as written (æ/ø/å kept): the vocabulary for "Mente du …?"."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter()


def query_words(text: str) -> list[str]:
    """The words of a typed query, lower case, with æ/ø/å kept (for display and spelling)."""
    return [token.text for token in spelling_analyzer()(text)]


WordTerms = tuple[str, tuple[str, ...]]  # (stem of the whole word, stems of its compound parts)


def analyse_word(word: str, splitter: CompoundSplitter = HAND_SPLITTER) -> list[WordTerms]:
    """A typed word as index terms, one reading per plausible spelling; [] for a stop word.

    The splitter should know the vocabulary of the index searched, so a query's compounds split into
    the same parts as the documents' did.
    """
    word = word.lower()
    if not word or word in DANISH_STOP_WORDS or fold(word) in FOLDED_STOP_WORDS:
        return []
    readings = []
    for spelling in dict.fromkeys((word, unfold(word))):
        whole = stem(spelling)
        if whole not in splitter.known:  # "nedtrapning" read as "nedtrappe" when only that is known
            whole = splitter.known_stem(spelling) or whole
        reading = (whole, splitter.split(spelling))
        if reading not in readings:
            readings.append(reading)
    return readings
