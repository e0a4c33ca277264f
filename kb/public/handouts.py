"""Printable A4 handouts: a one-page sheet per method, a programme per conference, with QR codes.

The views reuse the public page queries, so drafts and unknown slugs answer the Danish 404.
"""

from flask import render_template, url_for

from kb.catalogue import handouts
from kb.catalogue.conferences import conference_page
from kb.catalogue.methods import method_page
from kb.public import bp


@bp.get("/metoder/<slug:slug>/udskriv")
def method_handout(slug):
    """A method's printable A4 handout."""
    method = method_page(slug).method
    return render_template(
        "public/handouts/method.html",
        method=method,
        sheet=handouts.method_sheet(method),
        link=handouts.item_link("method", method.id),
        canonical=url_for("public.method_detail", slug=method.slug, _external=True),
        printed_on=handouts.today(),
    )


@bp.get("/konferencer/<slug:slug>/udskriv")
def conference_handout(slug):
    """A conference's printable programme with a QR code per session."""
    conference = conference_page(slug)
    items = conference.programme
    return render_template(
        "public/handouts/conference.html",
        conference=conference,
        items=items,
        item_links=handouts.programme_links(items),
        canonical=url_for("public.conference_detail", slug=conference.slug, _external=True),
        link=handouts.item_link("conference", conference.id),
        printed_on=handouts.today(),
    )
