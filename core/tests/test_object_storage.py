"""Files in an S3 bucket: with AWS_STORAGE_BUCKET_NAME set, media, backups (and open data,
see portraits/tests/test_opendata_object_storage.py) go to the bucket over real HTTP (moto's
server), come back through the site with the same bytes and safe headers, stay private,
and a backup taken on one server restores on another whose disk holds nothing."""

from __future__ import annotations

import importlib
import io
import json
import sys
import tarfile
import urllib.error
import urllib.request
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from storages.backends.s3 import S3Storage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from core import backup
from core.storage import VarFolderStorage
from core.storage_s3 import MediaS3Storage
from core.tests import object_storage
from library.models.items import ToolPage
from library.tests.sample_files import PDF, png
from partners.models import Organisation

SUBMIT = "/bibliotheque/proposer/"
# The moto server and the bucket (core/tests/object_storage.py), as this module's fixtures.
s3_endpoint = object_storage.s3_endpoint
bucket = object_storage.bucket


def download(response) -> bytes:
    return b"".join(response.streaming_content)


# Settings ------------------------------------------------------------------------------------


@pytest.fixture
def environment(monkeypatch):
    """``STORAGES`` as the settings build it under a given environment."""
    from agirtot.settings.storage import storages_from_environment

    for name in ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_LOCATION", "AWS_S3_ADDRESSING_STYLE"):
        monkeypatch.delenv(name, raising=False)

    def build(**variables):
        for key, value in variables.items():
            monkeypatch.setenv(key, value)
        return storages_from_environment()

    return build


