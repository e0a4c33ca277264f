"""The slug helper and the Danish date and time formatting."""

from datetime import date, time

import pytest

from kb.text import danish_date, danish_time, shorten, slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("De Utrolige År", "de-utrolige-aar"),
        ("Åben Dialog", "aaben-dialog"),
        ("Peerstøtte", "peerstoette"),
        ("Kognitiv adfærdsterapi", "kognitiv-adfaerdsterapi"),
        ("Integrated Children's System", "integrated-childrens-system"),
        ("  MST / FFT  ", "mst-fft"),
        ("Café – runde 2", "cafe-runde-2"),
        ("!!!", "uden-titel"),
    ],
)
def test_slugify_spells_out_danish_letters_and_drops_punctuation(name, slug):
    assert slugify(name) == slug


def test_slugify_caps_the_length_without_a_trailing_dash():
    slug = slugify("ord " * 100, max_length=20)
    assert len(slug) <= 20
    assert not slug.endswith("-")


def test_danish_date_uses_danish_month_names_and_optional_weekday():
    assert danish_date(date(2015, 1, 12)) == "12. januar 2015"
    assert danish_date(date(2021, 5, 11), weekday=True) == "tirsdag den 11. maj 2021"
    assert danish_date(None) == ""


def test_danish_time_uses_a_dot():
    assert danish_time(time(16, 0)) == "16.00"
    assert danish_time(None) == ""


def test_shorten_leaves_a_short_text_whole_but_collapses_whitespace():
    assert shorten("  Bolig   først.\n", 40) == "Bolig først."
    assert shorten(None, 10) == ""


def test_shorten_cuts_at_a_word_boundary_within_the_limit_and_adds_an_ellipsis():
    text = "Multisystemisk terapi er en intensiv, hjemmebaseret behandling af unge med adfærdsproblemer."
    for limit in range(len("Multisystemisk") + 1, len(text)):
        short = shorten(text, limit)
        assert len(short) <= limit
        assert short.endswith("…")
        assert text.startswith(short[:-1])
        assert text[len(short) - 1] in " ,"  # the cut fell between words
        assert not short[:-1].endswith((" ", ","))
    assert shorten(text, 40) == "Multisystemisk terapi er en intensiv…"


def test_shorten_cuts_inside_a_word_only_when_one_word_is_longer_than_the_limit():
    assert shorten("a" * 5000, 10) == "a" * 9 + "…"
    assert shorten("Metode " + "x" * 50, 20) == "Metode…"


def test_large_numbers_are_written_the_danish_way():
    from kb.text import danish_number

    assert [danish_number(n) for n in (7, 1000, 10000, 1234567)] == ["7", "1.000", "10.000", "1.234.567"]
