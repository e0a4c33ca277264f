"""Give every upload an unguessable key and the conference it belongs to; outputs link /filer/<key>/<name>.

Revision ID: 2474a9877d06
Revises: 7bf4ae0d6d50
Create Date: 2026-12-02 02:33:58.574916

An existing upload belongs to the conference whose output links its numbered address /filer/<id>/<name>;
those output links are rewritten to the new address (the numbered one keeps answering: 301 when public).
Files imported from Plone belong to no conference and stay public on their own (`public_alone`).
"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "2474a9877d06"
down_revision = "7bf4ae0d6d50"
branch_labels = None
depends_on = None

upload = sa.table(
    "upload",
    sa.column("id", sa.Integer),
    sa.column("key", sa.String),
    sa.column("conference_id", sa.Integer),
    sa.column("original_name", sa.String),
    sa.column("public_alone", sa.Boolean),
)
output = sa.table(
    "conference_output",
    sa.column("id", sa.Integer),
    sa.column("conference_id", sa.Integer),
    sa.column("url", sa.String),
)


def upgrade():
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("conference_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("public_alone", sa.Boolean(), server_default=sa.false(), nullable=False))

    connection = op.get_bind()
    imported = sa.table("import_key", sa.column("content_type", sa.String), sa.column("content_id", sa.Integer))
    connection.execute(
        upload.update()
        .where(upload.c.id.in_(sa.select(imported.c.content_id).where(imported.c.content_type == "upload")))
        .values(public_alone=True)
    )
    for upload_id, name in connection.execute(sa.select(upload.c.id, upload.c.original_name)).all():
        key = secrets.token_urlsafe(18)
        numbered = f"/filer/{upload_id}/{name}"
        linked = connection.execute(
            sa.select(output.c.conference_id).where(output.c.url == numbered).order_by(output.c.id).limit(1)
        ).scalar()
        connection.execute(upload.update().where(upload.c.id == upload_id).values(key=key, conference_id=linked))
        if linked is not None:
            connection.execute(
                output.update()
                .where(output.c.url == numbered, output.c.conference_id == linked)
                .values(url=f"/filer/{key}/{name}")
            )

    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.alter_column("key", existing_type=sa.String(length=40), nullable=False)
        batch_op.create_index(batch_op.f("ix_upload_conference_id"), ["conference_id"], unique=False)
        batch_op.create_unique_constraint(batch_op.f("uq_upload_key"), ["key"])
        batch_op.create_foreign_key(
            batch_op.f("fk_upload_conference_id_conference"),
            "conference",
            ["conference_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    connection = op.get_bind()
    for upload_id, key, name in connection.execute(sa.select(upload.c.id, upload.c.key, upload.c.original_name)).all():
        connection.execute(
            output.update().where(output.c.url == f"/filer/{key}/{name}").values(url=f"/filer/{upload_id}/{name}")
        )
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_upload_conference_id_conference"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_upload_key"), type_="unique")
        batch_op.drop_index(batch_op.f("ix_upload_conference_id"))
        batch_op.drop_column("public_alone")
        batch_op.drop_column("conference_id")
        batch_op.drop_column("key")
