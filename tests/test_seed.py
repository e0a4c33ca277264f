"""`flask kb seed`: the demo content holds every fact of the source documents and loads idempotently."""

import re
from datetime import date, time

import pytest
from sqlalchemy import func, select

from kb.extensions import db
from kb.models import Conference, DevelopmentArea, InterventionArea, Method, Municipality, Person
from kb.seed.loader import load_demo_content

REQUIRED_METHODS = {
    "MST": "multisystemisk-terapi",
    "FFT": "funktionel-familieterapi",
    "PMTO": "parent-management-training-oregon",
    "DUÅ": "de-utrolige-aar",
    "ART": "aggression-replacement-training",
    "KRAP": "krap",
    "Low Arousal": "low-arousal",
    "TEACCH": "teacch",
    "Marte Meo": "marte-meo",
    "Signs of Safety": "signs-of-safety",
    "ICS": "integrated-childrens-system",
    "Housing First": "housing-first",
    "CTI": "critical-time-intervention",
    "ICM": "intensive-case-management",
    "ACT": "assertive-community-treatment",
    "IPS": "individual-placement-and-support",
    "Åben Dialog": "aaben-dialog",
    "MBT": "mentaliseringsbaseret-terapi",
    "FIT": "feedback-informed-treatment",
    "Recovery": "recovery-orienteret-rehabilitering",
    "Peerstøtte": "peerstoette",
    "Motiverende samtale": "motiverende-samtale",
    "KAT": "kognitiv-adfaerdsterapi",
    "Cool Kids": "cool-kids",
    "TFCO": "treatment-foster-care-oregon",
    "Familierådslagning": "familieraadslagning",
}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_loads_the_whole_demo_content(seeded_app):
    with seeded_app.app_context():
        assert count(Method) >= 30
        assert count(InterventionArea) >= 8
        assert count(Municipality) == 20
        assert count(Conference) == 4
        slugs = set(db.session.scalars(select(Method.slug)))
        assert set(REQUIRED_METHODS.values()) <= slugs


def test_a_second_seed_changes_nothing(seeded_app):
    with seeded_app.app_context():
        before = db.session.scalar(select(func.max(Method.updated_at)))
        report = load_demo_content()
        assert not report.changed_anything, report.lines()
        assert db.session.scalar(select(func.max(Method.updated_at))) == before


def test_methods_are_known_by_their_abbreviations(seeded_app):
    with seeded_app.app_context():
        mst = db.session.scalar(select(Method).where(Method.slug == "multisystemisk-terapi"))
        assert "MST" in [a.text for a in mst.aliases]
        duaa = db.session.scalar(select(Method).where(Method.slug == "de-utrolige-aar"))
        assert {"DUÅ", "Incredible Years"} <= {a.text for a in duaa.aliases}


def test_every_method_has_an_evidence_level_areas_and_a_summary(seeded_app):
    with seeded_app.app_context():
        for method in db.session.scalars(select(Method)):
            assert method.summary and method.description, method.slug
            assert method.areas, method.slug
            assert method.core_elements and method.outcomes, method.slug


def test_the_january_conference_2015_is_as_invited(seeded_app):
    with seeded_app.app_context():
        conference = db.session.scalar(select(Conference).where(Conference.slug == "januarkonference-2015"))
        assert conference.held_on == date(2015, 1, 12)
        assert (conference.start_time, conference.end_time) == (time(16, 0), time(19, 0))
        assert "Viborg Rådhus" in conference.place
        assert "Prinsens Alle 5" in conference.place
        titles = " ".join(item.title for item in conference.items)
        assert "Vi skal gøre det, vi ved virker" in titles
        assert "Rosetten" in titles
        kinds = [item.kind for item in conference.items]
        assert kinds.count("prioritisation") >= 2
        speakers = {s.person.name for item in conference.items for s in item.speakers}
        assert {"Knud Aarup", "Jan Petersen"} <= speakers


def test_the_2021_conference_follows_the_final_programme_and_keeps_the_invitation_in_notes(seeded_app):
    with seeded_app.app_context():
        conference = db.session.scalar(select(Conference).where(Conference.slug == "kkr-konference-2021"))
        assert conference.held_on == date(2021, 5, 11)
        assert conference.online
        assert conference.end_time == time(18, 0)
        notes = " ".join(conference.source_notes)
        assert "Jysk Park" in notes
        assert "Frostholm" in notes
        workshops = [item for item in conference.items if item.kind == "workshop"]
        assert len(workshops) == 4
        people = {p.name for p in db.session.scalars(select(Person))}
        assert "Henrik Frostholt" in people
        assert "Astrid Krag" in people


def test_the_framework_agreements_carry_their_development_areas(seeded_app):
    with seeded_app.app_context():
        titles = {d.slug: d.agreement.title for d in db.session.scalars(select(DevelopmentArea))}
        assert titles["borgere-med-komplekse-udfordringer"] == "Rammeaftale 2021-22"
        assert titles["effekt-og-progression"] == "Rammeaftale 2019-20"
        # The source names Fælles Faglige Begreber as a tool for this development area, not as one of its own.
        assert "faelles-faglige-begreber" not in titles


def test_seeded_items_start_their_history_and_a_second_seed_adds_none(seeded_app):
    from kb.models import Revision

    with seeded_app.app_context():
        methods = db.session.scalar(select(func.count()).select_from(Method))
        revisions = db.session.scalar(
            select(func.count()).select_from(Revision).where(Revision.content_type == "method")
        )
        assert revisions == methods
        load_demo_content()
        assert db.session.scalar(select(func.count()).select_from(Revision)) >= revisions
        again = db.session.scalar(select(func.count()).select_from(Revision).where(Revision.content_type == "method"))
        assert again == revisions


