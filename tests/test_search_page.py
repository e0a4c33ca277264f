"""The search page /soeg: results with highlights, facets, pagination, and helpful empty states."""

import re

import pytest


def page(client, query_string):
    response = client.get(f"/soeg?{query_string}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_results_show_highlighted_snippets_and_facets(seeded_client):
    html = page(seeded_client, "q=hjemløse")
    assert "Housing First" in html
    assert "<mark>" in html
    assert "Indholdstype" in html and "Evidensniveau" in html
    assert "resultater for »hjemløse«" in html


def test_a_facet_link_narrows_the_results_and_can_be_removed(seeded_client):
    html = page(seeded_client, "q=unge&type=area")
    assert "Fjern filteret" in html
    assert "/metoder/" not in html.split('class="kb-hits"')[1]


def test_pagination_links_keep_the_query_and_filters(seeded_client):
    html = page(seeded_client, "q=borgere&per_page=2&evidence=moderat")
    assert "Næste" in html
    assert "page=2" in html and "evidence=moderat" in html
    total = int(re.search(r"(\d+) resultater for", html).group(1))
    assert f"Viser 1–2 af {total}" in html  # the same words as every other list


def test_a_query_with_no_hits_gets_advice_and_browse_links(seeded_client):
    html = page(seeded_client, "q=qwxzv")
    assert "Vi fandt ikke noget" in html
    assert "/indsatsomraader" in html


def test_a_misspelt_query_offers_mente_du(seeded_client):
    html = page(seeded_client, "q=neuropædagogok")
    assert "Mente du" in html


def test_the_empty_query_offers_ways_in(seeded_client):
    html = page(seeded_client, "")
    assert "Hvad leder du efter?" in html
    assert "/indsatsomraader/" in html


@pytest.mark.parametrize(
    "query_string",
    [
        "q=%22",
        "q=AND",
        "q=*",
        "q=(",
        "q=" + "x" * 5000,
        "q=%00%01%02",
        "q=%ff%fe%fd",
        "q=<script>alert(1)</script>",
        "q=unge&type=ukendt",
        "q=unge&page=-1",
        "q=unge&page=99999999999",
        "q=unge&per_page=abc",
        "q=unge&year=1800",
        "q=unge&area=%00",
        "q=unge&page=500",
    ],
)
def test_odd_input_gets_a_danish_page_not_an_error(seeded_client, query_string):
    html = page(seeded_client, query_string)
    assert "<script>alert(1)</script>" not in html
    assert "Traceback" not in html


def test_ignored_parameters_are_explained_in_danish(seeded_client):
    html = page(seeded_client, "q=unge&type=ukendt")
    assert "Indholdstypen findes ikke" in html
