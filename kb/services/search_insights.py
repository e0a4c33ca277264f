"""What editors learn from the anonymous search counts: per ISO week, the most frequent queries, the
queries that found nothing and those whose results nobody opened – each shown only once it was
searched at least MIN_SEARCHES times that week, so a single person's searches are never on display."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from kb.extensions import db
from kb.models import SearchQueryDay
from kb.search.query import forget_synonyms
from kb.services import search_log, synonyms

MIN_SEARCHES = 3
LIST_LENGTH = 25
ONE_WEEK = timedelta(days=7)


@dataclass
class QueryCount:
    """One query's counts in a week."""

    query: str
    searches: int
    zero_results: int
    opened: int


@dataclass
class WeekReport:
    """The three lists editors see for one week (Monday to Sunday)."""

    monday: date
    frequent: list[QueryCount] = field(default_factory=list)
    zero_results: list[QueryCount] = field(default_factory=list)
    unopened: list[QueryCount] = field(default_factory=list)

    @property
    def week_label(self) -> str:
        """The ISO week as written: "2026-W48"."""
        year, week, _day = self.monday.isocalendar()
        return f"{year}-W{week:02d}"


def monday_of(week: str, today: date) -> date:
    """The Monday of an ISO week written "2026-W49"; this week's for anything else."""
    try:
        year, number = week.split("-W")
        return date.fromisocalendar(int(year), int(number), 1)
    except (ValueError, TypeError):
        return today - timedelta(days=today.weekday())


def week_report(monday: date) -> WeekReport:
    """The week's lists, each at most LIST_LENGTH long, after writing this process's pending counts."""
    search_log.flush()
    searches = func.sum(SearchQueryDay.searches)
    zero = func.sum(SearchQueryDay.zero_results)
    opened = func.sum(SearchQueryDay.opened)
    base = (
        select(SearchQueryDay.query, searches, zero, opened)
        .where(SearchQueryDay.day >= monday, SearchQueryDay.day < monday + ONE_WEEK)
        .group_by(SearchQueryDay.query)
        .having(searches >= MIN_SEARCHES)
        .limit(LIST_LENGTH)
    )

    def rows(statement) -> list[QueryCount]:
        return [QueryCount(*row) for row in db.session.execute(statement)]

    return WeekReport(
        monday=monday,
        frequent=rows(base.order_by(searches.desc(), SearchQueryDay.query)),
        zero_results=rows(base.having(zero > 0).order_by(zero.desc(), SearchQueryDay.query)),
        unopened=rows(base.having(opened == 0, searches > zero).order_by(searches.desc(), SearchQueryDay.query)),
    )


def add_synonym(query: str, term: str) -> None:
    """Make a searched query mean the same as `term` (a word or name the index knows), in one step."""
    synonyms.add_group([search_log.normalise(query), term])
    forget_synonyms()  # this worker searches with it at once; others within seconds
