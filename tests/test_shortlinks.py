"""Permanent short links for printed material: they survive renames and say what happened when withdrawn."""

import io
import re
import xml.etree.ElementTree as ElementTree

import zxingcpp
from PIL import Image
from sqlalchemy import insert, select

from kb import content
from kb.catalogue.shortlinks import code_for
from kb.extensions import db
from kb.models import Method, ShortLink, User
from kb.services import editing
from kb.services.shortlinks import ALPHABET
from tests import factories


class Form(dict):
    def getlist(self, _name):
        return []


def test_every_new_public_item_gets_a_code_without_ambiguous_characters(app):
    with app.app_context():
        conference = factories.conference("Konference", slug="konf")
        factories.programme_item(conference, "Velkomst")
        factories.output(conference, "Slides")
        factories.method("Metode", slug="metode")
        factories.area("Område", slug="omraade")
        db.session.commit()
        codes = list(db.session.scalars(db.select(ShortLink.code)))
    assert len(codes) == 5
    for code in codes:
        assert set(code) <= set(ALPHABET)
        assert not set(code) & set("0O1IL")
        assert 4 <= len(code) <= 8


def test_a_short_link_still_leads_to_a_method_after_two_renames_and_ignores_case(app):
    kind = content.kind("method")
    with app.test_request_context():
        user = User(email="r@example.dk", role="editor", password_hash="x")
        db.session.add(user)
        db.session.commit()
        result = editing.create(kind, Form(name="Første navn", summary="Resumé.", evidence_level="lovende"), user)
        method_id = result.item.id
        editing.transition(kind, method_id, "published", result.item.version, user)
        code = code_for("method", method_id)
        for name in ("Andet navn", "Tredje navn"):
            version = db.session.get(kind.model, method_id).version
            editing.save(kind, method_id, Form(name=name, summary="Resumé.", evidence_level="lovende"), version, user)
    client = app.test_client()
    # As typed from paper: any case, and with the hyphen or space a reader may put in the middle.
    for typed in (code, code.lower(), f"{code[:3]}-{code[3:]}", f"{code[:3]}%20{code[3:].lower()}"):
        response = client.get(f"/l/{typed}")
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/metoder/tredje-navn")
    with app.app_context():
        assert db.session.scalar(db.select(ShortLink.uses).where(ShortLink.code == code)) == 4


def test_an_archived_items_link_answers_410_with_a_danish_explanation_and_related_items(app):
    with app.app_context():
        area = factories.area("Hjemløshed", slug="hjem")
        method = factories.method("Gammel metode", slug="gammel")
        method.areas = [area]
        db.session.commit()
        code = code_for("method", method.id)
        method.status = "archived"
        db.session.commit()
    response = app.test_client().get(f"/l/{code}")
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "arkiveret eller trukket tilbage" in html
    assert "/indsatsomraader/hjem" in html
    assert '<html lang="da"' in html


def test_unknown_codes_get_the_danish_404(client):
    assert client.get("/l/ZZZZZZ").status_code == 404
    assert client.get("/l/" + "A" * 40).status_code == 404


def test_the_qr_code_decodes_to_the_short_link(app):
    with app.app_context():
        method = factories.method("Metode", slug="metode")
        db.session.commit()
        code = code_for("method", method.id)
    client = app.test_client()
    svg = client.get(f"/l/{code}/qr.svg")
    png = client.get(f"/l/{code}/qr.png")
    assert svg.mimetype == "image/svg+xml" and png.mimetype == "image/png"
    assert ElementTree.fromstring(svg.data).tag == "{http://www.w3.org/2000/svg}svg"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.data)))
    assert [(barcode.format, barcode.text) for barcode in decoded] == [
        (zxingcpp.BarcodeFormat.QRCode, f"http://localhost/l/{code}")
    ]
    page = client.get("/metoder/metode").get_data(as_text=True)
    assert f"/l/{code}" in page and f"/l/{code}/qr.svg" in page


def test_the_sitemap_lists_every_published_item_and_no_draft(app):
    with app.app_context():
        factories.method("Offentlig", slug="offentlig")
        factories.method("Kladde", slug="kladde", status="draft")
        factories.conference("Konference", slug="konf")
        db.session.commit()
    response = app.test_client().get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in ElementTree.fromstring(response.data).findall("s:url/s:loc", namespace)]
    assert "http://localhost/metoder/offentlig" in urls
    assert "http://localhost/konferencer/konf" in urls
    assert not [url for url in urls if re.search(r"/kladde$", url)]
    with app.app_context():
        changed = db.session.scalar(select(Method.updated_at).where(Method.slug == "offentlig")).date().isoformat()
    lastmod = {
        url.findtext("s:loc", namespaces=namespace): url.findtext("s:lastmod", namespaces=namespace)
        for url in ElementTree.fromstring(response.data).findall("s:url", namespace)
    }
    assert lastmod["http://localhost/metoder/offentlig"] == changed  # the day of the last change
    robots = app.test_client().get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /redaktion/" in robots and "Sitemap: http://localhost/sitemap.xml" in robots


