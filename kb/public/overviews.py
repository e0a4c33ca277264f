"""The overview pages (oversigter): charts drawn as inline SVG, each with a table holding the same numbers."""

import csv
import io
from collections.abc import Iterable

from flask import Response, redirect, render_template, request, stream_with_context, url_for

from kb.catalogue.overviews import MAX_COMPARED, compare, evidence_overview, rosette, uptake, uptake_rows
from kb.catalogue.paging import page_argument
from kb.public import bp
from kb.public.matrix import development_rows, evidence_rows
from kb.public.rosette import rosette_layout


@bp.get("/oversigter")
def overview_index():
    """The list of overviews."""
    return render_template("public/overviews/index.html")


@bp.get("/oversigter/rosetten")
def overview_rosette():
    """The rosette: intervention areas with their method counts."""
    data = rosette()
    layout = rosette_layout([(summary.area.name, summary.is_child) for summary in data.areas])
    return render_template(
        "public/overviews/rosette.html", rosette=data, petals=list(zip(data.areas, layout, strict=True))
    )


@bp.get("/oversigter/evidens-og-huller")
def overview_evidence():
    """The evidence and gap matrix."""
    overview = evidence_overview()
    return render_template(
        "public/overviews/evidence.html",
        overview=overview,
        evidence_rows=evidence_rows(overview.evidence),
        development_rows=development_rows(overview.development),
    )


@bp.get("/oversigter/kommuner")
def overview_municipalities():
    """Methods per municipality and municipalities per method."""
    return render_template("public/overviews/municipalities.html", uptake=uptake(page_argument(request.args)))


@bp.get("/oversigter/kommuner.csv")
def overview_municipalities_csv():
    """The method × municipality table as CSV."""
    return csv_response(uptake_rows(), "metoder-og-kommuner.csv")


@bp.get("/oversigter/sammenlign")
def overview_compare():
    """Two to four methods side by side."""
    comparison = compare(request.args.getlist("metode"))
    if comparison.by_name and comparison.methods and not comparison.invalid:
        return redirect(url_for("public.overview_compare", metode=[m.slug for m in comparison.methods]))
    html = render_template("public/overviews/compare.html", comparison=comparison, max_compared=MAX_COMPARED)
    return html, 400 if comparison.invalid else 200


def csv_response(rows: Iterable[list[str]], filename: str) -> Response:
    """`rows` streamed as a CSV download that Danish spreadsheets open as they are.

    Semicolons and a UTF-8 byte order mark: Excel with Danish settings reads commas as decimal marks and
    guesses a legacy encoding without the mark.
    """

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        yield "\ufeff"
        for row in rows:
            writer.writerow(row)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    response = Response(stream_with_context(lines()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
