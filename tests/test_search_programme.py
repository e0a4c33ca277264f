"""Programme items and conference outputs are search results of their own, pointing at their place on
the conference page; the ranking policy puts subjects before people who merely mention them."""

from kb.extensions import db
from kb.models import Conference, ProgrammeItem
from kb.search import SearchRequest, check, search
from tests import factories


def hits(app, query: str, **filters):
    with app.test_request_context():
        return search(SearchRequest(query=query, per_page=20, **filters))


def test_a_workshops_subject_finds_the_workshop_in_the_top_three_with_its_anchor_and_context(seeded_app):
    results = hits(seeded_app, "helende arkitektur")
    top = results.hits[:3]
    workshop = next(hit for hit in top if hit.type == "programme_item")
    assert workshop.title.startswith("Workshop 4: Boformer og bygninger")
    with seeded_app.app_context():
        item = db.session.query(ProgrammeItem).filter(ProgrammeItem.title.startswith("Workshop 4")).one()
        assert workshop.url == f"/konferencer/kkr-konference-2021#punkt-{item.id}"
    kind_and_time, conference, speakers = workshop.context
    assert kind_and_time.startswith("Workshop · kl. ")
    assert conference == "Fremtidens specialiserede socialområde, 11. maj 2021"
    assert "Lone Aagaard" in speakers and "Simon Eg Severinsen" in speakers
    assert workshop.type_label == "Programpunkt"


def test_an_output_is_a_result_linking_to_its_place_among_the_materials(seeded_app):
    output = hits(seeded_app, "spørgeskemaundersøgelse myndighed og udfører").hits[0]
    assert output.type == "output" and output.type_label == "Konferencemateriale"
    assert "/konferencer/dassos-temadag-maal-2019#materiale-" in output.url
    assert output.context[0] == "Notat"


def test_the_content_type_facet_offers_programme_items_and_outputs(seeded_app):
    labels = {value.key: value.label for value in hits(seeded_app, "evidensbaseret").facets["type"]}
    assert labels["programme_item"] == "Programpunkt" and labels["output"] == "Konferencemateriale"
    only_items = hits(seeded_app, "evidensbaseret", type="programme_item")
    assert only_items.hits and {hit.type for hit in only_items.hits} == {"programme_item"}


def test_the_search_page_shows_a_programme_items_context(seeded_client):
    html = seeded_client.get("/soeg?q=helende+arkitektur").get_data(as_text=True)
    assert "Programpunkt" in html and "11. maj 2021" in html and "%23punkt-" in html  # the anchor, via the counter


def test_a_topic_word_ranks_the_session_about_it_above_people_whose_title_mentions_it(seeded_app):
    kinds = [hit.type for hit in hits(seeded_app, "botilbud").hits]
    assert kinds[0] != "person"
    assert kinds.index("programme_item") < kinds.index("person")


def test_a_persons_name_finds_the_person_first(seeded_app):
    for name in ("lone aagaard", "marie herborg krogh", "knud aarup"):
        assert hits(seeded_app, name).hits[0].type == "person", name


def test_a_programme_item_follows_its_conference_in_and_out_of_the_index(app):
    with app.app_context():
        conference = factories.conference(title="Temadag om helende arkitektur", slug="temadag", status="published")
        factories.programme_item(conference, title="Lys og lyd i botilbud")
        factories.output(conference, title="Slides om sansestimulering")
        db.session.commit()
    assert [hit.type for hit in hits(app, "sansestimulering").hits] == ["output", "conference"]
    assert "programme_item" in [hit.type for hit in hits(app, "lys lyd").hits]
    with app.app_context():
        db.session.query(Conference).one().status = "draft"
        db.session.commit()
        assert check().count == 0
    assert hits(app, "lys lyd").total == 0 and hits(app, "sansestimulering").total == 0


def test_renaming_a_programme_item_reindexes_it(app):
    with app.app_context():
        conference = factories.conference(slug="temadag", status="published")
        factories.programme_item(conference, title="Helende arkitektur")
        db.session.commit()
        db.session.query(ProgrammeItem).one().title = "Rehabiliterende rammer"
        db.session.commit()
        assert check().count == 0
    assert hits(app, "rehabiliterende").hits[0].type == "programme_item"
    assert hits(app, "helende").total == 0
