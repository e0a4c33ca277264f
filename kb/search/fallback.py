"""Limited search straight from the database, for the minutes a host's index is missing or being rebuilt.

It matches the words against the names of published methods and intervention areas only (no stemming,
typo tolerance, facets or ranking beyond name order), so the page says that search is limited.
"""

from markupsafe import escape
from sqlalchemy import and_, func, select

from kb import content
from kb.extensions import db
from kb.search.analysis import query_words
from kb.search.results import Hit, SearchRequest, SearchResults
from kb.search.snippets import unmarked_snippet
from kb.vocabulary import PUBLISHED

LIMIT = 50
# The kinds a name search covers: those people look up by name, each with a name and a summary.
_KINDS = ("method", "area")


def name_search(request: SearchRequest) -> SearchResults:
    """Published methods and areas whose names contain every word, marked as a limited answer."""
    results = SearchResults(request=request, limited=True)
    words = [word.lower() for word in query_words(request.query)][:6]
    if not words or request.type not in ("", *_KINDS):
        return results
    hits = []
    for kind in _KINDS:
        if request.type and request.type != kind:
            continue
        model = content.model(kind)
        matches = and_(*(func.lower(model.name).contains(word, autoescape=True) for word in words))
        rows = db.session.execute(
            select(model.slug, model.name, model.summary)
            .where(model.status == PUBLISHED, matches)
            .order_by(model.name)
            .limit(LIMIT)
        )
        for slug, name, summary in rows:
            hits.append(
                Hit(
                    type=kind,
                    slug=slug,
                    title=name,
                    url=content.kind(kind).page_url(slug),
                    snippet=escape(unmarked_snippet(summary or "")),
                    score=0.0,
                )
            )
    results.total = len(hits)
    start = (request.page - 1) * request.per_page
    results.hits = hits[start : start + request.per_page]
    return results
