"""The overview pages (oversigter): charts drawn as inline SVG, each with a table holding the same numbers."""

from flask import render_template, request

from kb.catalogue.overviews import MAX_COMPARED, compare, evidence_overview, rosette, uptake
from kb.public import bp
from kb.public.rosette import rosette_layout


@bp.get("/oversigter")
def overview_index():
    return render_template("public/overviews/index.html")


@bp.get("/oversigter/rosetten")
def overview_rosette():
    data = rosette()
    layout = rosette_layout([(summary.area.name, summary.is_child) for summary in data.areas])
    return render_template(
        "public/overviews/rosette.html", rosette=data, petals=list(zip(data.areas, layout, strict=True))
    )


@bp.get("/oversigter/evidens-og-huller")
def overview_evidence():
    return render_template("public/overviews/evidence.html", overview=evidence_overview())


@bp.get("/oversigter/kommuner")
def overview_municipalities():
    return render_template("public/overviews/municipalities.html", uptake=uptake())


@bp.get("/oversigter/sammenlign")
def overview_compare():
    comparison = compare(request.args.getlist("metode"))
    html = render_template("public/overviews/compare.html", comparison=comparison, max_compared=MAX_COMPARED)
    return html, 400 if comparison.invalid else 200
