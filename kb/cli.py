"""`flask --app wsgi kb …` commands: thin wrappers over services."""

import sys
import time
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from flask_migrate import upgrade

from bench import synthetic
from kb import search, security_cli, transfer_cli
from kb.seed.loader import SeedError, load_demo_content
from kb.services import accounts, backup, search_log, shortlinks, synonyms, uploads

kb_cli = AppGroup("kb", help="Metodebasen: demo content and the search index.")
# Commands kept in modules of their own: the audit log and key upkeep, and moving content in and out.
for _command in (*security_cli.COMMANDS, *transfer_cli.COMMANDS):
    kb_cli.add_command(_command)


@kb_cli.command("seed")
def seed_command():
    """Load the demo content (idempotent: a second run changes nothing)."""
    try:
        report = load_demo_content()
    except SeedError as error:
        raise click.ClickException(f"Demo content not loaded: {error}") from error
    for line in report.lines():
        click.echo(line)
    click.echo("Demo content loaded." if report.changed_anything else "Nothing to do: the demo content is up to date.")
    added = shortlinks.ensure_all()
    if added:
        click.echo(f"Short links given to {added} items that had none.")


@kb_cli.command("reindex")
def reindex_command():
    """Rebuild the search index into a fresh directory and swap it in; search keeps answering meanwhile."""
    started = time.monotonic()
    with click.progressbar(length=search.expected_total(), label="Indexing", show_pos=True) as bar:
        written = search.rebuild(progress=bar.update)
    click.echo(f"Indexed {written} documents in {time.monotonic() - started:.1f} s.")


@kb_cli.command("sync-index")
def sync_index_command():
    """Apply index changes left pending (for example by a crash between commit and indexing)."""
    applied = search.apply_pending(blocking=True, timeout=60)
    click.echo(f"Applied {applied} pending index changes.")


@kb_cli.command("check-index")
def check_index_command():
    """Compare the database with the index; exit 1 listing what is missing, stale or extra."""
    differences = search.check()
    for label, keys in (("missing", differences.missing), ("stale", differences.stale), ("extra", differences.extra)):
        for key in keys:
            click.echo(f"{label}: {key}")
    click.echo(f"{differences.count} differences between the database and the index.")
    if differences.count:
        raise SystemExit(1)


@kb_cli.command("prune-index-log")
@click.option("--retention-days", type=click.FloatRange(0), default=None, help="Default: KB_INDEX_LOG_RETENTION_DAYS.")
def prune_index_log_command(retention_days):
    """Delete index-log entries every app server has applied (and any older than the retention)."""
    removed = search.prune(retention_days)
    click.echo(f"Pruned {removed} index-log entries.")


@kb_cli.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def backup_command(directory):
    """Back up the database and uploaded files into DIRECTORY (new or empty), with checksums."""
    try:
        report = backup.make_backup(directory)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Backed up {sum(report.counts.values())} rows in {len(report.counts)} tables and "
        f"{report.files} files ({report.bytes / 1e6:.1f} MB) to {report.directory}."
    )


