"""Which files the library accepts, decided by their content rather than their name.

Tools and publications carry PDF, Word (DOCX), Excel (XLSX), PNG and JPEG files. A file
is recognised by its first bytes (and, for the two Office formats, by the main part
declared in the ``[Content_Types].xml`` of their ZIP container), so that an HTML page
renamed ``rapport.pdf`` is refused. Its name must then end with the extension of what it
contains, because the document view picks the served content type from the name.

Then its whole structure must hold, so that a file that only starts like a PDF (and goes
on as a web page) is refused too: a PDF must open with pypdf (cross-reference table and
trailer found, an end-of-file marker, at least one page, no password needed to read it);
a PNG or JPEG must decode entirely with Pillow, within a pixel limit; a DOCX or XLSX must
be a sound ZIP package, without macros, whose main part parses (defusedxml for Word,
openpyxl for Excel), within a limit on its decompressed size.
The import and the public submission form both call ``check_upload``.
"""

from __future__ import annotations

import io
import os
import warnings
import zipfile
from dataclasses import dataclass
from decimal import ROUND_UP, Decimal
from typing import BinaryIO

# The type only: every parse goes through defusedxml.
from xml.etree.ElementTree import Element  # nosec B405

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PasswordType, PdfReader

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

#: An image of more pixels is refused before it is decoded (a small file can unpack into
#: gigabytes of pixels); 50 million is a photo of 8 660 × 5 770.
MAX_IMAGE_PIXELS = 50_000_000
#: An Office file whose parts unpack into more than this is refused before they are read.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024

