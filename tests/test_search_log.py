"""Several hosts share one database: each host's index follows the database's log of index changes.

Two applications on one database with separate index directories stand in for two app servers.
"""

import shutil

import pytest
from sqlalchemy import func, insert, select

from kb import create_app
from kb.extensions import db
from kb.models import Method, SearchIndexHost, SearchLogState, SearchOutbox
from kb.search import apply_pending, check, prune, rebuild
from kb.search.store import IndexStore
from kb.search.sync import new_epoch, report_host
from tests import factories


@pytest.fixture
def second_host(seeded_app, tmp_path):
    """Another app server on the same database, with an index directory of its own, already built."""
    config = {key: seeded_app.config[key] for key in seeded_app.config if key.startswith(("KB_", "SQLALCHEMY_"))}
    other = create_app({**config, "TESTING": True, "SECRET_KEY": "test-secret", "KB_INDEX_DIR": str(tmp_path / "b")})
    with other.app_context():
        rebuild()
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def rename(app, slug: str, name: str) -> None:
    with app.app_context():
        method = db.session.scalar(select(Method).where(Method.slug == slug))
        method.name = name
        db.session.commit()


def titles(app, query: str) -> list[str]:
    body = app.test_client().get(f"/api/v1/search?q={query}").get_json()
    return [hit["title"] for hit in body["results"]]


def test_an_edit_on_one_host_reaches_the_other_hosts_index_when_it_follows_the_log(seeded_app, second_host):
    rename(seeded_app, "housing-first", "Boligen Straks")
    assert "Boligen Straks" in titles(seeded_app, "boligen straks")  # applied at once where it was saved
    assert "Boligen Straks" not in titles(second_host, "boligen straks")  # not yet followed there
    with second_host.app_context():
        assert apply_pending(blocking=True) >= 1
        assert check().count == 0
    assert "Boligen Straks" in titles(second_host, "boligen straks")


def test_a_host_that_was_down_catches_up_on_every_edit_made_meanwhile(seeded_app, second_host):
    with seeded_app.app_context():
        slugs = list(db.session.scalars(select(Method.slug).order_by(Method.slug).limit(5)))
    for number, slug in enumerate(slugs):
        rename(seeded_app, slug, f"Omdøbt metode nummer{number}")
    with second_host.app_context():
        assert len(check().stale) == 5
        apply_pending(blocking=True)
        assert check().count == 0


def test_the_log_keeps_entries_after_they_are_applied(seeded_app):
    with seeded_app.app_context():
        before = db.session.scalar(select(func.count(SearchOutbox.id)))
    rename(seeded_app, "housing-first", "Boligen Straks")
    with seeded_app.app_context():
        assert db.session.scalar(select(func.count(SearchOutbox.id))) == before + 1
        assert check().count == 0


def test_a_host_whose_index_directory_is_deleted_answers_a_limited_search_then_rebuilds(seeded_app, second_host):
    shutil.rmtree(second_host.config["KB_INDEX_DIR"])
    response = second_host.test_client().get("/soeg?q=housing")
    assert response.status_code == 200
    assert "Søgningen er midlertidigt begrænset" in response.get_data(as_text=True)
    assert "Housing First" in response.get_data(as_text=True)  # names still found, from the database
    body = second_host.test_client().get("/api/v1/search?q=housing").get_json()
    assert body["limited"] is True and "begrænset" in body["notice"]
    assert second_host.test_client().get("/api/v1/suggest?q=hous").get_json()["suggestions"] == []
    with second_host.app_context():
        apply_pending(blocking=True)  # what the follower thread does on its next pass
        assert check().count == 0
    body = second_host.test_client().get("/api/v1/search?q=housing").get_json()
    assert "limited" not in body
    assert body["results"][0]["title"] == "Housing First"


def test_an_entry_committed_out_of_order_is_applied_when_it_appears(seeded_app):
    """Ids are handed out before commit, so a lower id may become visible after a higher one."""
    with seeded_app.app_context():
        method = db.session.scalar(select(Method).where(Method.slug == "housing-first"))
        newest = db.session.scalar(select(func.max(SearchOutbox.id)))
        db.session.execute(insert(SearchOutbox), [{"id": newest + 2, "doc_key": "method:0"}])
        db.session.commit()
        apply_pending(blocking=True)
        cursor = IndexStore(seeded_app.config["KB_INDEX_DIR"]).read_cursor(
            IndexStore(seeded_app.config["KB_INDEX_DIR"]).current_path()
        )
        assert cursor["high"] == newest + 2
        assert str(newest + 1) in cursor["gaps"]
        # The late transaction: the item changed without the outbox hook, then its entry appears.
        db.session.execute(Method.__table__.update().where(Method.id == method.id).values(name="Sent Gemt Metode"))
        db.session.execute(insert(SearchOutbox), [{"id": newest + 1, "doc_key": f"method:{method.id}"}])
        db.session.commit()
        assert apply_pending(blocking=True) == 1
        assert check().count == 0


def test_pruning_keeps_what_a_recently_seen_host_still_needs(seeded_app, second_host):
    with second_host.app_context():
        report_host()  # the second host has followed everything so far
    with seeded_app.app_context():
        report_host()
    rename(seeded_app, "housing-first", "Boligen Straks")  # the second host has not seen this one
    with seeded_app.app_context():
        newest = db.session.scalar(select(func.max(SearchOutbox.id)))
        removed = prune()
        assert removed > 0
        remaining = list(db.session.scalars(select(SearchOutbox.id)))
        assert remaining == [newest]  # everything both hosts had, not what the second still needs
    with second_host.app_context():
        apply_pending(blocking=True)
        assert check().count == 0


def test_a_host_behind_what_was_pruned_rebuilds_instead_of_missing_changes(seeded_app, second_host):
    rename(seeded_app, "housing-first", "Boligen Straks")
    rename(seeded_app, "housing-first", "Boligen Straks Igen")
    with seeded_app.app_context():
        prune(retention_days=0)  # the retention has passed: entries go even though the second host lags
        marker = db.session.get(SearchLogState, "pruned_through")
        assert marker is not None and int(marker.value) > 0
    with second_host.app_context():
        apply_pending(blocking=True)
        assert check().count == 0
    assert "Boligen Straks Igen" in titles(second_host, "boligen straks igen")


def test_a_new_epoch_after_a_restore_makes_every_host_rebuild(seeded_app, second_host):
    with seeded_app.app_context():
        new_epoch(db.session)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(SearchIndexHost)) == 0
    with second_host.app_context():
        store = IndexStore(second_host.config["KB_INDEX_DIR"])
        before = store.current_path()
        apply_pending(blocking=True)
        assert store.current_path() != before  # a fresh generation, built from the database
        assert check().count == 0


def test_an_item_published_on_an_empty_site_builds_the_index_on_first_commit(app):
    with app.app_context():
        factories.method("Multisystemisk Terapi")
        db.session.commit()
        assert check().count == 0
    assert titles(app, "multisystemisk") == ["Multisystemisk Terapi"]
