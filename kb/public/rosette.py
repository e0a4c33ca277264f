"""The rosette's geometry: one sector per intervention area around a centre, with its label's place.

Computed in Python because Jinja has no trigonometry; the template draws what this returns.
"""

import math
import textwrap
from dataclasses import dataclass

# The rosette is drawn in a square viewBox of this size; the sizes below are in its units.
ROSETTE_SIZE = 800
ROSETTE_CENTRE_RADIUS = 104  # the "Metodebasen" circle
ROSETTE_INNER = 112  # where the petals start
ROSETTE_CHILD_INNER = 136  # sub-areas start further out, so they read as belonging to the area before them
ROSETTE_OUTER = 392
ROSETTE_TEXT_MIDDLE = 262  # labels are centred this far from the centre, along the sector's middle
ROSETTE_TEXT_INNER = 170  # where a full-length label line comes closest to the centre
ROSETTE_GAP_DEGREES = 0.8  # white space between neighbouring petals
# Label lines: two lines of name in larger type while sectors are wide enough (up to 16 areas), else one
# longer line in smaller type; (lines, characters per line, font size in viewBox units).
ROSETTE_WIDE_LABEL = (2, 21, 20)
ROSETTE_NARROW_LABEL = (1, 25, 17)


@dataclass
class Petal:
    """Where one area's sector and its label go. Angles in degrees, clockwise from 12 o'clock."""

    path: str  # SVG path data of the sector
    rotate: float  # rotation around the centre laying the label along the sector; within ±90°, so upright
    x: float  # label position in the rotated frame (y is the centre's); the text is centred on it
    lines: list[str]  # the area's name in one or two lines, cut with "…" when longer
    shortened: bool  # the lines do not hold the whole name (the sector's <title> does)
    font_size: int  # of the name; the counts below it are 4 units smaller


def _point(radius: float, degrees: float) -> tuple[float, float]:
    centre = ROSETTE_SIZE / 2
    radians = math.radians(degrees - 90)
    return round(centre + radius * math.cos(radians), 1), round(centre + radius * math.sin(radians), 1)


def _sector(inner: float, outer: float, start: float, end: float) -> str:
    if end - start >= 359.9:  # a single area: a full ring (two half arcs each way)
        top_o, bottom_o = _point(outer, 0), _point(outer, 180)
        top_i, bottom_i = _point(inner, 0), _point(inner, 180)
        return (
            f"M{top_o[0]},{top_o[1]} A{outer},{outer} 0 1 1 {bottom_o[0]},{bottom_o[1]} "
            f"A{outer},{outer} 0 1 1 {top_o[0]},{top_o[1]} Z "
            f"M{top_i[0]},{top_i[1]} A{inner},{inner} 0 1 0 {bottom_i[0]},{bottom_i[1]} "
            f"A{inner},{inner} 0 1 0 {top_i[0]},{top_i[1]} Z"
        )
    large = 1 if end - start > 180 else 0
    (x1, y1), (x2, y2) = _point(outer, start), _point(outer, end)
    (x3, y3), (x4, y4) = _point(inner, end), _point(inner, start)
    return f"M{x1},{y1} A{outer},{outer} 0 {large} 1 {x2},{y2} L{x3},{y3} A{inner},{inner} 0 {large} 0 {x4},{y4} Z"


def label_lines(name: str, lines: int, characters: int) -> tuple[list[str], bool]:
    """`name` in at most `lines` lines of `characters`, broken between words; when it does not fit, the last
    line is filled up and ends in "…"."""
    wrapped = textwrap.wrap(name, characters, break_long_words=True) or [""]
    if len(wrapped) <= lines:
        return wrapped, False
    rest = " ".join(wrapped[lines - 1 :])
    return [*wrapped[: lines - 1], rest[: characters - 1].rstrip() + "…"], True


def rosette_layout(areas: list[tuple[str, bool]]) -> list[Petal]:
    """One equal sector per (name, is a sub-area) in `areas`, clockwise from the top."""
    count = len(areas)
    if not count:
        return []
    step = 360 / count
    gap = ROSETTE_GAP_DEGREES if count > 1 else 0
    # Width of a sector where a long label line comes closest to the centre: room for three lines (two of
    # name, one of counts), or only two?
    width = 2 * ROSETTE_TEXT_INNER * math.sin(math.radians(min(step, 180) / 2))
    name_lines, characters, font_size = ROSETTE_WIDE_LABEL if width >= 66 else ROSETTE_NARROW_LABEL
    petals = []
    for index, (name, is_child) in enumerate(areas):
        start, end = index * step + gap / 2, (index + 1) * step - gap / 2
        middle = (start + end) / 2
        on_right = middle <= 180
        lines, shortened = label_lines(name, name_lines, characters)
        petals.append(
            Petal(
                path=_sector(ROSETTE_CHILD_INNER if is_child else ROSETTE_INNER, ROSETTE_OUTER, start, end),
                rotate=round(middle - 90 if on_right else middle - 270, 2),
                x=ROSETTE_SIZE / 2 + (ROSETTE_TEXT_MIDDLE if on_right else -ROSETTE_TEXT_MIDDLE),
                lines=lines,
                shortened=shortened,
                font_size=font_size,
            )
        )
    return petals
