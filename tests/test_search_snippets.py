"""Snippets: kb.search.snippets marks exactly what Whoosh's own highlighting marks, only faster."""

from whoosh.query import Or

from kb.extensions import db
from kb.search.analysis import HAND_SPLITTER
from kb.search.query import build_query, current_synonyms
from kb.search.snippets import MarkFormatter, fragmenter, highlight_text, marked_words
from kb.search.store import searcher_for
from kb.search.sync import store
from tests import factories
from tests.test_relevance import judgments

# Broad words, compounds (whose parts are marked too), ASCII spellings and stop words next to matches.
EXTRA_QUERIES = ["børn", "unge", "familie", "behandling", "forældretræning", "hjemloese", "og", "støtte i hjemmet"]


def _whoosh_and_ours(searcher, query):
    """(Whoosh's highlight, ours) for every hit of `query` and both snippet fields."""
    results = searcher.search(query, limit=None)
    results.fragmenter = fragmenter()
    results.formatter = MarkFormatter()
    for hit in results:
        for field in ("summary", "body"):
            if field in hit:
                words = marked_words(query, searcher.reader(), field)
                yield hit.highlights(field, top=2), highlight_text(hit[field], words, top=2)


def test_snippets_equal_whoosh_highlighting_for_every_judged_query_on_the_demo(seeded_app):
    """Every hit of the 188 judged queries (and broad words) gets the very snippet Whoosh would make."""
    with seeded_app.app_context():
        searcher = searcher_for(store())
        synonyms = current_synonyms()
        compared = 0
        for text in [judgment["q"] for judgment in judgments()] + EXTRA_QUERIES:
            query = build_query(text, synonyms, match_all=False, splitter=HAND_SPLITTER)
            for theirs, ours in _whoosh_and_ours(searcher, query):
                assert ours == theirs, text
                compared += 1
        assert compared > 1000


def test_long_texts_with_many_and_adjacent_matches_are_cut_like_whoosh(app):
    """Fragment length, the 2 best passages, neighbouring matches merged, compound parts: as Whoosh does it."""
    sentence = (
        "Forældretræning og familiebehandling i hjemmet: børn, unge og forældre får støtte. "
        "Behandling behandlingen behandler — unge-børn ungebørn. "
    )
    with app.app_context():
        factories.method("Lang tekst", slug="lang", summary=sentence * 3, description=f"<p>{sentence * 60}</p>")
        db.session.commit()
        searcher = searcher_for(store())
        for text in ("unge børn", "behandling", "forældretræning", "støtte hjemmet familie"):
            query = build_query(text, current_synonyms(), match_all=False)
            pairs = list(_whoosh_and_ours(searcher, Or([query])))
            assert pairs
            for theirs, ours in pairs:
                assert ours == theirs, text
