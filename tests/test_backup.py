"""`flask kb backup` and `flask kb restore`: the database and uploaded files come back whole, or not at all."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kb.extensions import db
from kb.models import Method, SearchLogState
from kb.search import check


@pytest.fixture
def upload_dir(seeded_app, tmp_path):
    directory = tmp_path / "uploads"
    directory.mkdir()
    (directory / "ab12cd34.pdf").write_bytes(b"%PDF-1.4 program for the conference")
    seeded_app.config["KB_UPLOAD_DIR"] = str(directory)
    return directory


def invoke(app, *args, input=None):
    return app.test_cli_runner().invoke(args=["kb", *args], input=input)


def method_names(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Method.name).order_by(Method.id)))


def test_a_backup_restores_the_database_and_files_and_rebuilds_the_index(seeded_app, upload_dir, tmp_path):
    before = method_names(seeded_app)
    result = invoke(seeded_app, "backup", str(tmp_path / "backup"))
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["counts"]["method"] == len(before)
    assert "uploads/ab12cd34.pdf" in manifest["files"]

    with seeded_app.app_context():  # things go wrong after the backup
        db.session.execute(Method.__table__.update().values(name="Ødelagt"))
        db.session.commit()
    (upload_dir / "ab12cd34.pdf").unlink()

    result = invoke(seeded_app, "restore", str(tmp_path / "backup"), "--yes")
    assert result.exit_code == 0, result.output
    assert method_names(seeded_app) == before
    assert (upload_dir / "ab12cd34.pdf").read_bytes() == b"%PDF-1.4 program for the conference"
    with seeded_app.app_context():
        assert check().count == 0
        assert db.session.get(SearchLogState, "epoch") is not None


def test_a_damaged_backup_is_refused_and_says_which_file(seeded_app, upload_dir, tmp_path):
    assert invoke(seeded_app, "backup", str(tmp_path / "backup")).exit_code == 0
    with open(tmp_path / "backup" / "uploads" / "ab12cd34.pdf", "ab") as handle:
        handle.write(b"!")
    before = method_names(seeded_app)
    result = invoke(seeded_app, "restore", str(tmp_path / "backup"), "--yes")
    assert result.exit_code == 1
    assert "uploads/ab12cd34.pdf" in result.output and "checksum" in result.output
    assert method_names(seeded_app) == before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda backup: (backup / "manifest.json").unlink(), "manifest.json: missing"),
        (lambda backup: (backup / "manifest.json").write_text("{not json"), "not readable JSON"),
        (lambda backup: next(backup.glob("database.*")).unlink(), "missing from the backup"),
    ],
)
def test_an_incomplete_backup_is_refused_before_anything_is_replaced(seeded_app, upload_dir, tmp_path, damage, message):
    assert invoke(seeded_app, "backup", str(tmp_path / "backup")).exit_code == 0
    damage(tmp_path / "backup")
    result = invoke(seeded_app, "restore", str(tmp_path / "backup"), "--yes")
    assert result.exit_code == 1
    assert message in result.output


def test_a_manifest_cannot_point_outside_the_backup(seeded_app, upload_dir, tmp_path):
    assert invoke(seeded_app, "backup", str(tmp_path / "backup")).exit_code == 0
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["../../etc/passwd"] = {"sha256": "0", "bytes": 1}
    manifest_path.write_text(json.dumps(manifest))
    result = invoke(seeded_app, "restore", str(tmp_path / "backup"), "--yes")
    assert result.exit_code == 1
    assert "outside the backup" in result.output


def test_backup_refuses_a_directory_that_holds_something(seeded_app, upload_dir, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    result = invoke(seeded_app, "backup", str(tmp_path / "full"))
    assert result.exit_code == 1
    assert "not empty" in result.output


def test_restore_asks_before_replacing_anything(seeded_app, upload_dir, tmp_path):
    assert invoke(seeded_app, "backup", str(tmp_path / "backup")).exit_code == 0
    with seeded_app.app_context():
        db.session.execute(Method.__table__.update().values(name="Ændret efter backup"))
        db.session.commit()
    result = invoke(seeded_app, "restore", str(tmp_path / "backup"), input="n\n")
    assert result.exit_code == 1  # aborted
    with seeded_app.app_context():
        assert db.session.scalar(select(func.count()).where(Method.name == "Ændret efter backup")) > 0


def test_backup_files_are_listed_with_sizes_and_checksums(seeded_app, upload_dir, tmp_path):
    assert invoke(seeded_app, "backup", str(tmp_path / "backup")).exit_code == 0
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    listed = set(manifest["files"])
    present = {
        p.relative_to(tmp_path / "backup").as_posix() for p in Path(tmp_path / "backup").rglob("*") if p.is_file()
    }
    assert listed == present - {"manifest.json"}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())


def test_a_restore_brings_back_only_the_files_the_manifest_lists_and_checks(seeded_app, upload_dir, tmp_path):
    """Hostile backup: a file added after the backup was made, or a link to a file outside it, is not restored."""
    assert invoke(seeded_app, "backup", str(tmp_path / "backup")).exit_code == 0
    secret = tmp_path / "secret.txt"
    secret.write_text("KB_SECRET_KEY=not for the web")
    (tmp_path / "backup" / "uploads" / "0123abcd.pdf").symlink_to(secret)
    (tmp_path / "backup" / "uploads" / "added-later.pdf").write_bytes(b"%PDF-1.4 never checked")
    result = invoke(seeded_app, "restore", str(tmp_path / "backup"), "--yes")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in upload_dir.iterdir()) == ["ab12cd34.pdf"]


def test_a_manifest_entry_of_the_wrong_shape_is_refused_not_crashed_on(seeded_app, upload_dir, tmp_path):
    assert invoke(seeded_app, "backup", str(tmp_path / "backup")).exit_code == 0
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["uploads/ab12cd34.pdf"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))
    result = invoke(seeded_app, "restore", str(tmp_path / "backup"), "--yes")
    assert result.exit_code == 1
    assert "uploads/ab12cd34.pdf: its entry in the manifest is not" in result.output
