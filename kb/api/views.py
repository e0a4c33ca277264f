"""Search and suggestions as JSON. Bad parameters answer 400 with a JSON error; nothing answers 500."""

from flask import request

from kb import content
from kb.api import bp
from kb.api.schemas.search import SearchArguments, SearchResponseSchema, SuggestArguments, SuggestResponseSchema
from kb.ratelimit import limit_searches, limit_suggestions
from kb.search import search, suggest
from kb.search.params import clean_query, parse_search_args

LIMITED_NOTICE = (
    "Søgningen er midlertidigt begrænset: søgeindekset bygges op igen, så kun navne på metoder og "
    "indsatsområder søges igennem."
)


@bp.get("/search")
@limit_searches
@bp.doc(summary="Søgning i alt publiceret indhold", tags=["Søgning"])
@bp.arguments(SearchArguments, location="query", error_status_code=400)
@bp.response(200, SearchResponseSchema)
def search_json(_args):
    """Full-text search over published content, with facets, filters and pagination."""
    # The schema guards and documents the arguments; parse_search_args builds the request the page uses too.
    # What is left of its problems are the caps on one search's work (words, depth): applied and reported.
    search_request, caps = parse_search_args(request.args)
    results = search(search_request)
    return {
        "query": search_request.query,
        "total": results.total,
        "page": search_request.page,
        "per_page": search_request.per_page,
        "results": results.hits,
        "facets": results.facets,
        "suggestion": results.suggestion,
        "relaxed_to": results.relaxed_to,
        **({"limited": True, "notice": LIMITED_NOTICE} if results.limited else {}),
        **({"caps": [{"parameter": c.parameter, "message": c.message} for c in caps]} if caps else {}),
    }


@bp.get("/suggest")
@limit_suggestions
@bp.doc(summary="Forslag mens der skrives", tags=["Søgning"])
@bp.arguments(SuggestArguments, location="query", error_status_code=400)
@bp.response(200, SuggestResponseSchema)
def suggest_json(args):
    """Suggestions (titles and addresses) for what has been typed so far."""
    query = clean_query(args.get("q", ""))
    return {
        "query": query,
        "suggestions": [
            {"type": s.type, "type_label": content.kind(s.type).result_label, "title": s.title, "url": s.url}
            for s in suggest(query)
        ],
    }
