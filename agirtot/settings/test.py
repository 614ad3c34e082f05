"""Fast, isolated settings for the test suite."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
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
