"""Static files as production serves them: hashed names, compressed, cached for a year.

Run in a real browser against the local stack (`make stack`: production settings, files
collected by WhiteNoise's CompressedManifestStaticFilesStorage), so that every asset a
page loads, by HTML or by script, is seen. Like core/tests/test_stack.py, it needs a stack
(``var/stack/ready``), and in CI (``AGIRTOT_STACK_REQUIRED=1``) a missing one is a failure.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings

STACK = Path(settings.BASE_DIR) / "var" / "stack"

pytestmark = pytest.mark.stack

if not (STACK / "ready").exists():
    if os.environ.get("AGIRTOT_STACK_REQUIRED") == "1":
        raise RuntimeError("La pile locale n'est pas démarrée (make stack, STACK_DETACH=1).")
    pytest.skip("no local stack running (STACK_DETACH=1 make stack)", allow_module_level=True)

PROXY = (STACK / "proxy").read_text().strip()
# ManifestStaticFilesStorage adds twelve hexadecimal digits of the content's MD5.
HASHED = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")
YEAR = 365 * 24 * 60 * 60
PAGES = ["/", "/partenaires/", "/plans/", "/bibliotheque/", "/recherche/?q=famille", "/portraits/"]


def test_every_asset_a_page_loads_has_a_hashed_name_and_is_cached_for_a_year(browser_thread):
    context = browser_thread.browser.new_context(base_url=PROXY, locale="fr-CA")
    seen: dict[str, dict] = {}

    def on_response(response):
        path = urlparse(response.url).path
        if path.startswith(settings.STATIC_URL):
            seen[path] = {"status": response.status, **response.headers}

    try:
        tab = context.new_page()
        tab.on("response", on_response)
        for url in [*PAGES, "/comptes/login/"]:
            tab.goto(url)
            tab.wait_for_load_state("networkidle")
        tab.close()
    finally:
        context.close()

    assert seen, "no static file was loaded"
    unhashed = [path for path in seen if not HASHED.search(path)]
    assert unhashed == [], f"assets loaded under a name without its hash: {unhashed}"
    for path, headers in seen.items():
        assert headers["status"] == 200, path
        age = re.search(r"max-age=(\d+)", headers.get("cache-control", ""))
        assert age and int(age.group(1)) >= YEAR, f"{path}: {headers.get('cache-control')}"
        if path.endswith((".css", ".js")):
            assert headers.get("content-encoding") in ("gzip", "br"), f"{path} is not compressed"
