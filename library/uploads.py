"""Which files the library accepts, decided by their content rather than their name.

Tools and publications carry PDF, Word (DOCX), Excel (XLSX), PNG and JPEG files. A file
is recognised by its first bytes (and, for the two Office formats, by the main part
declared in the ``[Content_Types].xml`` of their ZIP container), so that an HTML page
renamed ``rapport.pdf`` is refused. Its name must then end with the extension of what it
contains, because the document view picks the served content type from the name.
The import and the public submission form both call ``check_upload``.
"""

from __future__ import annotations

import io
import os
import zipfile
from decimal import ROUND_UP, Decimal
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"

#: Content type -> (format name shown to people, extensions its name may end with).
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    PDF: ("PDF", (".pdf",)),
    DOCX: ("Word (DOCX)", (".docx",)),
    XLSX: ("Excel (XLSX)", (".xlsx",)),
    PNG: ("PNG", (".png",)),
    JPEG: ("JPEG", (".jpg", ".jpeg")),
}
#: For the ``accept`` attribute of file inputs.
ACCEPT = ",".join(ext for _name, extensions in FORMATS.values() for ext in extensions)

# The main part each Office format declares; macro-enabled and template variants declare
# other ones and are refused.
_OFFICE_PARTS = {
    DOCX: (
        "word/document.xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    XLSX: ("xl/workbook.xml", b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
# [Content_Types].xml is a few kilobytes; a larger one is not an Office file worth opening.
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024


def check_upload(name: str, data_or_file: bytes | BinaryIO) -> str:
    """The content type of an acceptable file; ``ValidationError`` (in French) otherwise.

    ``data_or_file`` is the content, or a seekable binary file (an uploaded file, an
    open file), which is left at its start.
    """
    name = os.path.basename(name or "")
    if isinstance(data_or_file, bytes | bytearray | memoryview):
        handle: BinaryIO = io.BytesIO(bytes(data_or_file))
    else:
        handle = data_or_file
    try:
        size = _size(handle)
        if size == 0:
            raise ValidationError(_("« %(name)s » est vide.") % {"name": name}, code="empty")
        if size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("« %(name)s » pèse %(size)s Mo ; la limite est de %(max)s Mo.")
                % {"name": name, "size": _megabytes(size), "max": _megabytes(MAX_UPLOAD_BYTES)},
                code="too_large",
            )
        handle.seek(0)
        content_type = _detect(handle)
    finally:
        handle.seek(0)
    if content_type is None:
        raise ValidationError(
            _("« %(name)s » n'est pas d'un type accepté : PDF, Word (DOCX), Excel (XLSX), image PNG ou JPEG.")
            % {"name": name},
            code="unsupported",
        )
    label, extensions = FORMATS[content_type]
    if os.path.splitext(name)[1].lower() not in extensions:
        raise ValidationError(
            _("« %(name)s » est un fichier %(format)s : son nom doit se terminer par « %(extension)s ».")
            % {"name": name, "format": label, "extension": extensions[0]},
            code="wrong_extension",
        )
    return content_type


def _size(handle: BinaryIO) -> int:
    size = getattr(handle, "size", None)
    if isinstance(size, int):
        return size
    handle.seek(0, io.SEEK_END)
    return handle.tell()


def _megabytes(size: int) -> str:
    # Rounded up, so that a file just over the limit never reads as the limit itself.
    value = (Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1"), rounding=ROUND_UP)
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    return formats.number_format(value, use_l10n=True)


def _detect(handle: BinaryIO) -> str | None:
    head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        handle.seek(0)
        return _office_type(handle)
    return None


def _office_type(handle: BinaryIO) -> str | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _MAX_CONTENT_TYPES_BYTES:
                return None
            declared = archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return None
    for content_type, (part, main) in _OFFICE_PARTS.items():
        if part in names and main in declared:
            return content_type
    return None