# The content type of the main part of each Office format. The macro-enabled variants are
# recognised only to be refused with their own message; templates are not accepted.
_OFFICE_MAINS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.ms-word.document.macroEnabled.main+xml": DOCX,
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": XLSX,
}
# The root element of each main part (transitional and strict Office Open XML).
_MAIN_ELEMENTS = {
    DOCX: {
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}document",
        "{http://purl.oclc.org/ooxml/wordprocessingml/main}document",
    },
    XLSX: {
        "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}workbook",
        "{http://purl.oclc.org/ooxml/spreadsheetml/main}workbook",
    },
}
# [Content_Types].xml is a few kilobytes; a larger one is not an Office file worth opening.
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024
# Readers look for the end-of-file marker in the last kilobyte of a PDF.
_PDF_EOF_WINDOW = 1024
_PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG"}


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
        if content_type is None:
            raise ValidationError(
                _(
                    "« %(name)s » n'est pas d'un type accepté : PDF, Word (DOCX), Excel (XLSX), "
                    "image PNG ou JPEG."
                )
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
        handle.seek(0)
        if content_type == PDF:
            _check_pdf(name, handle, size)
        elif content_type in _PILLOW_FORMATS:
            _check_image(name, content_type, handle)
        else:
            _check_office(name, content_type, handle)
    finally:
        handle.seek(0)
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
    """The Office format a ZIP declares in its [Content_Types].xml, or None for another ZIP."""
    try:
        with zipfile.ZipFile(handle) as archive:
            package = _package(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return None
    return package.content_type if package else None


@dataclass(frozen=True)
class _Package:
    """What the [Content_Types].xml of an Office file says about it."""

    content_type: str
    main_part: str
    macros: bool


def _package(archive: zipfile.ZipFile) -> _Package | None:
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        return None
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > _MAX_CONTENT_TYPES_BYTES:
        return None
    try:
        root = _parse_xml(archive.read(info))
    except (SyntaxError, DefusedXmlException, zipfile.BadZipFile, EOFError, ValueError):
        return None
    declared: dict[str, str] = {}
    for entry in root:
        kind = _local_name(entry.tag)
        if kind == "Override":
            declared[entry.get("PartName", "").lstrip("/")] = entry.get("ContentType", "")
        elif kind == "Default":
            declared[f"*.{entry.get('Extension', '').lower()}"] = entry.get("ContentType", "")
    mains = [(part, kind) for part, kind in declared.items() if kind in _OFFICE_MAINS and part in names]
    if len(mains) != 1:
        return None
    main_part, main_type = mains[0]
    macros = any("macroenabled" in kind.lower() or "vbaproject" in kind.lower() for kind in declared.values())
    macros = macros or any("vbaproject" in name.lower() for name in names)
    return _Package(_OFFICE_MAINS[main_type], main_part, macros)


def _parse_xml(data: bytes) -> Element:
    # No Office part has a DTD: refusing them leaves no room for entity expansion.
    return SafeElementTree.fromstring(data, forbid_dtd=True)


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# Whole-structure checks ------------------------------------------------------------------------


def _unreadable(name: str, content_type: str) -> ValidationError:
    return ValidationError(
        _("« %(name)s » n'est pas un fichier %(format)s lisible : il est endommagé ou incomplet.")
        % {"name": name, "format": FORMATS[content_type][0]},
        code="unreadable",
    )


def _check_pdf(name: str, handle: BinaryIO, size: int) -> None:
    handle.seek(max(0, size - _PDF_EOF_WINDOW))
    if b"%%EOF" not in handle.read():
        raise _unreadable(name, PDF)
    handle.seek(0)
    try:
        # strict=False: readers repair small faults (an offset a few bytes off) and so does
        # pypdf; a file without a cross-reference table or a trailer still fails to open.
        reader = PdfReader(handle, strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ValidationError(
                _(
                    "« %(name)s » est un PDF protégé par un mot de passe : déposez-en une copie "
                    "qui s'ouvre sans mot de passe."
                )
                % {"name": name},
                code="encrypted",
            )
        catalog = reader.trailer["/Root"].get_object()
        pages = len(reader.pages) if catalog.get("/Type") == "/Catalog" else 0
    except ValidationError:
        raise
    except Exception:
        # A damaged file can make the parser fail in many ways; each means « unreadable ».
        raise _unreadable(name, PDF) from None
    if pages == 0:
        raise ValidationError(
            _("« %(name)s » est un PDF sans aucune page.") % {"name": name}, code="no_pages"
        )


def _check_image(name: str, content_type: str, handle: BinaryIO) -> None:
    pillow_format = _PILLOW_FORMATS[content_type]
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit: refuse there too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(handle, formats=[pillow_format]) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _too_many_pixels(name)
                image.verify()
            # verify() leaves the image unusable: decode every pixel from a fresh opening.
            handle.seek(0)
            with Image.open(handle, formats=[pillow_format]) as image:
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(name) from None
    except Exception:
        # Truncated data, a bad checksum, a broken header: Pillow raises many kinds.
        raise _unreadable(name, content_type) from None


def _too_many_pixels(name: str) -> ValidationError:
    return ValidationError(
        _("« %(name)s » est une image trop grande : la limite est de %(max)s millions de pixels.")
        % {"name": name, "max": formats.number_format(MAX_IMAGE_PIXELS // 1_000_000, use_l10n=True)},
        code="too_many_pixels",
    )


def _check_office(name: str, content_type: str, handle: BinaryIO) -> None:
    label = FORMATS[content_type][0]
    try:
        with zipfile.ZipFile(handle) as archive:
            package = _package(archive)
            if package is None or package.content_type != content_type:
                raise _unreadable(name, content_type)
            if package.macros:
                raise ValidationError(
                    _(
                        "« %(name)s » contient des macros, qui ne sont pas acceptées : enregistrez-le "
                        "au format %(format)s sans macros."
                    )
                    % {"name": name, "format": label},
                    code="macros",
                )
            members = archive.infolist()
            if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
                raise ValidationError(
                    _(
                        "« %(name)s » se décompresse en plus de %(max)s Mo : ce n'est pas un "
                        "fichier %(format)s courant."
                    )
                    % {"name": name, "max": _megabytes(MAX_UNCOMPRESSED_BYTES), "format": label},
                    code="too_large_uncompressed",
                )
            if any(member.flag_bits & 0x1 for member in members) or archive.testzip() is not None:
                raise _unreadable(name, content_type)
            if _parse_xml(archive.read(package.main_part)).tag not in _MAIN_ELEMENTS[content_type]:
                raise _unreadable(name, content_type)
        if content_type == XLSX:
            handle.seek(0)
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            sheets = workbook.sheetnames
            workbook.close()
            if not sheets:
                raise _unreadable(name, content_type)
    except ValidationError:
        raise
    except Exception:
        # zipfile, the XML parser and openpyxl each raise their own kinds on a damaged file.
        raise _unreadable(name, content_type) from None
