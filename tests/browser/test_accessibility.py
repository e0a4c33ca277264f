"""Every page type in a real Chromium: WCAG 2.1 A/AA by axe-core, Danish, and no sideways scroll on a phone."""

import pytest

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "forside": "/",
    "metodeliste": "/metoder",
    "metodeliste med filtre": "/metoder?omraade=adfaerdsproblemer&maalgruppe=unge&evidens=moderat",
    "metode": "/metoder/multisystemisk-terapi",
    "indsatsområder": "/indsatsomraader",
    "indsatsområde": "/indsatsomraader/udsatte-boern-og-unge",
    "konferencer": "/konferencer",
    "konference": "/konferencer/kkr-konference-2021",
    "konference 2015": "/konferencer/januarkonference-2015",
    "rammeaftaler": "/rammeaftaler",
    "rammeaftale": "/rammeaftaler/rammeaftale-2021-22",
    "udviklingsområde": "/udviklingsomraader/borgere-med-komplekse-udfordringer",
    "personer": "/personer",
    "person": "/personer/knud-aarup",
    "organisationer": "/organisationer",
    "organisation": "/organisationer/kkr-midtjylland",
    "kommuner": "/kommuner",
    "kommune": "/kommuner/aarhus",
    "evidensskala": "/evidensskala",
    "om": "/om",
    "åbne data (API)": "/api",
    "søgning uden ord": "/soeg",
    "søgning med hits": "/soeg?q=terapi",
    "søgning med filtre og sider": "/soeg?q=borgere&type=method&per_page=3&page=2",
    "søgning med forslag": "/soeg?q=neuropædagogok",
    "søgning uden hits": "/soeg?q=zzzz",
    "fejlside 404": "/findes-ikke",
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def run_axe(page, axe_source):
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))",
        WCAG_TAGS,
    )


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_has_no_wcag_violations(page, live_server, axe_source, path):
    response = page.goto(live_server + path)
    # Only the error page may be an error: a renamed demo slug must not silently audit the 404 page.
    assert response.status == (404 if path == PAGE_TYPES["fejlside 404"] else 200), path
    assert page.get_attribute("html", "lang") == "da"
    assert run_axe(page, axe_source) == []


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_fits_a_375_pixel_phone(browser, live_server, path):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="da-DK")
    page = context.new_page()
    page.goto(live_server + path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 375


def test_search_works_from_the_front_page(page, live_server):
    page.goto(live_server + "/")
    page.get_by_label("Søg efter en metode, et indsatsområde eller en konference").fill("MST")
    page.get_by_role("main").get_by_role("button", name="Søg").click()
    page.wait_for_url("**/soeg?q=MST")
    page.get_by_role("link", name="Multisystemisk Terapi").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Multisystemisk Terapi"


def test_filters_narrow_the_method_list(page, live_server):
    page.goto(live_server + "/metoder")
    all_methods = page.locator(".kb-cards > li").count()
    page.get_by_label("Evidensniveau").select_option(label="Moderat evidens")
    page.get_by_role("button", name="Vis metoder").click()
    page.wait_for_url("**evidens=moderat**")
    filtered = page.locator(".kb-cards > li").count()
    assert 0 < filtered < all_methods
    assert page.locator(".kb-cards .kb-evidence").all_inner_texts() == ["Moderat evidens"] * filtered


def test_print_stylesheet_hides_navigation(page, live_server):
    page.goto(live_server + "/metoder/housing-first")
    page.emulate_media(media="print")
    assert not page.locator(".kb-nav").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
