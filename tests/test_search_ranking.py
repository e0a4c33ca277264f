"""Ranking: each tier's best N by exact BM25F score (ties by document number), whatever N is asked for."""

import pytest

from kb.search.analysis import HAND_SPLITTER
from kb.search.query import build_query, current_synonyms
from kb.search.ranking import top_documents
from kb.search.store import searcher_for
from kb.search.sync import store
from tests.test_relevance import judgments

BROAD_WORDS = ["børn", "unge", "familie", "behandling", "støtte", "forældretræning", "hjemløse borgere"]


def test_the_best_n_are_the_first_n_of_every_match_scored_in_full(seeded_app):
    """For every judged query and broad word: the same documents, scores and order as scoring every match."""
    with seeded_app.app_context():
        searcher = searcher_for(store())
        compared = 0
        for text in [judgment["q"] for judgment in judgments()] + BROAD_WORDS:
            query = build_query(text, current_synonyms(), match_all=False, splitter=HAND_SPLITTER)
            # Without a limit Whoosh scores every match with the whole query (no block skipping).
            every = [(hit.score, hit.docnum) for hit in searcher.search(query, limit=None)]
            documents = {docnum for _score, docnum in every}
            for limit in (1, 3, 10, 50):
                assert top_documents(searcher, query, documents, limit) == every[:limit], (text, limit)
                compared += 1
        assert compared > 700


@pytest.mark.parametrize("word", ["unge", "behandling", "familie"])
def test_pages_of_ten_are_the_top_fifty_in_order(seeded_client, word):
    """Paging through a broad word never skips or repeats a result (as ranking with a different N could)."""
    top_fifty = seeded_client.get("/api/v1/search", query_string={"q": word, "per_page": 50}).get_json()["results"]
    pages = [
        seeded_client.get("/api/v1/search", query_string={"q": word, "page": page}).get_json()["results"]
        for page in (1, 2, 3)
    ]
    assert [hit["url"] for page in pages for hit in page] == [hit["url"] for hit in top_fifty[:30]]
    assert len(top_fifty) >= 20