def test_a_sitemap_larger_than_one_part_becomes_an_index_of_parts_holding_every_url_once(app):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    with app.app_context():
        for i in range(30):
            factories.method(f"Metode {i:02d}", slug=f"metode-{i:02d}")
        factories.method("Kladde", slug="kladde", status="draft")
        db.session.commit()
    client = app.test_client()
    whole = ElementTree.fromstring(client.get("/sitemap.xml").data)
    every_url = [loc.text for loc in whole.findall("s:url/s:loc", namespace)]
    app.config["KB_SITEMAP_PART_SIZE"] = 10  # 2,000 by default, scaled down
    index = ElementTree.fromstring(client.get("/sitemap.xml").data)
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", namespace)]
    assert parts == [f"http://localhost/sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    in_parts = []
    for part in parts:
        response = client.get(part.removeprefix("http://localhost"))
        urls = [loc.text for loc in ElementTree.fromstring(response.data).findall("s:url/s:loc", namespace)]
        assert response.mimetype == "application/xml" and 0 < len(urls) <= 10
        in_parts += urls
    assert in_parts == every_url
    assert client.get(f"/sitemap-{len(parts) + 1}.xml").status_code == 404


def test_a_sitemap_file_holds_at_most_2000_addresses_and_stays_under_300_kb(app):
    """With the default part size, is a catalogue of 2,100 methods an index of two parts, each a small file?"""
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    with app.app_context():
        db.session.execute(
            insert(Method),
            [
                {"name": f"Metode nummer {i:04d}", "slug": f"metode-med-en-lang-adresse-nummer-{i:04d}"}
                for i in range(2100)
            ],
        )
        db.session.commit()
    client = app.test_client()
    index = ElementTree.fromstring(client.get("/sitemap.xml").data)
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", namespace)]
    assert parts == ["http://localhost/sitemap-1.xml", "http://localhost/sitemap-2.xml"]
    first = client.get("/sitemap-1.xml")
    assert len(ElementTree.fromstring(first.data).findall("s:url", namespace)) == 2000
    assert len(first.data) <= 300 * 1024


ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_atom_feeds_are_well_formed_and_list_published_changes_only(app):
    with app.app_context():
        area = factories.area("Hjemløshed", slug="hjem")
        shown = factories.method("Housing First", slug="hf")
        shown.areas = [area]
        factories.method("Kladde", slug="kladde", status="draft").areas = [area]
        db.session.commit()
    client = app.test_client()
    for path in ("/feed.xml", "/indsatsomraader/hjem/feed.xml"):
        response = client.get(path)
        assert response.mimetype == "application/atom+xml"
        feed = ElementTree.fromstring(response.data)
        assert feed.tag == f"{ATOM}feed"
        for required in ("title", "id", "updated"):
            assert feed.find(f"{ATOM}{required}") is not None
        entries = feed.findall(f"{ATOM}entry")
        titles = [entry.find(f"{ATOM}title").text for entry in entries]
        assert "Housing First" in titles and "Kladde" not in titles
        for entry in entries:
            for required in ("title", "id", "updated", "link"):
                assert entry.find(f"{ATOM}{required}") is not None
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.find(f"{ATOM}updated").text)
    assert client.get("/indsatsomraader/findes-ikke/feed.xml").status_code == 404


def test_an_areas_feed_follows_the_methods_its_page_lists_sub_areas_included(app):
    with app.app_context():
        parent = factories.area("Udsatte børn", slug="udsatte")
        child = factories.area("Anbragte børn", slug="anbragte", parent=parent)
        factories.method("Egen metode", slug="egen").areas = [parent]
        factories.method("Underområdets metode", slug="under").areas = [child]
        factories.method("Andet sted", slug="andet")
        db.session.commit()
    client = app.test_client()
    page = client.get("/indsatsomraader/udsatte").get_data(as_text=True)
    feed = ElementTree.fromstring(client.get("/indsatsomraader/udsatte/feed.xml").data)
    titles = {entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")}
    assert "Underområdets metode" in page
    assert titles == {"Udsatte børn", "Egen metode", "Underområdets metode"}


def test_pages_carry_open_graph_and_canonical_tags(app):
    with app.app_context():
        factories.method("Housing First", slug="hf", summary="Bolig først.")
        db.session.commit()
    html = app.test_client().get("/metoder/hf?utm_source=mail").get_data(as_text=True)
    assert '<link rel="canonical" href="http://localhost/metoder/hf">' in html
    assert (
        '<meta property="og:title" content="Housing First – Metodebasen">' in html
        or 'og:title" content="Housing First' in html
    )
    assert '<meta property="og:description" content="Bolig først.">' in html
