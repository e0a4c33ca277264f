"""Highlighted snippets: the passages of a result's text around the words it was found by.

The output is exactly Whoosh's highlighting (`Hit.highlights` with a ContextFragmenter and `<mark>`),
which re-analyses the whole stored text through the analyzer's chain of generators for every hit. Here
one regular-expression pass and a per-word memo (`CompoundSplitter.index_terms`) give the same tokens,
and only matched tokens become Whoosh objects; fragment scoring and formatting are Whoosh's own. On the
seeded demo Whoosh's highlighting was a third of a search request's time.
`tests/test_search_snippets.py` holds the two to the same output.
"""

import re
from collections import deque

from whoosh import highlight
from whoosh.analysis import Token

from kb.search.analysis import WORD_PATTERN, current_splitter

SNIPPET_CHARACTERS = 220
SURROUND = 60
# Analysed texts remembered, counted in tokens (about 100 bytes each).
MAX_ANALYSED_TOKENS = 200_000
_analysed_texts: dict[tuple, tuple[tuple[str, int, int], ...]] = {}
_analysed_tokens = 0
_WORDS = re.compile(WORD_PATTERN)
_SCORER = highlight.BasicFragmentScorer()


class MarkFormatter(highlight.HtmlFormatter):
    """Matched words in <mark>, fragments joined by an ellipsis."""

    def __init__(self):
        super().__init__(tagname="mark", between=" … ", classname="", termclass="")

    def format_token(self, text, token, replace=False):
        """One matched word, escaped, in <mark>."""
        return f"<mark>{highlight.htmlescape(highlight.get_text(text, token, replace))}</mark>"


FORMATTER = MarkFormatter()


def fragmenter() -> highlight.ContextFragmenter:
    """The fragmenter whose output `highlight` reproduces (for Whoosh's own highlighting of the same hits)."""
    return highlight.ContextFragmenter(maxchars=SNIPPET_CHARACTERS, surround=SURROUND)


def _analysed(text: str) -> tuple[tuple[str, int, int], ...]:
    """(term, startchar, endchar) of every token the field's analyzer yields for `text` (stop words kept:
    highlighting analyses with removestops=False). Remembered per text: results repeat across searches."""
    splitter = current_splitter()
    key = (splitter, text)
    tokens = _analysed_texts.get(key)
    if tokens is None:
        terms_of = splitter.index_terms
        tokens = tuple(
            (term, match.start(), match.end())
            for match in _WORDS.finditer(text)
            for term in terms_of(match.group().lower())
        )
        global _analysed_tokens
        if _analysed_tokens + len(tokens) > MAX_ANALYSED_TOKENS:
            _analysed_texts.clear()
            _analysed_tokens = 0
        _analysed_tokens += len(tokens)
        _analysed_texts[key] = tokens
    return tokens


def _tokens(text: str, words: frozenset[str]):
    """(text, startchar, endchar, matched) as Whoosh's highlighter sees the analysed tokens after merging
    consecutive matched ones."""
    merged = None  # (text, startchar, endchar): consecutive matched tokens highlighted as one
    for term, start, end in _analysed(text):
        if term not in words:
            if merged is not None:
                yield (*merged, True)
                merged = None
            yield term, start, end, False
        elif merged is None:
            merged = (term, start, end)
        elif start <= merged[2]:
            if end > merged[2]:
                merged = (merged[0] + term[merged[2] - end :], merged[1], end)
        else:
            yield (*merged, True)
            merged = None
            yield term, start, end, True
    if merged is not None:
        yield (*merged, True)


def _fragments(text: str, words: frozenset[str]):
    """Whoosh's ContextFragmenter.fragment_tokens over the token tuples."""
    maxchars, surround, charlimit = SNIPPET_CHARACTERS, SURROUND, highlight.DEFAULT_CHARLIMIT
    first, firsts, countdown, matched, endchar, length = None, deque(), -1, [], None, 0
    for term, startchar, endchar, is_match in _tokens(text, words):
        token_length = endchar - startchar
        if charlimit and endchar > charlimit:
            break
        if countdown < 0 and not is_match:
            firsts.append(startchar)
            while firsts and endchar - firsts[0] > surround:
                firsts.popleft()
        elif length + token_length > maxchars:
            countdown = 0
        elif is_match:
            countdown = surround
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = startchar
                    countdown += surround
            matched.append(Token(text=term, startchar=startchar, endchar=endchar, matched=True))
        if countdown >= 0:
            length += token_length
            countdown -= token_length
            if countdown <= 0:
                yield highlight.mkfrag(text, matched, startchar=first, endchar=endchar)
                matched, firsts, first, length = [], deque(), None, 0
    if matched:
        yield highlight.mkfrag(text, matched, startchar=first, endchar=endchar)


def highlight_text(text: str, words: frozenset[str], top: int) -> str:
    """The best `top` passages of `text` with `words` (index terms) marked, in text order; "" when none match."""
    if not words or not text:
        return ""
    best = highlight.top_fragments(_fragments(text, words), top, _SCORER, highlight.FIRST, minscore=1)
    return FORMATTER.format(best)


def unmarked_snippet(text: str) -> str:
    """The start of `text` as a snippet when none of the searched words can be marked in it: whitespace
    collapsed, cut at a word boundary within SNIPPET_CHARACTERS, ending in " …" when cut (not escaped)."""
    text = " ".join(text.split())
    return text[:SNIPPET_CHARACTERS].rsplit(" ", 1)[0] + " …" if len(text) > SNIPPET_CHARACTERS else text


def marked_words(query, reader, field: str) -> frozenset[str]:
    """The terms of `query` in `field` that the index holds: what a snippet of that field marks."""
    return frozenset(
        text.decode("utf-8") if isinstance(text, bytes) else text
        for _field, text in query.existing_terms(reader, expand=True, fieldname=field)
    )
