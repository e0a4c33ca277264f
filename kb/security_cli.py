"""`flask kb prune-audit-log` and `flask kb rotate-totp-key`: keeping the audit log bounded and secrets current."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from kb.accounts import throttle
from kb.extensions import db
from kb.models import User
from kb.services import audit


@click.command("prune-audit-log")
@with_appcontext
def prune_audit_log_command():
    """Delete audit events older than KB_AUDIT_RETENTION_DAYS (365), and sign-in attempts older than a week."""
    deleted, days = audit.prune()
    throttle.forget_old_attempts()
    db.session.commit()
    click.echo(f"Deleted {deleted} audit events older than {days} days.")


@click.command("rotate-totp-key")
@with_appcontext
def rotate_totp_key_command():
    """Re-encrypt every TOTP secret with the first key in KB_TOTP_KEY (the old key may then be removed)."""
    users = db.session.scalars(select(User).where(User.totp_secret.is_not(None))).all()
    for user in users:
        flag_modified(user, "totp_secret")  # same plain value, written again with the first key
    db.session.commit()
    click.echo(f"Re-encrypted {len(users)} TOTP secrets.")


# Added to `flask kb` by kb/cli.py.
COMMANDS = (prune_audit_log_command, rotate_totp_key_command)
