"""Moving in from Plone: the real collective.exportimport export in ../shared/fixtures/plone-export,
checked against its expected.tsv (both used as they are)."""

import base64
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kb import content, search
from kb.extensions import db
from kb.models import ImportKey, Method, Page, Redirect, Revision, Upload
from kb.services.plone.importer import import_plone
from kb.services.plone.mapping import MappingError, load_mapping
from kb.services.plone.reader import ExportError, read_export
from kb.text import plain_text, shorten
from tests.conftest import _make_app

EXPORT = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "plone-export"
if not EXPORT.is_dir():  # a worktree lives at /work/wt/<name>; the fixtures at /work/shared
    EXPORT = Path("/work/shared/fixtures/plone-export")
OLD_HOST = "https://www.metodecenter.dk"
STATES = {"published": "published", "pending": "review", "private": "draft"}
# What each Plone type may become (the default mapping decides which, by folder).
KINDS_FOR_TYPE = {
    "Document": {"method", "area", "page"},
    "Event": {"conference"},
    "News Item": {"page"},
    "Link": {"page"},
    "Collection": {"page"},
    "Folder": {"page"},
    "Image": {"upload"},
    "File": {"upload"},
}


def expected():
    """(items, redirects) from expected.tsv: items as dicts, redirects as (old path, target path)."""
    items, redirects, section = [], [], "items"
    for line in (EXPORT / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("# section: redirects"):
            section = "redirects"
        if not line or line.startswith("#") or line.startswith(("path\t", "old_path\t")):
            continue
        columns = line.split("\t")
        if section == "items":
            items.append(dict(zip(("path", "type", "state", "title"), columns, strict=True)))
        else:
            redirects.append((columns[0], columns[1]))
    return items, redirects


def run_import(app, dry_run=False):
    with app.test_request_context():
        return import_plone(read_export(EXPORT), load_mapping(), dry_run=dry_run)


@pytest.fixture(scope="module")
def imported(tmp_path_factory, postgres_url):
    """One import of the shared export, read by the tests below (importing takes seconds)."""
    directory = tmp_path_factory.mktemp("plone")
    app = _make_app(directory, postgres_url)
    app.config["KB_UPLOAD_DIR"] = str(directory / "uploads")
    report = run_import(app)
    yield app, report
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def key_of(path):
    return db.session.scalar(select(ImportKey).where(ImportKey.old_path == path, ~ImportKey.key.contains(":")))


def new_address(app, path):
    """Where the item imported from old `path` lives now (following the folder to its stand-in)."""
    client = app.test_client()
    response = client.get(path)
    return response.headers["Location"] if response.status_code == 301 else path


def test_every_exported_item_arrives_with_its_type_title_and_state(imported):
    app, report = imported
    items, _ = expected()
    with app.app_context():
        for row in items:
            key = key_of(row["path"])
            if row["type"] == "Plone Site":
                assert key is None and any(path == "/" for path, _t, _r in report.skipped)
                continue
            if key is None:  # a folder answered by a list or by its default page
                assert row["type"] == "Folder", row
                continue
            assert key.content_type in KINDS_FOR_TYPE[row["type"]], row
            if key.content_type == "upload":
                assert db.session.get(Upload, key.content_id) is not None
                continue
            item = db.session.get(content.kind(key.content_type).model, key.content_id)
            assert getattr(item, content.kind(key.content_type).title_field) == row["title"], row
            assert item.status == STATES[row["state"]], row


def test_every_old_path_of_a_published_item_answers_301_to_its_new_address(imported):
    app, report = imported
    items, redirects = expected()
    client = app.test_client()
    live = {old for old, _new in report.live_paths}
    old_paths = [(row["path"], row["path"]) for row in items if row["state"] in ("published", "")]
    old_paths += redirects
    checked, seen = 0, set()
    for old, current in old_paths:
        if old == "/" or old in live:
            continue
        target = new_address(app, current)
        variants = [old, old + "/view"]
        if old.endswith((".png", ".jpg")):
            variants += [old + "/@@images/image/preview", old + "/@@images/image"]
        if old.endswith((".pdf", ".docx")):
            variants.append(old + "/@@download/file")
        for variant in variants:
            for base_url in ("http://localhost", OLD_HOST):
                response = client.get(variant, base_url=base_url)
                if variant == target:  # the item kept its address: it answers there itself
                    assert response.status_code == 200, variant
                    continue
                assert response.status_code == 301, (variant, response.status_code)
                assert response.headers["Location"] == target, variant
                if target not in seen:
                    assert client.get(target).status_code == 200, target
                    seen.add(target)
                checked += 1
    assert checked > 100
    # Metodebasen's own lists answer the old folders of the same name; the report says which were taken over.
    assert client.get("/metoder").status_code == 200
    assert [old for old, _new in report.live_paths] == ["/om"]


def test_the_redirectors_physical_paths_with_the_site_id_answer_too(imported):
    app, _report = imported
    client = app.test_client()
    response = client.get("/metodecenter/metoder/mst")
    assert response.status_code == 301
    assert response.headers["Location"] == "/metoder/multisystemisk-terapi"


def test_unpublished_items_stay_unknown_at_their_old_paths(imported):
    app, _report = imported
    client = app.test_client()
    for path in ("/metoder/peerstotte", "/metoder/tryghedscirklen", "/om/intern/redaktionel-vejledning"):
        assert client.get(path).status_code == 404, path


def test_no_resolveuid_or_old_site_link_survives_and_links_lead_to_the_new_addresses(imported):
    app, report = imported
    with app.app_context():
        texts = [m.description for m in db.session.scalars(select(Method))]
        texts += [p.body for p in db.session.scalars(select(Page))]
        for kind in ("area", "conference"):
            texts += [i.description for i in db.session.scalars(select(content.kind(kind).model))]
        assert texts and not any("resolveuid" in t.lower() for t in texts)
        assert not any("metodecenter.dk" in t for t in texts)
        assert not any("<img" in t for t in texts)
        kat = db.session.scalar(select(Method).where(Method.name == "Kognitiv adfærdsterapi"))
        # "mst" (relative, an old path that now redirects) and /metoder/evidensskala (moved to /om)
        assert 'href="/metoder/multisystemisk-terapi"' in kat.description
        assert 'href="/sider/evidensskala"' in kat.description
    assert report.unresolved_links == []
    for href in ('href="/metoder/multisystemisk-terapi"', 'href="/sider/evidensskala"'):
        page = app.test_client().get("/metoder/kognitiv-adfaerdsterapi").get_data(as_text=True)
        assert href in page


def test_images_and_files_download_with_their_exported_bytes(imported):
    app, _report = imported
    records = json.loads(next(EXPORT.glob("metodecenter.json")).read_text(encoding="utf-8"))
    client = app.test_client()
    blobs = [(r["@id"].removeprefix(OLD_HOST), r.get("image") or r.get("file")) for r in records]
    blobs = [(path, blob) for path, blob in blobs if blob and blob.get("data") and not path.startswith("/nyheder")]
    assert len(blobs) == 4
    for path, blob in blobs:
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        assert response.data == base64.b64decode(blob["data"]), path


def test_dates_and_workflow_history_are_kept_as_revisions(imported):
    app, _report = imported
    with app.app_context():
        method = db.session.scalar(select(Method).where(Method.name == "Tryghedscirklen"))
        assert method.created_at.year == 2023 and method.status == "review"
        revisions = db.session.scalars(
            select(Revision)
            .where(Revision.content_type == "method", Revision.content_id == method.id)
            .order_by(Revision.number)
        ).all()
        assert [r.status for r in revisions] == ["draft", "review", "review"]
        assert revisions[1].comment == "Plone: submit af anne.redaktoer: Klar til faglig godkendelse"
        assert revisions[1].created_at.isoformat().startswith("2023-10-02T11:30")
        assert revisions[2].comment.startswith("Importeret fra Plone (oprettet 2023-10-02")


def test_imported_content_is_searchable_through_the_outbox(imported):
    app, _report = imported
    client = app.test_client()
    hits = client.get("/api/v1/search?q=housing first").get_json()["results"]
    assert any(hit["url"].endswith("/metoder/housing-first") for hit in hits)
    hits = client.get("/api/v1/search?q=kontakt metodecenteret").get_json()["results"]
    assert any("/sider/" in hit["url"] for hit in hits)
    with app.app_context():
        assert search.check().count == 0  # the index agrees with the database


def _counts():
    tables = (ImportKey, Method, Page, Redirect, Revision, Upload)
    counts = {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in tables}
    counts["versions"] = sorted(db.session.scalars(select(Method.version)))
    return counts


def test_a_second_import_changes_nothing(imported):
    app, first = imported
    with app.app_context():
        before = _counts()
    second = run_import(app)
    assert not second.created and not second.updated
    assert len(second.unchanged) == len(first.created)
    with app.app_context():
        assert _counts() == before


def test_the_dry_run_prints_and_writes_the_report_and_nothing_else(app, tmp_path):
    app.config["KB_UPLOAD_DIR"] = str(tmp_path / "uploads")
    report_file = tmp_path / "report.txt"
    result = app.test_cli_runner().invoke(
        args=["kb", "import-plone", str(EXPORT), "--dry-run", "--report", str(report_file)]
    )
    assert result.exit_code == 0, result.output
    text = report_file.read_text(encoding="utf-8")
    assert "DRY RUN" in text and "members: 3" in text and "groups: 5" in text and "local roles: 47" in text
    assert "40 created" in result.output
    with app.app_context():
        assert all(count in (0, []) for count in _counts().values())
    assert not (tmp_path / "uploads").exists()


def test_a_mapping_naming_an_unknown_type_is_refused_with_its_place(tmp_path):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[[rule]]\ntypes = ["Document"]\nkind = "nyhed"\n', encoding="utf-8")
    with pytest.raises(MappingError, match="rule 1: kind 'nyhed'"):
        load_mapping(mapping)


def _mini_export(directory: Path, *records) -> Path:
    site = {"@id": OLD_HOST, "@type": "Plone Site", "UID": "f" * 32, "id": "site", "title": "Site", "parent": {}}
    (directory / "site.json").write_text(json.dumps([site, *records]), encoding="utf-8")
    return directory


def _record(path, portal_type, uid, **fields):
    return {"@id": OLD_HOST + path, "@type": portal_type, "UID": uid, "id": path.rsplit("/", 1)[-1],
            "review_state": "published", "parent": {"UID": "f" * 32}, **fields}  # fmt: skip


def test_hostile_plone_content_is_sanitised_like_an_editors(app, tmp_path):
    export = _mini_export(
        tmp_path,
        _record(
            "/om/a", "Document", "a" * 32, title="A", text={"data": '<p onclick="x()">Hej</p><script>alert(1)</script>'}
        ),
        _record("/om/b", "Link", "b" * 32, title="B", remoteUrl="javascript:alert(1)"),
    )
    with app.test_request_context():
        report = import_plone(read_export(export), load_mapping())
        bodies = [p.body for p in db.session.scalars(select(Page))]
    assert len(report.created) == 2
    assert bodies and not any("script" in b or "onclick" in b or "javascript" in b for b in bodies)


def test_an_unreadable_plone_export_is_refused_naming_file_record_and_field(tmp_path):
    export = _mini_export(tmp_path, _record("/om/a", "Document", "not-a-uid", title="A"))
    with pytest.raises(ExportError, match=r"site.json: record 1 \(https://www.metodecenter.dk/om/a\): field 'UID'"):
        read_export(export)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("parent", "f" * 32),
        ("subjects", 5),
        ("workflow_history", ["published"]),
        ("workflow_history", {"simple_publication_workflow": ["published"]}),
    ],
)
def test_a_plone_field_of_the_wrong_shape_is_refused_naming_it_not_crashed_on(tmp_path, field, value):
    export = _mini_export(tmp_path, _record("/om/a", "Document", "a" * 32, title="A", **{field: value}))
    place = r"site.json: record 1 \(https://www.metodecenter.dk/om/a\)"
    with pytest.raises(ExportError, match=rf"{place}: field '{field}'"):
        read_export(export)


