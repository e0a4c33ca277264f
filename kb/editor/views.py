"""Editor views: thin wrappers over kb.services.editing."""

from flask import render_template

from kb.editor import bp


@bp.get("/")
def dashboard():
    return render_template("editor/dashboard.html")
