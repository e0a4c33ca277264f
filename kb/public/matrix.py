"""The evidence page's two matrices as the rows that matrix_chart and matrix_table draw (templates/_charts.html).

Built here rather than in the template: with 40 areas and ten columns, a url_for call and a dict per cell in
Jinja cost more than counting the methods does. Rows and cells are slotted objects, so the template reads
their fields as attributes (a dict makes Jinja try the attribute first and fail on every lookup).
"""

from dataclasses import dataclass
from urllib.parse import quote

from flask import url_for

from kb.catalogue.overviews import Matrix, MatrixRow


@dataclass(slots=True)
class ChartCell:
    """One number of a matrix: its value, where it links and whether the column covers the row."""

    value: int
    href: str = ""
    covered: bool = False
    note: str = ""  # extra tooltip text


@dataclass(slots=True)
class ChartRow:
    """One area's row of a matrix chart and its table."""

    label: str
    child: bool
    child_of: str  # the parent's name for a sub-area, else ""
    href: str
    cells: list[ChartCell]


def _row(row: MatrixRow, cells: list[ChartCell]) -> ChartRow:
    summary = row.summary
    return ChartRow(
        label=summary.area.name,
        child=summary.is_child,
        child_of=summary.parent.name if summary.is_child else "",
        href=url_for("public.area_detail", slug=summary.area.slug),
        cells=cells,
    )


def evidence_rows(matrix: Matrix) -> list[ChartRow]:
    """Areas × evidence levels: each count links to the method list filtered by the area and the level, and
    the total to the list filtered by the area."""
    method_list = url_for("public.method_list")
    rows = []
    for row in matrix.rows:
        filtered = f"{method_list}?omraade={quote(row.summary.area.slug)}"
        cells = [
            ChartCell(count, f"{filtered}&evidens={quote(key)}")
            for (key, _label), count in zip(matrix.columns, row.counts, strict=True)
        ]
        rows.append(_row(row, [*cells, ChartCell(row.total, filtered)]))
    return rows


def development_rows(matrix: Matrix) -> list[ChartRow]:
    """Areas × development areas: each count links to its development area; the total has no link."""
    pages = [url_for("public.development_area_detail", slug=slug) for slug, _title in matrix.columns]
    note = "Udviklingsområdet omfatter indsatsområdet"
    return [
        _row(
            row,
            [
                *(
                    ChartCell(count, page, covered, note if covered else "")
                    for count, page, covered in zip(row.counts, pages, row.covered, strict=True)
                ),
                ChartCell(row.total),
            ],
        )
        for row in matrix.rows
    ]
