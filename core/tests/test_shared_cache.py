"""Several servers, one cache: with REDIS_URL every server sees the same data version,
the same login counts and the same used two-factor codes.

The round trip starts a real ``redis-server`` (Debian's package; ``.ci/run`` installs it)
on a free loopback port, and gives each simulated server its own cache client.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from types import SimpleNamespace

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory

from core import limits
from portraits import cache as portrait_cache

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(  # noqa: S603 - fixed command line
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def servers(redis_url):
    """Two app servers' cache clients, as the settings build them with REDIS_URL."""

    def client() -> RedisCache:
        return RedisCache(redis_url, {"KEY_PREFIX": "agirtot"})

    first, second = client(), client()
    first.clear()
    yield SimpleNamespace(first=first, second=second)
    first.clear()


def test_a_portrait_version_moved_on_one_server_is_seen_by_the_other(servers, monkeypatch):
    monkeypatch.setattr(portrait_cache, "cache", servers.first)
    seen_first = portrait_cache.version()
    monkeypatch.setattr(portrait_cache, "cache", servers.second)
    assert portrait_cache.version() == seen_first  # one version, not one per server

    def compute():
        return {"actions": 1}

    portrait_cache.cached("portrait", "quebec", compute)  # cached by the second server
    monkeypatch.setattr(portrait_cache, "cache", servers.first)
    portrait_cache.move_version_on()  # a write committed on the first server
    monkeypatch.setattr(portrait_cache, "cache", servers.second)
    assert portrait_cache.version() == seen_first + 1
    assert servers.second.get(f"portraits:{seen_first + 1}:portrait:quebec:fr") is None


def test_allauth_login_counts_add_up_across_servers(servers, monkeypatch, settings):
    from allauth.core.internal import ratelimit

    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    config = {"login_failed": "3/m/ip"}

    def attempt(server: RedisCache, client: str) -> bool:
        monkeypatch.setattr(ratelimit, "cache", server)
        request = RequestFactory().post(
            "/comptes/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client
        )
        usage = ratelimit.consume(request, app="allauth.account", action="login_failed", config=config)
        return usage is not None

    # Three failures, spread over both servers, use up the visitor's allowance on both.
    assert attempt(servers.first, "198.51.100.7")
    assert attempt(servers.second, "198.51.100.7")
    assert attempt(servers.first, "198.51.100.7")
    assert not attempt(servers.second, "198.51.100.7")
    assert not attempt(servers.first, "198.51.100.7")
    # Another visitor behind the same proxy is not locked out.
    assert attempt(servers.second, "198.51.100.8")


def test_a_two_factor_code_used_on_one_server_is_refused_on_the_other(servers, monkeypatch):
    from allauth.mfa.totp.internal import auth

    totp = auth.TOTP(SimpleNamespace(user_id=42))
    monkeypatch.setattr(auth, "cache", servers.first)
    assert totp._mark_code_used("123456")
    monkeypatch.setattr(auth, "cache", servers.second)
    assert not totp._mark_code_used("123456")  # a replay, even through another server


def test_download_limits_add_up_across_servers(servers, settings):
    settings.DOWNLOAD_RATE_LIMIT = "2/m"
    request = RequestFactory().get("/partenaires/?format=csv", REMOTE_ADDR="198.51.100.7")

    def allowed(server: RedisCache) -> bool:
        limit = limits.RateLimit("download", "DOWNLOAD_RATE_LIMIT")
        limit.cache = server
        return limit.allow_request(request)

    assert allowed(servers.first)
    assert allowed(servers.second)
    assert not allowed(servers.first)
    assert not allowed(servers.second)
