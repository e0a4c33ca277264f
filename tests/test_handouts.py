"""Printable handouts on every database: the right short links on the sheet, and no sheet for drafts."""

import re

from kb.catalogue.shortlinks import code_for
from kb.extensions import db
from tests import factories


def test_a_method_sheet_carries_its_short_link_and_a_long_text_is_shortened(app, client):
    with app.app_context():
        method = factories.method("Housing First", slug="housing-first", description="<p>" + "ord " * 2000 + "</p>")
        db.session.commit()
        code = code_for("method", method.id)
    page = client.get("/metoder/housing-first/udskriv").get_data(as_text=True)
    assert f"/l/{code}" in page
    assert f"/l/{code}/qr.svg" in page
    assert "ord " * 400 not in page  # the description is cut to what fits on one page


def test_a_conference_programme_gives_each_session_its_own_code(app, client):
    with app.app_context():
        conference = factories.conference(slug="januar")
        talks = [factories.programme_item(conference, title) for title in ("Velkomst", "Oplæg", "Workshop")]
        db.session.commit()
        codes = [code_for("programme_item", talk.id) for talk in talks]
    page = client.get("/konferencer/januar/udskriv").get_data(as_text=True)
    for code in codes:
        assert f"/l/{code}/qr.svg" in page


def test_there_is_no_sheet_for_a_draft_or_an_unknown_item(app, client):
    with app.app_context():
        factories.method("Kladde", slug="kladde", status="draft")
        db.session.commit()
    assert client.get("/metoder/kladde/udskriv").status_code == 404
    assert client.get("/konferencer/findes-ikke/udskriv").status_code == 404


def test_illustrative_values_are_marked_on_the_printed_sheet_as_on_the_page(seeded_client):
    """The sheet travels without the page: each example value carries its own "Eksempel" beside it."""
    sheet = seeded_client.get("/metoder/multisystemisk-terapi/udskriv").get_data(as_text=True)
    facts = re.findall(r"<dt>([^<]+)</dt><dd>(.*?)</dd>", sheet, re.S)
    marked = {label for label, value in facts if "Eksempel" in value}
    assert marked == {"Evidensniveau", "Indsatsområder", "Kontakt"}  # the values flagged in the demo content
