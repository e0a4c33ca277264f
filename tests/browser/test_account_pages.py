"""The account pages in a real Chromium: WCAG 2.1 A/AA by axe-core, and no sideways scroll on a phone."""

import threading

import pytest
from werkzeug.serving import make_server

from kb import create_app
from kb.extensions import db
from kb.models import ShortLink
from tests.accounts import PASSWORD, make_user, totp_code
from tests.browser.test_accessibility import run_axe
from tests.conftest import test_config

pytestmark = pytest.mark.browser

ANONYMOUS_PAGES = {
    "log ind": "/konto/log-ind",
    "glemt adgangskode": "/konto/glemt-adgangskode",
    "ugyldigt link": "/konto/nulstil/findes-ikke",
}
ADMIN_PAGES = {
    "min konto": "/konto/",
    "skift adgangskode": "/konto/adgangskode",
    "to-faktor": "/konto/to-faktor",
    "brugere": "/konto/brugere",
    "bruger": "/konto/brugere/2",
    "log": "/konto/log",
    "korte links": "/redaktion/korte-links",
    "eksternt kort link": "/redaktion/korte-links/1",
}


@pytest.fixture(scope="module")
def account_server(tmp_path_factory):
    """A server with an administrator (two-factor on) and an editor (two-factor not yet set up)."""
    directory = tmp_path_factory.mktemp("accounts")
    app = create_app(test_config(f"sqlite:///{directory / 'kb.sqlite'}", directory / "index"))
    with app.app_context():
        db.create_all()
        db.session.add(ShortLink(code="ABC234", title="Slides", target_url="https://example.dk/slides.pdf", uses=2))
        db.session.commit()
    _, secret = make_user(app, "admin@example.dk", role="admin", totp=True)
    make_user(app, "redaktoer@example.dk")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "secret": secret}
    server.shutdown()


def sign_in(page, base, email, secret=None):
    page.goto(f"{base}/konto/log-ind")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log ind").click()
    if secret:
        page.wait_for_url("**/konto/log-ind/kode")
        page.get_by_label("Kode").fill(totp_code(secret))
        page.get_by_role("main").get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/redaktion/")


def new_context(browser, **options):
    # axe-core is injected as an inline script, which the site's CSP (script-src 'self') rightly blocks.
    return browser.new_context(locale="da-DK", bypass_csp=True, **options)


@pytest.fixture
def page(browser):
    context = new_context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def admin_context(browser, account_server):
    context = new_context(browser)
    sign_in(context.new_page(), account_server["url"], "admin@example.dk", account_server["secret"])
    yield context
    context.close()


@pytest.mark.parametrize("path", ANONYMOUS_PAGES.values(), ids=ANONYMOUS_PAGES.keys())
def test_anonymous_account_page_has_no_wcag_violations(page, account_server, axe_source, path):
    page.goto(account_server["url"] + path)
    assert run_axe(page, axe_source) == []


def test_a_failed_sign_in_shows_its_errors_accessibly(page, account_server, axe_source):
    page.goto(account_server["url"] + "/konto/log-ind")
    page.get_by_role("main").get_by_role("button", name="Log ind").click()
    assert page.locator(".form-error-message").count() == 2
    assert run_axe(page, axe_source) == []


@pytest.mark.parametrize("path", ADMIN_PAGES.values(), ids=ADMIN_PAGES.keys())
def test_administrator_page_has_no_wcag_violations_and_fits_a_phone(admin_context, account_server, axe_source, path):
    page = admin_context.new_page()
    page.goto(account_server["url"] + path)
    assert page.url.endswith(path)
    assert run_axe(page, axe_source) == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.close()


def test_two_factor_setup_with_its_qr_code_is_accessible(browser, account_server, axe_source):
    context = new_context(browser, viewport={"width": 375, "height": 800})
    page = context.new_page()
    sign_in(page, account_server["url"], "redaktoer@example.dk")
    page.goto(account_server["url"] + "/konto/to-faktor")
    assert page.locator("svg.kb-qr").count() == 1
    assert run_axe(page, axe_source) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_an_invitation_link_shown_to_the_administrator_fits_a_phone(admin_context, account_server, axe_source):
    page = admin_context.new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(account_server["url"] + "/konto/brugere")
    page.get_by_label("E-mail").fill("ny@example.dk")
    page.get_by_label("Rolle").select_option(label="Redaktør")
    page.get_by_role("button", name="Send invitation").click()
    assert "/konto/invitation/" in page.locator(".alert-warning code").inner_text()
    assert run_axe(page, axe_source) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.close()
