"""Anonymous daily search counts for the editors' search insights (query text, day, counts only).

Revision ID: 9c41336c5639
Revises: 3c40fcfa3f7b
Create Date: 2026-12-02 02:42:37.217900

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9c41336c5639"
down_revision = "3c40fcfa3f7b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_query_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("query", sa.String(length=200), nullable=False),
        sa.Column("searches", sa.Integer(), nullable=False),
        sa.Column("zero_results", sa.Integer(), nullable=False),
        sa.Column("opened", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_query_day")),
        sa.UniqueConstraint("day", "query", name="uq_search_query_day_day_query"),
    )


def downgrade():
    op.drop_table("search_query_day")
