"""Every public list is paginated: 20 rows a page, plain links that keep the filters, "Viser 1–20 af N"."""

import re

import pytest

from kb.extensions import db
from kb.models import Organisation
from tests import factories


@pytest.fixture
def many(app):
    """45 methods (30 at moderate evidence) in one area and one municipality, 25 people and 25 organisations."""
    with app.app_context():
        area = factories.area("Hjemløshed", slug="hjemloeshed")
        aarhus = factories.municipality("Aarhus")
        aarhus.slug = "aarhus"
        conference = factories.conference("Konference", slug="konference")
        for i in range(45):
            method = factories.method(
                f"Metode {i:02d}", slug=f"metode-{i:02d}", evidence_level="moderat" if i < 30 else "staerk"
            )
            method.areas = [area]
            method.municipalities = [aarhus]
        for i in range(25):
            factories.programme_item(conference, f"Oplæg {i}", speakers=[factories.person(f"Person {i:02d}")])
            organisation = Organisation(name=f"Organisation {i:02d}", slug=f"organisation-{i:02d}")
            organisation.conferences = [conference]
            db.session.add(organisation)
        db.session.commit()
    return app


def names(html: str, prefix: str) -> list[str]:
    return re.findall(rf">({prefix} \d\d)</a>", html)


@pytest.mark.parametrize(
    ("path", "prefix", "total"),
    [
        ("/metoder", "Metode", 45),
        ("/indsatsomraader/hjemloeshed", "Metode", 45),
        ("/kommuner/aarhus", "Metode", 45),
        ("/personer", "Person", 25),
        ("/organisationer", "Organisation", 25),
    ],
)
def test_a_long_list_shows_twenty_rows_a_page_and_says_which(many, path, prefix, total):
    client = many.test_client()
    first = client.get(path).get_data(as_text=True)
    assert names(first, prefix) == [f"{prefix} {i:02d}" for i in range(20)]
    assert f"Viser 1–20 af {total}" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    last_page = (total - 1) // 20 + 1
    last = client.get(f"{path}?page={last_page}").get_data(as_text=True)
    assert names(last, prefix) == [f"{prefix} {i:02d}" for i in range((last_page - 1) * 20, total)]
    assert f"Viser {(last_page - 1) * 20 + 1}–{total} af {total}" in last
    assert 'rel="next"' not in last


def test_page_links_keep_the_filters(many):
    html = many.test_client().get("/metoder?evidens=moderat&omraade=hjemloeshed").get_data(as_text=True)
    assert '<p class="kb-count" role="status">30 metoder matcher dine valg.</p>' in html
    assert "Viser 1–20 af 30" in html
    assert 'href="/metoder?evidens=moderat&amp;omraade=hjemloeshed&amp;page=2" rel="next"' in html
    second = many.test_client().get("/metoder?evidens=moderat&omraade=hjemloeshed&page=2").get_data(as_text=True)
    # The link back to page 1 has no page number, so there is one address per page.
    assert 'href="/metoder?evidens=moderat&amp;omraade=hjemloeshed" rel="prev"' in second
    assert names(second, "Metode") == [f"Metode {i:02d}" for i in range(20, 30)]


@pytest.mark.parametrize("page", ["0", "-1", "x", "%00", "99999999999999999999", "2.5"])
def test_an_odd_page_number_shows_a_page_of_the_list_never_an_error(many, page):
    response = many.test_client().get(f"/metoder?page={page}")
    assert response.status_code == 200
    assert len(names(response.get_data(as_text=True), "Metode")) in (5, 20)  # the first page, or past the end: the last
