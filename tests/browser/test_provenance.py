"""In a real Chromium: a method page shows its sources and its "Eksempel" markers, and passes axe-core."""

import pytest

from tests.browser.test_accessibility import run_axe

pytestmark = pytest.mark.browser


def test_a_method_page_shows_sources_and_example_markers_accessibly(page, live_server, axe_source):
    page.goto(live_server + "/metoder/multisystemisk-terapi")
    sources = page.get_by_role("region", name="Kilder")
    assert sources.get_by_role("link", name="Multisystemisk Terapi", exact=True).is_visible()
    assert "Læst 2. december 2026" in sources.inner_text()
    evidence = page.locator(".kb-facts").get_by_text("Eksempel", exact=True)
    assert evidence.first.is_visible()
    assert page.locator(".kb-flag--example").count() >= 4
    assert page.get_by_text("Vurderingen skulle have været gennemgået").count() == 0
    assert run_axe(page, axe_source) == []


def test_a_method_whose_review_date_has_passed_says_so_on_its_page(page, live_server, axe_source):
    page.goto(live_server + "/metoder/signs-of-safety")
    notice = page.locator(".kb-review-overdue")
    assert "Vurderingen skulle have været gennemgået 10. februar 2026." in notice.inner_text()
    assert run_axe(page, axe_source) == []


def test_the_banner_counts_the_example_values(page, live_server):
    page.goto(live_server + "/")
    assert "værdier er eksempler" in page.locator(".kb-example-count").inner_text()
