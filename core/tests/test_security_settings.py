"""Security by default: the Content Security Policy and the production settings."""

import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


class ScriptFinder(HTMLParser):
    """Collects inline scripts and inline event handlers (`onclick=`, `hx-on:…=`)."""

    def __init__(self):
        super().__init__()
        self.inline = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, _value in attrs:
            if name.startswith("on") or name.startswith("hx-on"):
                self.inline.append(f"<{tag} {name}=…>")
        # JSON data blocks are never executed; every other script must come from a file.
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/json":
            self._in_inline_script = True

    def handle_endtag(self, tag):
        if tag == "script" and self._in_inline_script:
            self._in_inline_script = False
            self.inline.append("<script>…</script>")


def inline_scripts(html):
    finder = ScriptFinder()
    finder.feed(html)
    return finder.inline


def directives(response):
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_pages_send_a_strict_policy_and_hold_no_inline_script(client, plans):
    pages = [
        "/",
        "/partenaires/",
        "/plans/",
        plans.plan.get_absolute_url(),
        "/comptes/login/",
        "/api/v1/docs",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["default-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["form-action"] == ["'self'"] and policy["base-uri"] == ["'self'"]
        assert "'unsafe-inline'" not in " ".join(policy["style-src"])
        html = response.content.decode()
        assert inline_scripts(html) == [], url
        assert not re.search(r'\sstyle="', html), url


def test_editing_pages_hold_no_inline_script(client, plans, network):
    client.force_login(network.coordinator)
    response = client.get(f"/plans/{plans.plan.pk}/actions/nouvelle/")
    assert response.status_code == 200
    assert inline_scripts(response.content.decode()) == []


def test_the_finder_sees_inline_scripts_and_handlers():
    html = (
        '<script>alert(1)</script><a onclick="x()"><input hx-on:keydown="y()"><script src="/a.js"></script>'
    )
    assert len(inline_scripts(html)) == 3


def test_admin_pages_are_outside_the_strict_policy():
    # Wagtail's admin widgets and panels ship inline scripts; only signed-in staff reach them.
    prefixes = settings.CONTENT_SECURITY_POLICY["EXCLUDE_URL_PREFIXES"]
    assert set(prefixes) == {"/admin/", "/django-admin/"}


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "agirtot.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "agirtot.example",
        "AGIRTOT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'agirtot.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
