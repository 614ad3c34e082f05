"""Tiny real files of each accepted type, made in memory for the tests.

They must pass the whole-structure checks of library/uploads.py: use these rather than a
few magic bytes (``b"%PDF-1.4 ..."`` is not a PDF any more).
"""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def tiny_pdf(pages: int = 1) -> bytes:
    """A real PDF of blank pages (pypdf writes the same bytes every time)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=72, height=72)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = tiny_pdf()


def png(size: tuple[int, int] = (2, 2)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg(size: tuple[int, int] = (2, 2)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="JPEG")
    return buffer.getvalue()


def office_package(
    parts: dict[str, str | bytes], overrides: dict[str, str], defaults: dict[str, str] | None = None
) -> bytes:
    """A ZIP with a [Content_Types].xml declaring ``overrides`` (part name -> content type)."""
    defaults = {
        "rels": "application/vnd.openxmlformats-package.relationships+xml",
        "xml": "application/xml",
        **(defaults or {}),
    }
    declared = "".join(f'<Default Extension="{ext}" ContentType="{kind}"/>' for ext, kind in defaults.items())
    declared += "".join(
        f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in overrides.items()
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{declared}</Types>',
        )
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(
    document: str | None = None, main_type: str = WORD_MAIN, extra: dict[str, bytes] | None = None
) -> bytes:
    """A minimal Word document, made by hand: its package relationship and one paragraph."""
    if document is None:
        document = (
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD_NS}">'
            "<w:body><w:p><w:r><w:t>Bonjour</w:t></w:r></w:p></w:body></w:document>"
        )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    parts: dict[str, str | bytes] = {"_rels/.rels": relationships, "word/document.xml": document}
    parts.update(extra or {})
    return office_package(parts, {"word/document.xml": main_type})


def xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()
