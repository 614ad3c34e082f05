"""A real S3 endpoint for the tests: moto's server on a free loopback port, spoken to over HTTP.

``bucket`` sets the environment as a deployment would (``AWS_STORAGE_BUCKET_NAME``,
``AWS_S3_ENDPOINT_URL``, credentials), builds ``STORAGES`` from it with the settings' own
function, and points ``VAR_DIR`` and ``MEDIA_ROOT`` at an empty folder, so that a file
found later can only have come from the bucket. Import both fixtures into a test module.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from agirtot.settings.storage import storages_from_environment

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "agirtot-test", "aws_secret_access_key": "agirtot-test-secret"}


@pytest.fixture(scope="session")
def s3_endpoint():
    """The address of a moto S3 server running in this process for the whole test run."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@dataclass
class Bucket:
    """The test's bucket, read directly (not through the site) to check what was stored."""

    name: str
    client: object
    var_dir: Path

    def keys(self, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix)
        return sorted(entry["Key"] for page in pages for entry in page.get("Contents", ()))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def sha256(self, key: str) -> str:
        return hashlib.sha256(self.read(key)).hexdigest()

    def files_on_disk(self) -> list[Path]:
        return sorted(p for p in self.var_dir.rglob("*") if p.is_file()) if self.var_dir.exists() else []


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch, tmp_path) -> Bucket:
    """A new, empty, private bucket that every storage alias of the site points to."""
    name = f"agirtot-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **CREDENTIALS)
    client.create_bucket(Bucket=name)
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", name)
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("AWS_S3_REGION_NAME", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", CREDENTIALS["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", CREDENTIALS["aws_secret_access_key"])
    var_dir = tmp_path / "var-serveur-a"
    settings.VAR_DIR = var_dir
    settings.MEDIA_ROOT = var_dir / "media"
    settings.STORAGES = storages_from_environment()
    return Bucket(name, client, var_dir)
