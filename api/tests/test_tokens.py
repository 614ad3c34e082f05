"""API tokens: creation and revocation, what is stored, the bearer header, the tokens page."""

import datetime
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import APIToken, ModelLogEntry

from accounts import actions as account_actions
from core.http import Forbidden

pytestmark = pytest.mark.django_db

API = "/api/v1"
PAGE = "/comptes/jetons/"


def bearer(key):
    return {"authorization": f"Bearer {key}"}


def error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body


# The actions -------------------------------------------------------------------------


def test_the_key_is_given_once_and_only_its_keyed_hash_is_stored(network):
    token, key = account_actions.create_token(network.member, "  Tableau   de bord  ")
    assert token.name == "Tableau de bord"
    assert len(key) > 30
    stored = APIToken.objects.get(pk=token.pk)
    assert key not in {stored.key_hash, stored.prefix, stored.name}
    assert stored.key_hash == APIToken.hash_token(key)
    assert key.startswith(stored.prefix) and len(stored.prefix) < len(key) // 2
    # Nothing in the row gives the key back.
    row = APIToken.objects.filter(pk=token.pk).values().get()
    assert all(key not in str(value) for value in row.values())
    # Two tokens never share a key.
    _, other_key = account_actions.create_token(network.member, "Deuxième")
    assert other_key != key


def test_creation_is_credited_in_the_audit_log(network):
    token, _key = account_actions.create_token(network.member, "Script")
    account_actions.revoke_token(network.member, token)
    entries = ModelLogEntry.objects.filter(object_id=str(token.pk)).order_by("timestamp", "id")
    assert [(e.action, e.user_id) for e in entries] == [
        ("wagtail.apitoken.create", network.member.pk),
        ("wagtail.apitoken.revoke", network.member.pk),
    ]


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_token_needs_a_reasonable_name(network, name):
    with pytest.raises(ValidationError) as raised:
        account_actions.create_token(network.member, name)
    assert "name" in raised.value.message_dict
    assert not APIToken.objects.exists()


def test_only_the_owner_or_an_administrator_revokes(network):
    token, _key = account_actions.create_token(network.member, "Script")
    for outsider in (network.coordinator, network.editor):
        with pytest.raises(Forbidden):
            account_actions.revoke_token(outsider, token)
    token.refresh_from_db()
    assert token.revoked_at is None
    account_actions.revoke_token(network.admin, token)
    token.refresh_from_db()
    revoked_at = token.revoked_at
    assert revoked_at is not None
    # Revoking again changes nothing (the first date stays).
    account_actions.revoke_token(network.member, token)
    token.refresh_from_db()
    assert token.revoked_at == revoked_at


# The bearer header ----------------------------------------------------------------------


def test_a_token_acts_as_its_owner(client, network, plans):
    _token, key = account_actions.create_token(network.other_coordinator, "Script")
    assert client.get(f"{API}/plans/{plans.hidden.pk}").status_code == 404
    response = client.get(f"{API}/plans/{plans.hidden.pk}", headers=bearer(key))
    assert response.status_code == 200
    assert response.json()["title"] == "Plan interne Hochelaga 2025–2028"


def test_a_revoked_token_is_refused_on_reads_and_writes(client, network, plans):
    token, key = account_actions.create_token(network.member, "Script")
    url = f"{API}/actions/{plans.workshops.pk}"
    assert client.get(url, headers=bearer(key)).status_code == 200
    account_actions.revoke_token(network.member, token)
    body = error(client.get(url, headers=bearer(key)), 401)
    assert "inconnu ou révoqué" in body["detail"]
    response = client.patch(url, {"progress": 90}, content_type="application/json", headers=bearer(key))
    error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    plans.workshops.refresh_from_db()
    assert plans.workshops.progress == 40


def test_the_token_of_a_deactivated_account_is_refused(client, network, plans):
    _token, key = account_actions.create_token(network.member, "Script")
    network.member.is_active = False
    network.member.save()
    error(client.get(f"{API}/plans", headers=bearer(key)), 401)


@pytest.mark.parametrize(
    "header",
    ["Bearer ", "Bearer pas-une-cle", "Basic dXNlcjpwYXNz", "Token abc", "bearer"],
)
def test_a_wrong_authorization_header_is_refused_not_ignored(client, plans, header):
    # A script with a mistyped key learns it, instead of silently seeing public plans only.
    body = error(client.get(f"{API}/plans", headers={"authorization": header}), 401)
    assert "Authorization: Bearer" in body["detail"]