def test_without_a_bucket_every_file_stays_under_var(environment):
    built = environment()
    assert built["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    for alias in ("opendata", "backups", "imports"):
        assert built[alias] == {
            "BACKEND": "core.storage.VarFolderStorage",
            "OPTIONS": built[alias]["OPTIONS"] | {"folder": alias},
        }


def test_a_bucket_takes_every_kind_of_file_privately(environment, monkeypatch):
    built = environment(
        AWS_STORAGE_BUCKET_NAME="agirtot-prod", AWS_S3_ENDPOINT_URL="https://s3.ca-central.example"
    )
    assert built["default"]["BACKEND"] == "core.storage_s3.MediaS3Storage"
    assert built["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    for alias, prefix in [("default", "media"), ("opendata", "opendata"), ("backups", "backups")]:
        options = built[alias]["OPTIONS"]
        assert options["bucket_name"] == "agirtot-prod"
        assert options["location"] == prefix
        assert options["endpoint_url"] == "https://s3.ca-central.example"
        assert options["addressing_style"] == "path"
        # Nothing public: no ACL on objects, and any URL django-storages makes is signed.
        assert options["default_acl"] is None
        assert options["querystring_auth"] is True
    assert built["default"]["OPTIONS"]["file_overwrite"] is False
    assert built["opendata"]["OPTIONS"]["file_overwrite"] is True
    monkeypatch.delenv("AWS_S3_ENDPOINT_URL")
    shared = environment(AWS_STORAGE_BUCKET_NAME="agirtot-prod", AWS_LOCATION="/site-a/")
    assert shared["backups"]["OPTIONS"]["location"] == "site-a/backups"
    assert shared["default"]["OPTIONS"]["endpoint_url"] is None


def test_production_settings_take_a_bucket(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-key-that-is-long-enough-0123456789")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "agirtot-prod")
    sys.modules.pop("agirtot.settings.production", None)
    try:
        importlib.reload(importlib.import_module("agirtot.settings.base"))
        production = importlib.import_module("agirtot.settings.production")
        assert production.STORAGES["default"]["BACKEND"] == "core.storage_s3.MediaS3Storage"
        assert production.STORAGES["backups"]["OPTIONS"]["bucket_name"] == "agirtot-prod"
        assert "Manifest" in production.STORAGES["staticfiles"]["BACKEND"]
    finally:
        monkeypatch.undo()
        sys.modules.pop("agirtot.settings.production", None)
        importlib.reload(importlib.import_module("agirtot.settings.base"))


def test_a_local_folder_replaces_files_whole_and_follows_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "un"
    folder = VarFolderStorage("opendata")
    assert folder.save("a.csv", ContentFile(b"1")) == "a.csv"
    assert folder.save("a.csv", ContentFile(b"2")) == "a.csv"
    assert (tmp_path / "un" / "opendata" / "a.csv").read_bytes() == b"2"
    assert [p.name for p in (tmp_path / "un" / "opendata").iterdir()] == ["a.csv"]
    settings.VAR_DIR = tmp_path / "deux"
    assert not folder.exists("a.csv")
    with pytest.raises(NotImplementedError):
        folder.url("a.csv")


# Media ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_logo_goes_to_the_bucket_and_comes_back_inline_through_the_site(client, network, bucket):
    organisation = Organisation.objects.get(pk=network.cpe.pk)
    organisation.logo.save("cpe.png", ContentFile(png()), save=True)

    key = f"media/{organisation.logo.name}"
    assert bucket.keys("media/") == [key]
    assert bucket.read(key) == png()
    assert bucket.files_on_disk() == []
    # The page links the site's own address, never the bucket's.
    assert organisation.logo.url == f"/media/{organisation.logo.name}"
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert f'src="/media/{organisation.logo.name}"' in page
    assert bucket.name not in page

    response = client.get(organisation.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert download(response) == png()


@pytest.mark.django_db
def test_image_renditions_are_made_from_and_stored_in_the_bucket(client, bucket):
    image = get_image_model().objects.create(
        title="Affiche", file=ContentFile(png((40, 20)), name="affiche.png")
    )
    rendition = image.get_rendition("width-10")

    assert f"media/{image.file.name}" in bucket.keys()
    assert f"media/{rendition.file.name}" in bucket.keys()
    assert rendition.url == f"/media/{rendition.file.name}"
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert download(response) == bucket.read(f"media/{rendition.file.name}")
    assert bucket.files_on_disk() == []


@pytest.mark.django_db
def test_a_document_uploaded_through_the_page_stays_private_in_the_bucket(
    client, network, bucket, django_capture_on_commit_callbacks
):
    client.force_login(network.member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{SUBMIT}?type=outil",
            {
                "type": "outil",
                "language": "fr",
                "title": "Grille d'observation du jeu",
                "summary": "Une grille.",
                "organisations": [network.cpe.pk],
                "files": [SimpleUploadedFile("grille.pdf", PDF, content_type="application/pdf")],
            },
        )
    assert response.status_code == 302
    document = ToolPage.objects.get(owner=network.member).documents.get().document
    key = f"media/{document.file.name}"
    assert bucket.keys("media/") == [key]
    assert bucket.read(key) == PDF
    assert bucket.files_on_disk() == []

    # The bucket itself answers nobody without credentials, and nobody is granted more.
    endpoint = default_storage.endpoint_url
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{endpoint}/{bucket.name}/{key}")  # noqa: S310 - loopback test server
    assert refused.value.code == 403
    grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)

    # Before publication: its author and the knowledge editors only, by either address.
    media_address = f"/media/{document.file.name}"
    for address in (document.url, media_address):
        client.logout()
        assert client.get(address).status_code == 404
        client.force_login(network.other_coordinator)
        assert client.get(address).status_code == 404
        client.force_login(network.member)
        response = client.get(address)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert download(response) == PDF
        assert bucket.name not in response.get("Location", "")


@pytest.mark.django_db
def test_a_stored_page_in_the_bucket_is_never_served(client, bucket):
    document = get_document_model().objects.create(
        title="Ancienne page", file=ContentFile(b"<script>alert(1)</script>", name="ancienne.html")
    )
    assert f"media/{document.file.name}" in bucket.keys()
    name = default_storage.save("televersements/page.png.html", ContentFile(b"<script>alert(2)</script>"))
    for address in (document.url, f"/media/{document.file.name}", f"/media/{name}"):
        response = client.get(address)
        assert response.status_code == 404
        assert b"<script>" not in response.content


# Backups -------------------------------------------------------------------------------------


@pytest.fixture
def pg_tools():
    if connection.vendor == "postgresql" and not (
        backup.find_pg_tool("pg_dump") and backup.find_pg_tool("pg_restore")
    ):
        pytest.skip("pg_dump/pg_restore introuvables (ni dans le PATH ni dans /usr/lib/postgresql/*/bin)")


def run(name, *args, **options) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_in_the_bucket_restores_on_another_server(network, bucket, settings, tmp_path, pg_tools):
    organisation = Organisation.objects.get(pk=network.cpe.pk)
    organisation.logo.save("cpe.png", ContentFile(png()), save=True)
    logo = organisation.logo.name

    output = run("backup")
    [archive] = bucket.keys("backups/")
    name = archive.removeprefix("backups/")
    assert "Sauvegarde terminée" in output and f"restore {name}" in output
    assert f"s3://{bucket.name}/{archive}" in output
    assert bucket.files_on_disk() == []
    with tarfile.open(fileobj=io.BytesIO(bucket.read(archive))) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert tar.extractfile(f"media/{logo}").read() == png()
    assert manifest["media"] == [{"path": logo, "size": len(png())}]

    # Another server: its own empty var/, the same bucket. The data and files change after
    # the backup; restoring by the archive's name puts both back.
    other = tmp_path / "var-serveur-b"
    settings.VAR_DIR = other
    settings.MEDIA_ROOT = other / "media"
    Organisation.objects.filter(pk=network.cpe.pk).update(name="Nom modifié après la sauvegarde")
    default_storage.delete(logo)
    added = default_storage.save("logos/ajout.png", ContentFile(png((3, 3))))
    assert bucket.keys("media/") == [f"media/{added}"]

    with pytest.raises(CommandError, match=name):
        run("restore")  # without a name: the archives the bucket holds
    with pytest.raises(CommandError, match="--yes"):
        run("restore", name)
    output = run("restore", name, yes=True)

    assert "Restauration terminée : base de données et 1 fichier(s) média" in output
    assert Organisation.objects.get(pk=network.cpe.pk).name == "CPE Les Petits Pas"
    assert bucket.keys("media/") == [f"media/{logo}"]
    assert bucket.read(f"media/{logo}") == png()
    assert not [p for p in other.rglob("*") if p.is_file()]


def test_restore_by_a_name_the_bucket_does_not_hold(bucket):
    with pytest.raises(CommandError, match="introuvable"):
        run("restore", "agirtot-20000101-000000.tar.gz", yes=True)
    assert isinstance(storages["backups"], S3Storage)
    assert isinstance(storages["default"], MediaS3Storage)


# SQLite's backup API cannot copy a database from inside the test's open transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_a_bucket_archives_are_kept_under_var_and_restore_finds_them_by_name(
    settings, tmp_path, pg_tools
):
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    default_storage.save("logos/cpe.png", ContentFile(png()))

    output = run("backup")

    [archive] = (tmp_path / "var" / "backups").glob("agirtot-*.tar.gz")
    assert f"Sauvegarde terminée : {archive}" in output
    assert backup.stored_archives() == [archive.name]
    with tarfile.open(archive) as tar:
        assert tar.extractfile("media/logos/cpe.png").read() == png()
    with pytest.raises(CommandError, match=archive.name):
        run("restore")
    # Found by its name alone; without --yes nothing is replaced.
    with pytest.raises(CommandError, match="--yes"):
        run("restore", archive.name)
    with pytest.raises(CommandError, match="introuvable"):
        run("restore", "agirtot-20000101-000000.tar.gz", yes=True)
