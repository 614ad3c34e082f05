"""A real browser for the end-to-end tests: Debian's Chromium driven by Playwright.

Playwright never downloads a browser here: it launches the system's Chromium (the
`chromium` Debian package, which .ci/run installs). Without it the browser tests fail,
so that CI cannot pass while silently skipping them; a developer without a browser sets
AGIRTOT_SKIP_BROWSER_TESTS=1 to skip them on purpose (see the README).
"""

import os
import shutil
from pathlib import Path

import pytest

from . import driver
from .helpers import AXE_PATH

SKIP_VARIABLE = "AGIRTOT_SKIP_BROWSER_TESTS"
BROWSER_CANDIDATES = ("chromium", "chromium-browser")
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    for name in BROWSER_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser_thread():
    """One Chromium for the whole session, driven from its own thread (see driver.py)."""
    if os.environ.get(SKIP_VARIABLE) == "1":
        pytest.skip(f"Tests dans le navigateur désactivés ({SKIP_VARIABLE}=1).")
    executable = chromium_path()
    if executable is None:
        pytest.fail(
            "Chromium est introuvable : installez le paquet Debian « chromium » "
            "(apt-get install chromium), indiquez son chemin dans CHROMIUM, "
            f"ou désactivez ces tests avec {SKIP_VARIABLE}=1.",
            pytrace=False,
        )
    # Chromium's sandbox needs user namespaces, which containers and CI often lack.
    thread = driver.BrowserThread(executable, ["--no-sandbox", "--disable-dev-shm-usage"])
    yield thread
    thread.stop()


@pytest.fixture
def expect(browser_thread):
    """Playwright's retrying assertions: expect(locator).to_have_text(…)."""
    return lambda target, message=None: driver.expect(browser_thread, target, message)


@pytest.fixture
def browser_context(browser_thread, live_server):
    """A fresh profile (no cookies), in French like a Québec visitor, with the site's CSP enforced."""
    context = browser_thread.browser.new_context(
        base_url=live_server.url,
        locale="fr-CA",
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    # axe-core is there on every page for the accessibility checks; an init script is
    # not an inline <script>, so the site's Content Security Policy stays enforced.
    context.add_init_script(path=str(AXE_PATH))
    yield context
    context.close()


@pytest.fixture
def page_errors():
    """JavaScript errors and Content Security Policy violations seen by the page."""
    return []


@pytest.fixture
def page(browser_context, page_errors):
    """A tab that records its JavaScript errors and CSP violations in page_errors."""
    tab = browser_context.new_page()

    def on_console(message):
        # The site has no favicon; the browser's request for it is not the page's doing.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            page_errors.append(message.text)

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: page_errors.append(str(error)))
    yield tab
    tab.close()


@pytest.fixture
def sign_in(browser_context, live_server):
    """Opens a session for a user in the browser without going through the login form."""
    from django.conf import settings
    from django.test import Client

    def sign(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        browser_context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return sign
