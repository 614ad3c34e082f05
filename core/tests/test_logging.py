"""Structured logs: one JSON line per request, the expected fields, and no secret in clear."""

import io
import json
import logging
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from accounts import actions as account_actions
from core.logs import REDACTED, JsonFormatter

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-test-123"  # the conftest's make_user password
REQUEST_FIELDS = {
    "time",
    "level",
    "logger",
    "message",
    "method",
    "path",
    "status",
    "duration_ms",
    "user_id",
    "client_ip",
}


@pytest.fixture
def request_lines():
    """What the request logger writes, formatted as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("core.requests")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_request_writes_one_json_line_with_its_fields(client, network, request_lines):
    response = client.get("/api/v1/regions")
    assert response.status_code == 200
    (line,) = request_lines()
    assert set(line) == REQUEST_FIELDS
    assert line["logger"] == "core.requests"
    assert line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/api/v1/regions", 200)
    assert line["message"] == "GET /api/v1/regions 200"
    assert line["user_id"] is None
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["time"].endswith("+00:00")


def test_the_line_names_the_client_seen_through_the_trusted_proxies(client, network, request_lines, settings):
    # Directly, the header is the visitor's own word: the line keeps the connection's address.
    client.get("/api/v1/regions", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.99")
    # Behind one proxy, the entry that proxy appended names the visitor.
    settings.TRUSTED_PROXY_COUNT = 1
    client.get("/api/v1/regions", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.8")
    direct, proxied = request_lines()
    assert direct["client_ip"] == "198.51.100.7"
    assert proxied["client_ip"] == "198.51.100.8"


def test_refusals_are_warnings_and_the_query_string_is_left_out(client, network, request_lines):
    client.get("/api/v1/partners/123456", {"courriel": "marie@exemple.qc.ca"})
    (line,) = request_lines()
    assert (line["level"], line["status"], line["path"]) == ("WARNING", 404, "/api/v1/partners/123456")
    assert "exemple.qc.ca" not in json.dumps(line)


def test_the_bearer_token_never_appears_and_its_owner_is_named(client, network, request_lines):
    _token, key = account_actions.create_token(network.coordinator, "Tableau de bord")
    response = client.get("/api/v1/plans", headers={"authorization": f"Bearer {key}"})
    assert response.status_code == 200
    (line,) = request_lines()
    assert line["user_id"] == network.coordinator.pk
    assert key not in json.dumps(line)


def test_a_login_logs_neither_the_password_nor_the_email(client, network, request_lines):
    response = client.post(reverse("account_login"), {"login": network.member.email, "password": PASSWORD})
    assert response.status_code == 302
    (line,) = request_lines()
    assert line["method"] == "POST" and line["status"] == 302
    # The person is signed in by this very request: the line names them by id only.
    assert line["user_id"] == network.member.pk
    written = json.dumps(line)
    assert PASSWORD not in written
    assert network.member.email not in written


def test_reset_keys_are_masked_in_the_logged_path(client, network, request_lines):
    client.get("/comptes/password/reset/key/4-c1fa2b7d9e3f0a55/")
    (line,) = request_lines()
    assert "c1fa2b7d9e3f0a55" not in json.dumps(line)
    assert line["path"] == f"/comptes/password/reset/key/{REDACTED}-{REDACTED}/"


def test_static_files_are_not_logged(client, request_lines):
    response = client.get(f"{settings.STATIC_URL}core/css/site.css")
    assert response.status_code == 200
    assert request_lines() == []


def test_the_formatter_masks_secrets_whatever_the_logger(rf):
    """Other libraries' records go through the same formatter in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.core.logging")
    logger.addHandler(handler)
    logger.propagate = False
    request = rf.get("/recherche/", {"q": "éveil", "email": "luc@exemple.qc.ca"})
    try:
        logger.warning(
            "Échec de connexion pour %s (Authorization: Bearer wagtail_Zx81kQ0pLmN3vB7c) password=hunter22",
            "luc@exemple.qc.ca",
            extra={
                "request": request,
                "status_code": 403,
                "password": "hunter22",
                "headers": {"Authorization": "Bearer abc", "Accept": "text/html"},
            },
        )
    finally:
        logger.removeHandler(handler)
    line = json.loads(stream.getvalue())
    written = stream.getvalue()
    for secret in ("luc@exemple.qc.ca", "hunter22", "wagtail_Zx81kQ0pLmN3vB7c", "Bearer abc"):
        assert secret not in written
    assert list(line)[:4] == ["time", "level", "logger", "message"]
    # Django's request object is reduced to its method and path (no query string).
    assert (line["method"], line["path"], line["status"]) == ("GET", "/recherche/", 403)
    assert "request" not in line
    assert line["password"] == REDACTED
    assert line["headers"] == {"Authorization": REDACTED, "Accept": "text/html"}
    assert line["message"].startswith("Échec de connexion pour [redacted]")


def test_production_writes_json_lines_on_stdout(tmp_path):
    """The production settings as they are: every line printed is one JSON object."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "agirtot.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "AGIRTOT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'agirtot.sqlite3'}",
    }
    script = (
        "import django, logging\n"
        "django.setup()\n"
        "from django.test import Client\n"
        "Client().get('/sante/', headers={'authorization': 'Bearer wagtail_Zx81kQ0pLmN3vB7c'})\n"
        "logging.getLogger('agirtot').info('Prêt pour %s', 'ana@exemple.qc.ca')\n"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    (request,) = [line for line in lines if line["logger"] == "core.requests"]
    assert set(request) == REQUEST_FIELDS
    assert (request["path"], request["status"]) == ("/sante/", 200)
    (ready,) = [line for line in lines if line["logger"] == "agirtot"]
    assert ready["message"] == f"Prêt pour {REDACTED}"
    assert "wagtail_Zx81kQ0pLmN3vB7c" not in result.stdout
