"""The whole editorial flow in Chromium, as a new editor would walk it.

The administrator created by the CLI invites an editor; the editor sets a password, turns on two-factor
sign-in, creates a method linked to an area and a conference, saves a draft (not public), publishes it
(public and searchable), renames it (the old address answers 301), edits it, compares and restores a
revision, and archives it.
"""

import re
import threading

import pyotp
import pytest
from werkzeug.serving import make_server

from kb import create_app
from tests.conftest import copy_seeded, test_config

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "en lang og hemmelig sætning til chefen 2026"
EDITOR_PASSWORD = "redaktørens egen lange adgangssætning 2026"


@pytest.fixture(scope="module")
def site(tmp_path_factory, seeded_sqlite_template):
    directory = tmp_path_factory.mktemp("flow")
    database = copy_seeded(seeded_sqlite_template, directory)
    app = create_app(test_config(f"sqlite:///{database}", directory / "index"))
    result = app.test_cli_runner().invoke(
        args=["kb", "create-user", "admin@example.dk", "--role", "admin", "--password-stdin"], input=ADMIN_PASSWORD
    )
    assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def enable_two_factor(page, password) -> str:
    secret = page.locator("figcaption code").inner_text().replace(" ", "").strip()
    page.get_by_label("Kode", exact=True).fill(pyotp.TOTP(secret).now())
    page.get_by_label("Din adgangskode").fill(password)
    page.get_by_role("button", name="Slå to-faktor-login til").click()
    page.wait_for_load_state()
    return secret


def test_a_new_editor_walks_the_whole_flow(browser, site):
    context = browser.new_context(locale="da-DK")
    context.set_default_timeout(10_000)
    page = context.new_page()

    # The administrator signs in and must set up two-factor sign-in first.
    page.goto(site + "/konto/log-ind")
    page.get_by_label("E-mail").fill("admin@example.dk")
    page.get_by_label("Adgangskode").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/konto/to-faktor**")
    enable_two_factor(page, ADMIN_PASSWORD)

    # … and invites an editor; with no mail server the link is shown.
    page.goto(site + "/konto/brugere")
    page.get_by_label("E-mail").fill("ny.redaktoer@example.dk")
    page.get_by_label("Navn").fill("Nina Ny")
    page.get_by_role("button", name="Send invitation").click()
    link = page.locator("code.kb-link-token").first.inner_text().strip()
    assert "/konto/invitation/" in link
    page.get_by_role("button", name="Log ud").click()

    # The editor accepts, sets a password and turns on two-factor sign-in.
    page.goto(link if link.startswith("http") else site + link)
    page.get_by_label("Ny adgangskode", exact=True).fill(EDITOR_PASSWORD)
    page.get_by_label("Gentag den nye adgangskode").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Gem adgangskode").click()
    page.wait_for_load_state()
    page.goto(site + "/konto/to-faktor")
    enable_two_factor(page, EDITOR_PASSWORD)

    # A new method, linked to an area and a conference, saved as a draft: not public.
    page.goto(site + "/redaktion/metoder/ny")
    page.get_by_label(re.compile(r"^Navn")).fill("Trygge Rammer")
    page.get_by_label("Kort resumé").fill("Et nyt forløb for familier i krise.")
    page.get_by_label("Indsatsområder").fill("Hjemløshed")
    page.get_by_label("Konferencer, der har drøftet metoden").fill("Vidensunderbygget social indsats")
    page.get_by_role("button", name="Opret kladde").click()
    page.wait_for_url(re.compile(r".*/redaktion/metoder/\d+$"))
    edit_url = page.url
    public = context.new_page()
    assert public.goto(site + "/metoder/trygge-rammer").status == 404

    # Published: public, linked both ways, searchable.
    page.get_by_role("button", name="Publicér").click()
    page.wait_for_load_state()
    assert public.goto(site + "/metoder/trygge-rammer").status == 200
    assert "Hjemløshed" in public.content()
    public.goto(site + "/konferencer/januarkonference-2015")
    assert "Trygge Rammer" in public.content()
    public.goto(site + "/soeg?q=trygge+rammer")
    assert public.get_by_role("link", name="Trygge Rammer").count() == 1

    # Renamed: the old address answers 301 to the new one.
    page.goto(edit_url)
    page.get_by_label(re.compile(r"^Navn")).fill("Trygge Rammer for Familier")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    response = public.request.get(site + "/metoder/trygge-rammer", max_redirects=0)
    assert response.status == 301
    assert response.headers["location"].endswith("/metoder/trygge-rammer-for-familier")

    # Edited, compared and restored.
    page.goto(edit_url)
    page.get_by_label("Kort resumé").fill("Et nyt forløb for familier i akut krise.")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Historik").click()
    page.get_by_role("button", name="Sammenlign valgte versioner").click()
    assert page.locator(".kb-diff ins").first.inner_text() == "akut"
    page.get_by_role("button", name=re.compile(r"Gendan version \d+")).click()
    page.wait_for_url(edit_url)
    assert page.get_by_label("Kort resumé").input_value() == "Et nyt forløb for familier i krise."

    # Archived after confirming (a conference links to it): gone from the public site, and the old
    # address says so (410) and names the replacement the editor chose.
    page.get_by_role("button", name="Arkivér").click()
    page.get_by_label("Erstattet af (valgfrit)").fill("Multisystemisk Terapi")
    page.get_by_role("button", name="Ja, arkivér").click()
    page.wait_for_url(re.compile(re.escape(edit_url) + "(#erstatning)?$"))
    assert public.goto(site + "/metoder/trygge-rammer-for-familier").status == 410
    assert public.get_by_role("link", name="Multisystemisk Terapi").count() >= 1
    context.close()
