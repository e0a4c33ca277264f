"""A page runs the same number of SQL queries however many items it links to."""

import pytest

from kb.extensions import db
from kb.models import Organisation, PrioritisationResult
from tests import factories


def build(app, size: int):
    """One method, area, conference and development area, each linked to `size` others."""
    with app.app_context():
        areas = [factories.area(f"Område {i}") for i in range(size)]
        municipalities = [factories.municipality(f"By {i}") for i in range(size)]
        method = factories.method("Metode", slug="metode", aliases=[f"M{i}" for i in range(size)])
        method.areas = areas
        method.municipalities = municipalities
        agreement = factories.agreement(slug="aftale")
        development_areas = [factories.development_area(agreement, f"Udvikling {i}") for i in range(size)]
        for development_area in development_areas:
            development_area.methods = [method]
        development_areas[0].slug = "udvikling"
        conference = factories.conference("Konference", slug="konference")
        conference.development_areas = development_areas
        conference.methods = [method]
        area = areas[0]
        area.slug = "omraade"
        others = [factories.method(f"Anden metode {i}") for i in range(size)]
        for other in others:
            other.areas = [area]
        others[0].slug = "anden-metode"
        for i in range(size):
            speakers = [factories.person(f"Person {i}-{j}") for j in range(2)]
            item = factories.programme_item(conference, f"Punkt {i}", speakers=speakers)
            item.methods = [method, *others[:i]]
            item.areas = areas[: i + 1]
            output = factories.output(conference, f"Materiale {i}", programme_item=item)
            output.methods = [method]
            conference.prioritisation.append(
                PrioritisationResult(
                    position=i, round_label="Runde 1", area_label=areas[i].name, area=areas[i], votes=i
                )
            )
        speakers[0].slug = "person"
        db.session.commit()


PAGES = [
    "/metoder/metode",
    "/konferencer/konference",
    "/indsatsomraader/omraade",
    "/udviklingsomraader/udvikling",
    "/rammeaftaler/aftale",
    "/personer/person",
    "/metoder",
    "/konferencer",
    "/indsatsomraader",
    "/personer",
    "/kommuner",
    "/",
    "/oversigter/rosetten",
    "/oversigter/evidens-og-huller",
    "/oversigter/kommuner",
    "/oversigter/sammenlign?metode=metode&metode=anden-metode",
    "/metoder/metode/udskriv",
    "/konferencer/konference/udskriv",
]


def queries_for(app_factory, size: int) -> dict[str, int]:
    app = app_factory()
    build(app, size)
    client = app.test_client()
    counts = {}
    with app.app_context():
        engine = db.engine
    from tests.conftest import QueryCounter

    for path in PAGES:
        with QueryCounter(engine) as counter:
            assert client.get(path).status_code == 200, path
        counts[path] = counter.count
    return counts


@pytest.fixture
def app_factory(tmp_path, postgres_url):
    from tests.conftest import _make_app

    made = []

    def make():
        directory = tmp_path / f"app{len(made)}"
        directory.mkdir()
        app = _make_app(directory, postgres_url)
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_query_count_does_not_grow_with_linked_items(app_factory):
    small = queries_for(app_factory, 2)
    large = queries_for(app_factory, 12)
    assert large == small


