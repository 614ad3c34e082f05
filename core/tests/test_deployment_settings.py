"""The settings read their environment: the shared cache, the proxies, production's
database and e-mail. Each test loads the settings modules afresh under its own
environment and puts them back afterwards."""

from __future__ import annotations

import importlib
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

PRODUCTION = {
    "SECRET_KEY": "a-production-secret-key-that-is-long-enough-0123456789",
    "ALLOWED_HOSTS": "agirtot.example",
    "DATABASE_URL": "postgres://agirtot:secret@db.internal:5432/agirtot",
}
# Variables that the machine running the tests may have set.
READ = [
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "TRUSTED_PROXY_COUNT",
    "DATABASE_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
    "SERVER_EMAIL",
    "API_RATE_LIMIT_ANONYMOUS",
    "API_RATE_LIMIT_AUTHENTICATED",
    "DOWNLOAD_RATE_LIMIT",
]


@pytest.fixture
def load(monkeypatch):
    """``load(module, **environment)``: the settings module as that environment builds it."""
    for name in READ:
        monkeypatch.delenv(name, raising=False)

    def load_module(name: str, **environment: str):
        for key, value in environment.items():
            monkeypatch.setenv(key, value)
        base = importlib.reload(importlib.import_module("agirtot.settings.base"))
        if name == "base":
            return base
        sys.modules.pop(f"agirtot.settings.{name}", None)
        return importlib.import_module(f"agirtot.settings.{name}")

    yield load_module
    monkeypatch.undo()
    importlib.reload(importlib.import_module("agirtot.settings.base"))
    sys.modules.pop("agirtot.settings.production", None)


def test_without_redis_the_cache_is_files_sized_for_scale_ten(load):
    base = load("base")
    cache = base.CACHES["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert cache["LOCATION"] == str(base.VAR_DIR / "cache")
    # ~18 portrait keys per partnership × 1,500 partnerships, far above Django's 300.
    assert cache["OPTIONS"]["MAX_ENTRIES"] >= 18 * 1_500
    assert cache["OPTIONS"]["CULL_FREQUENCY"] > 1


def test_redis_url_shares_the_cache_between_servers(load):
    base = load("base", REDIS_URL="redis://cache.internal:6379/2")
    cache = base.CACHES["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"
    assert cache["KEY_PREFIX"] == "agirtot"


def test_the_proxy_count_is_shared_by_allauth_and_ninja(load):
    assert load("base").TRUSTED_PROXY_COUNT == 0
    base = load("base", TRUSTED_PROXY_COUNT="2")
    assert base.TRUSTED_PROXY_COUNT == base.ALLAUTH_TRUSTED_PROXY_COUNT == base.NINJA_NUM_PROXIES == 2


def test_limits_have_defaults_and_an_empty_value_removes_one(load):
    base = load("base")
    assert (base.API_RATE_LIMIT_ANONYMOUS, base.API_RATE_LIMIT_AUTHENTICATED, base.DOWNLOAD_RATE_LIMIT) == (
        "120/m",
        "600/m",
        "60/m",
    )
    base = load("base", DOWNLOAD_RATE_LIMIT="", API_RATE_LIMIT_ANONYMOUS="30/m")
    assert base.DOWNLOAD_RATE_LIMIT is None
    assert base.API_RATE_LIMIT_ANONYMOUS == "30/m"


def test_production_refuses_to_start_without_a_database_url(load):
    environment = {key: value for key, value in PRODUCTION.items() if key != "DATABASE_URL"}
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL doit être défini"):
        load("production", **environment)


def test_production_takes_its_database_from_the_url(load, tmp_path):
    production = load("production", **PRODUCTION)
    database = production.DATABASES["default"]
    assert (database["ENGINE"], database["HOST"], database["NAME"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        "agirtot",
    )
    # A single server may still choose SQLite, by saying so.
    production = load("production", **{**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}"})
    assert production.DATABASES["default"]["NAME"] == str(tmp_path / "a.sqlite3")
    assert production.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_production_sends_e_mail_through_the_provider(load):
    production = load(
        "production",
        **PRODUCTION,
        EMAIL_HOST="smtp.fournisseur.example",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="agirtot",
        EMAIL_HOST_PASSWORD="mot-de-passe-smtp",
        EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="Agir tôt <bonjour@agirtot.example>",
    )
    assert production.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    assert (production.EMAIL_HOST, production.EMAIL_PORT) == ("smtp.fournisseur.example", 587)
    assert (production.EMAIL_HOST_USER, production.EMAIL_HOST_PASSWORD) == ("agirtot", "mot-de-passe-smtp")
    assert production.EMAIL_USE_TLS and not production.EMAIL_USE_SSL
    assert production.DEFAULT_FROM_EMAIL == "Agir tôt <bonjour@agirtot.example>"
    # Error reports leave from the same verified sender unless told otherwise.
    assert production.SERVER_EMAIL == "Agir tôt <bonjour@agirtot.example>"
    production = load("production", **PRODUCTION, SERVER_EMAIL="erreurs@agirtot.example")
    assert production.SERVER_EMAIL == "erreurs@agirtot.example"


def test_production_refuses_both_kinds_of_tls(load):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_USE_TLS et EMAIL_USE_SSL"):
        load("production", **PRODUCTION, EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")
