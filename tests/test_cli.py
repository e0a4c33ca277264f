"""The operations commands: `flask kb seed` and `flask kb reindex`."""

from sqlalchemy import func, select

from kb.extensions import db
from kb.models import Method


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


def test_reindex_runs(runner):
    result = runner.invoke(args=["kb", "reindex"])
    assert result.exit_code == 0
