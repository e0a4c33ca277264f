"""TOTP secrets are stored encrypted with a key from configuration (issue 11, finding 5).

A copy of the database (a backup, a dump for a developer) does not hand over anyone's second factor, and
a migration encrypts the secrets that were stored in plain text before.
"""

import pyotp
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from kb import create_app
from kb.extensions import db
from kb.models import User
from tests.accounts import PASSWORD, make_user, sign_in
from tests.conftest import test_config

ENCRYPTING_REVISION = "7c1e5d2a9b40"


def _raw_secret(app, user_id) -> str:
    with app.app_context():
        return db.session.execute(text("SELECT totp_secret FROM user_account WHERE id = :id"), {"id": user_id}).scalar()


def test_the_stored_secret_is_not_the_secret(app):
    user_id, secret = make_user(app, "totp@example.dk", totp=True)
    stored = _raw_secret(app, user_id)
    assert stored and secret not in stored
    with app.app_context():
        assert db.session.get(User, user_id).totp_secret == secret


def test_two_factor_sign_in_works_with_the_encrypted_secret(app, client):
    _, secret = make_user(app, "totp@example.dk", totp=True)
    sign_in(client, "totp@example.dk", PASSWORD, totp_secret=secret)


def test_another_key_cannot_read_the_secret(app, tmp_path):
    user_id, _ = make_user(app, "totp@example.dk", totp=True)
    config = {**test_config(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "i2"), "KB_TOTP_KEY": "x" * 40}
    other = create_app(config)
    with other.app_context(), pytest.raises(Exception, match="KB_TOTP_KEY"):
        db.session.get(User, user_id).totp_secret  # noqa: B018


def test_the_migration_encrypts_plain_secrets_and_its_downgrade_restores_them(app):
    secret = pyotp.random_base32()
    with app.app_context():
        db.drop_all()
        upgrade(revision=f"{ENCRYPTING_REVISION}-1")
        db.session.execute(
            text(
                "INSERT INTO user_account (email, name, password_hash, role, active, totp_secret, session_version,"
                " created_at) VALUES ('a@example.dk', '', '', 'editor', true, :secret, 1, CURRENT_TIMESTAMP)"
            ),
            {"secret": secret},
        )
        db.session.commit()
        upgrade(revision=ENCRYPTING_REVISION)
        stored = db.session.execute(text("SELECT totp_secret FROM user_account")).scalar()
        assert secret not in stored
        assert db.session.scalar(select(User)).totp_secret == secret
        db.session.rollback()
        downgrade(revision=f"{ENCRYPTING_REVISION}-1")
        assert db.session.execute(text("SELECT totp_secret FROM user_account")).scalar() == secret
        db.session.rollback()
        downgrade(revision="base")


def test_rotating_the_key_re_encrypts_every_secret_with_the_new_one(app, runner):
    user_id, secret = make_user(app, "totp@example.dk", totp=True)
    new_key = "n" * 40
    app.config["KB_TOTP_KEY"] = f"{new_key}, {app.config['SECRET_KEY']}"  # new first, old still opens
    result = runner.invoke(args=["kb", "rotate-totp-key"])
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 1 TOTP secrets." in result.output
    app.config["KB_TOTP_KEY"] = new_key  # the old key removed
    with app.app_context():
        assert db.session.get(User, user_id).totp_secret == secret
