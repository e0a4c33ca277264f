"""In Chromium: a workshop's subject leads to the workshop's place on its conference page, and an editor
sees what people search for and fixes a query that found nothing with a synonym."""

import threading

import pytest
from werkzeug.serving import make_server

from kb import create_app
from tests.conftest import copy_seeded, test_config

pytestmark = pytest.mark.browser

EDITOR_PASSWORD = "redaktørens egen lange adgangssætning 2026"


@pytest.fixture(scope="module")
def site(tmp_path_factory, seeded_sqlite_template):
    """A seeded site of its own (the insights must start empty) with one editor account."""
    directory = tmp_path_factory.mktemp("insights")
    database = copy_seeded(seeded_sqlite_template, directory)
    app = create_app(test_config(f"sqlite:///{database}", directory / "index"))
    result = app.test_cli_runner().invoke(
        args=["kb", "create-user", "redaktoer@example.dk", "--role", "editor", "--password-stdin"],
        input=EDITOR_PASSWORD,
    )
    assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def search_for(page, site, text):
    page.goto(site + "/soeg")
    page.get_by_label("Søg efter metoder, indsatsområder, konferencer og personer").fill(text)
    page.get_by_role("main").get_by_role("button", name="Søg", exact=True).click()
    page.wait_for_load_state()


def test_a_workshops_subject_leads_to_the_workshop_on_its_conference_page(page, site):
    search_for(page, site, "helende arkitektur")
    hits = page.locator(".kb-hit")
    workshop = hits.filter(has_text="Workshop 4")
    assert workshop.count() == 1
    assert workshop.first.locator("xpath=preceding-sibling::li").count() < 3  # in the top three
    assert "Programpunkt" in workshop.inner_text() and "11. maj 2021" in workshop.inner_text()
    workshop.get_by_role("link").click()
    page.wait_for_url("**/konferencer/kkr-konference-2021#punkt-*")
    anchor = page.url.split("#", 1)[1]
    target = page.locator(f"#{anchor}")
    assert "Workshop 4" in target.inner_text()
    assert target.evaluate("element => element.matches(':target')")  # the browser landed on it


def test_an_editor_sees_a_frequent_query_and_fixes_one_that_found_nothing(page, site):
    for _ in range(3):  # a made-up word: nothing is related to it
        search_for(page, site, "qwxzv")
    assert "Vi fandt ikke noget" in page.locator("main").inner_text()

    page.goto(site + "/konto/log-ind")
    page.get_by_label("E-mail").fill("redaktoer@example.dk")
    page.get_by_label("Adgangskode").fill(EDITOR_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()
    page.goto(site + "/redaktion/soegninger")
    zero = page.get_by_role("table", name="Søgninger uden resultater")
    assert "qwxzv" in zero.inner_text()
    assert "qwxzv" in page.get_by_role("table", name="Hyppigste søgninger").inner_text()

    zero.get_by_label("Ord eller navn, som »qwxzv« betyder det samme som").fill("housing first")
    zero.get_by_role("button", name="Tilføj synonym").click()
    page.wait_for_load_state()
    assert "betyder nu det samme som »housing first«" in page.get_by_role("status").first.inner_text()
    page.get_by_role("link", name="Se resultaterne for »qwxzv«").click()
    page.wait_for_load_state()
    assert "Housing First" in page.locator(".kb-hits").inner_text()
