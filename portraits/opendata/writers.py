"""Writing a table to its CSV, XLSX and JSON files batch by batch, with their sizes and SHA-256."""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import Storage
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import LIST_SEPARATOR, safe_text, xlsx_cell
from portraits.opendata.model import FORMATS, Field


def _csv_value(value: Any, f: Field) -> str:
    if value is None:
        return ""
    if f.is_list:
        return safe_text(LIST_SEPARATOR.join(str(v) for v in value))
    if isinstance(value, Decimal):
        # French Excel reads a decimal comma.
        return str(value).replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        # A text a spreadsheet would run as a formula gets the apostrophe that makes it text.
        return safe_text(value)
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class TableFiles:
    """The CSV, XLSX and JSON temporary files of one table, written batch by batch."""

    def __init__(self, directory: Path, stem: str, sheet_title: str, fields: tuple[Field, ...], header: dict):
        self.directory = directory
        self.stem = stem
        self.fields = fields
        self.count = 0
        self.temporary: dict[str, Path] = {}
        self._csv_handle = self._open("csv", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._csv_handle, delimiter=";", lineterminator="\r\n")
        self._csv.writerow([f.name for f in fields])
        self._json_handle = self._open("json", encoding="utf-8")
        opening = json.dumps({**header, "fields": [f.name for f in fields]}, ensure_ascii=False, indent=1)
        # The items follow the header's keys; the count is known only at the end.
        self._json_handle.write(opening[:-2] + ',\n "items": [')
        self.temporary["xlsx"] = self._reserve("xlsx")
        self._workbook = Workbook(write_only=True)
        self._sheet = self._workbook.create_sheet(sheet_title[:31])
        for index, f in enumerate(fields, start=1):
            width = max(len(f.name), min(len(f.example), 40)) + 2
            self._sheet.column_dimensions[get_column_letter(index)].width = width
        self._sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        heading = []
        for f in fields:
            cell = WriteOnlyCell(self._sheet, value=f.name)
            cell.font = bold
            heading.append(cell)
        self._sheet.append(heading)

    def _reserve(self, fmt: str) -> Path:
        handle, name = tempfile.mkstemp(dir=self.directory, prefix=f".{self.stem}.", suffix=f".{fmt}.tmp")
        os.close(handle)
        return Path(name)

    def _open(self, fmt: str, **options: Any) -> IO[str]:
        path = self._reserve(fmt)
        self.temporary[fmt] = path
        return path.open("w", **options)

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        """Append rows (dicts keyed by field name) to the three files."""
        for row in rows:
            values = [row.get(f.name) for f in self.fields]
            self._csv.writerow([_csv_value(v, f) for v, f in zip(values, self.fields, strict=True)])
            self._sheet.append([self._xlsx_cell(v, f) for v, f in zip(values, self.fields, strict=True)])
            item = {f.name: _json_value(v) for v, f in zip(values, self.fields, strict=True)}
            self._json_handle.write(
                ("\n  " if not self.count else ",\n  ") + json.dumps(item, ensure_ascii=False)
            )
            self.count += 1

    def _xlsx_cell(self, value: Any, f: Field) -> Any:
        if value is None:
            return None
        if f.is_list:
            value = LIST_SEPARATOR.join(str(v) for v in value)
        # Text, never a formula: the same rule as every download of the site.
        return xlsx_cell(self._sheet, value)

    def finish(self) -> None:
        """Close the three files; they are complete but still temporary."""
        self._csv_handle.close()
        self._json_handle.write(f'\n ],\n "count": {self.count}\n}}\n')
        self._json_handle.close()
        self._workbook.save(self.temporary["xlsx"])

    def abort(self) -> None:
        """Close whatever is open and delete the temporary files."""
        for handle in (self._csv_handle, self._json_handle):
            if not handle.closed:
                handle.close()
        if not self._sheet.closed:
            # openpyxl streams the sheet into a file of its own; finish and delete it now,
            # rather than when the garbage collector finds the half-written sheet.
            try:
                self._sheet.close()
                self._sheet._writer.cleanup()
            except (OSError, ValueError):
                pass
        for path in self.temporary.values():
            path.unlink(missing_ok=True)

    def describe(self) -> list[dict[str, Any]]:
        """Format, final name, size and SHA-256 of each finished file."""
        return [
            {
                "format": fmt,
                "filename": f"{self.stem}.{fmt}",
                "size": self.temporary[fmt].stat().st_size,
                "sha256": _sha256(self.temporary[fmt]),
            }
            for fmt in FORMATS
        ]

    def publish(self, target: Storage) -> None:
        """Store the finished files under their final names, each replacing its namesake whole."""
        for fmt, path in self.temporary.items():
            name = f"{self.stem}.{fmt}"
            with path.open("rb") as handle:
                stored = target.save(name, File(handle, name=name))
            if stored != name:
                raise OSError(f"the storage kept {name} as {stored}: it must replace files of the same name")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
