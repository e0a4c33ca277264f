"""A simple page ("Side") imported from the old Plone site, in a real Chromium: WCAG 2.1 A/AA and 375 px."""

import threading

import pytest
from werkzeug.serving import make_server

from kb import create_app
from kb.services.plone.importer import import_plone
from kb.services.plone.mapping import load_mapping
from kb.services.plone.reader import read_export
from tests.browser.test_accessibility import run_axe
from tests.conftest import copy_seeded, test_config
from tests.test_plone_import import EXPORT

pytestmark = pytest.mark.browser
PATHS = {
    "side": "/sider/om-metodecenteret",
    "side med links til filer": "/sider/ny-rammeaftale-for-2021-22",
    "side fra en mappe": "/sider/voksne",
}


@pytest.fixture(scope="module")
def plone_server(tmp_path_factory, seeded_sqlite_template):
    """The seeded site with the shared Plone export imported, served over HTTP."""
    directory = tmp_path_factory.mktemp("plone-live")
    database = copy_seeded(seeded_sqlite_template, directory)
    app = create_app({**test_config(f"sqlite:///{database}", directory / "index"), "KB_UPLOAD_DIR": str(directory)})
    with app.test_request_context():
        import_plone(read_export(EXPORT), load_mapping())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize("path", PATHS.values(), ids=PATHS.keys())
def test_a_page_has_no_wcag_violations_and_fits_a_phone(browser, plone_server, axe_source, path):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="da-DK", bypass_csp=True)
    page = context.new_page()
    assert page.goto(plone_server + path).status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert run_axe(page, axe_source) == []
    context.close()
