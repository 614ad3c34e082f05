"""Downloads of any list or page as CSV (for French Excel) or XLSX.

A view builds its data as sheets of rows and calls ``export_response``; the format
comes from the ``format`` query parameter (``csv`` or ``xlsx``).

Every text cell goes through ``safe_text``: a title typed as ``=HYPERLINK(…)`` would
otherwise run as a formula in the spreadsheet of whoever opens the download (formula or
CSV injection). Writers with a layout of their own (the open data files) use
``safe_text`` and ``xlsx_cell`` too.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.http import InvalidRequest

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_SEPARATOR = " | "
# Longest text an XLSX cell holds.
XLSX_MAX_TEXT = 32_767
# A text starting with one of these, even after spaces, is run as a formula by Excel,
# LibreOffice or Google Sheets; Excel also reads the full-width forms as formulas.
FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# A tab or a carriage return opening the cell starts a formula in some spreadsheets.
CONTROL_START = ("\t", "\r")


@dataclass
class Sheet:
    """A titled table: one CSV file, or one sheet of a workbook."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence] = field(default_factory=list)


def requested_format(request: HttpRequest) -> str | None:
    """``csv``, ``xlsx`` or None (the HTML page); anything else is a French 400."""
    value = request.GET.get("format")
    if value in (None, "", "html"):
        return None
    if value not in FORMATS:
        raise InvalidRequest(
            _("Le format « %(format)s » n'est pas offert : choisissez csv ou xlsx.") % {"format": value}
        )
    return value


def safe_text(value):
    """The value to write in a spreadsheet cell: a text that would run as a formula gets an apostrophe.

    The leading apostrophe is what spreadsheets themselves use to mark a cell as text.
    Anything that is not a string (numbers, dates, booleans, None) is returned as is, so a
    negative number stays a number.
    """
    if isinstance(value, str) and (
        value.startswith(CONTROL_START) or value.lstrip().startswith(FORMULA_START)
    ):
        return "'" + value
    return value


def xlsx_text(value: str) -> str:
    """A text as an XLSX cell holds it: characters XLSX refuses dropped, cut to length, formula-safe."""
    return safe_text(ILLEGAL_CHARACTERS_RE.sub("", value))[:XLSX_MAX_TEXT]


def xlsx_cell(worksheet, value):
    """What to append to a write-only sheet for a value: a text is always stored as text.

    Characters XLSX cannot hold are dropped and long texts cut, then ``safe_text`` applies.
    openpyxl guesses a cell's type from a string (« =… » becomes a formula, « #N/A » an
    error): such a string gets a cell typed as text, so no text can ever be a formula.
    """
    if not isinstance(value, str):
        return value
    text = xlsx_text(value)
    if text.startswith("=") or text in ERROR_CODES:
        cell = WriteOnlyCell(worksheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, (list, tuple, set)):
        return safe_text(LIST_SEPARATOR.join(str(v) for v in value))
    if isinstance(value, (int, float, Decimal, datetime.date)):
        return value
    return safe_text(str(value))


def _csv_text(value) -> str:
    value = _cell(value)
    if isinstance(value, Decimal | float):
        # French Excel reads a decimal comma.
        return str(value).replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def csv_bytes(sheets: Sequence[Sheet]) -> bytes:
    """UTF-8 with BOM and ``;`` separators; several sheets follow one another."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for index, sheet in enumerate(sheets):
        if len(sheets) > 1:
            if index:
                writer.writerow([])
            writer.writerow([f"# {sheet.title}"])
        writer.writerow([safe_text(str(title)) for title in sheet.headers])
        for row in sheet.rows:
            writer.writerow([_csv_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """One worksheet per sheet, bold headers, frozen header row.

    Written in openpyxl's streaming (write-only) mode, several times faster and
    lighter on large lists; column widths come from the data, so rows are read first.
    """
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for sheet in sheets:
        rows = [[_cell(v) for v in row] for row in sheet.rows]
        worksheet = workbook.create_sheet(_sheet_title(sheet.title, used))
        widths = [len(str(h)) for h in sheet.headers]
        for values in rows[:500]:
            for i, value in enumerate(values[: len(widths)]):
                widths[i] = max(widths[i], min(len(str(value)), 60))
        for i, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(i)].width = width + 2
        worksheet.freeze_panes = "A2"
        header = []
        for title in sheet.headers:
            cell = WriteOnlyCell(worksheet, value=xlsx_text(str(title)))
            cell.data_type = "s"
            cell.font = Font(bold=True)
            header.append(cell)
        worksheet.append(header)
        for values in rows:
            worksheet.append([xlsx_cell(worksheet, value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    # Excel limits sheet names to 31 characters, without []:*?/\ and unique.
    clean = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Feuille"
    candidate, n = clean, 2
    while candidate in used:
        suffix = f" ({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate)
    return candidate


def export_response(export_format: str, filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """The download, named after the list and dated."""
    stem = f"{slugify(filename) or 'export'}-{timezone.localdate():%Y-%m-%d}"
    if export_format == "csv":
        response = HttpResponse(csv_bytes(sheets), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    else:
        response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
