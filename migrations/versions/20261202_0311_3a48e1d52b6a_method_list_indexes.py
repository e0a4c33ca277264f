"""Index published methods by name and by last change, so lists read one page instead of sorting them all;
index a municipality's methods from the municipality's end.

Revision ID: 3a48e1d52b6a
Revises: 9c41336c5639
Create Date: 2026-12-02 03:11:28.867255

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "3a48e1d52b6a"
down_revision = "9c41336c5639"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("method", schema=None) as batch_op:
        batch_op.create_index("ix_method_status_name", ["status", "name", "id"], unique=False)
        batch_op.create_index("ix_method_status_updated_at", ["status", "updated_at", "id"], unique=False)
    with op.batch_alter_table("method_municipality", schema=None) as batch_op:
        batch_op.create_index("ix_method_municipality_municipality", ["municipality_id", "method_id"], unique=False)


def downgrade():
    with op.batch_alter_table("method_municipality", schema=None) as batch_op:
        batch_op.drop_index("ix_method_municipality_municipality")
    with op.batch_alter_table("method", schema=None) as batch_op:
        batch_op.drop_index("ix_method_status_updated_at")
        batch_op.drop_index("ix_method_status_name")
