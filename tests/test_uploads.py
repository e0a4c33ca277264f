"""Uploaded files (issue 11, finding 2): a file belongs to its conference output and is public only while
that output exists on a published conference; editors fetch any file through /redaktion; addresses are
unguessable; orphaned files are reported and removed by a command."""

import io
import os
import re
import time
from urllib.parse import unquote

import pytest

from kb.extensions import db
from kb.models import Conference, Upload
from kb.services import uploads
from tests import factories
from tests.accounts import csrf_token, signed_in_editor

PDF = b"%PDF-1.7\n%test\n"


@pytest.fixture
def editor(app, tmp_path):
    app.config["KB_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return signed_in_editor(app)


def make_conference(app, status="published", slug="januar") -> int:
    with app.app_context():
        conference = factories.conference("Januarkonference", slug=slug, status=status)
        db.session.commit()
        return conference.id


def upload(editor, conference_id: int, name="Slides fra oplæg.pdf") -> str:
    path = f"/redaktion/konferencer/{conference_id}"
    form = {
        "csrf_token": csrf_token(editor, path),
        "title": "Slides",
        "kind": "presentation",
        "file": (io.BytesIO(PDF), name),
    }
    response = editor.post(f"{path}/filer", data=form, content_type="multipart/form-data")
    assert response.status_code == 302
    with editor.application.app_context():
        return db.session.get(Conference, conference_id).outputs[-1].url


def set_status(app, conference_id: int, status: str) -> None:
    with app.app_context():
        db.session.get(Conference, conference_id).status = status
        db.session.commit()


def test_a_file_on_a_published_conference_is_public(app, editor, client):
    url = upload(editor, make_conference(app))
    response = client.get(url)
    assert response.status_code == 200
    assert response.data == PDF
    assert "public" in response.headers["Cache-Control"]
    page = client.get("/konferencer/januar").get_data(as_text=True)
    assert f'href="{url}"' in page


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_a_file_of_an_unpublished_conference_is_not_public(app, editor, client, status):
    conference_id = make_conference(app)
    url = upload(editor, conference_id)
    set_status(app, conference_id, status)
    assert client.get(url).status_code == 404


def test_a_file_whose_output_line_was_deleted_is_not_public(app, editor, client):
    conference_id = make_conference(app)
    url = upload(editor, conference_id)
    with app.app_context():
        conference = db.session.get(Conference, conference_id)
        conference.outputs = []
        db.session.commit()
    assert client.get(url).status_code == 404


def test_a_file_named_on_another_published_conference_stays_private(app, editor, client):
    hidden = make_conference(app, status="draft", slug="kladde")
    url = upload(editor, hidden)
    other = make_conference(app, slug="offentlig")
    with app.app_context():
        factories.output(db.session.get(Conference, other), "Lånt fil", url=url)
        db.session.commit()
    assert client.get(url).status_code == 404


def test_editors_fetch_any_file_through_the_editor_area_with_private_caching(app, editor, client):
    url = upload(editor, make_conference(app, status="draft"))
    editor_url = "/redaktion" + url
    response = editor.get(editor_url)
    assert response.status_code == 200 and response.data == PDF
    assert "private" in response.headers["Cache-Control"] and "no-store" in response.headers["Cache-Control"]
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert client.get(editor_url).status_code in (302, 401, 403)  # the public is sent to sign in
    # An editor following the public link of a file that is not public (e.g. in a preview) gets it privately.
    followed = editor.get(url)
    assert followed.status_code == 302 and unquote(followed.headers["Location"]).endswith(editor_url)
    assert "private" in followed.headers["Cache-Control"]


def test_file_addresses_are_unguessable(app, editor):
    conference_id = make_conference(app)
    first, second = upload(editor, conference_id), upload(editor, conference_id)
    keys = [re.fullmatch(r"/filer/([A-Za-z0-9_-]+)/[^/]+", url).group(1) for url in (first, second)]
    assert all(len(key) >= 20 for key in keys)
    with app.app_context():
        ids = {str(row.id) for row in db.session.query(Upload)}
    assert not ids & set(keys)


def test_old_numbered_addresses_redirect_when_public_and_answer_404_otherwise(app, editor, client):
    conference_id = make_conference(app)
    url = upload(editor, conference_id)
    name = url.rsplit("/", 1)[1]
    with app.app_context():
        upload_id = db.session.query(Upload).one().id
    old = f"/filer/{upload_id}/{name}"
    response = client.get(old)
    assert response.status_code == 301 and unquote(response.headers["Location"]).endswith(url)
    assert client.get(f"/filer/{upload_id}/andet-navn.pdf").status_code == 404
    assert client.get(f"/filer/{upload_id + 1}/{name}").status_code == 404
    set_status(app, conference_id, "draft")
    assert client.get(old).status_code == 404


def test_a_restored_output_line_with_an_old_numbered_address_still_counts(app, editor, client):
    conference_id = make_conference(app)
    upload(editor, conference_id)
    with app.app_context():
        row = db.session.query(Upload).one()
        old = f"/filer/{row.id}/{row.original_name}"
        db.session.get(Conference, conference_id).outputs[0].url = old
        db.session.commit()
    assert client.get(old).status_code == 301


def test_the_orphans_command_reports_and_removes_files_no_output_uses(app, editor, tmp_path):
    conference_id = make_conference(app)
    kept = upload(editor, conference_id, "beholdes.pdf")
    upload(editor, conference_id, "fjernes.pdf")
    with app.app_context():
        conference = db.session.get(Conference, conference_id)
        conference.outputs = [o for o in conference.outputs if o.url == kept]
        db.session.commit()
    with app.app_context():  # a file imported from the old site, public on its own: never an orphan
        uploads.store_bytes(PDF, "fra-plone.pdf", None, public_alone=True)
        db.session.commit()
    stray = tmp_path / "uploads" / "efterladt.pdf"
    stray.write_bytes(PDF)
    an_hour_ago = time.time() - 2 * 3600
    os.utime(stray, (an_hour_ago, an_hour_ago))
    fresh = tmp_path / "uploads" / "under-upload.pdf"
    fresh.write_bytes(PDF)

    runner = app.test_cli_runner()
    report = runner.invoke(args=["kb", "uploads", "orphans"])
    assert report.exit_code == 0, report.output
    assert "fjernes.pdf" in report.output and "efterladt.pdf" in report.output
    assert "beholdes.pdf" not in report.output and "under-upload.pdf" not in report.output
    assert "fra-plone.pdf" not in report.output
    with app.app_context():
        assert db.session.query(Upload).count() == 3  # reporting changes nothing

    cleaned = runner.invoke(args=["kb", "uploads", "orphans", "--delete"])
    assert cleaned.exit_code == 0, cleaned.output
    with app.app_context():
        assert sorted(row.original_name for row in db.session.query(Upload)) == ["beholdes.pdf", "fra-plone.pdf"]
        remaining = sorted(p.name for p in (tmp_path / "uploads").iterdir())
        imported = db.session.query(Upload).filter_by(original_name="fra-plone.pdf").one().path
    assert "efterladt.pdf" not in remaining and "under-upload.pdf" in remaining
    assert len(remaining) == 3
    assert app.test_client().get(kept).status_code == 200
    assert app.test_client().get(imported).status_code == 200
