"""Synthetic benchmark content: `bench.synthetic.generate` and `flask kb generate`."""

import re

import pytest
from sqlalchemy import func, select

from bench import synthetic
from kb import search
from kb.extensions import db
from kb.models import Conference, InterventionArea, Method, MethodAlias, Municipality, ProgrammeItem, SearchOutbox
from kb.models.links import method_area
from kb.vocabulary import EVIDENCE_LEVELS
from tests import factories


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def method_names() -> list[str]:
    return list(db.session.scalars(select(Method.name).order_by(Method.id)))


def test_300_methods_each_have_areas_an_abbreviation_and_a_unique_name_and_slug(app):
    with app.app_context():
        counts = synthetic.generate(300)

        assert counts["method"] == count(Method) == 300
        without_area = select(Method.id).where(~Method.id.in_(select(method_area.c.method_id)))
        assert db.session.scalars(without_area).all() == []
        abbreviations = select(MethodAlias.method_id).where(MethodAlias.kind == "forkortelse").distinct()
        assert len(db.session.scalars(abbreviations).all()) == 300
        slugs = db.session.scalars(select(Method.slug)).all()
        assert len(set(slugs)) == 300
        assert all(slug.startswith("syn-") for slug in slugs)
        assert len(set(method_names())) == 300
        assert count(InterventionArea) >= 12
        assert count(Municipality) == 20
        assert count(Conference) == 6  # 300 // 50
        assert count(ProgrammeItem) >= 6 * 6


def empty_the_database() -> None:
    db.session.remove()  # its open transaction would block DROP TABLE on PostgreSQL
    db.drop_all()
    db.create_all()


def test_the_same_seed_gives_the_same_content_and_another_seed_other_content(app):
    with app.app_context():
        synthetic.generate(100, seed=7)
        first = method_names()
        empty_the_database()
        synthetic.generate(100, seed=7)
        assert method_names() == first
        empty_the_database()
        synthetic.generate(100, seed=8)
        assert method_names() != first


def test_a_second_run_adds_methods_with_names_and_slugs_of_their_own(app):
    with app.app_context():
        synthetic.generate(50)
        synthetic.generate(50)

        assert count(Method) == 100
        assert len(set(method_names())) == 100
        assert len(set(db.session.scalars(select(Method.slug)))) == 100
        assert count(Municipality) == 20  # the real municipalities are reused, not added again


def test_a_database_with_real_methods_is_refused_unless_forced(app):
    with app.app_context():
        factories.method("Housing First")
        db.session.commit()

        with pytest.raises(ValueError, match="not synthetic"):
            synthetic.generate(10)
        assert count(Method) == 1

        synthetic.generate(10, force=True)
        assert count(Method) == 11


def test_content_added_afterwards_gets_fresh_ids(app):
    """Synthetic rows carry explicit ids; PostgreSQL's sequences must still hand out unused ones."""
    with app.app_context():
        synthetic.generate(20)
        factories.method("Housing First", aliases=["HF"])
        factories.area("Hjemløshed")
        db.session.commit()
        assert count(Method) == 21


def test_descriptions_are_3_to_5_paragraphs_of_40_to_80_words_with_a_large_vocabulary(app):
    with app.app_context():
        synthetic.generate(300)
        words = set()
        for description in db.session.scalars(select(Method.description)):
            paragraphs = re.findall(r"<p>(.*?)</p>", description)
            assert 3 <= len(paragraphs) <= 5
            assert all(40 <= len(paragraph.split()) <= 80 for paragraph in paragraphs)
            text = re.sub(r"<[^>]+>", " ", description)
            words.update(word for word in re.findall(r"\w+", text) if word[0].islower())  # not names, abbreviations
        assert len(words) > 2_000


def test_a_single_method_is_enough(app):
    with app.app_context():
        counts = synthetic.generate(1)
        assert counts["method"] == 1
        assert counts["conference"] == 2
        assert counts["person"] == 10


def test_evidence_levels_and_statuses_come_from_the_vocabulary(app):
    assert set(synthetic.words.EVIDENCE_WEIGHTS) == set(EVIDENCE_LEVELS)
    with app.app_context():
        synthetic.generate(300)
        assert set(db.session.scalars(select(Method.evidence_level).distinct())) <= set(EVIDENCE_LEVELS)
        assert set(db.session.scalars(select(Method.status).distinct())) <= {"published", "draft"}


def test_progress_is_reported_up_to_the_total(app):
    reports = []
    with app.app_context():
        synthetic.generate(120, progress=lambda done, total: reports.append((done, total)))
    assert reports[-1] == (synthetic.work_units(120), synthetic.work_units(120))
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)


def test_bulk_inserts_leave_the_outbox_empty_and_a_reindex_matches_the_database(app):
    with app.app_context():
        synthetic.generate(40)
        assert count(SearchOutbox) == 0
        search.rebuild()
        assert search.check().count == 0


def test_flask_kb_generate_upgrades_an_empty_database_and_reports_what_it_added(app, runner):
    with app.app_context():
        db.drop_all()  # upgrade() builds the schema itself, and would fail on one create_all built

    result = runner.invoke(args=["kb", "generate", "--methods", "50"])

    assert result.exit_code == 0, result.output
    assert "method: 50" in result.output
    assert "flask kb reindex" in result.output
    with app.app_context():
        assert count(Method) == 50


def test_flask_kb_generate_refuses_a_database_with_real_methods(app, runner):
    with app.app_context():
        db.drop_all()
    assert runner.invoke(args=["kb", "generate", "--methods", "1"]).exit_code == 0
    with app.app_context():
        factories.method("Housing First")
        db.session.commit()

    result = runner.invoke(args=["kb", "generate", "--methods", "5"])

    assert result.exit_code == 1
    assert "not synthetic" in result.output