def build_catalogue(app, size: int):
    """A catalogue of `size` published methods, people and organisations, with `size` // 10 + 1 conferences.

    Every kind of public page has an item at a fixed address ("metode-0", "omraade", ...), whatever the size.
    """
    with app.app_context():
        parent = factories.area("Område", slug="omraade")
        child = factories.area("Underområde", slug="underomraade", parent=parent)
        other = factories.area("Andet område", slug="andet-omraade")
        places = [factories.municipality(name) for name in ("Aarhus", "Skive", "Viborg")]
        places[0].slug = "aarhus"
        agreement = factories.agreement(slug="aftale")
        development_areas = [
            factories.development_area(agreement, f"Udvikling {i}", slug=f"udvikling-{i}") for i in range(2)
        ]
        levels = ["staerk", "moderat", "lovende", "ikke-vurderet"]
        methods = []
        for i in range(size):
            method = factories.method(
                f"Metode {i}", slug=f"metode-{i}", aliases=[f"M{i}"], evidence_level=levels[i % 4], age_min=12
            )
            method.areas = [(parent, child, other)[i % 3]]
            method.municipalities = places[: 1 + i % 3]
            methods.append(method)
        for development_area in development_areas:
            development_area.areas = [parent, other]
            development_area.methods = methods
        conferences = [factories.conference(f"Konference {i}", slug=f"konference-{i}") for i in range(size // 10 + 1)]
        people = [factories.person(f"Person {i}", slug=f"person-{i}") for i in range(size)]
        for i, person in enumerate(people):
            conference = conferences[i % len(conferences)]
            item = factories.programme_item(conference, f"Oplæg {i}", speakers=[person])
            item.methods = [methods[i]]
            factories.output(conference, f"Materiale {i}", programme_item=item).methods = [methods[i]]
        for i in range(size):
            organisation = Organisation(name=f"Organisation {i}", slug=f"organisation-{i}")
            organisation.conferences = [conferences[i % len(conferences)]]
            db.session.add(organisation)
        conferences[0].methods = methods
        conferences[0].areas = [parent, child, other]
        conferences[0].prioritisation = [
            PrioritisationResult(position=0, round_label="Runde 1", area_label="Område", area=parent, votes=3)
        ]
        db.session.commit()


EVERY_PAGE_TYPE = [
    "/",
    "/metoder",
    "/metoder?page=2",
    "/metoder?omraade=omraade&evidens=moderat&kommune=aarhus&maalgruppe=unge",
    "/metoder?navn=metode",
    "/metoder/metode-0",
    "/metoder/metode-0/udskriv",
    "/indsatsomraader",
    "/indsatsomraader/omraade",
    "/indsatsomraader/omraade?page=2",
    "/indsatsomraader/omraade/feed.xml",
    "/konferencer",
    "/konferencer/konference-0",
    "/konferencer/konference-0/udskriv",
    "/rammeaftaler",
    "/rammeaftaler/aftale",
    "/udviklingsomraader/udvikling-0",
    "/personer",
    "/personer/person-0",
    "/organisationer",
    "/organisationer/organisation-0",
    "/kommuner",
    "/kommuner/aarhus",
    "/evidensskala",
    "/om",
    "/soeg?q=metode",
    "/soeg",
    "/oversigter",
    "/oversigter/rosetten",
    "/oversigter/evidens-og-huller",
    "/oversigter/kommuner",
    "/oversigter/kommuner?page=2",
    "/oversigter/kommuner.csv",
    "/oversigter/sammenlign?metode=metode-0&metode=metode-1",
    "/sitemap.xml",
    "/feed.xml",
]


def catalogue_queries(app_factory, size: int) -> dict[str, int]:
    from tests.conftest import QueryCounter

    app = app_factory()
    build_catalogue(app, size)
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    counts = {}
    for path in EVERY_PAGE_TYPE:
        # Warm once: caches shared per process and database (synonyms, counts) are filled by whichever
        # app asks first, and on PostgreSQL both catalogues live in the same database.
        client.get(path).get_data()
        with QueryCounter(engine) as counter:
            response = client.get(path)
            assert response.status_code == 200, path
            response.get_data()  # a streamed body runs its queries while it is read
        counts[path] = counter.count
    return counts


def test_every_public_page_type_runs_as_many_queries_for_hundreds_of_items_as_for_a_few(app_factory):
    """Lists are paginated and overviews count in the database, so a page's queries do not grow with the catalogue."""
    few = catalogue_queries(app_factory, 4)
    hundreds = catalogue_queries(app_factory, 300)
    assert hundreds == few
