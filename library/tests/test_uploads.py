"""Files are accepted by their content, not their name."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from library import uploads
from library.tests.sample_files import PDF, docx, png, xlsx


def office(main_type: str, part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", f'<Types><Override ContentType="{main_type}"/></Types>')
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("guide.pdf", PDF, uploads.PDF),
        ("Gabarit.DOCX", docx(), uploads.DOCX),
        ("tableau.xlsx", xlsx(), uploads.XLSX),
        ("affiche.png", png(), uploads.PNG),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", uploads.JPEG),
        ("photo.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", uploads.JPEG),
    ],
)
def test_accepted_files_give_their_content_type(name, content, expected):
    assert uploads.check_upload(name, content) == expected
    upload = SimpleUploadedFile(name, content)
    assert uploads.check_upload(name, upload) == expected
    assert upload.tell() == 0  # left ready to be saved


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "rapport.pdf",
            b"<!DOCTYPE html><script>alert(1)</script>",
            "« rapport.pdf » n'est pas d'un type accepté : PDF, Word (DOCX), Excel (XLSX), "
            "image PNG ou JPEG.",
        ),
        (
            "archive.docx",
            office("application/zip", "word/document.xml"),
            "« archive.docx » n'est pas d'un type accepté",
        ),
        (
            "macros.docx",
            office("application/vnd.ms-word.document.macroEnabled.main+xml", "word/document.xml"),
            "« macros.docx » n'est pas d'un type accepté",
        ),
        ("casse.xlsx", b"PK\x03\x04 not really a zip", "« casse.xlsx » n'est pas d'un type accepté"),
        (
            "affiche.pdf",
            png(),
            "« affiche.pdf » est un fichier PNG : son nom doit se terminer par « .png ».",
        ),
        ("guide", PDF, "« guide » est un fichier PDF : son nom doit se terminer par « .pdf »."),
        ("vide.pdf", b"", "« vide.pdf » est vide."),
    ],
)
def test_refused_files_get_a_french_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(name, content)
    assert message in error.value.messages[0]


def test_size_limit(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        uploads.check_upload("gros.pdf", SimpleUploadedFile("gros.pdf", PDF + b" " * (1024 * 1024)))
    assert error.value.messages == ["« gros.pdf » pèse 1,1 Mo ; la limite est de 1 Mo."]
    assert error.value.code == "too_large"
