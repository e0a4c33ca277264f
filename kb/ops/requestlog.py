"""A request id for every request (taken from the proxy's X-Request-ID when well formed), carried into
logs, the audit log and the response; one JSON log line per request when KB_LOG_FORMAT is "json"."""

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, request

from kb.request_ids import current_request_id

REQUEST_ID_HEADER = "X-Request-ID"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{8,128}")
access_log = logging.getLogger("kb.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and any extra fields."""

    EXTRA = ("method", "path", "status", "duration_ms", "remote_addr", "user_agent", "bytes")

    def format(self, record: logging.LogRecord) -> str:
        """The log record as one JSON object."""
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            entry["request_id"] = request_id
        for name in self.EXTRA:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _configure_json_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.INFO)


def init_app(app: Flask) -> None:
    """Give each request an id and, in JSON mode, log one line per request with its timing."""
    json_logs = app.config["KB_LOG_FORMAT"] == "json"
    if json_logs:
        _configure_json_logging()
        app.logger.handlers = []  # let records reach the root's JSON handler
        app.logger.propagate = True

    @app.before_request
    def assign_request_id():
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = offered if _WELL_FORMED.fullmatch(offered) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def report_request(response):
        request_id = g.get("request_id")
        if request_id:
            response.headers[REQUEST_ID_HEADER] = request_id
        if json_logs and "request_started" in g:
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 1),
                    "remote_addr": request.remote_addr,
                    "user_agent": request.user_agent.string[:200],
                    "bytes": response.calculate_content_length(),
                },
            )
        return response
