"""The overview pages count published content only, link to pages showing the same numbers, and answer bad
comparison requests in Danish without ever failing."""

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from kb.catalogue import overviews
from kb.extensions import db
from kb.models import Method, MethodAlias
from kb.public.rosette import label_lines, rosette_layout
from tests import factories


@pytest.fixture
def content(app):
    """Two top-level areas (one with a sub-area), four published methods, and drafts of every kind."""
    with app.app_context():
        homeless = factories.area("Hjemløshed", slug="hjemloeshed")
        children = factories.area("Udsatte børn", slug="udsatte-boern")
        placed = factories.area("Anbragte børn", slug="anbragte", parent=children)
        hidden_area = factories.area("Skjult kladdeområde", slug="skjult-omraade", status="draft")
        aarhus = factories.municipality("Aarhus")
        aarhus.slug = "aarhus"
        skive = factories.municipality("Skive")
        skive.slug = "skive"
        region = factories.municipality("Region Midtjylland")
        region.name, region.slug, region.kind = "Region Midtjylland", "region", "region"

        housing = factories.method("Housing First", slug="housing-first", evidence_level="staerk", age_min=18)
        housing.areas = [homeless]
        housing.municipalities = [aarhus, region]
        mst = factories.method("Multisystemisk Terapi", slug="mst", evidence_level="moderat", age_min=12, age_max=17)
        mst.areas = [placed]
        mst.municipalities = [aarhus, skive]
        cti = factories.method("Critical Time Intervention", slug="cti", evidence_level="moderat")
        cti.areas = [homeless, children]
        lonely = factories.method("Ensom metode", slug="ensom", evidence_level="lovende")
        lonely.areas = [hidden_area]
        draft = factories.method("Hemmelig kladdemetode", slug="kladde", evidence_level="staerk", status="draft")
        draft.areas = [homeless, placed]
        draft.municipalities = [aarhus, skive]

        old = factories.agreement("Rammeaftale 2019-20", start_year=2019, end_year=2020, slug="aftale-2019")
        earlier = factories.development_area(old, "Effekt og progression", slug="effekt")
        earlier.areas = [homeless]
        new = factories.agreement("Rammeaftale 2021-22", start_year=2021, end_year=2022, slug="aftale-2021")
        complex_needs = factories.development_area(new, "Komplekse udfordringer", slug="komplekse")
        complex_needs.areas = [homeless]
        complex_needs.methods = [housing, draft]
        factories.development_area(new, "Skjult udviklingsområde", slug="skjult-udvikling", status="draft")
        db.session.commit()
    return app


DRAFT_TEXTS = ["Hemmelig kladdemetode", "Skjult kladdeområde", "Skjult udviklingsområde"]
PAGES = [
    "/oversigter",
    "/oversigter/rosetten",
    "/oversigter/evidens-og-huller",
    "/oversigter/kommuner",
    "/oversigter/sammenlign?metode=housing-first&metode=mst&metode=cti",
]


