"""A page runs the same number of SQL queries however many items it links to."""

import pytest

from kb.extensions import db
from kb.models import PrioritisationResult
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
