"""Only the coordinators of a partnership (and administrators) may edit it: every role, every page."""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from core.http import Forbidden
from partners import actions
from partners.models import MemberRole, Membership
from partners.permissions import can_edit_partnership
from partners.tests.test_editing import add_data, edit_data, formset_data

pytestmark = pytest.mark.django_db

ALLOWED = {"coordonnateur", "administrateur"}
REFUSED = {"membre", "coordonnateur_autre", "editeur"}
ROLES = ["anonyme", *sorted(REFUSED), *sorted(ALLOWED)]


def snapshot(partnership):
    """What an editing page could change: the description and the member list."""
    partnership.refresh_from_db()
    memberships = Membership.objects.filter(partnership=partnership).order_by("organisation_id")
    return (
        partnership.name,
        partnership.history.count(),
        [(m.organisation_id, m.role, m.joined_on) for m in memberships],
    )


def _edit_post(network):
    return edit_data(network.rimouski, name="Nom changé par la matrice")


def _manage_post(network):
    return formset_data(network.rimouski, {network.cpe: {"role": MemberRole.TRUSTEE}})


def _remove_post(network):
    return formset_data(network.rimouski, {network.clsc: {"DELETE": "on"}})


def _add_post(network):
    return add_data(network.maison)


def _name_changed(network):
    network.rimouski.refresh_from_db()
    return network.rimouski.name == "Nom changé par la matrice"


def _role_changed(network):
    return Membership.objects.get(partnership=network.rimouski, organisation=network.cpe).role == "fiduciaire"


def _member_removed(network):
    return not Membership.objects.filter(partnership=network.rimouski, organisation=network.clsc).exists()


def _member_added(network):
    return Membership.objects.filter(partnership=network.rimouski, organisation=network.maison).exists()


# (case, URL name, method, query string or POST data, check that the change happened)
CASES = {
    "modifier_get": ("partners:partnership_edit", "get", None, None),
    "modifier_post": ("partners:partnership_edit", "post", _edit_post, _name_changed),
    "membres_get": ("partners:membership_manage", "get", None, None),
    "membres_post": ("partners:membership_manage", "post", _manage_post, _role_changed),
    "retirer_post": ("partners:membership_manage", "post", _remove_post, _member_removed),
    "ajouter_get": ("partners:membership_add", "get", lambda network: {"q": "famille"}, None),
    "ajouter_post": ("partners:membership_add", "post", _add_post, _member_added),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("role", ROLES)
def test_editing_pages_by_role(client, network, role_users, role, case):
    url_name, method, make_data, changed = CASES[case]
    url = reverse(url_name, args=[network.rimouski.pk])
    data = make_data(network) if make_data else None
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    before = snapshot(network.rimouski)

    response = getattr(client, method)(url, data)

    if role == "anonyme":
        full_path = f"{url}?{urlencode(data)}" if method == "get" and data else url
        assert response.status_code == 302
        assert response.url == f"{reverse('account_login')}?{urlencode({'next': full_path}, safe='/')}"
        assert snapshot(network.rimouski) == before
    elif role in REFUSED:
        assert response.status_code == 403
        assert "Seuls les coordonnateurs de ce regroupement" in response.content.decode()
        assert snapshot(network.rimouski) == before
    else:
        if method == "get":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, response.content.decode()[:2000]
            assert changed(network)
            assert snapshot(network.rimouski) != before


@pytest.mark.parametrize("role", ROLES)
def test_who_may_edit(network, role_users, role):
    user = role_users[role] or AnonymousUser()
    assert can_edit_partnership(user, network.rimouski) is (role in ALLOWED)


def test_coordinator_of_one_partnership_cannot_edit_the_other(client, network):
    client.force_login(network.coordinator)
    response = client.post(
        reverse("partners:partnership_edit", args=[network.montreal.pk]),
        edit_data(network.montreal, name="Détourné"),
    )
    assert response.status_code == 403
    network.montreal.refresh_from_db()
    assert network.montreal.name == "Concertation petite enfance Hochelaga"


def test_inactive_coordinator_is_refused(client, network):
    network.coordinator.is_active = False
    network.coordinator.save()
    assert not can_edit_partnership(network.coordinator, network.rimouski)


# The actions check again, whoever calls them (views, API, imports).


def _update(actor, network):
    actions.update_partnership(actor, network.rimouski, {"name": "Nom changé sans droit"})


def _add(actor, network):
    actions.add_membership(actor, network.rimouski, network.maison, joined_on=datetime.date(2024, 1, 1))


def _change(actor, network):
    membership = Membership.objects.get(partnership=network.rimouski, organisation=network.cpe)
    actions.update_membership(actor, membership, role=MemberRole.TRUSTEE, joined_on=membership.joined_on)


def _remove(actor, network):
    membership = Membership.objects.get(partnership=network.rimouski, organisation=network.cpe)
    actions.remove_membership(actor, membership)


ACTIONS = {
    "update_partnership": _update,
    "add_membership": _add,
    "update_membership": _change,
    "remove_membership": _remove,
}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ["anonyme", *sorted(REFUSED)])
def test_actions_refuse_anyone_but_a_coordinator(network, role_users, role, action):
    actor = role_users[role] or AnonymousUser()
    before = snapshot(network.rimouski)
    with pytest.raises(Forbidden):
        ACTIONS[action](actor, network)
    assert snapshot(network.rimouski) == before


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_actions_let_coordinators_and_administrators_through(network, role_users, role, action):
    before = snapshot(network.rimouski)
    ACTIONS[action](role_users[role], network)
    assert snapshot(network.rimouski) != before
