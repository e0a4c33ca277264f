"""Two gunicorn app servers with index directories of their own on one PostgreSQL, as a region runs them.

An edit saved on one is found by search on the other; a server that was down catches up; a server
whose index directory is lost answers a limited search (never a 500) while it rebuilds.
"""

import fcntl
import json
import shutil
import time
import urllib.parse
from pathlib import Path

import pytest
from flask_migrate import stamp
from sqlalchemy import select

from kb.extensions import db
from kb.models import Method
from kb.search.store import REFRESH_SECONDS
from tests.accounts import PASSWORD, make_user
from tests.conftest import _make_app
from tests.servers import AppServer, app_environment, wait_until
from tests.webclient import WebClient

pytestmark = pytest.mark.postgres_only
FOLLOW_SECONDS = 0.5  # how often each server's follower looks at the log


@pytest.fixture(scope="module")
def hosts(postgres_url, tmp_path_factory):
    """Servers A and B, each with two workers and its own index directory, on one seeded database.

    Shared by the tests of this module (starting servers is slow); each test renames to words of its own.
    """
    directory = tmp_path_factory.mktemp("hosts")
    app = _make_app(directory, postgres_url, seed=True)
    with app.app_context():
        stamp()  # the schema came from the models; marked as migrated so /readyz can say ready
        method_id = db.session.scalar(select(Method.id).where(Method.slug == "housing-first"))
    make_user(app, "redaktoer@example.dk")
    servers = {
        name: AppServer(
            app_environment(
                postgres_url,
                directory / f"index-{name}",
                KB_INDEX_FOLLOW_SECONDS=FOLLOW_SECONDS,
                KB_INDEX_HOST=f"host-{name}",
            ),
            directory / f"gunicorn-{name}.log",
        )
        for name in ("a", "b")
    }
    shutil.copytree(app.config["KB_INDEX_DIR"], directory / "index-a", symlinks=True)  # B builds its own
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    for server in servers.values():
        server.start()
    for server in servers.values():
        wait_until(lambda s=server: ready(s), 30, message=f"{server.base} ready")
    yield servers, method_id
    for server in servers.values():
        server.stop()
    for name, server in servers.items():
        assert "Traceback" not in server.log(), f"server {name}:\n{server.log()[-4000:]}"


def ready(server: AppServer) -> bool:
    client = WebClient(server.base)
    status, body = client.get("/readyz")
    return status == 200 and json.loads(body)["checks"]["index"]["ready"]


def search_titles(server: AppServer, words: str) -> list[str]:
    status, body = WebClient(server.base).get(f"/api/v1/search?q={urllib.parse.quote(words)}")
    assert status == 200, body
    return [hit["title"] for hit in json.loads(body)["results"]]


def rename(server: AppServer, method_id: int, name: str) -> None:
    editor = WebClient(server.base)
    editor.sign_in("redaktoer@example.dk", PASSWORD)
    status, body = editor.submit(f"/redaktion/metoder/{method_id}", {"name": name, "comment": "test"})
    assert status in (302, 303), body[:2000]


def test_an_edit_saved_on_one_server_is_found_on_the_other_within_two_seconds(hosts):
    servers, method_id = hosts
    rename(servers["a"], method_id, "Boligen Straks Nu")
    took = wait_until(
        lambda: "Boligen Straks Nu" in search_titles(servers["b"], "boligen straks nu"),
        2.0,
        message="the edit found on server B",
    )
    assert took <= 2.0


def test_a_stopped_server_catches_up_when_it_starts_again(hosts):
    servers, method_id = hosts
    servers["b"].stop()
    rename(servers["a"], method_id, "Boligen Først")
    rename(servers["a"], method_id, "Boligen Allerførst")
    servers["b"].start()
    wait_until(
        lambda: "Boligen Allerførst" in search_titles(servers["b"], "boligen allerførst"),
        10,
        message="server B caught up",
    )
    assert "Boligen Først" not in search_titles(servers["b"], "boligen først")


def test_a_server_that_lost_its_index_answers_a_limited_search_while_it_rebuilds(hosts):
    servers, _method_id = hosts
    index_dir = servers["b"].environment["KB_INDEX_DIR"]
    shutil.rmtree(index_dir)
    # Hold B's index lock so the rebuild waits while we look at what search answers meanwhile.
    Path(index_dir).mkdir()
    with open(Path(index_dir) / "write.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        visitor = WebClient(servers["b"].base)
        # Each worker thread keeps its searcher for REFRESH_SECONDS before it looks at the disk again: once
        # that has passed, no worker can still answer from the index it had open (one that had just served
        # the previous test could, and the assertions below would race it).
        time.sleep(REFRESH_SECONDS + 0.2)
        wait_until(
            lambda: "midlertidigt begrænset" in visitor.get("/soeg?q=familieterapi")[1], 5, message="the limited search"
        )
        status, page = visitor.get("/soeg?q=funktionel+familieterapi")
        assert status == 200
        assert "Søgningen er midlertidigt begrænset" in page
        assert "Funktionel Familieterapi" in page  # names are still found, from the database
        status, body = visitor.get("/api/v1/search?q=familieterapi")
        assert status == 200 and json.loads(body)["limited"] is True
        assert visitor.get("/readyz")[0] == 503
        fcntl.flock(lock, fcntl.LOCK_UN)
    wait_until(lambda: ready(servers["b"]), 30, message="server B rebuilt its index")
    status, body = WebClient(servers["b"].base).get("/api/v1/search?q=familieterapi")
    assert "limited" not in json.loads(body)  # the full search again: compounds, stems, typos
    assert "Funktionel Familieterapi" in [hit["title"] for hit in json.loads(body)["results"]]
