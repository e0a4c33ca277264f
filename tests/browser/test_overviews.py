"""The overview pages in a real Chromium: no WCAG violations, no sideways scroll on a phone, every chart
holding the same numbers as its table, chart links that click through, and charts that print."""

import re

import pytest

from tests.browser.test_accessibility import run_axe

pytestmark = pytest.mark.browser

COMPARE = (
    "/oversigter/sammenlign?metode=multisystemisk-terapi&metode=housing-first"
    "&metode=de-utrolige-aar&metode=kognitiv-adfaerdsterapi"
)
OVERVIEWS = {
    "oversigter": "/oversigter",
    "rosetten": "/oversigter/rosetten",
    "evidens og huller": "/oversigter/evidens-og-huller",
    "kommuner": "/oversigter/kommuner",
    "sammenlign uden valg": "/oversigter/sammenlign",
    "sammenlign fire metoder": COMPARE,
    "sammenlign med ukendt metode": "/oversigter/sammenlign?metode=housing-first&metode=findes-ikke",
}
CHART_PAGES = {
    "/oversigter/rosetten": {"chart-rosette"},
    "/oversigter/evidens-og-huller": {"chart-evidence", "chart-development"},
    "/oversigter/kommuner": {"chart-per-municipality", "chart-per-area"},
    COMPARE: {"chart-ages"},
    "/konferencer/januarkonference-2015": {"chart-prioritisation"},  # the café's rounds
}

# Every chart as {row: {column: value}} from its data attributes, and its table as the same shape from the
# cells a reader sees (visually hidden text and decorative marks left out), restricted to the chart's columns.
READ_CHARTS = """() => {
  const text = cell => {
    const copy = cell.cloneNode(true);
    copy.querySelectorAll('.sr-only, [aria-hidden="true"]').forEach(e => e.remove());
    return copy.textContent.replace(/\\s+/g, ' ').trim();
  };
  const result = {};
  for (const svg of document.querySelectorAll('svg[data-chart]')) {
    const id = svg.dataset.chart;
    const chart = {};
    for (const e of svg.querySelectorAll('[data-value]')) {
      (chart[e.dataset.row] ??= {})[e.dataset.column] = e.dataset.value;
    }
    const columns = new Set(Object.values(chart).flatMap(Object.keys));
    const table = document.querySelector(`table[data-chart-for="${id}"]`);
    const rows = {};
    if (table) {
      const headings = [...table.querySelectorAll('thead th, thead td')].map(text);
      for (const tr of table.querySelectorAll('tbody tr')) {
        const cells = [...tr.children];
        const row = {};
        cells.forEach((cell, i) => { if (columns.has(headings[i])) row[headings[i]] = text(cell); });
        rows[text(tr.querySelector('th[scope="row"]'))] = row;
      }
    }
    result[id] = {
      chart, table: table ? rows : null,
      role: svg.getAttribute('role'),
      links: svg.querySelectorAll('a[href]').length,
      tabbable: [...svg.querySelectorAll('a[href]')].filter(a => a.getAttribute('tabindex') !== '-1').length,
      drawingHidden: [...svg.children].every(
        e => ['title', 'desc'].includes(e.tagName) || e.getAttribute('aria-hidden') === 'true'),
      labelled: (svg.getAttribute('aria-labelledby') || '').split(' ').map(i => svg.querySelector(`#${i}`)?.tagName),
      viewBox: svg.getAttribute('viewBox'),
      caption: table ? text(table.querySelector('caption')) : '',
    };
  }
  return result;
}"""


@pytest.mark.parametrize("path", OVERVIEWS.values(), ids=OVERVIEWS.keys())
def test_overview_has_no_wcag_violations(page, live_server, axe_source, path):
    response = page.goto(live_server + path)
    assert response.status in (200, 400)
    assert page.get_attribute("html", "lang") == "da"
    assert run_axe(page, axe_source) == []


