"""Faults a production site meets: a worker killed mid-save, PostgreSQL restarted under load, a backup taken
while editors save. Nothing acknowledged is lost, nothing is half-saved, and visitors never see a 500.
"""

import errno
import io
import json
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask_migrate import stamp
from sqlalchemy import create_engine, func, select, text
from werkzeug.datastructures import MultiDict

from kb import create_app
from kb.extensions import db
from kb.models import Conference, Method, Revision, Upload
from kb.search import check
from kb.seed.loader import load_demo_content
from tests import factories
from tests.accounts import PASSWORD, csrf_token, make_user, signed_in_editor
from tests.conftest import _make_app, test_config
from tests.servers import AppServer, PrivatePostgres, app_environment, http_status, wait_until
from tests.webclient import FormParser, WebClient

EDITOR = "redaktoer@example.dk"


def method_state(app, method_id: int | None = None) -> tuple[int, str, int]:
    """(id, name, number of revisions) of a method (default Housing First), read fresh from the database."""
    with app.app_context():
        where = Method.id == method_id if method_id else Method.slug == "housing-first"
        method = db.session.scalar(select(Method).where(where))
        revisions = db.session.scalar(
            select(func.count()).where(Revision.content_type == "method", Revision.content_id == method.id)
        )
        state = (method.id, method.name, revisions)
        db.session.remove()
        return state


def index_agrees(app, index_dir) -> bool:
    checker = create_app(
        {**test_config(app.config["SQLALCHEMY_DATABASE_URI"], index_dir), "KB_INDEX_FOLLOW_SECONDS": 0}
    )
    with checker.app_context():
        differences = check()
        db.engine.dispose()
    return differences.count == 0


@pytest.mark.postgres_only
def test_a_worker_killed_in_the_middle_of_a_save_leaves_no_half_saved_item(seeded_app, postgres_url, tmp_path):
    with seeded_app.app_context():
        stamp()
    make_user(seeded_app, EDITOR)
    method_id, name_before, revisions_before = method_state(seeded_app)
    index_dir = tmp_path / "index-server"
    server = AppServer(app_environment(postgres_url, index_dir), tmp_path / "gunicorn.log", workers=1).start()
    try:
        wait_until(lambda: http_status(f"{server.base}/readyz") == 200, 60, message="the server's index built")
        editor = WebClient(server.base)
        editor.sign_in(EDITOR, PASSWORD)
        # Hold the revision number the save will write, so the save stops inside its transaction, after
        # it has updated the method row and while it inserts the revision.
        blocker = create_engine(postgres_url)
        with blocker.connect() as connection:
            transaction = connection.begin()
            connection.execute(
                text(
                    "INSERT INTO revision (content_type, content_id, number, data, status, comment, created_at) "
                    "VALUES ('method', :id, :number, '{}', 'published', '', now())"
                ),
                {"id": method_id, "number": revisions_before + 1},
            )
            outcome = {}

            def save():
                try:
                    outcome["status"] = editor.submit(f"/redaktion/metoder/{method_id}", {"name": "Halvt Gemt"})[0]
                except OSError as error:  # the worker dies under the request
                    outcome["error"] = error

            saver = threading.Thread(target=save)
            saver.start()
            waiting = text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            with blocker.connect() as observer:
                wait_until(lambda: observer.execute(waiting).scalar() > 0, 20, message="the save waiting mid-way")
            (worker,) = server.worker_pids()
            os.kill(worker, signal.SIGKILL)
            saver.join(timeout=30)
            transaction.rollback()
        blocker.dispose()
        assert "status" not in outcome or outcome["status"] >= 500  # the save was never acknowledged
        assert method_state(seeded_app) == (method_id, name_before, revisions_before)  # nothing half-saved
        # The master starts a new worker; the site and the index are whole, and the next save works.
        wait_until(lambda: http_status(f"{server.base}/readyz") == 200, 60, message="a new worker, ready")
        assert index_agrees(seeded_app, index_dir)
        editor = WebClient(server.base)
        editor.sign_in(EDITOR, PASSWORD)
        assert editor.submit(f"/redaktion/metoder/{method_id}", {"name": "Helt Gemt"})[0] in (302, 303)
        assert method_state(seeded_app, method_id)[1:] == ("Helt Gemt", revisions_before + 1)
        assert index_agrees(seeded_app, index_dir)
    finally:
        server.stop()


@pytest.fixture
def private_postgres():
    server = PrivatePostgres().initialise()
    yield server
    server.remove()


