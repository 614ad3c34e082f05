"""Who the client is behind the proxies, and how often it may call the API or download files."""

from __future__ import annotations

import pytest
from allauth.core.internal.httpkit import get_client_ip as allauth_client_ip
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse

from accounts import actions as account_actions
from core.http import client_ip
from core.limits import client_key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


# --- core.http.client_ip -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client"),
    [
        # No trusted proxy: whatever the visitor writes in the header is ignored.
        (0, "198.51.100.7", None, "198.51.100.7"),
        (0, "198.51.100.7", "203.0.113.99", "198.51.100.7"),
        # One proxy: it appended the address it saw, the last entry.
        (1, "10.0.0.2", "198.51.100.7", "198.51.100.7"),
        # A spoofed entry written by the visitor stands to the left and is never believed.
        (1, "10.0.0.2", "203.0.113.99, 198.51.100.7", "198.51.100.7"),
        # Two proxies (a load balancer, then nginx): the second entry from the right.
        (2, "10.0.0.3", "203.0.113.99, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        # A request that did not come through every proxy is known by its connection.
        (2, "198.51.100.7", "203.0.113.99", "198.51.100.7"),
        # An entry that is not an address, or with a port, from a misconfigured proxy.
        (1, "10.0.0.2", "unknown", "10.0.0.2"),
        (1, "10.0.0.2", "198.51.100.7:51234", "198.51.100.7"),
        (1, "10.0.0.2", "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_the_outermost_trusted_proxy_wrote(
    settings, proxies, remote, forwarded, client
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request_from(remote, forwarded)) == client


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded"),
    [
        (0, "198.51.100.7", "203.0.113.99"),
        (1, "10.0.0.2", "203.0.113.99, 198.51.100.7"),
        (2, "10.0.0.3", "203.0.113.99, 198.51.100.7, 10.0.0.2"),
    ],
)
def test_allauth_login_limits_see_the_same_client(settings, proxies, remote, forwarded):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    request = request_from(remote, forwarded)
    assert allauth_client_ip(request) == client_ip(request)


def test_an_ipv6_client_is_counted_by_its_network():
    assert client_key(request_from("2001:db8:1:2:aaaa::1")) == client_key(
        request_from("2001:db8:1:2:bbbb::9")
    )
    assert client_key(request_from("2001:db8:1:3::1")) != client_key(request_from("2001:db8:1:2::1"))
    assert client_key(request_from("198.51.100.7")) == "198.51.100.7"


# --- downloads ----------------------------------------------------------------------------

CSV = "/partenaires/?format=csv"


def test_downloads_beyond_the_limit_get_a_french_429_with_retry_after(client, network, settings):
    settings.DOWNLOAD_RATE_LIMIT = "2/m"
    for _ in range(2):
        assert client.get(CSV).status_code == 200
    response = client.get(CSV)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    seconds = response["Retry-After"]
    page = response.content.decode()
    assert (
        f"Vous avez téléchargé beaucoup de fichiers en peu de temps. Réessayez dans {seconds} secondes."
    ) in page
    assert '<html lang="fr"' in page
    # Every kind of download shares the allowance: a chart image, the search results.
    assert client.get("/portraits/?chart=partenaires&format=svg").status_code == 429
    assert client.get("/recherche/?q=famille&format=xlsx").status_code == 429
    # Pages are not downloads.
    assert client.get("/partenaires/").status_code == 200


def test_under_en_the_refusal_is_an_english_page(client, network, settings):
    settings.DOWNLOAD_RATE_LIMIT = "1/m"
    assert client.get("/en" + CSV).status_code == 200
    response = client.get("/en" + CSV)
    assert response.status_code == 429
    assert response["Retry-After"]
    assert '<html lang="en"' in response.content.decode()


def test_open_data_files_and_documents_count_as_downloads(client, settings):
    settings.DOWNLOAD_RATE_LIMIT = "1/m"
    # An unknown file is a 404, but the request was counted before the view ran.
    assert client.get("/donnees-ouvertes/inconnu.csv").status_code == 404
    assert client.get("/donnees-ouvertes/inconnu.csv").status_code == 429
    assert client.get("/documents/999999/rapport.pdf", REMOTE_ADDR="198.51.100.20").status_code == 404
    assert client.get("/documents/999999/rapport.pdf", REMOTE_ADDR="198.51.100.20").status_code == 429


def test_clients_behind_the_trusted_proxy_are_counted_apart(client, network, settings):
    settings.DOWNLOAD_RATE_LIMIT = "1/m"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    assert client.get(CSV, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 200
    assert client.get(CSV, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 200
    assert client.get(CSV, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 429
    # A spoofed entry to the left of the proxy's does not buy a new allowance.
    spoofed = "203.0.113.1, 198.51.100.8"
    assert client.get(CSV, HTTP_X_FORWARDED_FOR=spoofed, **proxy).status_code == 429


def test_without_a_trusted_proxy_a_spoofed_header_is_ignored(client, network, settings):
    settings.DOWNLOAD_RATE_LIMIT = "1/m"
    assert client.get(CSV, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 200
    assert client.get(CSV, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 429


# --- API ------------------------------------------------------------------------------------


def test_anonymous_api_calls_beyond_the_limit_get_a_json_429(client, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = "2/m"
    for _ in range(2):
        assert client.get("/api/v1/regions").status_code == 200
    response = client.get("/api/v1/regions")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 60
    assert response.json() == {
        "detail": f"Trop de requêtes à l'API en peu de temps. Réessayez dans {seconds} secondes.",
        "errors": [],
    }
    # Another client has its own allowance.
    assert client.get("/api/v1/regions", REMOTE_ADDR="198.51.100.9").status_code == 200


def test_api_clients_behind_the_trusted_proxy_are_counted_apart(client, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = "1/m"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    assert client.get("/api/v1/regions", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 200
    assert client.get("/api/v1/regions", HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 200
    assert client.get("/api/v1/regions", HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 429
    settings.TRUSTED_PROXY_COUNT = 0  # the same proxy, not trusted: everyone is the proxy
    assert client.get("/api/v1/regions", HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy).status_code == 200
    assert client.get("/api/v1/regions", HTTP_X_FORWARDED_FOR="198.51.100.10", **proxy).status_code == 429


def test_a_token_is_counted_per_person_with_its_own_limit(client, network, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = "1/m"
    settings.API_RATE_LIMIT_AUTHENTICATED = "3/m"
    _token, key = account_actions.create_token(network.coordinator, "Tableau de bord")
    bearer = {"authorization": f"Bearer {key}"}
    assert client.get("/api/v1/regions").status_code == 200
    assert client.get("/api/v1/regions").status_code == 429
    # The person's calls count apart from the anonymous ones of the same address…
    for address in ("198.51.100.7", "198.51.100.8", "198.51.100.9"):
        assert client.get("/api/v1/regions", headers=bearer, REMOTE_ADDR=address).status_code == 200
    # …and together whatever address (or server) they come from.
    response = client.get("/api/v1/regions", headers=bearer, REMOTE_ADDR="198.51.100.10")
    assert response.status_code == 429
    assert response["Retry-After"]


def test_api_refusal_follows_accept_language(client, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = "1/m"
    client.get("/api/v1/regions")
    response = client.get("/api/v1/regions", headers={"accept-language": "en"})
    assert response.status_code == 429
    assert response["Content-Language"] == "en"


@override_settings(API_RATE_LIMIT_ANONYMOUS=None, DOWNLOAD_RATE_LIMIT=None)
def test_an_empty_limit_is_no_limit(client, network):
    for _ in range(5):
        assert client.get("/api/v1/regions").status_code == 200
        assert client.get(CSV).status_code == 200


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client"),
    [
        (0, "198.51.100.7", "203.0.113.99", "198.51.100.7"),
        (1, "10.0.0.2", "203.0.113.99, 198.51.100.7", "198.51.100.7"),
        (2, "10.0.0.3", "198.51.100.7", "10.0.0.3"),  # did not come through both proxies
        (1, "10.0.0.2", "", "10.0.0.2"),  # straight to the server, past the proxy
    ],
)
def test_the_account_adapter_sees_the_client_of_every_other_limit(
    settings, proxies, remote, forwarded, client
):
    from allauth.account.adapter import get_adapter

    settings.TRUSTED_PROXY_COUNT = proxies
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    assert get_adapter().get_client_ip(request_from(remote, forwarded)) == client


@pytest.mark.django_db
def test_a_login_with_fewer_forwarded_entries_than_proxies_is_not_a_server_error(client, settings, make_user):
    settings.TRUSTED_PROXY_COUNT = 2
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    make_user("quelquun@exemple.qc.ca")
    response = client.post(
        reverse("account_login"),
        {"login": "quelquun@exemple.qc.ca", "password": "mauvais-mot-de-passe"},
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert response.status_code == 200
    assert "quelquun@exemple.qc.ca" in response.content.decode()
