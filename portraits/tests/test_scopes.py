"""A portrait's scope reads only public data, and an unknown one is a French 404."""

from __future__ import annotations

import html

import pytest

from core.http import NotFound
from portraits.scopes import QUEBEC, partnership_scope, region_scope


def test_unknown_region_and_partnership_are_french_404_pages(client, db):
    response = client.get("/portraits/regions/99/")
    assert response.status_code == 404
    assert "Aucune région administrative ne porte le code « 99 »." in html.unescape(response.content.decode())
    response = client.get("/portraits/regroupements/999999/")
    assert response.status_code == 404
    assert "Ce regroupement n'existe pas ou n'est plus actif." in html.unescape(response.content.decode())


def test_an_inactive_partnership_has_no_portrait(network):
    network.montreal.is_active = False
    network.montreal.save()
    with pytest.raises(NotFound, match="plus actif"):
        partnership_scope(network.montreal.pk)


def test_members_only_plans_never_count(plans, network):
    from plans.models import Visibility

    quebec_plans = set(QUEBEC.plans().values_list("visibility", flat=True))
    assert quebec_plans == {Visibility.PUBLIC}
    assert not QUEBEC.plans().filter(pk=plans.hidden.pk).exists()
    montreal = region_scope("06")
    assert montreal.key == "region-06"
    assert not montreal.plans().exists()  # Hochelaga's plan is members-only
    rimouski = partnership_scope(network.rimouski.pk)
    assert rimouski.key == f"partnership-{network.rimouski.pk}"
    assert set(rimouski.organisations()) == {network.cpe, network.clsc}
    assert rimouski.actions().count() == QUEBEC.actions().count()
