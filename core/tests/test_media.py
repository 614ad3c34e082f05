"""Stored files under /media/: the same view in development (DEBUG) and in production, so
that a document never comes back inline nor skips its privacy by the media address."""

from __future__ import annotations

import importlib

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import clear_url_caches
from wagtail.documents import get_document_model

from library.actions.submission import submissions_collection
from library.tests.sample_files import png

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 un guide"


def _reload_urls() -> None:
    importlib.reload(importlib.import_module(django_settings.ROOT_URLCONF))
    clear_url_caches()


@pytest.fixture(params=[True, False], ids=["developpement", "production"])
def site(request, settings, tmp_path):
    """The URL configuration as loaded under DEBUG=True (runserver) or DEBUG=False."""
    original = django_settings.DEBUG
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = request.param
    _reload_urls()
    yield request.param
    with override_settings(DEBUG=original):
        _reload_urls()


def _document(**extra):
    return get_document_model().objects.create(
        title="Guide", file=ContentFile(CONTENT, name="guide.pdf"), **extra
    )


def _media(document) -> str:
    return f"{django_settings.MEDIA_URL}{document.file.name}"


def test_a_document_is_a_download_by_its_media_address(client, site):
    response = client.get(_media(_document()))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == CONTENT


def test_a_submitted_document_stays_private_by_its_media_address(client, network, site):
    document = _document(collection=submissions_collection(), uploaded_by_user=network.member)
    address = _media(document)
    assert client.get(address).status_code == 404
    client.force_login(network.other_coordinator)
    assert client.get(address).status_code == 404
    client.force_login(network.member)
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_images_stay_inline(client, site):
    name = default_storage.save("logos/cpe.png", ContentFile(png()))
    response = client.get(f"{django_settings.MEDIA_URL}{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("televersements/page.html", b"<script>alert(1)</script>"),
        ("documents/orphelin.pdf", CONTENT),
        ("documents/orphelin.png", png()),
        ("logos/image.svg", b"<svg onload='alert(1)'/>"),
    ],
    ids=["page_html", "pdf_sans_document", "image_sans_document", "svg"],
)
def test_other_files_are_not_served(client, site, name, content):
    stored = default_storage.save(name, ContentFile(content))
    response = client.get(f"{django_settings.MEDIA_URL}{stored}")
    assert response.status_code == 404
    assert b"alert(1)" not in response.content


def test_nothing_outside_the_media_folder(client, site, tmp_path):
    (tmp_path / "secret.png").write_bytes(png())
    for address in ("/media/../secret.png", "/media/%2E%2E/secret.png", "/media/logos/..%5C..%5Csecret.png"):
        assert client.get(address).status_code == 404
