"""Printable handouts in Chromium, checked the way a printer and a phone camera would see them.

A method's sheet prints to exactly one A4 page, however long its texts, and its QR code, decoded from the
rendered PDF, is the method's short link. A conference programme gives every session a QR code that
decodes to that session's own short link, and no session is split across two pages.
"""

import io
import re
import threading

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader
from werkzeug.serving import make_server

from kb import create_app
from kb.catalogue.shortlinks import code_for
from kb.extensions import db
from kb.models import Conference, InterventionArea, Method
from kb.services.shortlinks import ALPHABET
from tests import factories
from tests.browser.test_accessibility import run_axe
from tests.conftest import copy_seeded, test_config

pytestmark = pytest.mark.browser

A4_POINTS = (595.28, 841.89)
RENDER_DPI = 200
# The printable area of an A4 page with the handout's 12 mm margins, in CSS pixels (96 per inch).
PRINT_AREA = {"width": round(186 / 25.4 * 96), "height": round(273 / 25.4 * 96)}
METHOD_TEXT_FIELDS = (
    "name",
    "summary",
    "description",
    "target_group",
    "manual",
    "training",
    "supervision",
    "fidelity",
    "licence",
    "cost",
    "evidence_rationale",
    "contact",
)
# Long Danish compounds wrap worst: a text made of them is the hardest to fit.
LONG_WORDS = (
    "Anbringelsesforebyggende familiebehandlingsindsatser for børn og unge med adfærdsvanskeligheder, "
    "forældrekompetenceudvikling og tværsektorielt samarbejde i kommunernes specialiserede socialområde. "
)
HANDOUT_CONFERENCE = "januarkonference-2015"


