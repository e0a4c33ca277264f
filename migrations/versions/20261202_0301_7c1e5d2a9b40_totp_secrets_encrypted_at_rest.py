"""TOTP secrets encrypted at rest: the column grows to hold a Fernet token, and stored secrets are encrypted.

The key is the running configuration's KB_TOTP_KEY (kb/models/encrypted.py); downgrade decrypts them again.

Revision ID: 7c1e5d2a9b40
Revises: 3a48e1d52b6a
Create Date: 2026-12-02 03:01:00

"""

import sqlalchemy as sa
from alembic import op
from flask import current_app

from kb.models.encrypted import decrypt, encrypt

# revision identifiers, used by Alembic.
revision = "7c1e5d2a9b40"
down_revision = "3a48e1d52b6a"
branch_labels = None
depends_on = None

users = sa.table("user_account", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))


def _rewrite(change) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.is_not(None)))
    for user_id, value in rows.all():
        connection.execute(users.update().where(users.c.id == user_id).values(totp_secret=change(value)))


def upgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.String(length=64), type_=sa.String(length=255), existing_nullable=True
        )
    _rewrite(lambda secret: encrypt(secret, current_app.config))


def downgrade():
    _rewrite(lambda token: decrypt(token, current_app.config))
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.String(length=255), type_=sa.String(length=64), existing_nullable=True
        )
