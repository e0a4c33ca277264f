"""Tables the search index depends on (the log of index changes, the hosts following it, synonyms)
and the anonymous daily counts of what people search for."""

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kb.extensions import db
from kb.models.base import utcnow


class SearchOutbox(db.Model):
    """One entry of the durable, ordered log of index changes, written in the same transaction as the change.

    Every host's index follows the log by its own cursor (kept with the index), so an edit saved on one
    app server reaches the index of every other. Entries are pruned only once every host has them, or
    after the retention (a host behind that rebuilds); see kb.search.sync.
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_key: Mapped[str] = mapped_column(String(80), index=True)  # "<type>:<id>", e.g. "method:12"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SynonymGroup(db.Model):
    """Words and phrases practitioners use for the same thing ("hjemløs", "hjemløshed", "uden bolig")."""

    __tablename__ = "synonym_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class SearchIndexHost(db.Model):
    """A host's index as it last reported itself: how far it has followed the log, for pruning and health."""

    __tablename__ = "search_index_host"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SearchLogState(db.Model):
    """Facts about the log as a whole: its epoch (new after a restore) and the last entry id pruned."""

    __tablename__ = "search_log_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class SearchQueryDay(db.Model):
    """How often one normalised query was searched on one day, found nothing, or had a result opened.

    Privacy by design: nothing else is stored – no IP address, account, session or time of day – and
    rows older than the retention period are deleted (`flask kb purge-search-log`).
    """

    __tablename__ = "search_query_day"
    __table_args__ = (UniqueConstraint("day", "query", name="uq_search_query_day_day_query"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)  # the unique (day, query) index serves look-ups by day
    query: Mapped[str] = mapped_column(String(200))
    searches: Mapped[int] = mapped_column(Integer, default=0)
    zero_results: Mapped[int] = mapped_column(Integer, default=0)  # searches that found nothing at all
    opened: Mapped[int] = mapped_column(Integer, default=0)  # results opened from the search page