@pytest.mark.parametrize(
    ("file", "data", "message"),
    [
        ("export_relations.json", ["a" * 32], "export_relations.json: record 0: not an object"),
        ("export_ordering.json", [{"uuid": "a" * 32, "order": "først"}], "export_ordering.json: record 0: field"),
    ],
)
def test_an_export_file_of_the_wrong_shape_is_refused_naming_it_not_crashed_on(tmp_path, file, data, message):
    export = _mini_export(tmp_path, _record("/om/a", "Document", "a" * 32, title="A"))
    (export / file).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ExportError, match=message):
        read_export(export)


def test_a_link_to_something_not_imported_is_listed_in_the_report_not_silently_kept(app, tmp_path):
    text = '<p><a href="/om/findes-ikke">borte</a> <a href="resolveuid/' + "c" * 32 + '">også borte</a></p>'
    export = _mini_export(tmp_path, _record("/om/a", "Document", "a" * 32, title="A", text={"data": text}))
    with app.test_request_context():
        report = import_plone(read_export(export), load_mapping())
        body = db.session.scalars(select(Page)).one().body
    assert report.unresolved_links == [("/om/a", "/om/findes-ikke"), ("/om/a", "resolveuid/" + "c" * 32)]
    assert "href" not in body and "borte" in body and "også borte" in body
    assert "Links to content that was not imported (2" in "\n".join(report.lines())


