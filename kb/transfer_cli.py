"""`flask kb import-plone`, `flask kb export` and `flask kb import`: moving content in and out."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from kb.services.plone.importer import import_plone
from kb.services.plone.mapping import MappingError, load_mapping
from kb.services.plone.reader import ExportError, read_export
from kb.services.transfer.exporter import export_all, total_rows
from kb.services.transfer.loader import ImportRefused, import_all, read_manifest


@click.command("import-plone")
@with_appcontext
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML mapping of Plone types and folders (default: kb/services/plone/default_mapping.toml).",
)
@click.option("--dry-run", is_flag=True, help="Do everything, report it, then write nothing.")
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("plone-import-report.txt"),
    show_default=True,
    help="Where the report is written.",
)
def import_plone_command(directory, mapping_file, dry_run, report_file):
    """Import a collective.exportimport export of the old Plone site (a second run updates, never duplicates)."""
    try:
        mapping = load_mapping(mapping_file)
        export = read_export(directory)
    except (MappingError, ExportError) as error:
        raise click.ClickException(f"Nothing imported: {error}") from error
    # New addresses are built with url_for, which needs a request context outside a request.
    with (
        current_app.test_request_context(),
        click.progressbar(length=len(export.items), label="Importing", show_pos=True) as bar,
    ):
        report = import_plone(export, mapping, dry_run=dry_run, progress=bar.update)
    text = "\n".join(report.lines()) + "\n"
    click.echo(text)
    report_file.write_text(text, encoding="utf-8")
    click.echo(f"Report written to {report_file}.")


@click.command("export")
@with_appcontext
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export_command(directory):
    """Export every content type as JSON and CSV, with uploaded files and manifest.json (lossless)."""
    if directory.exists() and any(directory.iterdir()):
        raise click.ClickException(f"{directory} is not empty: export into a new directory")
    with click.progressbar(length=total_rows(), label="Exporting", show_pos=True) as bar:
        manifest = export_all(directory, progress=bar.update)
    records = sum(entry["records"] for entry in manifest["tables"].values())
    click.echo(f"Exported {records} records in {len(manifest['tables'])} tables and {len(manifest['files'])} files.")


@click.command("import")
@with_appcontext
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def import_command(directory):
    """Load an export made by `flask kb export` into an empty database (all or nothing)."""
    try:
        total = sum(entry.get("records", 0) for entry in read_manifest(directory)["tables"].values())
        with click.progressbar(length=total, label="Importing", show_pos=True) as bar:
            counts = import_all(directory, progress=bar.update)
    except ImportRefused as error:
        raise click.ClickException(f"Nothing imported: {error}") from error
    click.echo(f"Imported {sum(counts.values())} records in {len(counts)} tables; the search index is up to date.")


# Added to `flask kb` by kb/cli.py.
COMMANDS = (import_plone_command, export_command, import_command)
