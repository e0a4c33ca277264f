"""Lossless export and import: export -> import into an empty database -> export gives identical files;
bad or partial exports are refused, naming file, record and field, and nothing is written."""

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kb.extensions import db
from kb.models import Method, Revision, ShortLink, Upload
from kb.services import accounts
from kb.services.plone.importer import import_plone
from kb.services.plone.mapping import load_mapping
from kb.services.plone.reader import read_export
from kb.services.transfer.exporter import export_all, sha256
from kb.services.transfer.loader import ImportRefused, import_all
from kb.services.transfer.tables import exported_tables
from tests.conftest import _make_app
from tests.test_plone_import import EXPORT as PLONE_EXPORT


def files_of(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def _use(app, tmp_path, name):
    app.config["KB_UPLOAD_DIR"] = str(tmp_path / f"uploads-{name}")
    return app


@pytest.fixture(scope="module")
def exported_once(tmp_path_factory, postgres_url, seeded_sqlite_template):
    """An export of the demo content plus the Plone import (pages, uploads, redirects, drafts), an account
    with a revision and a used short link; made once, copied for each test."""
    directory = tmp_path_factory.mktemp("transfer")
    app = _make_app(directory, postgres_url, seeded_sqlite_template, seed=True)
    _use(app, directory, "a")
    with app.test_request_context():
        import_plone(read_export(PLONE_EXPORT), load_mapping())
        user = accounts.create_user("redaktoer@example.dk", "editor", "korrekt hest batteri hæfteklamme 2026")
        db.session.scalars(select(Revision)).first().author_id = user.id
        db.session.commit()
        short = db.session.scalars(select(ShortLink.code).where(ShortLink.content_type == "method")).first()
    assert app.test_client().get(f"/l/{short}").status_code == 302
    with app.app_context():
        export_all(directory / "export")
        db.session.remove()
        db.engine.dispose()
    return directory / "export"


@pytest.fixture
def full_export(exported_once, tmp_path):
    return Path(shutil.copytree(exported_once, tmp_path / "export-a"))


def _fresh_app(tmp_path, postgres_url, name):
    return _use(_make_app(tmp_path / name, postgres_url), tmp_path, name)


def test_export_import_export_gives_identical_files(full_export, tmp_path, postgres_url):
    manifest = json.loads((full_export / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["short_link"]["records"] > 0 and manifest["tables"]["revision"]["records"] > 0
    assert manifest["tables"]["page"]["records"] > 0 and len(manifest["files"]) == 5
    assert not {"search_outbox", "search_index_host", "search_log_state", "audit_event"} & set(manifest["tables"])
    users = json.loads((full_export / "user_account.json").read_text(encoding="utf-8"))["records"]
    assert users and "password_hash" not in users[0]
    assert any(r["uses"] == 1 for r in json.loads((full_export / "short_link.json").read_text())["records"])
    for name, entry in manifest["tables"].items():
        assert sha256((full_export / entry["json"]).read_bytes()) == entry["json_sha256"], name

    app = _fresh_app(tmp_path, postgres_url, "b")
    with app.app_context():
        import_all(full_export)
        export_all(tmp_path / "export-b")
    assert files_of(tmp_path / "export-b") == files_of(full_export)

    client = app.test_client()
    hits = client.get("/api/v1/search?q=housing first").get_json()["results"]
    assert any(hit["url"].endswith("/metoder/housing-first") for hit in hits)
    assert client.get("/metoder/mst").status_code == 301  # redirects travel too
    assert client.get("/indsatsomraader/rosetten.png", follow_redirects=True).status_code == 200


def _rewrite(directory: Path, table: str, change) -> None:
    """Change one table's JSON and fix its checksum, as a careless hand edit would."""
    path = directory / f"{table}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["records"])
    body = (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()
    path.write_bytes(body)
    manifest_path = directory / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["tables"][table]["json_sha256"] = sha256(body)
    manifest["tables"][table]["records"] = len(data["records"])
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")


def _set(index, field, value):
    def change(records):
        records[index][field] = value

    return change


BAD_EXPORTS = [
    (
        "method",
        _set(1, "assessed_on", "31-12-2020"),
        "method.json: record 2 (id 2): field 'assessed_on' is not a valid date",
    ),
    ("method", _set(0, "evidence_level", "super"), "method.json: record 1 (id 1): field 'evidence_level' is 'super'"),
    ("method", _set(0, "description", "<p onclick=x>Hej</p>"), "field 'description' holds HTML the sanitiser"),
    ("method", _set(2, "name", None), "method.json: record 3 (id 3): field 'name' is required"),
    (
        "method_area",
        _set(0, "method_id", 999999),
        "method_area.json: record 1: field 'method_id' refers to method 999999",
    ),
    (
        "conference",
        lambda records: records[0].pop("venue"),
        "conference.json: record 1 (id 1): field 'venue' is missing",
    ),
    ("method", lambda records: records.append(dict(records[0])), "method.json: the database refused a record"),
    # Hostile exports: every stored field shown as HTML or used as a link is checked as the editor checks it.
    ("programme_item", _set(0, "description", "<script>alert(1)</script>"), "field 'description' holds HTML"),
    ("conference_output", _set(0, "description", "<img src=x onerror=alert(1)>"), "field 'description' holds HTML"),
    ("organisation", _set(0, "url", "javascript:alert(1)"), "organisation.json: record 1 (id 1): field 'url' is not"),
    ("conference_output", _set(0, "url", "//evil.example/x"), "conference_output.json: record 1 (id 1): field 'url'"),
    ("upload", _set(0, "stored_name", "../../etc/passwd"), "upload.json: record 1: field 'stored_name'"),
]


@pytest.mark.parametrize(("table", "change", "message"), BAD_EXPORTS, ids=[m[:40] for _t, _c, m in BAD_EXPORTS])
def test_a_bad_export_is_refused_naming_file_record_and_field_and_nothing_is_written(
    full_export, tmp_path, postgres_url, table, change, message
):
    _rewrite(full_export, table, change)
    _assert_refused(full_export, tmp_path, postgres_url, message)


def test_a_damaged_or_partial_export_is_refused(full_export, tmp_path, postgres_url):
    (full_export / "page.json").write_text("[]", encoding="utf-8")
    _assert_refused(full_export, tmp_path, postgres_url, "page.json: checksum does not match manifest.json")
    manifest = json.loads((full_export / "manifest.json").read_text(encoding="utf-8"))
    del manifest["tables"]["synonym_group"]
    (full_export / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    _assert_refused(full_export, tmp_path, postgres_url, "manifest.json: table 'synonym_group' is missing")


def test_a_database_that_is_not_empty_is_left_alone(full_export, seeded_app, tmp_path):
    with seeded_app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Method))
        with pytest.raises(ImportRefused, match="the database is not empty"):
            import_all(full_export)
        assert db.session.scalar(select(func.count()).select_from(Method)) == before


def _assert_refused(directory, tmp_path, postgres_url, message):
    app = _fresh_app(tmp_path, postgres_url, "refused")
    with app.app_context():
        with pytest.raises(ImportRefused) as refusal:
            import_all(directory)
        assert message in str(refusal.value)
        for table in exported_tables():
            assert db.session.scalar(select(func.count()).select_from(table)) == 0, table.name
        assert db.session.scalar(select(func.count()).select_from(Upload)) == 0
    uploads = tmp_path / "uploads-refused"
    assert not uploads.exists() or not any(uploads.iterdir())


def _edit_manifest(directory: Path, change) -> None:
    path = directory / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_a_manifest_naming_a_file_outside_the_export_is_refused(full_export, tmp_path, postgres_url):
    """Hostile manifest: a table's JSON is read only from the export directory, under the table's own name."""
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copyfile(full_export / "page.json", outside / "page.json")  # same bytes: the checksum still matches
    (full_export / "page.json").unlink()
    _edit_manifest(full_export, lambda manifest: manifest["tables"]["page"].update(json="../outside/page.json"))
    _assert_refused(full_export, tmp_path, postgres_url, "manifest.json: table 'page': field 'json' is not 'page.json'")
    _edit_manifest(full_export, lambda manifest: manifest["tables"]["page"].update(json=str(outside / "page.json")))
    _assert_refused(full_export, tmp_path, postgres_url, "manifest.json: table 'page': field 'json' is not 'page.json'")


def test_a_manifest_of_the_wrong_shape_is_refused_not_crashed_on(full_export, tmp_path, postgres_url):
    _edit_manifest(full_export, lambda manifest: manifest.update(files=["files/x.pdf"]))
    _assert_refused(full_export, tmp_path, postgres_url, "manifest.json: field 'files' is not an object")
    _edit_manifest(full_export, lambda manifest: manifest["tables"].update(page=7))
    _assert_refused(full_export, tmp_path, postgres_url, "manifest.json: table 'page' is not an object")