def test_an_item_named_like_existing_content_is_imported_beside_it_and_reported(seeded_app, tmp_path):
    export = _mini_export(
        tmp_path, _record("/metoder/hf", "Document", "a" * 32, title="Housing First", description="Bolig først.")
    )
    with seeded_app.test_request_context():
        report = import_plone(read_export(export), load_mapping())
    assert report.created[0][3] == "/metoder/housing-first-2"
    assert any("'Housing First' already existed" in note for note in report.notes)


def test_a_file_in_a_private_plone_folder_stays_private(app, tmp_path):
    app.config["KB_UPLOAD_DIR"] = str(tmp_path / "uploads")
    pdf = {"data": base64.b64encode(b"%PDF-1.4 intern").decode(), "encoding": "base64",
           "content-type": "application/pdf", "filename": "intern.pdf"}  # fmt: skip
    folder = _record("/om/intern", "Folder", "d" * 32, title="Intern", review_state="private")
    file = _record("/om/intern/intern.pdf", "File", "e" * 32, title="Intern", review_state=None, file=pdf)
    file["parent"] = {"UID": "d" * 32}
    export = _mini_export(tmp_path, folder, file)
    with app.test_request_context():
        import_plone(read_export(export), load_mapping())
    client = app.test_client()
    assert client.get("/om/intern/intern.pdf").status_code == 404
    with app.app_context():
        upload = db.session.scalars(select(Upload)).one()
    assert client.get(upload.path).status_code == 404


def test_a_plone_page_without_a_description_is_summarised_by_the_one_plain_text_helper(app, tmp_path):
    """Is the summary of a page with no description its text as kb.text reads HTML, shortened at a word?"""
    body = "<p><strong>Engagement</strong>: at være med.</p><p>" + "ord " * 100 + "</p>"
    export = _mini_export(tmp_path, _record("/om/a", "Document", "a" * 32, title="A", text={"data": body}))
    with app.test_request_context():
        import_plone(read_export(export), load_mapping())
        page = db.session.scalars(select(Page)).one()
    assert page.summary == shorten(plain_text(body), 300)
    assert page.summary.startswith("Engagement: at være med. ord ord")
