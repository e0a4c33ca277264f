"""Template filters and globals: the one place dates, labels and links are formatted for display."""

from datetime import date

from flask import Flask, request, url_for

from kb.catalogue.provenance import illustrative_total, sources_of
from kb.catalogue.shortlinks import code_for
from kb.public_address import page_url
from kb.services.editing.field_types import field_type
from kb.services.editing.fields import readable
from kb.text import danish_date, danish_number, danish_time, danish_timestamp
from kb.visibility import appearances_in_public, visible_only
from kb.vocabulary import (
    AGE_BANDS,
    EVIDENCE_DESCRIPTIONS,
    EVIDENCE_LEVELS,
    OUTPUT_KINDS,
    PROGRAMME_ITEM_KINDS,
    STATUSES,
)
from kb.weburl import is_upload_path, is_web_url


def link_target(url: str | None) -> str:
    """A stored link fit for href: a web address or an uploaded file's path, else '' (rows older than the check)."""
    return url if url and (is_web_url(url) or is_upload_path(url)) else ""


def url_with(**changes) -> str:
    """The current URL with query arguments replaced (None or '' removes one)."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value in (None, ""):
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def init_app(app: Flask) -> None:
    """Register the Jinja filters, globals and context processors."""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.add_template_filter(danish_date, "dato")
    app.add_template_filter(danish_time, "tid")
    app.add_template_filter(danish_timestamp, "tidspunkt")
    app.add_template_filter(danish_number, "tal")
    app.add_template_filter(visible_only, "published")
    app.add_template_filter(appearances_in_public, "public_appearances")
    app.add_template_filter(link_target, "link_target")
    app.add_template_global(url_with)
    app.add_template_global(page_url)

    # Globals, not context: imported macros see globals but not the request context.
    app.jinja_env.globals.update(
        EVIDENCE_LEVELS=EVIDENCE_LEVELS,
        EVIDENCE_DESCRIPTIONS=EVIDENCE_DESCRIPTIONS,
        AGE_BANDS=AGE_BANDS,
        PROGRAMME_ITEM_KINDS=PROGRAMME_ITEM_KINDS,
        OUTPUT_KINDS=OUTPUT_KINDS,
        STATUSES=STATUSES,
        readable=readable,
        field_type=field_type,
        short_link_code=code_for,
        item_sources=sources_of,
        today=date.today,
    )

    @app.context_processor
    def settings():
        notice = app.config["KB_DEMO_NOTICE"]
        return {"demo_notice": notice, "illustrative_total": illustrative_total() if notice else 0}