class ChartReader(HTMLParser):
    """Reads each chart's data-row/data-column/data-value elements and the cells of its table
    (data-chart-for), leaving out visually hidden text."""

    def __init__(self):
        super().__init__()
        self.charts: dict[str, dict[tuple[str, str], str]] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self._chart = self._table = None
        self._cell: list[str] | None = None
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "svg" and "data-chart" in attributes:
            self._chart = self.charts.setdefault(attributes["data-chart"], {})
        if "data-value" in attributes:
            self._chart[(attributes["data-row"], attributes["data-column"])] = attributes["data-value"]
        if tag == "table" and "data-chart-for" in attributes:
            self._table = self.tables.setdefault(attributes["data-chart-for"], [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("th", "td") and self._table is not None:
            self._cell = []
        elif tag == "span" and self._cell is not None and "sr-only" in attributes.get("class", ""):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1
        elif tag == "table":
            self._table = None
        elif tag == "svg":
            self._chart = None

    def handle_data(self, data):
        if self._cell is not None and not self._hidden:
            self._cell.append(data)

    def table_values(self, chart: str) -> dict[tuple[str, str], str]:
        """The chart's table as {(row heading, column heading): cell text}, for the chart's columns."""
        rows = self.tables[chart]
        columns = {column for _row, column in self.charts[chart]}
        return {
            (row[0], heading): text.replace("◆", "").strip()
            for row in rows[1:]
            for heading, text in zip(rows[0], row, strict=True)
            if heading in columns
        }


def read(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    reader = ChartReader()
    reader.feed(response.get_data(as_text=True))
    return reader


@pytest.mark.parametrize("path", PAGES)
def test_overview_pages_render_in_danish_without_drafts(content, path):
    response = content.test_client().get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="da"' in html
    for text in DRAFT_TEXTS:
        assert text not in html


def test_the_rosette_counts_published_methods_and_development_areas_per_area(content):
    with content.app_context():
        data = overviews.rosette()
        rows = {s.area.name: (s.method_count, len(s.development_areas), s.is_child) for s in data.areas}
        order = [s.area.name for s in data.areas]
    # Sub-areas follow their parent; a parent counts its sub-areas' methods; drafts count nowhere.
    assert order == ["Hjemløshed", "Udsatte børn", "Anbragte børn"]
    assert rows == {
        "Hjemløshed": (2, 2, False),
        "Udsatte børn": (2, 0, False),
        "Anbragte børn": (1, 0, True),
    }


def test_the_rosette_chart_and_its_table_show_the_same_numbers(content):
    reader = read(content.test_client(), "/oversigter/rosetten")
    assert reader.charts["chart-rosette"] == {
        ("Hjemløshed", "Metoder"): "2",
        ("Hjemløshed", "Udviklingsområder"): "2",
        ("Udsatte børn", "Metoder"): "2",
        ("Udsatte børn", "Udviklingsområder"): "0",
        ("Anbragte børn", "Metoder"): "1",
        ("Anbragte børn", "Udviklingsområder"): "0",
    }
    table = reader.tables["chart-rosette"]
    assert reader.table_values("chart-rosette") == reader.charts["chart-rosette"]
    assert table[0] == ["Indsatsområde", "Hører under", "Metoder", "Udviklingsområder"]
    assert table[1:] == [
        ["Hjemløshed", "–", "2", "2"],
        ["Udsatte børn", "–", "2", "0"],
        ["Anbragte børn", "Udsatte børn", "1", "0"],
    ]


def test_the_evidence_matrix_counts_methods_per_area_and_level(content):
    with content.app_context():
        matrix = overviews.evidence_overview().evidence
        keys = [key for key, _label in matrix.columns]
        counts = {row.summary.area.slug: dict(zip(keys, row.counts, strict=True)) for row in matrix.rows}
        totals = {row.summary.area.slug: row.total for row in matrix.rows}
    assert keys[:3] == ["staerk", "moderat", "lovende"]
    assert counts["hjemloeshed"]["staerk"] == 1  # the draft at the same level is not counted
    assert counts["hjemloeshed"]["moderat"] == 1
    assert counts["udsatte-boern"]["moderat"] == 2  # its own method and its sub-area's
    assert counts["anbragte"]["moderat"] == 1
    assert counts["anbragte"]["staerk"] == 0
    assert totals == {"hjemloeshed": 2, "udsatte-boern": 2, "anbragte": 1}
    assert matrix.gaps == 3 * 7 - 4


def test_a_matrix_cell_links_to_a_method_list_with_the_same_count(content):
    client = content.test_client()
    html = client.get("/oversigter/evidens-og-huller").get_data(as_text=True)
    with content.app_context():
        matrix = overviews.evidence_overview().evidence
        cells = [
            (row.summary.area.slug, key, count)
            for row in matrix.rows
            for (key, _label), count in zip(matrix.columns, row.counts, strict=True)
        ]
    checked = 0
    for area, level, count in cells:
        link = f"/metoder?omraade={area}&amp;evidens={level}"
        if not count:
            assert link not in html  # a gap has nothing to click through to
            continue
        assert html.count(f'href="{link}"') == 2  # from the chart and from the table
        page = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
        assert re.search(r'<p class="kb-count" role="status">(\d+) metode', page).group(1) == str(count), link
        checked += 1
    assert checked == 4


def test_empty_cells_stand_out_as_gaps(content):
    html = content.test_client().get("/oversigter/evidens-og-huller").get_data(as_text=True)
    assert "kb-matrix__cell--gap" in html
    assert 'fill="url(#chart-evidence-gap)"' in html
    assert "Hul: ingen metoder." in html
    assert '<td class="kb-num kb-gap">0<span class="sr-only"> (hul)</span></td>' in html


def test_the_matrices_and_their_tables_hold_the_same_numbers(content):
    reader = read(content.test_client(), "/oversigter/evidens-og-huller")
    assert set(reader.charts) == set(reader.tables) == {"chart-evidence", "chart-development"}
    for chart, values in reader.charts.items():
        assert reader.table_values(chart) == values
    assert len(reader.charts["chart-evidence"]) == 3 * 8  # three areas, seven levels and the total
    assert reader.charts["chart-evidence"][("Udsatte børn", "I alt")] == "2"
    assert reader.charts["chart-evidence"][("Anbragte børn", "Stærk evidens")] == "0"
    assert reader.charts["chart-development"][("Hjemløshed", "Komplekse udfordringer")] == "1"


def test_the_development_matrix_uses_the_newest_agreement_and_published_methods(content):
    with content.app_context():
        matrix = overviews.evidence_overview().development
        assert matrix.agreement.slug == "aftale-2021"
        assert matrix.columns == [("komplekse", "Komplekse udfordringer")]
        rows = {row.summary.area.slug: (row.counts, row.covered) for row in matrix.rows}
    assert rows["hjemloeshed"] == ([1], [True])  # Housing First; the draft method is left out
    assert rows["udsatte-boern"] == ([0], [False])


def test_municipal_uptake_is_counted_from_both_ends(content):
    with content.app_context():
        uptake = overviews.uptake()
        by_place = {u.municipality.slug: u.count for u in uptake.municipalities}
        by_method = {u.method.slug: u.count for u in uptake.methods}
        by_area = {u.area.slug: u.count for u in uptake.areas}
        order = [u.municipality.slug for u in uptake.municipalities]
        ranking = [u.municipality.slug for u in uptake.by_count]
    assert order == ["aarhus", "skive", "region"]  # municipalities by name, the region last
    assert by_place == {"aarhus": 2, "skive": 1, "region": 1}
    assert by_method == {"cti": 0, "ensom": 0, "housing-first": 2, "mst": 2}
    assert by_area == {"hjemloeshed": 1, "udsatte-boern": 1, "anbragte": 1}
    assert ranking[0] == "aarhus"


def test_municipal_uptake_charts_match_their_tables_and_filtered_lists(content):
    client = content.test_client()
    reader = read(client, "/oversigter/kommuner")
    assert reader.charts["chart-per-municipality"][("Aarhus Kommune", "Metoder i brug")] == "2"
    for chart, values in reader.charts.items():
        assert reader.table_values(chart) == values
    page = client.get("/metoder?kommune=aarhus").get_data(as_text=True)
    assert '<p class="kb-count" role="status">2 metoder' in page
    html = client.get("/oversigter/kommuner").get_data(as_text=True)
    assert html.count('<span class="sr-only">bruger</span>') == 4
    assert html.count('<span class="sr-only">bruger ikke</span>') == 4 * 3 - 4


def test_compare_shows_the_methods_side_by_side_in_the_order_asked(content):
    client = content.test_client()
    response = client.get("/oversigter/sammenlign?metode=mst&metode=housing-first")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.index(">Multisystemisk Terapi</a></th>") < html.index(">Housing First</a></th>")
    for label in ["Målgruppe", "Alder", "Evidensniveau", "Omkostninger", "Licens", "Indsatsområder", "Kommuner"]:
        assert f'<th scope="row">{label}</th>' in html
    reader = read(client, "/oversigter/sammenlign?metode=mst&metode=housing-first")
    ages = reader.charts["chart-ages"]
    assert ages[("Multisystemisk Terapi", "Fra alder")] == "12"
    assert ages[("Housing First", "Til alder")] == "ingen øvre grænse"
    assert reader.table_values("chart-ages") == ages
    assert reader.tables["chart-ages"][1:] == [
        ["Multisystemisk Terapi", "12", "17", "Moderat evidens"],
        ["Housing First", "18", "ingen øvre grænse", "Stærk evidens"],
    ]


def test_compare_ignores_empty_menus_and_repeats(content):
    html = content.test_client().get("/oversigter/sammenlign?metode=mst&metode=&metode=mst&metode=cti&metode=")
    assert html.status_code == 200
    assert 'data-chart="chart-ages"' in html.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 200, "Vælg mindst to metoder ovenfor"),
        ("?metode=mst", 200, "Vælg mindst én metode mere"),
        ("?metode=mst&metode=findes-ikke", 400, "ingen offentliggjort metode med navnet eller adressen »findes-ikke«"),
        ("?metode=mst&metode=kladde", 400, "ingen offentliggjort metode med navnet eller adressen »kladde«"),
        (
            "?metode=mst&metode=%3Cscript%3E",
            400,
            "ingen offentliggjort metode med navnet eller adressen »&lt;script&gt;«",
        ),
        ("?metode=mst&metode=a%00b", 400, "Et af de valgte metodenavne kunne ikke læses"),
        ("?metode=mst&metode=" + "x" * 5000, 400, "Et af de valgte metodenavne kunne ikke læses"),
        (
            "?metode=mst&metode=cti&metode=housing-first&metode=ensom&metode=mst&metode=a&metode=b",
            400,
            "ingen offentliggjorte metoder med navnene eller adresserne »a«, »b«",
        ),
    ],
)
def test_compare_answers_bad_choices_in_danish_and_never_fails(content, query, status, message):
    response = content.test_client().get("/oversigter/sammenlign" + query)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in html
    assert 'data-chart="chart-ages"' not in html
    assert "<script>" not in html
    assert "Hemmelig kladdemetode" not in html


