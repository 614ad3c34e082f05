"""The partnership page (partners) leads to the partnership's plans through the plans' panel."""

from django.urls import reverse


def test_everyone_is_led_to_the_partnership_plans(client, network):
    page = client.get(reverse("partners:partnership", args=[network.rimouski.pk])).content.decode()
    assert f'{reverse("plans:plan_list")}?partnership={network.rimouski.pk}"' in page
    assert reverse("plans:stage_change", args=[network.rimouski.pk]) not in page
    assert reverse("plans:plan_create", args=[network.rimouski.pk]) not in page


def test_its_coordinators_are_led_to_its_stage_and_a_new_plan(client, network):
    client.force_login(network.coordinator)
    page = client.get(reverse("partners:partnership", args=[network.rimouski.pk])).content.decode()
    assert reverse("plans:stage_change", args=[network.rimouski.pk]) in page
    assert reverse("plans:plan_create", args=[network.rimouski.pk]) in page
    # Not those of a partnership they do not coordinate.
    page = client.get(reverse("partners:partnership", args=[network.montreal.pk])).content.decode()
    assert reverse("plans:stage_change", args=[network.montreal.pk]) not in page
