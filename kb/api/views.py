"""JSON endpoints. Bad parameters answer 400 with a JSON error; nothing a client sends answers 500."""

from flask import jsonify, request

from kb.api import bp
from kb.ratelimit import limit_searches, limit_suggestions
from kb.search import CONTENT_TYPES, search, suggest
from kb.search.params import clean_query, parse_search_args


def error(status: int, message: str, parameter: str | None = None):
    body = {"error": {"status": status, "message": message}}
    if parameter:
        body["error"]["parameter"] = parameter
    return jsonify(body), status


@bp.get("/search")
@limit_searches
def search_json():
    search_request, problems = parse_search_args(request.args)
    if problems:
        return error(400, problems[0].message, problems[0].parameter)
    results = search(search_request)
    return jsonify(
        {
            "query": search_request.query,
            "total": results.total,
            "page": search_request.page,
            "per_page": search_request.per_page,
            "results": [
                {
                    "type": hit.type,
                    "slug": hit.slug,
                    "title": hit.title,
                    "url": hit.url,
                    "snippet": str(hit.snippet),
                    "score": hit.score,
                }
                for hit in results.hits
            ],
            "facets": {
                name: [{"value": v.key, "label": v.label, "count": v.count, "selected": v.selected} for v in values]
                for name, values in results.facets.items()
            },
            "suggestion": results.suggestion,
        }
    )


@bp.get("/suggest")
@limit_suggestions
def suggest_json():
    raw = request.args.get("q", "")
    if len(raw) > 200:
        return error(400, "Teksten er for lang (højst 200 tegn).", "q")
    query = clean_query(raw)
    return jsonify(
        {
            "query": query,
            "suggestions": [
                {"type": s.type, "type_label": CONTENT_TYPES[s.type][0], "title": s.title, "url": s.url}
                for s in suggest(query)
            ],
        }
    )