def test_compare_refuses_more_than_four_methods(content):
    with content.app_context():
        for i in range(2):
            factories.method(f"Ekstra metode {i}", slug=f"ekstra-{i}")
        db.session.commit()
    slugs = ["mst", "cti", "housing-first", "ensom", "ekstra-0", "ekstra-1"]
    response = content.test_client().get("/oversigter/sammenlign?" + "&".join(f"metode={s}" for s in slugs))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Du kan højst sammenligne 4 metoder ad gangen, men valgte 6." in html
    # The form keeps the first four choices, so one click away from a comparison.
    assert html.count('name="metode" type="text" value="') == 4
    assert html.count('name="metode" type="text" value=""') == 0


def test_a_misspelt_method_name_stays_in_its_field_to_be_corrected(content):
    response = content.test_client().get("/oversigter/sammenlign?metode=Housing+Frist&metode=mst")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    fields = re.findall(r'name="metode" type="text" value="([^"]*)"', html)
    assert fields == ["Housing Frist", "Multisystemisk Terapi", "", ""]


def test_methods_typed_by_name_or_abbreviation_redirect_to_the_comparison_by_address(content):
    with content.app_context():
        db.session.get(Method, db.session.scalar(select(Method.id).where(Method.slug == "mst"))).aliases = [
            MethodAlias(text="MST", kind="forkortelse")
        ]
        db.session.commit()
    response = content.test_client().get("/oversigter/sammenlign?metode=housing+first&metode=MST&metode=")
    assert response.status_code == 302
    assert response.headers["Location"] == "/oversigter/sammenlign?metode=housing-first&metode=mst"