@pytest.mark.parametrize("path", OVERVIEWS.values(), ids=OVERVIEWS.keys())
def test_overview_fits_a_375_pixel_phone(browser, live_server, path):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="da-DK")
    page = context.new_page()
    page.goto(live_server + path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    chart_widths = page.evaluate("[...document.querySelectorAll('svg[data-chart]')].map(s => s.clientWidth)")
    context.close()
    assert scroll_width <= 375
    assert all(0 < width <= 375 for width in chart_widths)


@pytest.mark.parametrize("path", CHART_PAGES, ids=lambda path: path.split("?")[0].rsplit("/", 1)[-1])
def test_every_chart_holds_the_same_numbers_as_its_table(page, live_server, path):
    page.goto(live_server + path)
    charts = page.evaluate(READ_CHARTS)
    assert set(charts) == CHART_PAGES[path]
    for chart_id, chart in charts.items():
        # A chart is an image to assistive technology; one with links (for the mouse, the table has them
        # too) is a named group whose drawing is hidden, since ARIA allows no links inside role="img".
        assert chart["role"] == ("group" if chart["links"] else "img"), chart_id
        if chart["links"]:
            assert chart["drawingHidden"] and chart["tabbable"] == 0, chart_id
        assert chart["labelled"] == ["title", "desc"], chart_id
        assert chart["viewBox"], chart_id
        assert chart["caption"], chart_id
        assert chart["chart"], chart_id
        assert chart["table"] == chart["chart"], chart_id


def test_the_seeded_charts_show_real_numbers(page, live_server):
    """Guards against two empty charts agreeing: the demo content has methods in every area."""
    page.goto(live_server + "/oversigter/evidens-og-huller")
    charts = page.evaluate(READ_CHARTS)
    evidence = charts["chart-evidence"]["chart"]
    assert len(evidence) >= 12
    assert all(set(row) >= {"Stærk evidens", "Ikke vurderet", "I alt"} for row in evidence.values())
    assert sum(int(row["I alt"]) for row in evidence.values()) > 36
    page.goto(live_server + "/oversigter/kommuner")
    per_municipality = page.evaluate(READ_CHARTS)["chart-per-municipality"]["chart"]
    assert len(per_municipality) == 20  # the 19 municipalities and the region


def test_a_gap_matrix_cell_clicks_through_to_a_list_with_its_number(page, live_server):
    page.goto(live_server + "/oversigter/evidens-og-huller")
    cell = page.locator("#chart-evidence a").filter(has=page.locator("[data-value]")).nth(3)
    value = cell.locator("[data-value]").get_attribute("data-value")
    assert int(value) > 0
    cell.click()
    page.wait_for_url(re.compile(r".*/metoder\?omraade=.+&evidens=.+"))
    assert page.locator(".kb-count").inner_text().startswith(f"{value} metode")
    assert page.locator(".kb-cards > li").count() == int(value)


def test_gaps_stand_out_in_chart_and_table(page, live_server):
    page.goto(live_server + "/oversigter/evidens-og-huller")
    gaps = page.locator("#chart-evidence .kb-matrix__cell--gap")
    assert gaps.count() > 0
    assert gaps.first.locator("rect").get_attribute("fill") == "url(#chart-evidence-gap)"
    assert gaps.first.locator("[data-value]").get_attribute("data-value") == "0"
    assert page.locator('table[data-chart-for="chart-evidence"] td.kb-gap').count() == gaps.count()
    assert page.get_by_text("Hul: ingen metoder.").first.is_visible()


def test_a_rosette_petal_opens_its_area(page, live_server):
    page.goto(live_server + "/oversigter/rosetten")
    petal = page.locator("#chart-rosette .kb-petal").first
    name = petal.locator("[data-row]").first.get_attribute("data-row")
    petal.locator("path").click()
    page.wait_for_url("**/indsatsomraader/**")
    assert page.get_by_role("heading", level=1).inner_text() == name


def test_compare_form_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    page.goto(live_server + "/oversigter/sammenlign")
    page.get_by_label("Metode 1").fill("Housing First")
    page.get_by_label("Metode 2").fill("MST")
    page.get_by_role("button", name="Sammenlign").click()
    page.wait_for_url("**metode=housing-first&metode=multisystemisk-terapi**")
    headings = page.locator(".kb-compare-table thead th").all_inner_texts()
    context.close()
    assert headings == ["Housing First", "Multisystemisk Terapi"]


@pytest.mark.parametrize("path", list(CHART_PAGES), ids=lambda path: path.split("?")[0].rsplit("/", 1)[-1])
def test_charts_print_without_navigation(page, live_server, path):
    page.goto(live_server + path)
    page.emulate_media(media="print")
    assert not page.locator(".kb-nav").is_visible()
    for chart in page.locator("svg[data-chart]").all():
        assert chart.is_visible()
        assert chart.bounding_box()["width"] > 200