def test_without_a_token_reads_are_anonymous_and_writes_refused(client, plans):
    assert client.get(f"{API}/plans").status_code == 200
    body = error(
        client.post(f"{API}/partnerships/{plans.plan.partnership_id}/stage", {"stage": "action"}), 401
    )
    assert body["detail"].startswith("Cette opération exige un jeton d'API")


def test_last_use_is_written_at_most_once_a_minute(client, network, plans):
    token, key = account_actions.create_token(network.member, "Script")
    assert token.last_used_at is None

    def updates():
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"{API}/plans", headers=bearer(key)).status_code == 200
        return [q["sql"] for q in context.captured_queries if q["sql"].startswith("UPDATE")]

    assert len(updates()) == 1
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    assert updates() == []
    token.refresh_from_db()
    assert token.last_used_at == first_use
    APIToken.objects.filter(pk=token.pk).update(last_used_at=first_use - datetime.timedelta(minutes=2))
    assert len(updates()) == 1
    token.refresh_from_db()
    assert token.last_used_at > first_use - datetime.timedelta(minutes=1)


# The tokens page -------------------------------------------------------------------------


def test_the_page_requires_signing_in(client, network):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")
    response = client.post(PAGE, {"name": "Script"})
    assert response.status_code == 302
    assert not APIToken.objects.exists()


def test_creating_a_token_shows_its_key_once(client, network):
    client.force_login(network.member)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Vous n'avez encore aucun jeton." in unescape(page.content.decode())

    response = client.post(PAGE, {"name": "Tableau de bord"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    token = APIToken.objects.get(user=network.member)
    key = response.context["new_key"]
    html = unescape(response.content.decode())
    assert f'value="{key}"' in html
    assert "elle ne sera plus affichée" in html
    assert token.key_hash == APIToken.hash_token(key)

    # The key works, and the page never shows it again.
    assert client.get(f"{API}/plans", headers=bearer(key)).status_code == 200
    again = unescape(client.get(PAGE).content.decode())
    assert key not in again
    assert "Tableau de bord" in again
    assert f"{token.prefix}…" in again


def test_a_nameless_token_is_refused_with_a_french_message(client, network):
    client.force_login(network.member)
    response = client.post(PAGE, {"name": "  "})
    assert response.status_code == 200
    assert "Donnez un nom au jeton" in unescape(response.content.decode())
    assert not response.context["new_key"]
    assert not APIToken.objects.exists()


def test_the_page_lists_only_ones_own_tokens(client, network):
    account_actions.create_token(network.coordinator, "Jeton de Julie")
    account_actions.create_token(network.member, "Mon script")
    client.force_login(network.member)
    html = unescape(client.get(PAGE).content.decode())
    assert "Mon script" in html
    assert "Jeton de Julie" not in html


def test_revoking_from_the_page(client, network, plans):
    token, key = account_actions.create_token(network.member, "Script")
    client.force_login(network.member)
    response = client.post(f"{PAGE}{token.pk}/revoquer/")
    assert response.status_code == 302
    assert response["Location"] == PAGE
    token.refresh_from_db()
    assert token.revoked_at is not None
    error(client.get(f"{API}/plans", headers=bearer(key)), 401)
    html = unescape(client.get(PAGE).content.decode())
    assert "Révoqué le" in html
    assert "est révoqué" in html


def test_another_persons_token_cannot_be_revoked(client, network):
    token, key = account_actions.create_token(network.coordinator, "Jeton de Julie")
    client.force_login(network.member)
    response = client.post(f"{PAGE}{token.pk}/revoquer/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    # Not by a GET either (revocation is a POST), nor without the CSRF token.
    client.force_login(network.coordinator)
    assert client.get(f"{PAGE}{token.pk}/revoquer/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(network.coordinator)
    assert strict.post(f"{PAGE}{token.pk}/revoquer/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_shows_dates_the_quebec_way(client, network):
    token, _key = account_actions.create_token(network.member, "Script")
    APIToken.objects.filter(pk=token.pk).update(
        created=datetime.datetime(2026, 11, 28, 15, 0, tzinfo=datetime.UTC),
        last_used_at=timezone.now(),
    )
    client.force_login(network.member)
    html = unescape(client.get(PAGE).content.decode())
    assert "28 novembre 2026" in html
    assert "jamais" not in html
