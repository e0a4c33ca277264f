"""The operations commands: `flask kb seed` and `flask kb reindex`."""

from sqlalchemy import func, select

from kb import content
from kb.extensions import db
from kb.models import Method
from kb.search import SearchRequest, search


def test_seed_reports_what_it_did_and_a_second_run_changes_nothing(app, runner):
    first = runner.invoke(args=["kb", "seed"])
    assert first.exit_code == 0, first.output
    assert "methods:" in first.output
    assert "Demo content loaded." in first.output
    second = runner.invoke(args=["kb", "seed"])
    assert second.exit_code == 0
    assert "Nothing to do" in second.output
    assert "0 created, 0 updated" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Method)) >= 30


def test_reindex_indexes_every_published_item_and_leaves_the_index_matching_the_database(seeded_app):
    runner = seeded_app.test_cli_runner()
    with seeded_app.app_context():
        expected = sum(
            db.session.scalar(kind.published(select(func.count()).select_from(kind.model)))
            for kind in content.searchable().values()
        )
    result = runner.invoke(args=["kb", "reindex"])
    assert result.exit_code == 0, result.output
    assert f"Indexed {expected} documents" in result.output
    assert expected > 50
    check = runner.invoke(args=["kb", "check-index"])
    assert check.exit_code == 0 and "0 differences" in check.output, check.output
    with seeded_app.test_request_context():
        assert search(SearchRequest(query="multisystemisk terapi")).hits[0].slug == "multisystemisk-terapi"
