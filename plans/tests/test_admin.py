"""/django-admin/ writes plans through plans.actions: the administrator's check, the history,
and the search re-indexing of the plan's actions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from core.http import Forbidden
from plans import actions as plan_actions
from plans.models import Action, Plan, Visibility
from search import index, registry
from search.query import search

pytestmark = pytest.mark.django_db

WORKSHOPS = "Ateliers parents-enfants d'éveil à la lecture"


def anonymous_finds(words: str) -> list[str]:
    results = search(words, partnership_ids=registry.audience_of(AnonymousUser()), collapse=False)
    return [hit.document.title for hit in results.hits]


def change_form_data(response) -> dict:
    """What the admin's change form would send back untouched, inlines included."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def post_change(client, plan, **changes):
    url = f"/django-admin/plans/plan/{plan.pk}/change/"
    data = change_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def test_a_visibility_changed_in_the_admin_reindexes_the_plans_actions(
    client, network, plans, django_capture_on_commit_callbacks
):
    index.rebuild()
    assert WORKSHOPS in anonymous_finds("ateliers lecture")
    client.force_login(network.admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(client, plans.plan, visibility=Visibility.MEMBERS)
    assert response.status_code == 302, response.content.decode()[:3000]
    plans.plan.refresh_from_db()
    assert plans.plan.visibility == Visibility.MEMBERS
    assert WORKSHOPS not in anonymous_finds("ateliers lecture")
    # The history names the administrator.
    assert plans.plan.history.latest().history_user == network.admin

    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(client, plans.plan, visibility=Visibility.PUBLIC)
    assert response.status_code == 302
    assert WORKSHOPS in anonymous_finds("ateliers lecture")


def test_a_plan_deleted_in_the_admin_leaves_the_search(
    client, network, plans, django_capture_on_commit_callbacks
):
    index.rebuild()
    client.force_login(network.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/django-admin/plans/plan/{plans.plan.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Plan.objects.filter(pk=plans.plan.pk).exists()
    assert not search("ateliers lecture", everyone=True, collapse=False).hits


def test_an_action_deleted_in_the_admin_leaves_the_search(
    client, network, plans, django_capture_on_commit_callbacks
):
    index.rebuild()
    client.force_login(network.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/django-admin/plans/action/{plans.workshops.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Action.objects.filter(pk=plans.workshops.pk).exists()
    assert WORKSHOPS not in anonymous_finds("ateliers lecture")


def test_staff_who_are_not_administrators_cannot_change_plans_in_the_admin(client, make_user, plans):
    staff = make_user("personnel@agirtot.example", is_staff=True)
    client.force_login(staff)
    url = f"/django-admin/plans/plan/{plans.plan.pk}/change/"
    assert client.post(url, {"visibility": Visibility.MEMBERS}).status_code == 403
    plans.plan.refresh_from_db()
    assert plans.plan.visibility == Visibility.PUBLIC


def test_only_administrators_save_or_delete_plans_through_the_admin_actions(network, plans):
    plans.plan.visibility = Visibility.MEMBERS
    with pytest.raises(Forbidden):
        plan_actions.save_plan_as_administrator(network.coordinator, plans.plan)
    with pytest.raises(Forbidden):
        plan_actions.delete_plans(network.coordinator, [plans.plan])
    plans.plan.refresh_from_db()
    assert plans.plan.visibility == Visibility.PUBLIC
    plan_actions.save_plan_as_administrator(network.admin, plans.plan)
    plan_actions.delete_plans(network.admin, [plans.plan])
    assert not Plan.objects.filter(pk=plans.plan.pk).exists()
