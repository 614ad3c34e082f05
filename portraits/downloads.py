"""Downloads of a page's charts: the table as CSV or XLSX, the image as SVG or PNG.

A portrait view builds its charts, then calls ``respond``; when the request asks for a
download (``?chart=<slug>&format=csv|xlsx|svg|png``) it gets the file, otherwise None and
the page renders as usual.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.exports import Sheet, export_response
from core.http import InvalidRequest
from portraits.charts import Chart, render_svg

FORMATS = ("csv", "xlsx", "svg", "png")
PNG_WIDTH = 1200

logger = logging.getLogger(__name__)


def requested(request: HttpRequest, charts: Sequence[Chart]) -> tuple[Chart, str] | None:
    """The chart and format asked for, None for the page itself; a French 400 when unknown."""
    export_format = request.GET.get("format")
    if export_format in (None, "", "html"):
        return None
    if export_format not in FORMATS:
        raise InvalidRequest(
            _("Le format « %(format)s » n'est pas offert : choisissez csv, xlsx, svg ou png.")
            % {"format": export_format}
        )
    slug = request.GET.get("chart", "")
    for chart in charts:
        if chart.slug == slug:
            return chart, export_format
    if not slug:
        raise InvalidRequest(_("Précisez le graphique à télécharger (paramètre « chart »)."))
    raise InvalidRequest(_("Cette page n'a pas de graphique « %(chart)s ».") % {"chart": slug})


def _image_response(content: bytes, content_type: str, stem: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def respond(request: HttpRequest, charts: Sequence[Chart], filename: str) -> HttpResponse | None:
    """The download the request asks for, or None when it asks for the page."""
    asked = requested(request, charts)
    if asked is None:
        return None
    chart, export_format = asked
    name = f"{filename}-{chart.slug}"
    if export_format in ("csv", "xlsx"):
        header, rows = chart.table()
        return export_response(export_format, name, [Sheet(chart.title, header, rows)])
    stem = f"{slugify(name) or 'graphique'}-{timezone.localdate():%Y-%m-%d}"
    svg = str(render_svg(chart, standalone=True))
    if export_format == "svg":
        return _image_response(svg.encode("utf-8"), "image/svg+xml; charset=utf-8", stem, "svg")
    png = svg_to_png(svg)
    if png is None:
        return HttpResponse(
            _(
                "Les images PNG ne peuvent pas être produites sur ce serveur pour le moment. "
                "Téléchargez le graphique en SVG, ou son tableau en CSV ou XLSX."
            ),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    return _image_response(png, "image/png", stem, "png")


def svg_to_png(svg: str) -> bytes | None:
    """The chart drawn as a PNG, or None when this server cannot draw one.

    CairoSVG needs the system's Cairo library; it is imported here only, so that a server
    without it still serves every page and every other download.
    """
    try:
        import cairosvg
    except (ImportError, OSError):  # the package, or the Cairo library it loads, is missing
        logger.warning("CairoSVG or the Cairo library is missing: PNG downloads are unavailable.")
        return None
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=PNG_WIDTH)
