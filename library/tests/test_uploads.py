"""Files are accepted by their content, not their name, and only when their whole
structure holds (a file that merely starts like a PDF is refused)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from library import uploads
from library.tests.sample_files import PDF, docx, jpeg, office_package, png, tiny_pdf, xlsx


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
        ("photo.jpg", jpeg(), uploads.JPEG),
        ("photo.jpeg", jpeg((40, 30)), uploads.JPEG),
        ("rapport.pdf", tiny_pdf(pages=3), uploads.PDF),
        ("sans-mot-de-passe.pdf", None, uploads.PDF),
    ],
)
def test_accepted_files_give_their_content_type(name, content, expected):
    if content is None:
        # Encrypted, but with an empty password for reading (only printing is limited).
        content = _encrypted_pdf(user_password="")
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


# Whole structure ---------------------------------------------------------------------------


def _encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer.encrypt(user_password, owner_password="proprietaire")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _noise_png() -> bytes:
    """A PNG whose pixel data is large enough to be cut in the middle."""
    buffer = io.BytesIO()
    Image.frombytes("L", (64, 64), bytes((i * 7919) % 251 for i in range(64 * 64))).save(buffer, format="PNG")
    return buffer.getvalue()


def _broken_xlsx() -> bytes:
    """An XLSX whose workbook part is not XML any more."""
    source = zipfile.ZipFile(io.BytesIO(xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            data = b"<workbook" if info.filename == "xl/workbook.xml" else source.read(info)
            archive.writestr(info, data)
    return buffer.getvalue()


def _zip(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


UNREADABLE = "« {name} » n'est pas un fichier {format} lisible : il est endommagé ou incomplet."
ENTITIES = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&b;</w:document>'
)
NOT_OFFICE = "n'est pas d'un type accepté : PDF, Word (DOCX), Excel (XLSX), image PNG ou JPEG."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # Starts like a PDF, goes on as a web page.
        (
            "rapport.pdf",
            b"%PDF-1.4\n<!DOCTYPE html><html><script>alert(1)</script></html>\n%%EOF\n",
            UNREADABLE.format(name="rapport.pdf", format="PDF"),
        ),
        (
            "rapport.pdf",
            b"%PDF-1.7\n<html>" + b" " * 2000,
            UNREADABLE.format(name="rapport.pdf", format="PDF"),
        ),
        # A trailer without any cross-reference table nor page.
        (
            "faux.pdf",
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
            UNREADABLE.format(name="faux.pdf", format="PDF"),
        ),
        ("coupe.pdf", PDF[: len(PDF) // 2], UNREADABLE.format(name="coupe.pdf", format="PDF")),
        ("vide.pdf", tiny_pdf(pages=0), "« vide.pdf » est un PDF sans aucune page."),
        (
            "secret.pdf",
            _encrypted_pdf(user_password="secret"),
            "« secret.pdf » est un PDF protégé par un mot de passe : déposez-en une copie "
            "qui s'ouvre sans mot de passe.",
        ),
        ("coupee.png", _noise_png()[:-200], UNREADABLE.format(name="coupee.png", format="PNG")),
        ("entete.png", png()[:24], UNREADABLE.format(name="entete.png", format="PNG")),
        ("photo.jpg", jpeg((64, 64))[:300], UNREADABLE.format(name="photo.jpg", format="JPEG")),
        (
            "photo.jpg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
            UNREADABLE.format(name="photo.jpg", format="JPEG"),
        ),
        # A ZIP that is not an Office package, then Office packages that do not hold.
        ("notes.docx", _zip(notes__texte_txt="Bonjour"), f"« notes.docx » {NOT_OFFICE}"),
        (
            "gabarit.docx",
            _zip(**{"[Content_Types].xml": "<Types/>", "word__document.xml": "<w:document/>"}),
            f"« gabarit.docx » {NOT_OFFICE}",
        ),
        ("casse.docx", docx("<w:document"), UNREADABLE.format(name="casse.docx", format="Word (DOCX)")),
        (
            "page.docx",
            docx("<html><body/></html>"),
            UNREADABLE.format(name="page.docx", format="Word (DOCX)"),
        ),
        ("entites.docx", docx(ENTITIES), UNREADABLE.format(name="entites.docx", format="Word (DOCX)")),
        ("casse.xlsx", _broken_xlsx(), UNREADABLE.format(name="casse.xlsx", format="Excel (XLSX)")),
        (
            "macros.docx",
            docx(main_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
            "« macros.docx » contient des macros, qui ne sont pas acceptées : enregistrez-le au format "
            "Word (DOCX) sans macros.",
        ),
        (
            "projet.docx",
            docx(extra={"word/vbaProject.bin": b"\x00" * 16}),
            "« projet.docx » contient des macros",
        ),
    ],
)
def test_a_file_whose_structure_does_not_hold_is_refused(name, content, message):
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(name, content)
    assert message in error.value.messages[0]
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError):
        uploads.check_upload(name, upload)
    assert upload.tell() == 0


@pytest.mark.parametrize(
    "workbook",
    [
        "<x/>",
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
    ],
)
def test_a_declared_workbook_that_is_not_one_is_unreadable(workbook):
    content = office_package(
        {"xl/workbook.xml": workbook},
        {"xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"},
    )
    # An Excel file by its declaration, but not one inside: unreadable, not of an unknown type.
    with pytest.raises(ValidationError) as error:
        uploads.check_upload("classeur.xlsx", content)
    assert error.value.code == "unreadable"


def test_pixel_limit(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 2_000_000)
    assert uploads.check_upload("petite.png", png((1414, 1414))) == uploads.PNG
    with pytest.raises(ValidationError) as error:
        uploads.check_upload("grande.png", png((1415, 1415)))
    assert error.value.code == "too_many_pixels"
    assert error.value.messages == [
        "« grande.png » est une image trop grande : la limite est de 2 millions de pixels."
    ]


def test_decompressed_size_limit(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    bomb = docx(extra={"word/media/vide.bin": b"\x00" * (1024 * 1024)})
    assert len(bomb) < 10_000
    with pytest.raises(ValidationError) as error:
        uploads.check_upload("bombe.docx", bomb)
    assert error.value.code == "too_large_uncompressed"


@pytest.mark.django_db
def test_a_refused_file_writes_nothing(network, settings, tmp_path):
    from wagtail.documents import get_document_model

    from library.actions import submission
    from library.models import LibraryItem

    settings.MEDIA_ROOT = tmp_path / "media"
    disguised = SimpleUploadedFile("grille.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n")
    data = {
        "kind": "outil",
        "language": "fr",
        "title": "Grille d'animation",
        "summary": "Une grille.",
        "body": "<p>La grille.</p>",
        "organisations": [network.cpe],
        "partnerships": [],
        "source_actions": [],
    }
    with pytest.raises(ValidationError) as error:
        submission.submit_item(network.member, data, [disguised, SimpleUploadedFile("annexe.pdf", PDF)])
    assert error.value.message_dict["files"] == [UNREADABLE.format(name="grille.pdf", format="PDF")]
    assert not get_document_model().objects.exists()
    assert not LibraryItem.objects.filter(owner=network.member).exists()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.*"))
