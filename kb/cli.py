"""`flask --app wsgi kb …` commands: thin wrappers over services."""

import click
from flask import Flask
from flask.cli import AppGroup

from kb.seed.loader import SeedError, load_demo_content

kb_cli = AppGroup("kb", help="Metodebasen: demo content and the search index.")


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


@kb_cli.command("reindex")
def reindex_command():
    """Rebuild the search index (full-text search is not built yet, so there is nothing to rebuild)."""
    click.echo("No search index yet: the search page matches names in the database directly.")


def init_app(app: Flask) -> None:
    app.cli.add_command(kb_cli)
