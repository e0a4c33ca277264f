"""Search insights for editors (/redaktion/soegninger): what people search for, week by week."""

from flask import flash, redirect, render_template, request, url_for

from kb.editor import bp
from kb.models.base import utcnow
from kb.search import SearchRequest, search
from kb.services import search_insights
from kb.services.synonyms import SynonymError


@bp.get("/soegninger")
def search_insights_page():
    """What practitioners searched for, week by week, and the searches that found nothing."""
    today = utcnow().date()
    monday = search_insights.monday_of(request.args.get("uge", ""), today)
    return render_template(
        "editor/search_insights.html",
        report=search_insights.week_report(monday),
        minimum=search_insights.MIN_SEARCHES,
        previous_week=monday - search_insights.ONE_WEEK,
        next_week=monday + search_insights.ONE_WEEK if monday + search_insights.ONE_WEEK <= today else None,
        shown=request.args.get("vist", "")[:200],
    )


@bp.post("/soegninger/synonym")
def search_insights_add_synonym():
    """Add a synonym group from a search that found nothing."""
    query = request.form.get("query", "")
    term = request.form.get("term", "")
    week = request.form.get("uge", "")
    try:
        search_insights.add_synonym(query, term)
    except SynonymError as failure:
        flash(str(failure), "error")
        return redirect(url_for("editor.search_insights_page", uge=week))
    found = search(SearchRequest(query=query, per_page=1)).total
    flash(f"»{query}« betyder nu det samme som »{term.strip()}« og giver {found} resultater.", "success")
    return redirect(url_for("editor.search_insights_page", uge=week, vist=query))
