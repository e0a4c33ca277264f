"""Index published methods by name and by evidence level.

Public lists then page through published methods without sorting the whole catalogue, and count them per
evidence level from the index alone.

Revision ID: 7bf4ae0d6d50
Revises: 9c41336c5639
Create Date: 2026-12-02 03:20:39.190415

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "7bf4ae0d6d50"
down_revision = "9c41336c5639"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_method_status_name", "method", ["status", "name"])
    op.create_index("ix_method_status_evidence_level", "method", ["status", "evidence_level"])


def downgrade():
    op.drop_index("ix_method_status_evidence_level", table_name="method")
    op.drop_index("ix_method_status_name", table_name="method")
