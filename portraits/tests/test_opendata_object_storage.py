"""Open data in an S3 bucket (moto's server over HTTP): the export writes every file to the
bucket, and any server — even one whose var/ is empty — lists and serves the same bytes,
whose SHA-256 the manifest gives; a failed export leaves the bucket's files as they were."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.tests import object_storage
from partners.models import Organisation
from portraits import opendata

pytestmark = pytest.mark.django_db

# The moto server and the bucket (core/tests/object_storage.py), as this module's fixtures.
s3_endpoint = object_storage.s3_endpoint
bucket = object_storage.bucket

EXPECTED = sorted(
    [
        f"opendata/{stem}.{fmt}"
        for stem in ("organisations", "regroupements", "plans", "actions", "bibliotheque", "dictionnaire")
        for fmt in ("csv", "xlsx", "json")
    ]
    + ["opendata/manifest.json"]
)


def _files(manifest: dict) -> list[dict]:
    entries = [*manifest["datasets"].values(), manifest["dictionary"]]
    return [f for entry in entries for f in entry["files"]]


def test_the_export_goes_to_the_bucket_and_every_server_serves_the_same_bytes(
    network, plans, library, bucket, client, settings, tmp_path
):
    out = StringIO()
    call_command("export_open_data", stdout=out)
    assert "Données ouvertes exportées" in out.getvalue()

    assert bucket.keys("opendata/") == EXPECTED
    assert bucket.files_on_disk() == []
    manifest = json.loads(bucket.read("opendata/manifest.json"))
    assert opendata.is_complete(manifest)

    # A second server: nothing of its own on disk, the same bucket.
    settings.VAR_DIR = tmp_path / "var-serveur-b"
    page = client.get(reverse("portraits:opendata")).content.decode()
    for f in _files(manifest):
        key = f"opendata/{f['filename']}"
        assert bucket.sha256(key) == f["sha256"]
        assert f'href="/donnees-ouvertes/{f["filename"]}"' in page
        response = client.get(reverse("portraits:opendata_file", args=[f["filename"]]))
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{f["filename"]}"'
        assert response["X-Content-Type-Options"] == "nosniff"
        served = b"".join(response.streaming_content)
        assert len(served) == f["size"]
        assert hashlib.sha256(served).hexdigest() == f["sha256"]
    assert not (tmp_path / "var-serveur-b").exists()
    # A key of the bucket that the manifest does not list is not served.
    bucket.client.put_object(Bucket=bucket.name, Key="opendata/secret.txt", Body=b"pas pour vous")
    response = client.get(reverse("portraits:opendata_file", args=["secret.txt"]))
    assert response.status_code == 404
    assert "pas pour vous" not in response.content.decode()


def test_a_failed_export_leaves_the_bucket_s_files_as_they_were(network, plans, library, bucket, monkeypatch):
    opendata.export()
    before = {key: bucket.read(key) for key in bucket.keys("opendata/")}
    # The organisations' files would change, and are written before the failure.
    Organisation.objects.filter(pk=network.cpe.pk).update(name="CPE renommé")
    actions = opendata.DATASETS["actions"]

    def failing(queryset):
        yield from actions.batches(queryset)
        raise RuntimeError("base de données perdue")

    monkeypatch.setitem(opendata.DATASETS, "actions", dataclasses.replace(actions, batches=failing))
    with pytest.raises(RuntimeError, match="base de données perdue"):
        opendata.export()

    assert {key: bucket.read(key) for key in bucket.keys("opendata/")} == before


def test_one_dataset_rebuilt_keeps_the_others_listed(network, plans, library, bucket):
    opendata.export()
    first = json.loads(bucket.read("opendata/manifest.json"))
    opendata.export(["library"])
    manifest = json.loads(bucket.read("opendata/manifest.json"))
    assert manifest["datasets"]["organisations"] == first["datasets"]["organisations"]
    assert set(manifest["datasets"]) == set(opendata.DATASETS)
    assert opendata.is_complete()
