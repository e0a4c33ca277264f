"""The audit log: sign-ins, failed sign-ins, role changes, publishing, archiving and deletion."""

from flask import has_request_context, request
from flask_login import current_user

from kb.extensions import db
from kb.models import AuditEvent
from kb.ops.requestlog import current_request_id


def client_ip() -> str:
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
