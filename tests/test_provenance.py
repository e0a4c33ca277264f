"""Provenance: every item names its sources, every reference is exact, every example value is marked.

The seeded content is checked as a whole, so a new item or value that states something without a source
or a flag fails here with a list of what lacks one.
"""

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kb.catalogue.provenance import CONTENT_MODELS, illustrative_total, provenance, sources_of
from kb.extensions import db
from kb.models import Conference, DevelopmentArea, Method, Reference
from kb.models.provenance import exact_address_problem
from kb.seed.loader import DATA_DIR, SeedError, load_demo_content
from tests import factories

# The fields that state facts about the world, per content type. Names, slugs and dates of conferences come
# straight from the source documents and are covered by the item's sources.
STATEMENT_FIELDS = {
    Method: (
        "summary",
        "description",
        "target_group",
        "outcomes",
        "core_elements",
        "manual",
        "training",
        "supervision",
        "fidelity",
        "licence",
        "cost",
        "evidence_rationale",
        "follow_up",
    ),
    Conference: ("description", "theme", "audience", "registration"),
}
DEFAULT_STATEMENTS = ("summary", "description", "title", "note")
# Values that no source gives: each must carry its "Eksempel" flag when it is set.
EXAMPLE_VALUES = {
    Method: ("evidence_level", "assessed_on", "review_on", "municipalities", "contact"),
    DevelopmentArea: ("progress",),
}
# Links between items, per owner: a link needs the owner's sources or its own flag.
LINKS = {
    Method: ("areas", "municipalities"),
    DevelopmentArea: ("areas", "methods"),
    Conference: ("areas", "methods", "development_areas", "organisers"),
}


def all_items():
    for model in CONTENT_MODELS:
        yield from db.session.scalars(select(model).order_by(model.slug))


def has_value(value) -> bool:
    return value not in (None, "", [], ())


def test_every_seeded_item_names_at_least_one_source(seeded_app):
    with seeded_app.app_context():
        unsourced = [f"{item.__tablename__}:{item.slug}" for item in all_items() if not sources_of(item)]
        assert unsourced == [], "items without a source: " + ", ".join(unsourced)


def test_no_statement_type_is_unsourced_and_unflagged(seeded_app):
    """Lists every (content type, field) that holds a statement with neither a source nor a flag."""
    with seeded_app.app_context():
        missing = set()
        for item in all_items():
            if sources_of(item):
                continue
            for field in STATEMENT_FIELDS.get(type(item), DEFAULT_STATEMENTS):
                if has_value(getattr(item, field, None)) and not (
                    item.is_unverified(field) or item.is_illustrative(field)
                ):
                    missing.add(f"{item.__tablename__}.{field}")
        assert sorted(missing) == [], "unsourced, unflagged statement types: " + ", ".join(sorted(missing))


def test_every_reference_is_a_seed_document_or_has_an_exact_address_and_a_reading_date(seeded_app):
    with seeded_app.app_context():
        problems = []
        for reference in db.session.scalars(select(Reference)):
            if reference.document:
                if not re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", reference.document):
                    problems.append(f"{reference.slug}: {reference.document} is not a source document's name")
                continue
            if not (reference.url or reference.doi):
                problems.append(f"{reference.slug}: no URL or DOI")
            if reference.url and exact_address_problem(reference.url):
                problems.append(f"{reference.slug}: {reference.url} {exact_address_problem(reference.url)}")
            if reference.read_on is None:
                problems.append(f"{reference.slug}: no reading date")
            if not (reference.title and reference.byline):
                problems.append(f"{reference.slug}: no title or author/publisher")
        assert problems == []


def test_no_evidence_source_or_external_rating_points_to_a_front_page(seeded_app):
    with seeded_app.app_context():
        bad = [
            f"{method.slug}: {link.url}"
            for method in db.session.scalars(select(Method))
            for link in [*method.evidence_sources, *method.external_ratings]
            if not link.url or exact_address_problem(link.url)
        ]
        assert bad == []


def test_no_example_value_lacks_its_flag(seeded_app):
    with seeded_app.app_context():
        unflagged = []
        for model, fields in EXAMPLE_VALUES.items():
            for item in db.session.scalars(select(model)):
                for field in fields:
                    if has_value(getattr(item, field)) and not item.is_illustrative(field):
                        if field == "evidence_level" and item.evidence_sources:
                            continue  # an assessment with exact sources is not an example
                        unflagged.append(f"{item.slug}.{field}")
        for conference in db.session.scalars(select(Conference)):
            if conference.prioritisation and not conference.is_illustrative("prioritisation"):
                unflagged.append(f"{conference.slug}.prioritisation")
        assert unflagged == []


def test_no_link_between_items_is_unsourced_and_unflagged(seeded_app):
    with seeded_app.app_context():
        unsupported = []
        for model, fields in LINKS.items():
            for item in db.session.scalars(select(model)):
                sourced = bool(sources_of(item))
                for field in fields:
                    if getattr(item, field) and not (sourced or item.is_illustrative(field)):
                        unsupported.append(f"{item.slug}.{field}")
        for conference in db.session.scalars(select(Conference)):
            linked = [part for part in [*conference.items, *conference.outputs] if part.methods or part.areas]
            if linked and not sources_of(conference):
                unsupported.append(f"{conference.slug}: programme links")
        assert unsupported == []


