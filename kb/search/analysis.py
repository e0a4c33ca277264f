"""Danish text analysis shared by indexing and querying, so both sides always agree.

Pipeline: words → lower case → compounds split into known parts (kept alongside the whole word) →
Danish stop words dropped → Danish Snowball stemming → æ/ø/å and accents folded (æ→ae, ø→oe, å→aa).
Stemming needs the Danish letters ("hjemløse" → "hjemløs"), so it comes before folding; a query typed
without them ("hjemloese") is also tried with them restored (see `analyse_word`).
"""

import unicodedata
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.lang import stemmer_for_language, stopwords_for_language

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})
_WORD_PATTERN = r"\w+"
_stem_danish = stemmer_for_language("da")
MIN_COMPOUND_LENGTH = 7
MIN_PART_LENGTH = 3


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


def _load_parts() -> tuple[frozenset[str], frozenset[str]]:
    path = Path(__file__).parent / "data" / "compound_parts.txt"
    words = {
        line.strip().lower()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    words = {w for w in words if len(w) >= MIN_PART_LENGTH}
    return frozenset(words), frozenset(stem(w) for w in words)


_PARTS, _PART_STEMS = _load_parts()


def _is_part(word: str) -> bool:
    return len(word) >= MIN_PART_LENGTH and (word in _PARTS or stem(word) in _PART_STEMS)


def _is_head(word: str) -> str | None:
    """The head as a base form, allowing the Danish linking letters s and e ("beskæftigelses-")."""
    if word in _PARTS:
        return word
    for link in ("s", "e"):
        if word.endswith(link) and word[:-1] in _PARTS and len(word) - 1 >= MIN_PART_LENGTH:
            return word[:-1]
    return None


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The known parts of a lower-case compound word, or () when it is not one ("familieterapi" → familie, terapi)."""
    if len(word) < MIN_COMPOUND_LENGTH:
        return ()
    for cut in range(len(word) - MIN_PART_LENGTH, MIN_PART_LENGTH - 1, -1):
        head = _is_head(word[:cut])
        if head is None:
            continue
        tail = word[cut:]
        if _is_part(tail):
            return (head, tail)
        rest = split_compound(tail)
        if rest:
            return (head, *rest)
    return ()


class CompoundFilter(Filter):
    """After each compound word, also yield its parts at the same position."""

    def __call__(self, tokens):
        for token in tokens:
            yield token
            if token.stopped:
                continue
            parts = split_compound(token.text)
            if parts:
                whole = token.text
                for part in parts:
                    token.text = part
                    yield token
                token.text = whole


class StemFilter(Filter):
    """Danish Snowball stemming, then folding (cached)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = stem(token.text)
            yield token


DANISH_STOP_WORDS = frozenset(stopwords_for_language("da"))
FOLDED_STOP_WORDS = frozenset(fold(word) for word in DANISH_STOP_WORDS)


def danish_analyzer():
    """The analyzer of every full-text field."""
    return (
        RegexTokenizer(_WORD_PATTERN)
        | LowercaseFilter()
        | CompoundFilter()
        | StopFilter(stoplist=DANISH_STOP_WORDS, minsize=1)
        | StemFilter()
    )


def spelling_analyzer():
    """Lower-case whole words as written (æ/ø/å kept): the vocabulary for "Mente du …?"."""
    return RegexTokenizer(_WORD_PATTERN) | LowercaseFilter()


def query_words(text: str) -> list[str]:
    """The words of a typed query, lower case, with æ/ø/å kept (for display and spelling)."""
    return [token.text for token in spelling_analyzer()(text)]


WordTerms = tuple[str, tuple[str, ...]]  # (stem of the whole word, stems of its compound parts)


def analyse_word(word: str) -> list[WordTerms]:
    """A typed word as index terms, one reading per plausible spelling; [] for a stop word."""
    word = word.lower()
    if not word or word in DANISH_STOP_WORDS or fold(word) in FOLDED_STOP_WORDS:
        return []
    readings = []
    for spelling in dict.fromkeys((word, unfold(word))):
        reading = (stem(spelling), tuple(stem(part) for part in split_compound(spelling)))
        if reading not in readings:
            readings.append(reading)
    return readings
