"""The accounts' write actions refuse whoever may not act (tokens, account deletion)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import APIToken

from accounts import actions as account_actions
from accounts.models import User
from core.http import Forbidden

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-test-123"  # the conftest's make_user password


def test_only_a_signed_in_active_person_creates_a_token(network):
    network.member.is_active = False
    network.member.save()
    for actor in (AnonymousUser(), network.member):
        with pytest.raises(Forbidden):
            account_actions.create_token(actor, "Script")
    assert not APIToken.objects.exists()
    token, key = account_actions.create_token(network.coordinator, "Script")
    assert token.user == network.coordinator and key


def test_a_token_is_revoked_by_its_owner_or_an_administrator_only(network):
    token, _key = account_actions.create_token(network.member, "Script")
    with pytest.raises(Forbidden):
        account_actions.revoke_token(AnonymousUser(), token)
    with pytest.raises(Forbidden):
        account_actions.revoke_token(network.coordinator, token)
    token.refresh_from_db()
    assert token.revoked_at is None
    account_actions.revoke_token(network.member, token)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_an_account_is_deleted_by_its_holder_only(network):
    for actor in (AnonymousUser(), network.coordinator, network.admin):
        with pytest.raises(Forbidden):
            account_actions.delete_account(actor, network.member, PASSWORD)
    assert User.objects.filter(pk=network.member.pk).exists()
    account_actions.delete_account(network.member, network.member, PASSWORD)
    assert not User.objects.filter(pk=network.member.pk).exists()
