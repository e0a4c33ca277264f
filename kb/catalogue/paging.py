"""One page of a public list: its rows and the total, both from the database (COUNT, LIMIT/OFFSET)."""

import math
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from kb.extensions import db

PER_PAGE = 20
MAX_PAGE = 100_000  # larger numbers are read as the last page; keeps OFFSET arithmetic small


@dataclass
class ListPage:
    """Rows `first`..`last` (1-based) of `total`, page `number` of `pages`."""

    items: list
    total: int
    number: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first(self) -> int:
        """The number of the first item on this page (0 when there are none)."""
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def last(self) -> int:
        """The number of the last item on this page."""
        return min(self.number * self.per_page, self.total)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return self.total > 0


def page_argument(args) -> int:
    """The page asked for in `args` ("page"): a whole number from 1, anything else is page 1."""
    raw = args.get("page", "")
    return min(int(raw), MAX_PAGE) if raw.isdigit() and int(raw) > 0 else 1


def count(statement: Select) -> int:
    """The number of rows `statement` selects, counted by the database."""
    return db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))


def paginate(statement: Select, number: int, per_page: int = PER_PAGE) -> ListPage:
    """Page `number` of an ordered ORM select (two queries plus its loader options); past the end: the last page."""
    total = count(statement)
    number = min(max(1, number), max(1, math.ceil(total / per_page)))
    items = []
    if total:
        window = statement.limit(per_page).offset((number - 1) * per_page)
        # One entity: its objects; an entity with computed columns (counts): the rows as tuples.
        rows = db.session.scalars(window) if len(statement.column_descriptions) == 1 else db.session.execute(window)
        items = list(rows)
    return ListPage(items, total, number, per_page)
