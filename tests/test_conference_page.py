"""The conference page: its programme in time order and its prioritisation results as a chart and a table."""

import re

from kb.catalogue.prioritisation import summarise
from kb.extensions import db
from kb.models import PrioritisationResult
from tests import factories


def _result(conference, round_label, area_label, votes, area=None):
    conference.prioritisation.append(
        PrioritisationResult(
            position=len(conference.prioritisation),
            round_label=round_label,
            area_label=area_label,
            area=area,
            votes=votes,
        )
    )


def test_results_are_summed_per_area_and_sorted_by_total(app):
    with app.app_context():
        homeless = factories.area("Hjemløshed", slug="hjemloeshed")
        hidden = factories.area("Kladdeområde", slug="kladde", status="draft")
        conference = factories.conference()
        _result(conference, "Runde 1", "Hjemløshed", 3, homeless)
        _result(conference, "Runde 1", "Rusmidler", 5)
        _result(conference, "Runde 2", "Hjemløshed", 4, homeless)
        _result(conference, "Runde 2", "Kladdeområde", 1, hidden)
        db.session.commit()

        summary = summarise(conference)

        assert summary.rounds == ["Runde 1", "Runde 2"]
        assert [(a.label, a.values, a.total) for a in summary.areas] == [
            ("Hjemløshed", [3, 4], 7),
            ("Rusmidler", [5, 0], 5),
            ("Kladdeområde", [0, 1], 1),
        ]
        assert summary.areas[0].area is homeless
        assert summary.areas[2].area is None  # a draft area is named but never linked


def test_a_conference_without_results_has_no_prioritisation_section(app, client):
    with app.app_context():
        factories.conference(slug="uden-resultater")
        db.session.commit()
        assert summarise(factories.conference(slug="anden")) is None
    page = client.get("/konferencer/uden-resultater").get_data(as_text=True)
    assert 'id="prioritering"' not in page


def test_the_seeded_cafe_shows_its_rounds_as_chart_and_table_with_the_same_numbers(seeded_client):
    page = seeded_client.get("/konferencer/januarkonference-2015").get_data(as_text=True)
    section = page[page.index('id="prioritering"') :]
    assert "Eksempeldata" in section  # the source gives no results: the demo numbers say they are made up
    in_chart = {
        (row, column): int(value)
        for row, column, value in re.findall(r'data-row="([^"]+)" data-column="([^"]+)" data-value="(\d+)"', section)
    }
    table = section[section.index("<tbody>") : section.index("</tbody>")]
    in_table = {}
    for label, cells in re.findall(r'<th scope="row">(?:<a [^>]+>)?([^<]+)(?:</a>)?</th>(.*?)</tr>', table, re.S):
        values = [int(v) for v in re.findall(r'<td class="kb-num[^"]*">(\d+)</td>', cells)]
        in_table.update({(label, column): v for column, v in zip(["Runde 1", "Runde 2", "I alt"], values, strict=True)})
    assert len(in_chart) == 8 * 3
    assert in_chart == in_table
    totals = [in_chart[(label, "I alt")] for label, column in in_chart if column == "I alt"]
    assert totals == sorted(totals, reverse=True)


def test_the_programme_is_shown_in_time_order_whatever_order_it_was_typed_in(app, client):
    from datetime import time

    with app.app_context():
        conference = factories.conference(slug="tidsorden")
        factories.programme_item(conference, "Velkomst", starts_at=time(16, 0))
        factories.programme_item(conference, "Afrunding", starts_at=time(18, 0))
        factories.programme_item(conference, "Video uden tid", starts_at=None)
        factories.programme_item(conference, "Glemt oplæg", starts_at=time(16, 15))
        db.session.commit()
    page = client.get("/konferencer/tidsorden").get_data(as_text=True)
    titles = re.findall(r'<h3 class="kb-programme__title">([^<]+)</h3>', page)
    assert titles == ["Velkomst", "Glemt oplæg", "Afrunding", "Video uden tid"]
