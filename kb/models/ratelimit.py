"""Rate-limit counters, kept in the database so every worker and host counts together."""

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kb.extensions import db


class RateLimitCounter(db.Model):
    """One fixed window of one limit for one client: how many requests, and when the window ends."""

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[float] = mapped_column(Float, index=True)  # Unix time, as Flask-Limiter counts