def test_a_development_area_whose_methods_no_source_names_marks_them_as_examples(seeded_client):
    page = seeded_client.get("/udviklingsomraader/borgere-med-komplekse-udfordringer").get_data(as_text=True)
    assert "Kilderne nævner ingen metoder for udviklingsområdet" in page
    assert "Eksempel" in page


def test_fælles_faglige_begreber_is_a_tool_not_a_development_area_and_ips_no_workshop_link(seeded_app):
    with seeded_app.app_context():
        ffb = select(DevelopmentArea).where(DevelopmentArea.slug == "faelles-faglige-begreber")
        assert db.session.scalar(ffb) is None
        kkr = db.session.scalar(select(Conference).where(Conference.slug == "kkr-konference-2021"))
        assert all(not item.methods for item in kkr.items)
        january = db.session.scalar(select(Conference).where(Conference.slug == "januarkonference-2015"))
        assert [o.slug for o in january.organisers] == ["kkr-midtjylland"]


# --- the loader refuses content that claims a source it does not have ------------------------------------


@pytest.fixture
def data_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize(
    "source, message",
    [
        ('url = "https://vidensportal.dk"\nread_on = 2026-12-02', "forside"),
        ('url = "https://example.org/side"', "read_on"),
        ("", "no document, exact URL or DOI"),
    ],
    ids=["front page", "no reading date", "no address"],
)
def test_seed_refuses_a_reference_without_an_exact_address(app, data_dir, source, message):
    append(data_dir / "sources.toml", f'\n[[source]]\nslug = "bad"\ntitle = "Dårlig kilde"\n{source}\n')
    with app.app_context(), pytest.raises(SeedError, match=message):
        load_demo_content(data_dir)


def test_seed_refuses_an_item_citing_a_source_that_does_not_exist(app, data_dir):
    append(data_dir / "organisations.toml", '\n[[organisation]]\nslug = "x"\nname = "X"\nsources = ["findes-ikke"]\n')
    with app.app_context(), pytest.raises(SeedError, match="findes-ikke"):
        load_demo_content(data_dir)


def test_seed_refuses_an_evidence_rationale_that_claims_sources_but_names_none(app, data_dir):
    append(
        data_dir / "methods.toml",
        '\n[[method]]\nslug = "x"\nname = "X"\nevidence_rationale = "Studier viser en effekt."\nareas = []\n',
    )
    with app.app_context(), pytest.raises(SeedError, match="claims sources"):
        load_demo_content(data_dir)


# --- pages, banner, review dates and the data for the API ---------------------------------------------------


def test_a_method_page_shows_its_sources_with_reading_dates_and_example_markers(seeded_client):
    page = seeded_client.get("/metoder/multisystemisk-terapi").get_data(as_text=True)
    assert 'id="sources-heading"' in page
    assert "https://socialstyrelsen.dk/tvaergaende-omrader/dokumenterede-metoder-born-og-unge" in page
    assert "Læst 2. december 2026" in page
    assert page.count('kb-flag--example"') >= 4  # evidence level, areas, dates, uptake, contact
    assert "Memphis State University" in page


def test_a_page_without_an_exact_source_says_so_and_only_suggests_the_portal(app, client):
    with app.app_context():
        factories.method(name="Testmetode", slug="testmetode", unverified=["summary"])
        db.session.commit()
    page = client.get("/metoder/testmetode").get_data(as_text=True)
    assert "Der er endnu ingen præcis kilde til denne side." in page
    assert "ikke en kildehenvisning" in page
    assert "Skal verificeres" in page


@pytest.mark.parametrize("days, shown", [(-1, True), (1, False)])
def test_a_passed_review_date_is_told_on_the_public_page(app, client, days, shown):
    review_on = date.today() + timedelta(days=days)
    with app.app_context():
        factories.method(name="Gammel vurdering", slug="gammel-vurdering", review_on=review_on)
        db.session.commit()
    page = client.get("/metoder/gammel-vurdering").get_data(as_text=True)
    assert ("Vurderingen skulle have været gennemgået" in page) is shown


def test_provenance_carries_sources_flags_and_an_overdue_review_for_the_api(seeded_app):
    with seeded_app.app_context():
        method = db.session.scalar(select(Method).where(Method.slug == "signs-of-safety"))
        data = provenance(method, today=date(2026, 12, 2))
        assert data["review_overdue_since"] == "2026-02-10"
        assert "evidence_level" in data["illustrative"]
        assert "description" in data["unverified"]
        mst = db.session.scalar(select(Method).where(Method.slug == "multisystemisk-terapi"))
        sources = provenance(mst, today=date(2026, 12, 2))["sources"]
        assert {"title", "url", "doi", "read_on", "document"} <= set(sources[0])
        assert all(source["url"] or source["doi"] for source in sources)


def test_the_banner_counts_the_example_values_that_remain(seeded_app, seeded_client):
    with seeded_app.app_context():
        expected = sum(len(item.illustrative) for item in all_items() if item.is_published)
        assert illustrative_total() == expected > 0
    page = seeded_client.get("/").get_data(as_text=True)
    assert f"{expected} værdier er eksempler" in page