def text_of_length(length: int) -> str:
    return (LONG_WORDS * (length // len(LONG_WORDS) + 1))[:length]


def method_text_length(method: Method) -> int:
    return sum(len(getattr(method, field) or "") for field in METHOD_TEXT_FIELDS)


@pytest.fixture(scope="module")
def site(tmp_path_factory, seeded_sqlite_template):
    """The seeded site plus a published method whose every text field holds 5,000 characters.

    Yields the base URL, the slug of the longest seeded method, and for each seeded conference session
    of the handout conference its title and short link path.
    """
    directory = tmp_path_factory.mktemp("handouts")
    database = copy_seeded(seeded_sqlite_template, directory)
    app = create_app(test_config(f"sqlite:///{database}", directory / "index"))
    with app.app_context():
        longest = max(db.session.scalars(db.select(Method).where(Method.status == "published")), key=method_text_length)
        conference = db.session.scalar(db.select(Conference).where(Conference.slug == HANDOUT_CONFERENCE))
        sessions = [
            (item.title, f"/l/{code_for('programme_item', item.id)}")
            for item in conference.programme
            if item.kind != "break"
        ]
        huge = factories.method(
            slug="metode-med-lange-tekster",
            aliases=[text_of_length(5000) for _ in range(3)],
            **{field: text_of_length(5000) for field in METHOD_TEXT_FIELDS},
        )
        huge.description = f"<p>{text_of_length(5000)}</p>"
        huge.age_min, huge.age_max = 0, 99
        huge.areas = list(db.session.scalars(db.select(InterventionArea)))
        db.session.commit()
        info = {"longest": longest.slug, "sessions": sessions}
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", **info}
    server.shutdown()


def qr_codes_per_page(pdf: bytes) -> list[list[str]]:
    """The text of every QR code on each page of the PDF, rendered as a printer would."""
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    for page in document:
        image = page.render(scale=RENDER_DPI / 72).to_pil()
        pages.append([barcode.text for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)])
    return pages


def text_per_page(pdf: bytes) -> list[str]:
    """Each page's text with runs of whitespace (line breaks included) made single spaces."""
    document = pypdfium2.PdfDocument(pdf)
    return [" ".join(page.get_textpage().get_text_range().split()) for page in document]


def a4_page_count(pdf: bytes) -> int:
    """The number of pages, each checked to be A4."""
    reader = PdfReader(io.BytesIO(pdf))
    for pdf_page in reader.pages:
        size = (float(pdf_page.mediabox.width), float(pdf_page.mediabox.height))
        assert size == pytest.approx(A4_POINTS, abs=1)
    return len(reader.pages)


def assert_sheet_fits_one_page(page):
    """Under print media, at the size of the page's printable area: nothing clipped, the QR code inside."""
    page.set_viewport_size(PRINT_AREA)
    page.emulate_media(media="print")
    sheet = page.locator(".kb-sheet").bounding_box()
    qr = page.locator(".kb-sheet__qr").bounding_box()
    assert page.get_by_role("button", name="Udskriv").is_hidden()
    assert page.locator(".kb-sheet").evaluate("e => e.scrollHeight <= e.clientHeight")
    assert sheet["height"] <= PRINT_AREA["height"]
    assert qr["width"] > 100 and qr["height"] > 100  # about 30 mm
    assert sheet["x"] <= qr["x"] and qr["x"] + qr["width"] <= sheet["x"] + sheet["width"] <= PRINT_AREA["width"]
    assert sheet["y"] <= qr["y"] and qr["y"] + qr["height"] <= sheet["y"] + sheet["height"]
    footer = page.locator(".kb-sheet__footer").bounding_box()
    assert footer["y"] + footer["height"] <= sheet["y"] + sheet["height"]
    page.emulate_media(media="screen")


def print_method_sheet(page, base: str, slug: str) -> str:
    """Print a method's sheet; check one A4 page whose only QR code is the printed short link. Returns it."""
    response = page.goto(f"{base}/metoder/{slug}/udskriv")
    assert response.status == 200
    short_link = page.locator(".kb-sheet__more a").get_attribute("href")
    assert re.fullmatch(rf"{re.escape(base)}/l/[{ALPHABET}]{{6}}", short_link)
    assert page.locator(".kb-sheet__more a").inner_text() == short_link.removeprefix("http://")
    pdf = page.pdf(format="A4", print_background=True)
    assert a4_page_count(pdf) == 1
    assert qr_codes_per_page(pdf) == [[short_link]]
    assert_sheet_fits_one_page(page)
    return short_link


@pytest.mark.parametrize("which", ["multisystemisk-terapi", "longest"])
def test_a_method_handout_prints_to_one_a4_page_whose_qr_code_is_the_short_link(page, live_server, site, which):
    slug = site["longest"] if which == "longest" else which
    page.goto(f"{live_server}/metoder/{slug}")
    on_method_page = page.locator(".kb-shortlink__url").get_attribute("href")
    assert print_method_sheet(page, live_server, slug) == on_method_page


def test_a_method_whose_every_text_is_5000_characters_still_prints_to_one_page(page, site):
    print_method_sheet(page, site["url"], "metode-med-lange-tekster")
    sheet = page.locator(".kb-sheet").inner_text()
    assert "…" in sheet and "Læs hele beskrivelsen på" in sheet
    assert len(sheet) < 3500


def test_a_conference_programme_gives_every_session_its_own_qr_code_and_splits_no_session(page, site):
    base = site["url"]
    page.goto(f"{base}/konferencer/{HANDOUT_CONFERENCE}/udskriv")
    conference_link = page.locator(".kb-sheet__top-qr a").get_attribute("href")
    pdf = page.pdf(format="A4", print_background=True)
    assert a4_page_count(pdf) >= 1
    codes = qr_codes_per_page(pdf)
    texts = text_per_page(pdf)

    assert conference_link in codes[0]  # the conference's own code, at the top of the first page
    expected = {base + path for _title, path in site["sessions"]}
    found = [url for page_codes in codes for url in page_codes if url != conference_link]
    assert sorted(found) == sorted(expected)  # each session once, none missing, none extra
    for title, path in site["sessions"]:
        (on_page,) = [number for number, page_codes in enumerate(codes) if base + path in page_codes]
        # The session's title and code stand on the page its QR code is on: the row was not split.
        assert " ".join(title.split()) in texts[on_page]
        assert path.removeprefix("/l/") in texts[on_page]


def test_a_programme_row_is_never_split_by_a_page_break(page, live_server):
    page.goto(f"{live_server}/konferencer/{HANDOUT_CONFERENCE}/udskriv")
    page.emulate_media(media="print")
    rules = page.locator(".kb-sheet__session").evaluate_all("rows => rows.map(r => getComputedStyle(r).breakInside)")
    assert rules and set(rules) == {"avoid"}


@pytest.mark.parametrize(
    "path", ["/metoder/multisystemisk-terapi/udskriv", f"/konferencer/{HANDOUT_CONFERENCE}/udskriv"]
)
def test_handouts_are_danish_and_have_no_wcag_violations(page, live_server, axe_source, path):
    response = page.goto(live_server + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == "da"
    assert page.title().endswith("udskrift fra Metodebasen")
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("navigation").count() == 0  # no site navigation on a sheet
    assert run_axe(page, axe_source) == []


def test_the_print_button_works_under_the_sites_content_security_policy(browser, live_server):
    context = browser.new_context(locale="da-DK")  # CSP enforced: the button comes from js/print.js
    page = context.new_page()
    page.goto(f"{live_server}/metoder/multisystemisk-terapi/udskriv")
    button = page.get_by_role("button", name="Udskriv")
    button.wait_for(state="visible")
    page.evaluate("window.print = () => { window.printed = true; }")
    button.click()
    assert page.evaluate("window.printed") is True
    assert (
        page.get_by_role("link", name="Tilbage til metoden")
        .get_attribute("href")
        .endswith("/metoder/multisystemisk-terapi")
    )
    context.close()


@pytest.mark.parametrize(
    ("path", "link"),
    [
        ("/metoder/multisystemisk-terapi", "Udskriv som A4-ark"),
        (f"/konferencer/{HANDOUT_CONFERENCE}", "Udskriv program"),
    ],
)
def test_a_printed_page_drops_the_navigation_and_keeps_its_short_link_and_qr_code(page, live_server, path, link):
    page.goto(live_server + path)
    short_link = page.locator(".kb-shortlink__url").get_attribute("href")
    assert page.get_by_role("link", name=link).get_attribute("href") == f"{path}/udskriv"
    page.emulate_media(media="print")
    assert page.locator(".kb-nav").is_hidden() and page.locator(".kb-header__search").is_hidden()
    assert page.locator(".kb-footer").is_hidden() and page.get_by_role("link", name=link).is_hidden()
    assert page.locator(".kb-shortlink__url").is_visible() and page.locator(".kb-shortlink__qr").is_visible()
    assert page.locator(".kb-shortlink__url").evaluate("e => getComputedStyle(e, '::after').content") == "none"
    pdf = page.pdf(format="A4")
    assert short_link in [url for page_codes in qr_codes_per_page(pdf) for url in page_codes]


@pytest.mark.parametrize(
    "path",
    [
        "/metoder/kladde-metode/udskriv",
        "/konferencer/kladde-konference/udskriv",
        "/metoder/findes-ikke/udskriv",
        "/konferencer/findes-ikke/udskriv",
    ],
)
def test_handouts_of_drafts_and_unknown_items_answer_the_danish_404(app, path):
    with app.app_context():
        factories.method("Kladde", slug="kladde-metode", status="draft")
        factories.conference("Kladde", slug="kladde-konference", status="draft")
        db.session.commit()
    response = app.test_client().get(path)
    assert response.status_code == 404
    assert '<html lang="da"' in response.get_data(as_text=True)
