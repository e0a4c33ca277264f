"""Rich text is cleaned once, by kb.sanitize, before it is stored."""

from kb.sanitize import clean_html


def test_keeps_the_formatting_editors_use():
    html = "<h3>Mål</h3><p><strong>Fed</strong> og <em>kursiv</em></p><ul><li>Punkt</li></ul>"
    assert clean_html(html) == html


def test_removes_scripts_event_handlers_and_styles():
    cleaned = clean_html('<p onclick="x()" style="color:red">Hej<script>alert(1)</script></p><img src=x onerror=y>')
    assert "script" not in cleaned
    assert "onclick" not in cleaned
    assert "onerror" not in cleaned
    assert "style" not in cleaned
    assert cleaned.startswith("<p>Hej")


def test_drops_javascript_links_but_keeps_web_links_safe():
    assert "javascript" not in clean_html('<a href="javascript:alert(1)">x</a>')
    cleaned = clean_html('<a href="https://vidensportal.dk">Vidensportal</a>')
    assert 'href="https://vidensportal.dk"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


def test_empty_input_gives_empty_text():
    assert clean_html(None) == ""
    assert clean_html("") == ""


def test_the_editors_in_page_allow_list_is_the_sanitisers():
    """static/js/editor.js copies only allowed nodes into the page while an editor edits; its list must not
    drift from kb/sanitize.py's, which has the last word when the text is saved."""
    import json
    import re
    from pathlib import Path

    from kb.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES

    script = (Path(__file__).resolve().parent.parent / "static" / "js" / "editor.js").read_text(encoding="utf-8")
    literal = re.search(r"var ALLOWED = (\{.*?\});", script, re.S).group(1)
    allowed = json.loads(re.sub(r"([A-Z0-9]+):", r'"\1":', literal))
    assert {tag.lower() for tag in allowed} == ALLOWED_TAGS
    assert {tag.lower(): set(names) for tag, names in allowed.items() if names} == ALLOWED_ATTRIBUTES
    # safeHref's scheme test is a regular expression Python reads the same way.
    schemes = re.compile(re.search(r"return /(\^\(.*?\))/i\.test\(u\)", script).group(1), re.I)
    assert all(schemes.match(f"{scheme}:x") for scheme in ALLOWED_URL_SCHEMES)
    assert not any(schemes.match(f"{scheme}:x") for scheme in ("javascript", "data", "vbscript", "ftp", "file"))
