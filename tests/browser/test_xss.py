"""Attack input in every free-text field of every content type: rendered in Chromium, no script may run.

At least 200 vectors go in through the editor's own save path (so the sanitiser and the templates are
both exercised) and come out on the public page, in search results and in the editor's form.
"""

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from kb import content, create_app
from kb.extensions import db
from kb.models import User
from kb.services import editing
from tests.conftest import copy_seeded, test_config

# The session cookie is bound to this user agent (Flask-Login's strong protection): the browser must send it.
from tests.test_edit_concurrency import USER_AGENT, signed_in_cookie

pytestmark = pytest.mark.browser

BASE_VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><script>alert(1)</script>",
    '<a href="javascript:alert(1)">klik</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<object data="javascript:alert(1)">',
    '<embed src="javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "javascript:alert(1)",
    "{{7*7}}{% raw %}{{ config }}{% endraw %}",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<img src="x" onerror="&#97;lert(1)">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
]
MUTATIONS = [
    lambda v: v,
    lambda v: v.upper(),
    lambda v: v.replace("alert(1)", "alert`1`"),
    lambda v: v.replace(" ", "/"),
    lambda v: f"Tekst før {v} og efter",
    lambda v: v.replace("<", "<\x00"),
    lambda v: v.replace("alert", "window['al'+'ert']"),
    lambda v: f"<p>{v}</p>",
]
VECTORS = [mutate(vector) for vector in BASE_VECTORS for mutate in MUTATIONS]
TEXT_FIELDS = [
    "summary",
    "description",
    "target_group",
    "outcomes",
    "core_elements",
    "manual",
    "training",
    "supervision",
    "fidelity",
    "licence",
    "cost",
    "evidence_rationale",
    "contact",
    "aliases",
]


def test_there_are_at_least_200_vectors():
    assert len(VECTORS) >= 200


@pytest.fixture(scope="module")
def attacked_site(tmp_path_factory, seeded_sqlite_template):
    directory = tmp_path_factory.mktemp("xss")
    database = copy_seeded(seeded_sqlite_template, directory)
    app = create_app(test_config(f"sqlite:///{database}", directory / "index"))
    kind = content.kind("method")
    slugs = []
    with app.test_request_context():
        user = User(email="xss@example.dk", role="editor", password_hash="x")
        db.session.add(user)
        db.session.commit()
        per_method = len(TEXT_FIELDS) + 1
        for number, start in enumerate(range(0, len(VECTORS), per_method)):
            chunk = VECTORS[start : start + per_method]
            form = {"name": f"Angreb {number} {chunk[0]}"[:200], "evidence_level": "lovende"}
            for field, vector in zip(TEXT_FIELDS, chunk[1:] + chunk[:1], strict=False):
                form[field] = f"{vector} | forkortelse" if field == "aliases" else vector
            form["aliases"] = "ATK | forkortelse"
            result = editing.create(kind, _MultiDict(form), user)
            editing.transition(kind, result.item.id, "published", result.item.version, user)
            slugs.append((result.item.id, result.item.slug))
        others = _attack_every_kind(user)
        cookie = signed_in_cookie(app, user.get_id()).split("=", 1)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", slugs, cookie, others
    server.shutdown()
    shutil.rmtree(directory, ignore_errors=True)


FREE_TEXT_KINDS = ("text", "textarea", "richtext", "lines")


def _attack_every_kind(user) -> list[tuple[str, str, str]]:
    """One published item of every other kind with a vector in each free-text field: (kind, edit path, public path)."""
    from flask import url_for

    items = []
    vectors = iter(VECTORS * 2)
    for kind in content.editable().values():
        if kind.key == "method":
            continue
        form = {}
        for spec in kind.fields:
            if spec.kind in FREE_TEXT_KINDS:
                form[spec.name] = next(vectors)[: spec.max_length]
        form[kind.title_field] = f"Angreb på {kind.singular} {next(vectors)}"[:200]
        for spec in kind.fields:
            if spec.kind == "int":
                form[spec.name] = "2021"
            if spec.kind == "date":
                form[spec.name] = "2021-05-11"
            if spec.kind == "choice" and spec.required:
                form[spec.name] = spec.choices[0][0]
            if spec.kind == "link" and spec.required:
                form[spec.name] = "Rammeaftale 2021-22"
        result = editing.create(kind, _MultiDict(form), user)
        editing.transition(kind, result.item.id, "published", result.item.version, user)
        items.append(
            (
                kind.key,
                f"/redaktion/{kind.url_segment}/{result.item.id}",
                url_for(kind.public_endpoint, slug=result.item.slug),
            )
        )
    return items


