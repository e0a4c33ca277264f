"""Search as a cost lever (issue 11, finding 6): the work one request can cause is capped, and each client
gets a rate limit that holds across workers and hosts (the count lives in the database)."""

import random
import time

import pytest
from sqlalchemy import func, select
from whoosh.searching import Searcher

from kb import create_app
from kb.extensions import db
from kb.models import RateLimitCounter
from kb.search import query as search_query
from kb.search.params import MAX_QUERY_WORDS, MAX_RESULT_DEPTH
from kb.search.service import MAX_SPELLING_LOOKUPS
from tests.conftest import QueryCounter, test_config

MISSPELT = "hjemloshedd behandlinng forældreskabb misbrugerr konfliktter rehabiliteringg sygdommme "
TWELVE_LONG_TYPOS = (MISSPELT * 2).split()[:12]


def test_a_search_with_too_many_words_uses_the_first_ones_and_says_so(seeded_client):
    words = " ".join(["hjemløshed"] * (MAX_QUERY_WORDS + 4))
    page = seeded_client.get(f"/soeg?q={words}")
    assert page.status_code == 200
    assert f"kun de første {MAX_QUERY_WORDS} ord" in page.get_data(as_text=True)
    api = seeded_client.get(f"/api/v1/search?q={words}").get_json()
    assert api["query"] == " ".join(["hjemløshed"] * MAX_QUERY_WORDS)
    assert api["caps"][0]["parameter"] == "q"
    assert f"højst {MAX_QUERY_WORDS} ord" in api["caps"][0]["message"]


def test_results_deeper_than_the_cap_are_not_ranked_and_a_danish_message_says_so(seeded_client):
    api = seeded_client.get("/api/v1/search?q=unge&page=1000&per_page=50").get_json()
    assert api["page"] == MAX_RESULT_DEPTH // 50
    assert api["caps"] == [{"parameter": "page", "message": api["caps"][0]["message"]}]
    assert str(MAX_RESULT_DEPTH) in api["caps"][0]["message"]
    page = seeded_client.get("/soeg?q=unge&page=1000")
    assert page.status_code == 200
    assert f"første {MAX_RESULT_DEPTH} resultater" in page.get_data(as_text=True)
    assert (
        "caps" not in seeded_client.get(f"/api/v1/search?q=unge&page={MAX_RESULT_DEPTH // 50}&per_page=50").get_json()
    )


def test_typo_expansion_and_spelling_look_ups_are_capped_per_request(seeded_client, monkeypatch):
    scanned, looked_up = [], []
    similar, suggest = search_query.Vocabulary.similar, Searcher.suggest

    def counting_similar(self, stem, max_distance, limit=12):
        scanned.append(stem)
        return similar(self, stem, max_distance, limit)

    def counting_suggest(self, *args, **kwargs):
        looked_up.append(args)
        return suggest(self, *args, **kwargs)

    monkeypatch.setattr(search_query.Vocabulary, "similar", counting_similar)
    monkeypatch.setattr(Searcher, "suggest", counting_suggest)
    assert seeded_client.get("/api/v1/search", query_string={"q": " ".join(TWELVE_LONG_TYPOS[:8])}).status_code == 200
    assert 0 < len(scanned) <= search_query.MAX_FUZZY_WORDS
    assert 0 < len(looked_up) <= MAX_SPELLING_LOOKUPS


LIMITS = {"RATELIMIT_ENABLED": True, "KB_SEARCH_RATE_LIMIT": "3 per minute", "KB_SUGGEST_RATE_LIMIT": "5 per minute"}


def worker(seeded_app):
    """Another application (a gunicorn worker, or a second host) on the same database and index."""
    config = test_config(seeded_app.config["SQLALCHEMY_DATABASE_URI"], seeded_app.config["KB_INDEX_DIR"])
    return create_app({**config, **LIMITS})


@pytest.fixture
def limited_app(seeded_app):
    return worker(seeded_app)


def _from(address):
    return {"REMOTE_ADDR": address}


def test_a_client_searching_too_often_gets_a_danish_page_with_retry_after(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        assert client.get("/soeg?q=unge", environ_base=_from("198.51.100.7")).status_code == 200
    refused = client.get("/soeg?q=unge", environ_base=_from("198.51.100.7"))
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "For mange søgninger" in refused.get_data(as_text=True)
    assert client.get("/soeg?q=unge", environ_base=_from("198.51.100.8")).status_code == 200  # another client


def test_the_api_answers_429_in_json_with_retry_after(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        assert client.get("/api/v1/search?q=unge", environ_base=_from("2001:db8::1")).status_code == 200
    refused = client.get("/api/v1/search?q=unge", environ_base=_from("2001:db8::2"))  # same /64: same client
    assert refused.status_code == 429
    assert refused.get_json()["error"]["status"] == 429
    assert "Prøv igen" in refused.get_json()["error"]["message"]
    assert int(refused.headers["Retry-After"]) > 0
    for _ in range(5):
        assert client.get("/api/v1/suggest?q=hj", environ_base=_from("2001:db8::3")).status_code == 200
    assert client.get("/api/v1/suggest?q=hj", environ_base=_from("2001:db8::3")).status_code == 429


def test_the_count_is_shared_by_every_worker_on_the_same_database(seeded_app):
    first, second = worker(seeded_app).test_client(), worker(seeded_app).test_client()
    for client in (first, second, first):
        assert client.get("/api/v1/search?q=unge", environ_base=_from("203.0.113.5")).status_code == 200
    assert second.get("/api/v1/search?q=unge", environ_base=_from("203.0.113.5")).status_code == 429


def test_a_limited_search_writes_its_count_and_nothing_else(limited_app, monkeypatch):
    monkeypatch.setattr(random, "random", lambda: 0.0)  # were housekeeping left to chance, it would run now
    client = limited_app.test_client()
    with limited_app.app_context(), QueryCounter(db.engine) as counted:
        assert client.get("/api/v1/search?q=unge", environ_base=_from("192.0.2.9")).status_code == 200
    assert not [statement for statement in counted.statements if "DELETE" in statement.upper()]


def test_counting_a_search_leaves_the_pooled_connections_as_durable_as_before(limited_app):
    client = limited_app.test_client()
    for _ in range(2):
        assert client.get("/api/v1/suggest?q=hj", environ_base=_from("192.0.2.10")).status_code == 200
    with limited_app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL, SQLite's default
        else:
            assert connection.exec_driver_sql("SHOW synchronous_commit").scalar_one() == "on"


def test_ended_windows_are_forgotten_by_housekeeping_and_current_ones_kept(limited_app):
    from kb.ratelimit import DatabaseStorage, forget_ended_windows

    with limited_app.test_request_context():
        storage = DatabaseStorage()
        storage.incr("ended", expiry=1)
        storage.incr("current", expiry=60)
        time.sleep(1.05)
        assert forget_ended_windows() == 1
        assert db.session.scalar(select(func.count()).select_from(RateLimitCounter)) == 1
        assert storage.get("current") == 1


def test_a_malformed_rate_limit_setting_stops_start_up(monkeypatch):
    from kb.config import ConfigurationError, from_environment

    monkeypatch.setenv("KB_ENV", "development")
    monkeypatch.setenv("KB_SEARCH_RATE_LIMIT", "mange")
    with pytest.raises(ConfigurationError, match="KB_SEARCH_RATE_LIMIT"):
        from_environment()
    monkeypatch.setenv("KB_SEARCH_RATE_LIMIT", "30 per minute")
    assert from_environment()["KB_SEARCH_RATE_LIMIT"] == "30 per minute"
