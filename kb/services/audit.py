"""The audit log: sign-ins, failed sign-ins, role changes, publishing, archiving and deletion.

Events that an attacker can repeat at will (throttled sign-ins, reset requests) are recorded with
`record_repeated`: one row per action, target, detail and address and hour, counting its repeats. Events
older than KB_AUDIT_RETENTION_DAYS (365) are deleted by `flask kb prune-audit-log`.
"""

from datetime import UTC, datetime, timedelta

from flask import current_app, has_request_context, request
from flask_login import current_user
from sqlalchemy import delete, select, update

from kb.extensions import db
from kb.models import AuditEvent
from kb.request_ids import current_request_id

REPEAT_WINDOW = timedelta(hours=1)


def client_ip() -> str:
    """The client's address for the audit log ("" outside a request)."""
    return (request.remote_addr or "")[:64] if has_request_context() else ""


def record(action: str, target: str = "", detail: str = "", user=None) -> AuditEvent:
    """Add an audit event to the session; the caller's commit stores it with the change it describes."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    event = AuditEvent(
        action=action,
        target=target[:200],
        detail=detail,
        ip=client_ip(),
        user_id=getattr(user, "id", None),
        request_id=current_request_id() or "",
    )
    db.session.add(event)
    return event


def record_repeated(action: str, target: str = "", detail: str = "", user=None) -> None:
    """Like `record`, but a repeat within the hour of the same event from the same address only counts up."""
    now = datetime.now(UTC)
    target, ip = target[:200], client_ip()
    existing = db.session.scalar(
        select(AuditEvent.id)
        .where(
            AuditEvent.action == action,
            AuditEvent.target == target,
            AuditEvent.detail == detail,
            AuditEvent.ip == ip,
            AuditEvent.at >= now - REPEAT_WINDOW,
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    if existing is None:
        record(action, target, detail, user=user)
        return
    # One UPDATE: two workers counting the same event at once both count.
    db.session.execute(
        update(AuditEvent).where(AuditEvent.id == existing).values(repeats=AuditEvent.repeats + 1, at=now)
    )


def prune(now: datetime | None = None) -> tuple[int, int]:
    """Delete events older than the retention; return (deleted, retention in days). The caller commits."""
    days = int(current_app.config["KB_AUDIT_RETENTION_DAYS"])
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    deleted = db.session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff)).rowcount
    return deleted, days
