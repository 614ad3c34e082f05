"""Charts of the portraits, drawn on the server as accessible SVG.

A view builds ``Chart`` objects from its figures (``for_pages`` builds a portrait's); the
``{% chart %}`` tag (portraits/templatetags/portraits_charts.py) shows each one as a figure with
its data table and download links, and ``portraits.downloads.respond`` serves its table (CSV,
XLSX) and image (SVG, PNG). Pages need no JavaScript: the SVG is plain markup, readable in black
and white (series differ by fill pattern, marker shape and dash, not by colour alone) and by
screen readers (``<title>``, ``<desc>`` and the data table).

One module per job: ``model`` (the chart and its series), ``formats`` (numbers and axis ticks),
``svg`` (shared drawing helpers), one renderer per kind (``bar``, ``line``, ``matrix``, ``map``)
and ``render`` (the whole SVG document and the table rows).
"""

from portraits.charts.formats import format_number, format_value, nice_ticks
from portraits.charts.model import Chart, Series
from portraits.charts.render import render_svg, table_rows

__all__ = ["Chart", "Series", "format_number", "format_value", "nice_ticks", "render_svg", "table_rows"]
