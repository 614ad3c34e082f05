"""Settings shared by every environment; each one is read from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("AGIRTOT_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    # Floors, bottom to top: an app imports only from the apps above it in this list.
    "core",
    "territories",
    "search",
    "taxonomy",
    "accounts",
    "partners",
    "plans",
    "library",
    "portraits",
    "api",
    "demo",  # demo data (`seed_demo`): above every product app, imported by none
    # Wagtail (editorial content; the library issue builds on it).
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Third parties.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "ninja",
    "simple_history",
    # Django.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so that the logged duration and status cover everything below.
    "core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After the locale middleware (a cached page is kept per language), before the session,
    # CSRF and message middleware, which a page served from the cache does not need.
    "core.pagecache.PageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After the locale middleware, so that a refused download is explained in the page's language.
    "core.limits.DownloadLimitMiddleware",
    # Logs administrators' access to people's records in both admins (Loi 25).
    "accounts.middleware.AdminAccessLogMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "agirtot.urls"
WSGI_APPLICATION = "agirtot.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
            "builtins": ["core.templatetags.qc_dates"],
        },
    },
]

# SQLite under var/ by default; DATABASE_URL=postgres://… switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'agirtot.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write
        # lock at BEGIN so that concurrent writers wait instead of failing.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA cache_size=-20000;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: e-mail is the identifier; allauth handles login, sign-up and reset.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Agir tôt] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("HTTP_PROTOCOL", "http")
# Rate limits (allauth counts them in the cache): "amount/period/scope", where the key
# is the address typed. A sixth failed password for one address within 15 minutes is
# refused; reset e-mails to one address are capped so that nobody floods a mailbox.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/15m/key",
    "signup": "10/m/ip",
    "reset_password": "10/m/ip,3/15m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
# The reverse proxies in front of the servers that the platform trusts (nginx, a load
# balancer): each appends the address it saw to X-Forwarded-For, so the client is the
# TRUSTED_PROXY_COUNT-th entry from the right (core.http.client_ip). 0, the default, ignores
# the header: a visitor could otherwise pick any address and slip past every limit. Behind
# proxies, leaving it at 0 would count every visitor as the proxy, one shared allowance.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
NINJA_NUM_PROXIES = TRUSTED_PROXY_COUNT
# Limits per client, counted in the cache (shared by every server when REDIS_URL is set):
# "number/period" with s, m, h or d; an empty value removes the limit. The API counts an
# anonymous client by address and a token by its person (api/throttling.py); downloads
# (CSV, XLSX, charts, open data files, documents) by address (core/limits.py).
API_RATE_LIMIT_ANONYMOUS = os.environ.get("API_RATE_LIMIT_ANONYMOUS", "120/m") or None
API_RATE_LIMIT_AUTHENTICATED = os.environ.get("API_RATE_LIMIT_AUTHENTICATED", "600/m") or None
DOWNLOAD_RATE_LIMIT = os.environ.get("DOWNLOAD_RATE_LIMIT", "60/m") or None
# Views that answer a file: a request to them counts as a download, as does any request
# for another format of a page (``?format=csv|xlsx|svg|png``).
DOWNLOAD_VIEW_NAMES = ["portraits:opendata_file", "wagtaildocs_serve"]
# Optional two-factor authentication (an authenticator app, with recovery codes),
# offered to knowledge editors and administrators under /comptes/2fa/.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Agir tôt"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Agir tôt <ne-pas-repondre@agirtot.example>")

# Internationalisation: French is the source language of the interface.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True
# Grouping is applied where a number is shown to people (intcomma and the money filter),
# never implicitly: an id printed in a URL or a form value must stay "3103".
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["agirtot.formats"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
from .storage import storages_from_environment  # noqa: E402

STORAGES = storages_from_environment()  # folders under var/, or one bucket: see storage.py
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Content Security Policy (django-csp): no inline script anywhere on the site, no
# framing, forms post only to the site. The QR code of the two-factor set-up is a data:
# image. Wagtail's admin and Django's admin ship inline scripts (widgets, panels), so they
# are left out of this strict policy; they are reachable only by signed-in staff.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# The cache holds the portraits (and their data version), the login, API and download
# limits and allauth's used two-factor codes. With several servers it must be shared:
# REDIS_URL=redis://host:6379/0 puts it in Redis. Without it, one server keeps it in files
# under var/, which every process of that server shares.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "agirtot"),
            # A Redis that stops answering fails the request in seconds instead of hanging it.
            "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
        },
        # Whole pages for anonymous visitors (core/pagecache.py), shared by every server.
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "agirtot"),
            "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {
                # Sized for ten times the real network (`seed_demo --scale 10`): a partnership
                # has 6 portrait keys (figures, EQDEM, gaps, page, network, network page) and
                # each of its ~1.4 plans 2 (pistes inspirantes, gaps), in two languages:
                # (6 + 2 × 1.4) × 2 ≈ 18 keys × 1,500 partnerships = 27,000; the 17 regions
                # and Québec add about 150 (4 to 7 keys each, two languages), the limits'
                # counters a few thousand. 40,000 leaves room for the previous version's
                # entries, which stay until they expire. Django's default (300) evicted
                # portraits constantly.
                "MAX_ENTRIES": 40_000,
                # When full, a quarter of the files (chosen at random) is removed at once.
                "CULL_FREQUENCY": 4,
            },
        },
        # Whole pages for anonymous visitors (core/pagecache.py), in each process's memory:
        # their keys hold the data's versions, which live in the shared cache above, so a
        # page kept by one process is never out of date. 600 pages of ~60 KB: ~36 MB a process.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "agirtot-pages",
            "OPTIONS": {"MAX_ENTRIES": 600, "CULL_FREQUENCY": 4},
        },
    }

# Anonymous pages served whole from the cache (core/pagecache.py); PAGE_CACHE=0 turns it off.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "1") == "1"

WAGTAIL_SITE_NAME = "Agir tôt"
# No avatar from Gravatar in the admin: it would send a hash of each editor's e-mail address
# to a third party (Loi 25) and load an image from outside the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# Wagtail's admin sends visitors to the site's login, which asks for the second factor.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The library's files (library/uploads.py checks their content): served by Django's view,
# always as a download, never inline, so that no uploaded file opens as a page of the site.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "png", "jpg", "jpeg"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
# The knowledge editors (and administrators) hear of each submission once, from the review
# task; library/signals.py sends the authors their own French messages.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = True

# Navigation: only sections that exist are linked (see core.context_processors).
PAGE_SIZE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}, "null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per request (core/middleware.py): written in production, where it is JSON;
        # runserver already prints each request in development.
        "core.requests": {"handlers": ["null"], "propagate": False},
    },
}

from .jobs import *  # noqa: E402, F403  (the job queue and the periodic jobs)
