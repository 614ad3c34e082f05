from unittest import mock

import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_health_reports_the_database(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_health_is_503_when_the_database_fails(client):
    with mock.patch("core.health.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["status"] == "erreur"
