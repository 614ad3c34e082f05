"""Fast, isolated settings for the test suite."""

import os
from pathlib import Path

# When the suite runs in several processes (pytest-xdist), each has its own state directory:
# uploaded files, open-data files and caches of one worker never meet another's.
if os.environ.get("PYTEST_XDIST_WORKER") and "AGIRTOT_VAR_DIR" not in os.environ:
    os.environ["AGIRTOT_VAR_DIR"] = str(
        Path(__file__).resolve().parents[2] / "var" / f"test-{os.environ['PYTEST_XDIST_WORKER']}"
    )

from .base import *  # noqa: E402, F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Emptied before each test (conftest.py): a test's pages never meet another's data.
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"},
}
# The suite sends thousands of requests from one address into a cache that lives as long as
# the run: no API or download limit, except in the tests that set one (core/tests/test_limits.py).
API_RATE_LIMIT_ANONYMOUS = None
API_RATE_LIMIT_AUTHENTICATED = None
DOWNLOAD_RATE_LIMIT = None
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
WHITENOISE_USE_FINDERS = True

# A missing variable in one of the project's own templates fails the test that renders it;
# third-party templates (admin, Wagtail, allauth) keep Django's silent empty string.
from agirtot.strict_templates import MISSING  # noqa: E402

TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = MISSING  # noqa: F405
