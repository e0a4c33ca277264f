"""Search in a real browser: suggestions as you type, keyboard use, and the form without JavaScript."""

import pytest

pytestmark = pytest.mark.browser


def test_suggestions_appear_as_you_type_and_open_with_the_keyboard(page, live_server):
    page.goto(live_server + "/")
    box = page.get_by_label("Søg efter en metode, et indsatsområde eller en konference")
    box.press_sequentially("famil", delay=30)
    listbox = page.get_by_role("listbox", name="Forslag").first
    listbox.wait_for(state="visible")
    assert "Familierådslagning" in listbox.inner_text()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/metoder/**")
    assert page.get_by_role("heading", level=1).is_visible()


def test_escape_closes_the_suggestions(page, live_server):
    page.goto(live_server + "/")
    box = page.get_by_label("Søg efter en metode, et indsatsområde eller en konference")
    box.press_sequentially("hjem", delay=30)
    page.get_by_role("listbox", name="Forslag").first.wait_for(state="visible")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"


def test_the_search_form_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    page.goto(live_server + "/")
    page.get_by_label("Søg efter en metode, et indsatsområde eller en konference").fill("forældretræning")
    page.get_by_role("main").get_by_role("button", name="Søg").click()
    page.wait_for_url("**/soeg?q=for*")
    results = page.locator(".kb-hits").inner_text()
    context.close()
    assert "Parent Management Training" in results or "De Utrolige År" in results


def test_a_facet_narrows_the_results_in_the_browser(page, live_server):
    page.goto(live_server + "/soeg?q=unge")
    before = page.locator("#results-heading").inner_text()
    page.locator(".kb-facet").filter(has_text="Indholdstype").get_by_role("link").filter(
        has_text="Indsatsområde"
    ).click()
    page.wait_for_url("**type=area**")
    after = page.locator("#results-heading").inner_text()
    assert before != after
    assert (
        page.locator(".kb-hits .kb-card__meta").all_inner_texts()
        == ["Indsatsområde"] * page.locator(".kb-hits > li").count()
    )
