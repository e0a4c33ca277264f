"""`/healthz` (the process answers) and `/readyz` (it can serve: database, index, schema) as JSON."""

from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import current_app, jsonify
from sqlalchemy import text

from kb.extensions import db
from kb.ops import bp
from kb.search import index_lag

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@cache
def _migration_head() -> str:
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


@bp.get("/healthz")
def healthz():
    """Alive: the process answers requests. Says nothing about the database or the index."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    """Ready for traffic: database reachable, index ready and within the allowed lag, schema at head."""
    checks = {"database": _database(), "index": _index(), "migrations": _migrations()}
    ready = all(check["ok"] for check in checks.values())
    response = jsonify({"status": "ready" if ready else "not ready", "checks": checks})
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if ready else 503


def _database() -> dict:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means not ready; its class name is enough to say why
        db.session.rollback()
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def _index() -> dict:
    try:
        lag = index_lag()
    except Exception as error:
        return {"ok": False, "error": type(error).__name__}
    allowed = current_app.config["KB_READY_MAX_LAG_SECONDS"]
    ok = lag["ready"] and lag["seconds"] <= allowed
    return {
        "ok": ok,
        "ready": lag["ready"],
        "lag_entries": lag["entries"],
        "lag_seconds": lag["seconds"],
        "max_lag_seconds": allowed,
    }


def _migrations() -> dict:
    head = _migration_head()
    try:
        current = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:
        db.session.rollback()
        current = None
    return {"ok": current == head, "database": current, "head": head}
