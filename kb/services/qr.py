"""QR codes drawn by the app (segno), as SVG or PNG, sized for print."""

import io

import segno
from flask import Response

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks, so scanners find it in print


def qr_response(url: str, fmt: str) -> Response:
    """A QR code for `url` as an SVG or PNG response."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    if fmt == "svg":
        code.save(buffer, kind="svg", scale=6, border=QUIET_ZONE, xmldecl=True, title=url)
        mimetype = "image/svg+xml"
    else:
        code.save(buffer, kind="png", scale=10, border=QUIET_ZONE)  # 10 px per module: crisp at 3 cm in print
        mimetype = "image/png"
    response = Response(buffer.getvalue(), mimetype=mimetype)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
