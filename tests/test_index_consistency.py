"""The index stays true to the database across crashes and concurrent writers in several processes."""

import json
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kb import create_app
from kb.extensions import db
from kb.search import check, follower
from tests.servers import AppServer

ROOT = Path(__file__).resolve().parent.parent

CRASHING_WRITER = """
import json, os, signal, sys
from kb import create_app
from kb.extensions import db
from kb.models import Method
config = json.loads(sys.argv[1])
config["KB_INDEX_AFTER_COMMIT"] = False  # the process dies before it gets to update the index
app = create_app(config)
with app.app_context():
    method = db.session.scalar(db.select(Method).where(Method.slug == "housing-first"))
    method.name = "Boligen Straks"
    db.session.commit()
    os.kill(os.getpid(), signal.SIGKILL)
"""

WRITER = """
import json, sys
from kb import create_app
from kb.extensions import db
from kb.models import Method
config, prefix, rounds, offset = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
app = create_app(config)
with app.app_context():
    slugs = list(db.session.scalars(db.select(Method.slug).order_by(Method.slug)))
    for i in range(rounds):
        method = db.session.scalar(db.select(Method).where(Method.slug == slugs[(offset + i) % len(slugs)]))
        method.summary = f"{method.summary.split(' Kodeord')[0]} Kodeord {prefix}x{i}"
        db.session.commit()
print("done")
"""


def config_of(app) -> dict:
    return {key: app.config[key] for key in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "KB_INDEX_DIR")}


def run_python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_a_crash_between_commit_and_indexing_is_repaired_on_the_next_start(seeded_app):
    config = config_of(seeded_app)
    crashed = run_python(CRASHING_WRITER, json.dumps(config))
    assert crashed.returncode == -9, crashed.stderr
    with seeded_app.app_context():
        assert len(check().stale) == 1  # the index is behind …
    restarted = create_app({**config, "KB_INDEX_FOLLOW_SECONDS": 0.1})  # … until the next start
    try:
        assert restarted.test_client().get("/").status_code == 200  # its first request starts the follower
        with restarted.app_context():
            deadline = time.monotonic() + 5
            while check().count and time.monotonic() < deadline:
                time.sleep(0.1)
            assert check().count == 0
    finally:
        follower.stop(restarted)
        time.sleep(0.3)  # let it notice before the next test reuses the database
        with restarted.app_context():
            db.engine.dispose()
    body = restarted.test_client().get("/api/v1/search?q=boligen%20straks").get_json()
    assert [r["slug"] for r in body["results"]][:1] == ["housing-first"]


def test_sync_index_applies_what_a_crash_left_pending(seeded_app):
    config = config_of(seeded_app)
    assert run_python(CRASHING_WRITER, json.dumps(config)).returncode == -9
    result = seeded_app.test_cli_runner().invoke(args=["kb", "check-index"])
    assert result.exit_code == 1
    assert "stale: method:" in result.output
    result = seeded_app.test_cli_runner().invoke(args=["kb", "sync-index"])
    assert result.exit_code == 0, result.output
    result = seeded_app.test_cli_runner().invoke(args=["kb", "check-index"])
    assert result.exit_code == 0
    assert "0 differences" in result.output


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


@pytest.fixture
def gunicorn(seeded_app, tmp_path):
    """The seeded site served by gunicorn with two worker processes."""
    config = config_of(seeded_app)
    environment = {
        "KB_SECRET_KEY": config["SECRET_KEY"],
        "KB_TOTP_KEY": config["SECRET_KEY"],
        "KB_DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
        "KB_INDEX_DIR": config["KB_INDEX_DIR"],
        # The test polls search many times a second from one address; the limits are specified in
        # test_search_limits.py.
        "KB_SEARCH_RATE_LIMIT": "100000 per minute",
        "KB_SUGGEST_RATE_LIMIT": "100000 per minute",
    }
    server = AppServer(environment, tmp_path / "gunicorn.log").start()
    yield server.base, config
    server.stop()
    output = server.log()
    assert "Traceback" not in output, output


def test_concurrent_writers_and_two_workers_keep_the_index_true(gunicorn):
    base, config = gunicorn
    statuses = []

    def read(i):
        status, _body = get_json(f"{base}/api/v1/search?q=kodeord%20{i % 7}")
        statuses.append(status)

    with ThreadPoolExecutor(max_workers=6) as pool:
        # Each writer changes its own methods, 10 commits each, all at the same time.
        writers = [
            pool.submit(run_python, WRITER, json.dumps(config), prefix, "10", str(offset))
            for prefix, offset in (("alfa", 0), ("beta", 10), ("gamma", 20))
        ]
        readers = [pool.submit(read, i) for i in range(60)]
        for future in readers:
            future.result()
        results = [future.result() for future in writers]
    assert all(result.returncode == 0 for result in results), [r.stderr[-2000:] for r in results]
    assert not any("locked" in result.stderr.lower() for result in results)
    assert set(statuses) == {200}

    # Every writer's last change is searchable through both workers within a couple of seconds.
    deadline = time.monotonic() + 3
    wanted = {f"{prefix}x{i}" for prefix in ("alfa", "beta", "gamma") for i in (0, 9)}
    while time.monotonic() < deadline:
        seen = set()
        for word in wanted:
            for _ in range(4):  # several requests, so both workers answer
                status, body = get_json(f"{base}/api/v1/search?q={word}")
                if status == 200 and body["total"] >= 1:
                    seen.add(word)
        if seen == wanted:
            break
        time.sleep(0.2)
    assert seen == wanted

    app = create_app(config)
    with app.app_context():
        assert check().count == 0
        db.engine.dispose()