def test_a_changed_programme_in_the_data_is_written_as_the_editor_writes_it(seeded_app, tmp_path):
    import shutil

    from kb.models import ProgrammeItem, Revision
    from kb.seed.loader import DATA_DIR
    from kb.services.editing import programme

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    toml = (data / "conferences.toml").read_text()
    for old, new in [
        (
            'title = "Velkomst"\ndescription = "<p>Velkomst ved Jan',
            'title = "Velkomst og indledning"\ndescription = "<p>Velkomst ved Jan',
        ),
        (
            'Knud Aarup, direktør i Socialstyrelsen.</p>"\n'
            'speakers = [{ person = "knud-aarup", role = "oplægsholder" }]\nareas = []\nmethods = []',
            'Knud Aarup, direktør i Socialstyrelsen.</p>"\n'
            'speakers = [{ person = "knud-aarup", role = "oplægsholder" }]\nareas = []\nmethods = ["housing-first"]',
        ),
        ('area = "autisme-og-udviklingshandicap", votes = 8 }', 'area = "autisme-og-udviklingshandicap", votes = 9 }'),
    ]:
        assert toml.count(old) == 1, old
        toml = toml.replace(old, new)
    (data / "conferences.toml").write_text(toml)

    with seeded_app.app_context():
        conference = db.session.scalars(select(Conference).where(Conference.slug == "januarkonference-2015")).one()
        item_ids = [item.id for item in conference.items]
        revisions_before = count(Revision)

        report = load_demo_content(data)

        assert report.updated["conferences"] == 1 and sum(report.updated.values()) == 1, report.lines()
        db.session.expire_all()
        conference = db.session.scalars(select(Conference).where(Conference.slug == "januarkonference-2015")).one()
        rows = programme.snapshot_programme(conference)
        assert rows[0]["title"] == "Velkomst og indledning"
        assert [link["name"] for link in rows[1]["links"]] == ["Housing First"]
        assert [r["votes"] for r in programme.snapshot_prioritisation(conference)][3] == 9
        assert [item.id for item in conference.items] == item_ids  # updated in place, as the editor does
        assert db.session.get(ProgrammeItem, item_ids[0]).title == "Velkomst og indledning"
        assert count(Revision) == revisions_before + 1
        assert not load_demo_content(data).changed_anything


def _data_with(tmp_path, name: str, text: str):
    """A copy of the demo content with `text` appended to the data file `name`."""
    import shutil

    from kb.seed.loader import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / name).write_text((data / name).read_text(encoding="utf-8") + text, encoding="utf-8")
    return data


def test_seed_entries_are_read_by_the_editors_parsing(app, tmp_path):
    """Does the seed clean a value exactly as the editor's form does (one line, collapsed whitespace)?"""
    data = _data_with(
        tmp_path, "people.toml", '\n[[person]]\nslug = "ny-person"\nname = "  Ny   Person "\nnote = "  En note.\\n"\n'
    )
    with app.app_context():
        load_demo_content(data)
        person = db.session.scalars(select(Person).where(Person.slug == "ny-person")).one()
        assert (person.name, person.note) == ("Ny Person", "En note.")


def test_seed_refuses_an_entry_the_editor_would_refuse_with_the_editors_message(app, tmp_path):
    """Is a method without the summary the editor requires refused, naming the entry and the field?"""
    from kb.seed.loader import SeedError

    data = _data_with(
        tmp_path, "methods.toml", '\n[[method]]\nslug = "uden-resume"\nname = "Uden resumé"\nareas = []\n'
    )
    with (
        app.app_context(),
        pytest.raises(SeedError, match=re.escape("method uden-resume: Kort resumé: Skriv kort resumé.")),
    ):
        load_demo_content(data)


def test_a_changed_plain_field_in_the_data_is_saved_as_an_edit(seeded_app, tmp_path):
    """Does a changed summary in the data give the method a new version, a revision and an index entry?"""
    import shutil

    from kb.models import Revision, SearchOutbox
    from kb.seed.loader import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    toml = (data / "methods.toml").read_text(encoding="utf-8")
    start = toml.index('slug = "housing-first"')
    summary = toml.index('summary = """', start)
    end = toml.index('"""', summary + len('summary = """')) + 3
    toml = toml[:summary] + 'summary = "Bolig først, så støtte."' + toml[end:]
    (data / "methods.toml").write_text(toml, encoding="utf-8")
    with seeded_app.app_context():
        method = db.session.scalars(select(Method).where(Method.slug == "housing-first")).one()
        version, outbox = method.version, count(SearchOutbox)

        report = load_demo_content(data)

        assert report.updated["methods"] == 1 and sum(report.updated.values()) == 1, report.lines()
        db.session.expire_all()
        method = db.session.scalars(select(Method).where(Method.slug == "housing-first")).one()
        assert (method.summary, method.version) == ("Bolig først, så støtte.", version + 1)
        newest = db.session.scalars(
            select(Revision)
            .where(Revision.content_type == "method", Revision.content_id == method.id)
            .order_by(Revision.number.desc())
        ).first()
        assert newest.data["summary"] == "Bolig først, så støtte."
        assert count(SearchOutbox) > outbox
