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
