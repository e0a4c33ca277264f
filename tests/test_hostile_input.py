"""Hostile input in the editor's fields (issue 11, finding 5): links, rich text, programme lines, uploads."""

import io
import tracemalloc
import zipfile

import pytest

from kb.extensions import db
from kb.models import Organisation
from kb.sanitize import clean_html
from kb.services import uploads
from kb.services.editing import programme
from kb.weburl import check_web_url
from tests.accounts import csrf_token, signed_in_editor

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example",
    "/\\evil.example",
    "https://",
    "http:///path",
    "ftp://example.dk/fil",
    "https://exa mple.dk",
    "https://example.dk/\x00",
    "evil.example",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_the_url_validator_refuses_anything_but_http_and_https_with_a_host(url):
    with pytest.raises(ValueError, match="https://"):
        check_web_url(url)


@pytest.mark.parametrize("url", ["https://www.sbst.dk/", "http://example.dk/slides.pdf?x=1#s", "https://vive.dk"])
def test_the_url_validator_keeps_web_addresses(url):
    assert check_web_url(url) == url


@pytest.fixture
def editor(app):
    return signed_in_editor(app)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.example"])
def test_an_organisation_website_must_be_a_web_address(app, editor, url):
    path = "/redaktion/organisationer/ny"
    response = editor.post(path, data={"csrf_token": csrf_token(editor, path), "name": "Ondt firma", "url": url})
    assert response.status_code == 422
    assert "skal begynde med https://" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Organisation).count() == 0


def test_an_organisation_website_stored_before_validation_is_not_rendered_as_a_link(app, client):
    with app.app_context():
        db.session.add(Organisation(name="Gammel række", slug="gammel", url="javascript:alert(1)"))
        db.session.commit()
    page = client.get("/organisationer/gammel").get_data(as_text=True)
    assert "javascript:" not in page


@pytest.mark.parametrize(
    ("field", "line"),
    [
        ("evidence_sources", "Kilde | //evil.example"),
        ("external_ratings", "Kilde | god | javascript:alert(1)"),
    ],
)
def test_method_link_lines_use_the_same_validator(app, editor, field, line):
    path = "/redaktion/metoder/ny"
    form = {"csrf_token": csrf_token(editor, path), "name": "Metode", "evidence_level": "lovende", field: line}
    response = editor.post(path, data=form)
    assert response.status_code == 422
    assert "skal begynde med https://" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["//evil.example/x.pdf", "/filer/../konto", "javascript:alert(1)"])
def test_output_lines_accept_only_web_addresses_or_uploaded_files(url):
    with pytest.raises(ValueError):
        programme.parse_outputs(f"presentation | Slides | {url}")


def test_rich_text_drops_protocol_relative_links():
    cleaned = clean_html('<a href="//evil.example/x">x</a> <a href="/\\evil.example">y</a>')
    assert "evil.example" not in cleaned
    assert "x" in cleaned and "y" in cleaned


def test_rich_text_keeps_web_and_mail_links():
    cleaned = clean_html('<a href="https://vive.dk">a</a><a href="mailto:a@b.dk">b</a>')
    assert 'href="https://vive.dk"' in cleaned and 'href="mailto:a@b.dk"' in cleaned


def _finder(people):
    by_name = {name.lower(): person for name, person in people.items()}

    def find(kind, names):
        if kind != "person":
            return [], list(names)
        found = [by_name[name.lower()] for name in names if name.lower() in by_name]
        return found, [name for name in names if name.lower() not in by_name]

    return find


class _Person:
    def __init__(self, ident, name):
        self.id, self.name = ident, name


SPEAKER_NAMES = [
    "Jan Petersen",
    "Anna (Annie) Hansen",
    "Bo Holm (MSO)",
    "Karen Ø. Lund (vært)",
    "Ali (",
    "Per )",
    "Mette ((Mie))",
]
PROGRAMME_LINES = [
    "16:00-16:15 | plenum | Velkomst",
    "16:15 | talk | Oplæg | {0}",
    "16:30-17:00 | talk | Oplæg | {0}; {1} (vært) | <p>Om <strong>noget</strong></p>",
    " | break | Pause",
    "17:00 | workshop | Værksted | {1} (facilitator); {0} (paneldeltager)",
]


@pytest.mark.parametrize("first", SPEAKER_NAMES)
@pytest.mark.parametrize("second", SPEAKER_NAMES[:3])
def test_every_programme_line_round_trips_through_the_line_format(first, second):
    people = {name: _Person(i, name) for i, name in enumerate({first, second})}
    find = _finder(people)
    text = "\n".join(line.format(first, second) for line in PROGRAMME_LINES)
    rows = programme.parse_programme(text, find)
    assert rows[1]["speakers"][0]["name"] == first
    written = programme.programme_text(rows)
    assert programme.parse_programme(written, find) == rows
    assert programme.programme_text(programme.parse_programme(written, find)) == written


def _deflate_bomb(megabytes: int) -> bytes:
    buffer = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("mimetype", "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(chunk)
    return buffer.getvalue()


def test_an_office_upload_mimetype_member_is_read_with_a_bound():
    bomb = _deflate_bomb(200)
    assert len(bomb) < uploads.MAX_BYTES
    tracemalloc.start()
    try:
        with pytest.raises(uploads.UploadRejected):
            uploads.detect(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, f"checking the file took {peak // 1024 // 1024} MB"


def test_an_open_document_is_still_recognised():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    assert uploads.detect(buffer.getvalue()).extension == ".odt"