@pytest.mark.postgres_only
def test_postgresql_restarted_under_load_gives_danish_503s_then_recovers_with_nothing_lost(private_postgres, tmp_path):
    app = create_app(test_config(private_postgres.url, tmp_path / "index"))
    with app.app_context():
        db.create_all()
        load_demo_content()
        stamp()
        db.engine.dispose()
    make_user(app, EDITOR)
    method_id, _name, _revisions = method_state(app)
    server = AppServer(app_environment(private_postgres.url, tmp_path / "index"), tmp_path / "gunicorn.log").start()
    try:
        editor = WebClient(server.base)
        editor.sign_in(EDITOR, PASSWORD)
        assert editor.submit(f"/redaktion/metoder/{method_id}", {"name": "Gemt Før Genstart"})[0] in (302, 303)

        answers, stop = [], threading.Event()
        paths = ["/", "/metoder", "/soeg?q=familie", "/api/v1/search?q=unge", "/indsatsomraader"]

        def read(offset: int):
            visitor = WebClient(server.base, timeout=30)
            count = 0
            while not stop.is_set() and count < 400:
                path = paths[(offset + count) % len(paths)]
                status, body = visitor.get(path)
                answers.append((path, status, body[:400]))
                count += 1

        with ThreadPoolExecutor(4) as pool:
            readers = [pool.submit(read, offset) for offset in range(4)]
            time.sleep(1.0)
            private_postgres.restart()
            time.sleep(2.0)
            stop.set()
            for reader in readers:
                reader.result(timeout=60)

        statuses = {status for _path, status, _body in answers}
        assert statuses <= {200, 503}, sorted({(p, s, b[:300]) for p, s, b in answers if s not in (200, 503)})
        for path, status, body in answers:
            if status == 503 and path.startswith("/api/"):
                assert json.loads(body)["error"]["status"] == 503
            elif status == 503:
                assert "midlertidigt utilgængelig" in body
        # The site recovers by itself, and what was acknowledged before the restart is still there.
        wait_until(lambda: http_status(f"{server.base}/readyz") == 200, 30, message="ready again")
        assert method_state(app, method_id)[1] == "Gemt Før Genstart"
        editor = WebClient(server.base)
        editor.sign_in(EDITOR, PASSWORD)
        assert editor.submit(f"/redaktion/metoder/{method_id}", {"name": "Gemt Efter Genstart"})[0] in (302, 303)
        assert method_state(app, method_id)[1] == "Gemt Efter Genstart"
    finally:
        server.stop()
        with app.app_context():
            db.engine.dispose()


def test_a_backup_taken_while_editors_save_restores_to_a_consistent_state(
    tmp_path, postgres_url, seeded_sqlite_template
):
    app = _make_app(tmp_path, postgres_url, seeded_sqlite_template, seed=True)
    app.config["KB_UPLOAD_DIR"] = str(tmp_path / "uploads")
    make_user(app, EDITOR)
    with app.app_context():
        methods = list(db.session.execute(select(Method.id, Method.name).order_by(Method.id).limit(4)))
    stop, saved = threading.Event(), []

    def edit(method_id: int, name: str):
        client = app.test_client()
        page = client.get("/konto/log-ind").get_data(as_text=True)
        parser = FormParser()
        parser.feed(page)
        fields = dict(parser.forms[-1]["fields"]) | {"email": EDITOR, "password": PASSWORD}
        assert client.post("/konto/log-ind", data=fields).status_code in (302, 303)
        round_ = 0
        while not stop.is_set() and round_ < 200:
            parser = FormParser()
            parser.feed(client.get(f"/redaktion/metoder/{method_id}").get_data(as_text=True))
            form = next(f for f in parser.forms if f["action"].endswith(f"/redaktion/metoder/{method_id}"))
            fields = [(k, v) for k, v in form["fields"] if k != "name"] + [("name", f"{name} {round_}")]
            if client.post(f"/redaktion/metoder/{method_id}", data=MultiDict(fields)).status_code in (302, 303):
                saved.append((method_id, round_))
            round_ += 1

    with ThreadPoolExecutor(len(methods)) as pool:
        editors = [pool.submit(edit, method_id, name) for method_id, name in methods]
        wait_until(
            lambda: len({method_id for method_id, _round in saved}) == len(methods), 120, message="every editor saving"
        )
        saved_before_backup = len(saved)
        result = app.test_cli_runner().invoke(args=["kb", "backup", str(tmp_path / "backup")])
        wait_until(lambda: len(saved) > saved_before_backup, 60, message="a save after the backup")
        stop.set()
        for editor in editors:
            editor.result(timeout=120)
    assert result.exit_code == 0, result.output

    restored = app.test_cli_runner().invoke(args=["kb", "restore", str(tmp_path / "backup"), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert app.test_cli_runner().invoke(args=["kb", "check-index"]).exit_code == 0
    with app.app_context():
        for method_id, _name in methods:  # each item and its newest revision were saved together, or neither
            name = db.session.scalar(select(Method.name).where(Method.id == method_id))
            newest = db.session.scalar(
                select(Revision.data)
                .where(Revision.content_type == "method", Revision.content_id == method_id)
                .order_by(Revision.number.desc())
                .limit(1)
            )
            if newest is not None:
                assert newest["name"] == name
        db.session.remove()
        db.engine.dispose()


def test_a_full_disk_while_uploading_leaves_no_partial_file_and_no_row(app, tmp_path, monkeypatch):
    """Simulated at the storage boundary: the disk fills up while the file's bytes are flushed to it."""
    upload_dir = tmp_path / "uploads"
    app.config["KB_UPLOAD_DIR"] = str(upload_dir)
    with app.app_context():
        conference = factories.conference("Januarkonference", slug="januar")
        db.session.commit()
        conference_id, version = conference.id, conference.version
    editor = signed_in_editor(app)
    path = f"/redaktion/konferencer/{conference_id}"

    def disk_full(_descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("kb.services.uploads.os.fsync", disk_full)
    form = {
        "csrf_token": csrf_token(editor, path),
        "title": "Slides",
        "kind": "presentation",
        "file": (io.BytesIO(b"%PDF-1.7\n" + b"x" * 200_000), "slides.pdf"),
    }
    response = editor.post(f"{path}/filer", data=form, content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200
    assert "Der er ikke plads til filen på serveren" in response.get_data(as_text=True)
    assert [p.name for p in upload_dir.iterdir()] == []  # no partial file, not even the temporary one
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Upload)) == 0  # no orphan row
        conference = db.session.get(Conference, conference_id)
        assert (conference.outputs, conference.version) == ([], version)
