"""The audit log stays readable and bounded (issue 11, finding 5): repeated throttled sign-ins and reset
requests are one row with a count, and events older than KB_AUDIT_RETENTION_DAYS are deleted by a command."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from kb.extensions import db
from kb.models import AuditEvent
from tests.accounts import PASSWORD, csrf_token, make_user, post_login


def _rows(app, action):
    with app.app_context():
        return db.session.execute(
            select(AuditEvent.detail, AuditEvent.repeats).where(AuditEvent.action == action).order_by(AuditEvent.id)
        ).all()


def test_throttled_sign_ins_are_one_row_with_a_count(app, client):
    make_user(app, "redaktoer@example.dk")
    for _ in range(5):
        post_login(client, "redaktoer@example.dk", "forkert adgangskode her")
    for _ in range(12):
        assert post_login(client, "redaktoer@example.dk", PASSWORD).status_code == 429
    throttled = [row for row in _rows(app, "login_failed") if row.detail == "throttled"]
    assert [row.repeats for row in throttled] == [12]


def test_repeated_reset_requests_are_one_row_with_a_count(app, client):
    make_user(app, "redaktoer@example.dk")
    for _ in range(8):
        token = csrf_token(client, "/konto/glemt-adgangskode")
        with client.post("/konto/glemt-adgangskode", data={"email": "redaktoer@example.dk", "csrf_token": token}):
            pass  # the request is handled after the answer, when it closes
    rows = _rows(app, "reset_requested")
    assert sum(row.repeats for row in rows) == 8
    assert len(rows) <= 3  # sent, refused per account, refused per address


def test_the_prune_command_deletes_events_older_than_the_retention(app, runner):
    make_user(app, "redaktoer@example.dk")
    app.config["KB_AUDIT_RETENTION_DAYS"] = 30
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(AuditEvent))
        db.session.execute(update(AuditEvent).values(at=datetime.now(UTC) - timedelta(days=31)))
        db.session.commit()
    make_user(app, "ny@example.dk")
    result = runner.invoke(args=["kb", "prune-audit-log"])
    assert result.exit_code == 0, result.output
    assert f"Deleted {total} audit events older than 30 days" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) >= 1
        assert db.session.scalar(select(func.min(AuditEvent.at))) is not None