class _MultiDict(dict):
    def getlist(self, name):
        return []


def assert_no_script_ran(page, url):
    fired = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    response = page.goto(url)
    assert response.status == 200, url
    assert "/konto/log-ind" not in page.url, f"{url}: not signed in"
    page.wait_for_timeout(50)
    injected = page.evaluate(
        """() => ({
            handlers: document.querySelectorAll('[onerror],[onload],[onclick],[onfocus],[ontoggle],[onstart]').length,
            scripts: [...document.scripts].filter(s => !s.src.includes('/static/')).length,
            jsLinks: [...document.querySelectorAll('a[href], iframe[src], object[data], embed[src], form[action]')]
                .map(e => (e.href || e.src || e.data || e.action || '').toString().toLowerCase())
                .filter(url => url.startsWith('javascript')).length,
        })"""
    )
    assert fired == [], url
    assert injected == {"handlers": 0, "scripts": 0, "jsLinks": 0}, url


def test_no_vector_runs_on_public_pages_search_or_the_editor_form(browser, attacked_site):
    base, slugs, (cookie_name, cookie_value), others = attacked_site
    context = browser.new_context(user_agent=USER_AGENT)
    context.add_cookies([{"name": cookie_name, "value": cookie_value, "url": base}])
    page = context.new_page()
    for method_id, slug in slugs:
        assert_no_script_ran(page, f"{base}/metoder/{slug}")
        assert_no_script_ran(page, f"{base}/redaktion/metoder/{method_id}")
    assert_no_script_ran(page, f"{base}/soeg?q=angreb")
    assert_no_script_ran(page, f"{base}/metoder")
    assert_no_script_ran(page, f"{base}/redaktion/metoder/")
    for _kind, edit_path, public_path in others:
        assert_no_script_ran(page, base + public_path)
        assert_no_script_ran(page, base + edit_path)
    assert_no_script_ran(page, f"{base}/redaktion/")
    context.close()


REFUSED_SAVE_VECTOR = (
    '<p>Tekst</p><img src=x onerror="window.kbPwned=1"><a href="//evil.example">x</a><script>window.kbPwned=2</script>'
)


def test_the_rich_text_widget_shows_a_refused_save_inertly_even_without_the_csp(browser, attacked_site):
    """Issue 11 (finding 5): after a 422 the submitted HTML is parsed inertly, never put back via innerHTML."""
    base, slugs, (cookie_name, cookie_value), _others = attacked_site
    context = browser.new_context(user_agent=USER_AGENT, bypass_csp=True)  # the CSP must not be what saves us
    context.add_cookies([{"name": cookie_name, "value": cookie_value, "url": base}])
    page = context.new_page()
    page.goto(f"{base}/redaktion/metoder/{slugs[0][0]}")
    # The editor switches to "Vis HTML" and types HTML into the field itself.
    page.locator("textarea[name=description]").evaluate(
        "(field, html) => { field.hidden = false; field.value = html; }", REFUSED_SAVE_VECTOR
    )
    page.locator("input[name=name]").fill("")  # a required field left empty: the save is refused with 422
    with page.expect_navigation():
        page.locator("input[name=name]").evaluate("field => field.form.submit()")
    page.wait_for_timeout(100)
    assert "Skriv navn" in page.content()
    widget = page.locator("textarea[name=description]").locator("xpath=preceding-sibling::div[1]")
    assert page.evaluate("() => window.kbPwned") is None
    assert widget.locator("img, script").count() == 0
    assert widget.locator("a[href]").count() == 0
    assert "Tekst" in widget.inner_text()
    context.close()
