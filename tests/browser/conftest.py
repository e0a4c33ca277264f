"""Browser fixtures: the seeded app served over HTTP in a thread, and Debian's Chromium via Playwright."""

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from kb import create_app
from tests.conftest import copy_seeded, test_config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, seeded_sqlite_template):
    """Base URL of a real HTTP server running the seeded site."""
    directory = tmp_path_factory.mktemp("live")
    database = copy_seeded(seeded_sqlite_template, directory)
    app = create_app(test_config(f"sqlite:///{database}", directory / "index"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make services` (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # axe-core is injected as an inline script, which the site's CSP rightly refuses; the XSS tests make
    # their own contexts with the CSP enforced.
    context = browser.new_context(locale="da-DK", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci`.")
    return AXE_SCRIPT.read_text(encoding="utf-8")
