"""The id of the request being served: set by kb/ops/requestlog.py, read by the logs and the audit log."""

from flask import g, has_request_context


def current_request_id() -> str | None:
    """The id of the request being served, or None outside a request (CLI, background threads)."""
    return g.get("request_id") if has_request_context() else None