def test_a_nul_byte_in_a_comparison_is_a_danish_400(content):
    response = content.test_client().get("/oversigter/sammenlign?metode=mst&metode=%00")
    assert response.status_code == 400
    assert '<html lang="da"' in response.get_data(as_text=True)


def test_the_front_page_and_navigation_link_the_overviews(content):
    html = content.test_client().get("/").get_data(as_text=True)
    assert '<h2 id="overviews-heading">Overblik</h2>' in html
    for path in [*PAGES[1:4], "/oversigter/sammenlign"]:
        assert f'href="{path}"' in html
    assert 'href="/oversigter">Oversigter</a>' in html


def test_empty_site_overviews_say_so(app):
    client = app.test_client()
    assert "Der er ingen indsatsområder i Metodebasen endnu." in client.get("/oversigter/rosetten").get_data(
        as_text=True
    )
    evidence = client.get("/oversigter/evidens-og-huller").get_data(as_text=True)
    assert "Der er ingen aktuelle udviklingsområder i Metodebasen endnu." in evidence
    assert client.get("/oversigter/kommuner").status_code == 200


@pytest.mark.parametrize(("count", "lines"), [(1, 2), (12, 2), (16, 2), (17, 1), (20, 1)])
def test_the_rosette_stays_legible_with_many_areas(count, lines):
    name = "Angst og psykisk mistrivsel hos børn og unge"
    petals = rosette_layout([(name, False)] * count)
    assert len(petals) == count
    assert {len(petal.lines) for petal in petals} == {lines}
    assert all(petal.shortened for petal in petals)
    assert all(len(line) <= 25 for petal in petals for line in petal.lines)
    # Labels are never upside down: they turn at most a quarter either way.
    assert all(-90 <= petal.rotate <= 90 for petal in petals)


