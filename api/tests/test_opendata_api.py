"""GET /api/v1/open-data: the open data files and data dictionaries, as the page lists them."""

from __future__ import annotations

import hashlib

import pytest

from portraits import opendata

pytestmark = pytest.mark.django_db

API = "/api/v1/open-data"
KEYS = ["organisations", "partnerships", "plans", "actions", "library"]


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "opendata"


def test_before_any_export_every_dataset_is_listed_without_files(var_dir, client):
    response = client.get(API)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert [item["dataset"] for item in body["items"]] == KEYS
    for item in body["items"]:
        assert item["rows"] is None
        assert item["generated_at"] is None
        assert item["files"] == []
        assert item["dictionary"]
    assert body["items"][0]["title"] == "Partenaires"


def test_after_an_export_rows_files_and_checksums(var_dir, client, plans, library):
    opendata.export()
    body = client.get(API).json()
    by_key = {item["dataset"]: item for item in body["items"]}
    assert by_key["organisations"]["rows"] == 4
    assert by_key["partnerships"]["rows"] == 2
    assert by_key["plans"]["rows"] == 1
    assert by_key["actions"]["rows"] == 2
    assert by_key["library"]["rows"] == 5
    files = by_key["plans"]["files"]
    assert [f["format"] for f in files] == ["csv", "xlsx", "json"]
    for f in files:
        assert f["url"] == f"/donnees-ouvertes/{f['filename']}"
        content = (var_dir / f["filename"]).read_bytes()
        assert f["size"] == len(content)
        assert f["sha256"] == hashlib.sha256(content).hexdigest()
        download = client.get(f["url"])
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == content
    region_codes = next(f for f in by_key["organisations"]["dictionary"] if f["name"] == "region_codes")
    assert region_codes == {
        "name": "region_codes",
        "type": "codes",
        "description": "Codes officiels des régions administratives où l'organisation agit.",
        "example": "01 | 03",
    }
    assert by_key["library"]["generated_at"].startswith(opendata.read_manifest()["generated_at"][:16])


def test_english_titles_and_descriptions(var_dir, client):
    body = client.get(API, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["items"][0]["title"] == "Partner organisations"
    assert body["items"][0]["dictionary"][0]["description"] == "Record number on the platform."


def test_limit_and_offset(var_dir, client):
    body = client.get(API, {"limit": 2, "offset": 3}).json()
    assert body["count"] == 5
    assert [item["dataset"] for item in body["items"]] == ["actions", "library"]


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": "beaucoup"}, {"offset": -1}])
def test_bad_parameters_are_a_french_400(var_dir, client, query):
    response = client.get(API, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_costs_no_query(var_dir, client, django_assert_max_num_queries):
    opendata.export()
    with django_assert_max_num_queries(0):
        assert client.get(API).status_code == 200