@kb_cli.command("restore")
@click.argument("directory", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database and uploaded files.")
def restore_command(directory, yes):
    """Check a backup's checksums, then replace the database and uploaded files with it and rebuild the index."""
    try:
        manifest = backup.verify(directory)
    except backup.BackupError as error:
        raise click.ClickException(f"Backup refused: {error}") from error
    click.echo(f"Backup from {manifest['created_at']} is complete and undamaged ({len(manifest['files'])} files).")
    if not yes:
        click.confirm("Replace this site's database and uploaded files with the backup?", abort=True)
    try:
        report = backup.restore_backup(directory)
    except backup.BackupError as error:
        raise click.ClickException(f"Restore failed: {error}") from error
    click.echo(f"Restored {sum(report.counts.values())} rows; indexed {report.indexed} documents.")
    click.echo("Other app servers rebuild their search index by themselves.")


@kb_cli.group("synonyms")
def synonyms_group():
    """Synonym groups used by search."""


@synonyms_group.command("list")
def synonyms_list_command():
    """List every synonym group with its id."""
    for group in synonyms.list_groups():
        click.echo(f"{group.id}: {', '.join(group.terms)}")


@synonyms_group.command("add")
@click.argument("terms", nargs=-1, required=True)
def synonyms_add_command(terms):
    """Add a group of words that mean the same, e.g. `flask kb synonyms add hjemløs "uden bolig"`."""
    try:
        group, created = synonyms.add_group(list(terms))
    except synonyms.SynonymError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{'Added' if created else 'Already there'}: {group.id}: {', '.join(group.terms)}")


@synonyms_group.command("delete")
@click.argument("group_id", type=int)
def synonyms_delete_command(group_id):
    """Delete a synonym group by id."""
    if not synonyms.delete_group(group_id):
        raise click.ClickException(f"No synonym group {group_id}.")
    click.echo(f"Deleted synonym group {group_id}.")


@kb_cli.command("purge-search-log")
def purge_search_log_command():
    """Delete search counts older than KB_SEARCH_LOG_RETENTION_DAYS (default 90); run it daily, e.g. from cron."""
    search_log.flush()
    click.echo(f"Deleted {search_log.purge()} day rows of search counts older than the retention period.")


@kb_cli.command("generate")
@click.option("--methods", type=click.IntRange(1, 1_000_000), required=True, help="How many methods to generate.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same content.")
@click.option("--force", is_flag=True, help="Add synthetic content even if the database holds real methods.")
def generate_command(methods, seed, force):
    """Fill a benchmark database with synthetic methods, areas, conferences and agreements.

    Brings the schema to head first. Meant for a separate database, named by KB_DATABASE_URL; index it
    afterwards with `flask kb reindex`. For example:

    \b
        KB_DATABASE_URL=sqlite:///bench/out/10k.sqlite KB_INDEX_DIR=bench/out/10k-index \\
            flask --app wsgi kb generate --methods 10000
    """
    upgrade()
    started = time.monotonic()
    with click.progressbar(length=synthetic.work_units(methods), label="Generating", show_pos=True) as bar:

        def progress(done, _total):
            bar.update(done - bar.pos)

        try:
            counts = synthetic.generate(methods, seed, progress=progress, force=force)
        except synthetic.RealContentError as error:
            raise click.ClickException(str(error)) from error
    for table, count in counts.items():
        click.echo(f"{table}: {count}")
    click.echo(f"Generated {methods} methods in {time.monotonic() - started:.1f} s.")
    click.echo("Index them with `flask kb reindex`.")


@kb_cli.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "editor"]), required=True, help="admin manages accounts.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (first line).")
@click.option("--name", default="", help="The name shown in the editor area.")
def create_user_command(email, role, password_stdin, name):
    """Create an account with a password (there is no default account). Administrators set up 2FA at first sign-in.

    \b
        printf '%s\\n' "$PASSWORD" | flask --app wsgi kb create-user ann@example.dk --role admin --password-stdin
    """
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = accounts.create_user(email, role, password, name=name)
    except accounts.AccountError as error:
        raise click.ClickException(f"User not created: {error}") from error
    click.echo(f"Created {'administrator' if user.is_admin else 'editor'} {user.email} (id {user.id}).")
    if user.is_admin:
        click.echo("Sign in at /konto/log-ind; two-factor sign-in must be set up on first sign-in.")


@kb_cli.group("uploads")
def uploads_group():
    """Files uploaded for conference outputs."""


@uploads_group.command("orphans")
@click.option("--delete", is_flag=True, help="Remove them (rows and files) instead of only listing them.")
def uploads_orphans_command(delete):
    """List uploads that no output of their conference links, and files no upload names; --delete removes them."""
    orphans = uploads.find_orphans()
    for upload in orphans.rows:
        where = f"conference {upload.conference_id}" if upload.conference_id else "no conference"
        click.echo(f"orphan: {upload.path} ({where}, {upload.size} bytes, {upload.stored_name})")
    for path in orphans.stray_files:
        click.echo(f"stray file: {path.name}")
    if delete:
        uploads.remove_orphans(orphans)
        click.echo(f"Removed {len(orphans.rows)} orphaned uploads and {len(orphans.stray_files)} stray files.")
    else:
        click.echo(f"{len(orphans.rows)} orphaned uploads, {len(orphans.stray_files)} stray files (--delete removes).")


def init_app(app: Flask) -> None:
    """Add the `flask kb …` commands to `app`."""
    app.cli.add_command(kb_cli)