def test_label_lines_cut_long_names_with_an_ellipsis():
    assert label_lines("Hjemløshed", 2, 21) == (["Hjemløshed"], False)
    name = "Angst og psykisk mistrivsel hos børn og unge"
    assert label_lines(name, 2, 21) == (["Angst og psykisk", "mistrivsel hos børn…"], True)
    assert label_lines(name, 1, 25) == (["Angst og psykisk mistriv…"], True)


def test_the_whole_uptake_table_downloads_as_csv_for_danish_spreadsheets(content):
    response = content.test_client().get("/oversigter/kommuner.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # so Excel reads UTF-8
    rows = [line.split(";") for line in text.lstrip("\ufeff").splitlines()]
    assert rows[0][0] == "Metode" and rows[0][2:] == ["Aarhus Kommune", "Skive Kommune", "Region Midtjylland", "I alt"]
    by_name = {row[0]: (row[2:-1], row[-1]) for row in rows[1:]}
    assert by_name["Housing First"] == (["ja", "", "ja"], "2")
    assert by_name["Critical Time Intervention"] == (["", "", ""], "0")
    assert "Hemmelig kladdemetode" not in by_name  # drafts stay out


def test_the_uptake_table_is_paginated_and_its_page_links_land_on_the_table(content):
    with content.app_context():
        for i in range(25):
            factories.method(f"Ekstra metode {i:02d}", slug=f"ekstra-{i:02d}")
        db.session.commit()
    client = content.test_client()
    html = client.get("/oversigter/kommuner").get_data(as_text=True)
    assert "Viser 1–20 af 29" in html
    assert 'href="/oversigter/kommuner?page=2#matrix-heading"' in html
    second = client.get("/oversigter/kommuner?page=2").get_data(as_text=True)
    assert "Viser 21–29 af 29" in second
    assert (
        second.count('<span class="sr-only">bruger ikke</span>') + second.count('<span class="sr-only">bruger</span>')
        == 9 * 3
    )


@pytest.mark.parametrize("path", ["/oversigter/evidens-og-huller", "/oversigter/kommuner"])
def test_overviews_built_on_example_values_say_so_beside_their_numbers(seeded_client, path):
    page = seeded_client.get(path).get_data(as_text=True)
    assert 'class="kb-flag kb-flag--example">Eksempel</span>' in page
    assert "tal" in page.split("kb-example-note", 1)[1][:400]


def test_the_evidence_matrix_stays_under_300_kb_with_forty_areas(app):
    """Does the gap matrix fit the page budget (300 kB of HTML) at the size of the 10,000-method benchmark's
    catalogue, 40 areas (19 of them sub-areas) and two development areas, with every cell a linked count?"""
    with app.app_context():
        levels = ["staerk", "moderat", "lovende", "teoretisk", "velbeskrevet", "ingen-effekt", "ikke-vurderet"]
        methods = [factories.method(f"Metode på niveau {level}", evidence_level=level) for level in levels]
        areas = []
        for i in range(40):
            parent = areas[i - 1] if i % 2 and i < 39 else None
            area = factories.area(f"Indsatsområde nummer {i:02d}", slug=f"indsatsomraade-nummer-{i:02d}", parent=parent)
            area.methods = methods
            areas.append(area)
        agreement = factories.agreement()
        for title in ("Nye veje til selvstændigheden", "Dialog med pårørende til borgere med hjerneskade"):
            development_area = factories.development_area(agreement, title)
            development_area.methods = methods
            development_area.areas = areas[::3]
        db.session.commit()
    response = app.test_client().get("/oversigter/evidens-og-huller")
    reader = ChartReader()
    reader.feed(response.get_data(as_text=True))
    assert len(reader.charts["chart-evidence"]) == 40 * 8
    assert set(reader.charts["chart-evidence"].values()) == {"1", "7"}  # no gaps: every cell a linked count
    assert len(response.data) <= 300 * 1024
