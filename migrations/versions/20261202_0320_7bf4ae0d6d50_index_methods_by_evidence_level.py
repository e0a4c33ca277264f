"""Index published methods by evidence level.

The counts per evidence level (front page, evidence scale) then read the index alone instead of every
published method's row.

Revision ID: 7bf4ae0d6d50
Revises: 8d3a6f1c2e57
Create Date: 2026-12-02 03:20:39.190415

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "7bf4ae0d6d50"
down_revision = "8d3a6f1c2e57"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_method_status_evidence_level", "method", ["status", "evidence_level"])


def downgrade():
    op.drop_index("ix_method_status_evidence_level", table_name="method")
