"""Index published methods by address with their last change, for the sitemap.

sitemap.xml lists published methods by slug with their last change; with this index it reads them in
order from the index alone instead of sorting every published method's row.

Revision ID: 5788cdff3872
Revises: af7deffec827
Create Date: 2026-12-02 10:59:05.005110

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "5788cdff3872"
down_revision = "af7deffec827"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_method_status_slug", "method", ["status", "slug", "updated_at"])


def downgrade():
    op.drop_index("ix_method_status_slug", table_name="method")
