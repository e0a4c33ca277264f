"""Audit events count their repeats, so a flood of throttled sign-ins or reset requests is one row.

Revision ID: 8d3a6f1c2e57
Revises: 7c1e5d2a9b40
Create Date: 2026-12-02 03:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8d3a6f1c2e57"
down_revision = "7c1e5d2a9b40"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("repeats", sa.Integer(), server_default="1", nullable=False))


def downgrade():
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_column("repeats")
