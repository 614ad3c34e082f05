"""Who may use each editing page: every role, every URL and method, on a public plan and on a
members-only plan. A refused request changes nothing."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Partnership
from plans import actions
from plans.models import (
    Action,
    ActionStatus,
    Finding,
    Indicator,
    Measurement,
    Objective,
    Plan,
    Priority,
    Reach,
    StageChange,
)
from plans.tests.test_editing import (
    action_data,
    evaluation_data,
    objectives_data,
    plan_data,
    portrait_data,
    progress_data,
    systems,
)
from taxonomy.models import ActionType

pytestmark = pytest.mark.django_db

ROLES = ["anonyme", "membre", "coordonnateur", "coordonnateur_autre", "editeur", "administrateur"]
EDITORS = {"coordonnateur", "administrateur"}
# The member works for the CPE, which leads the workshops (not the training).
FOLLOW_UP = EDITORS | {"membre"}
PEOPLE_OF_THE_PARTNERSHIP = EDITORS | {"membre"}

TRACKED = (Plan, Finding, Priority, Objective, Action, Indicator, Measurement, Reach)


def snapshot():
    """Every write goes through an action that records history: counting the history
    tables (and the stage changes) tells whether anything at all was written."""
    return (
        tuple(model.history.model.objects.count() for model in TRACKED),
        StageChange.objects.count(),
        Partnership.history.model.objects.count(),
    )


def _next_row(p):
    return {"constats-TOTAL_FORMS": "3"}


# case: (URL name, object, method, data, who may, check that the change happened)
CASES = {
    "plan_create_get": ("plan_create", "partnership", "get", None, EDITORS, None),
    "plan_create_post": (
        "plan_create",
        "partnership",
        "post",
        lambda p: plan_data(title="Plan de la matrice"),
        EDITORS,
        lambda p: Plan.objects.filter(title="Plan de la matrice").exists(),
    ),
    "plan_edit_get": ("plan_edit", "plan", "get", None, EDITORS, None),
    "plan_edit_post": (
        "plan_edit",
        "plan",
        "post",
        lambda p: plan_data(p.plan, title="Titre de la matrice"),
        EDITORS,
        lambda p: Plan.objects.filter(pk=p.plan.pk, title="Titre de la matrice").exists(),
    ),
    "portrait_get": ("portrait_edit", "plan", "get", None, EDITORS, None),
    "portrait_post": (
        "portrait_edit",
        "plan",
        "post",
        lambda p: portrait_data(
            p.plan, new_findings=[{"system": str(systems()["famille"].pk), "text": "Constat de la matrice"}]
        ),
        EDITORS,
        lambda p: Finding.objects.filter(text="Constat de la matrice").exists(),
    ),
    "portrait_add_row_post": (
        "portrait_edit",
        "plan",
        "post",
        lambda p: {**portrait_data(p.plan), "ajouter-constats": "1"},
        EDITORS,
        None,  # shows one more row; saves nothing
    ),
    "objectives_get": ("objectives_edit", "plan", "get", None, EDITORS, None),
    "objectives_post": (
        "objectives_edit",
        "plan",
        "post",
        lambda p: objectives_data(p.plan, changes={p.parents.pk: {"title": "Changement de la matrice"}}),
        EDITORS,
        lambda p: Objective.objects.filter(title="Changement de la matrice").exists(),
    ),
    "action_create_get": ("action_create", "plan", "get", None, EDITORS, None),
    "action_create_post": (
        "action_create",
        "plan",
        "post",
        lambda p: action_data(p.plan, title="Action de la matrice"),
        EDITORS,
        lambda p: Action.objects.filter(title="Action de la matrice").exists(),
    ),
    "action_edit_get": ("action_edit", "workshops", "get", None, EDITORS, None),
    "action_edit_post": (
        "action_edit",
        "workshops",
        "post",
        lambda p: action_data(p.plan, p.workshops, title="Ateliers de la matrice"),
        EDITORS,
        lambda p: Action.objects.filter(title="Ateliers de la matrice").exists(),
    ),
    "action_progress_get": ("action_progress", "workshops", "get", None, FOLLOW_UP, None),
    "action_progress_post": (
        "action_progress",
        "workshops",
        "post",
        lambda p: progress_data(p.workshops, **{"avancement-progress": "77", "portee-children": "12"}),
        FOLLOW_UP,
        lambda p: Action.objects.get(pk=p.workshops.pk).progress == 77,
    ),
    "autre_action_progress_get": ("action_progress", "stimulation", "get", None, EDITORS, None),
    "autre_action_progress_post": (
        "action_progress",
        "stimulation",
        "post",
        lambda p: progress_data(p.stimulation, **{"avancement-progress": "33"}),
        EDITORS,
        lambda p: Action.objects.get(pk=p.stimulation.pk).progress == 33,
    ),
    "evaluation_get": ("plan_evaluation", "plan", "get", None, EDITORS, None),
    "evaluation_post": (
        "plan_evaluation",
        "plan",
        "post",
        lambda p: evaluation_data(p.plan, **{"evaluation-evaluation_worked": "Bilan de la matrice"}),
        EDITORS,
        lambda p: Plan.objects.filter(evaluation_worked="Bilan de la matrice").exists(),
    ),
    "action_delete_get": ("action_delete", "stimulation", "get", None, EDITORS, None),
    "action_delete_post": (
        "action_delete",
        "stimulation",
        "post",
        lambda p: {},
        EDITORS,
        lambda p: not Action.objects.filter(pk=p.stimulation.pk).exists(),
    ),
    "stage_get": ("stage_change", "partnership", "get", None, EDITORS, None),
    "stage_post": (
        "stage_change",
        "partnership",
        "post",
        lambda p: {"stage": "planification", "changed_on": timezone.localdate().isoformat(), "note": ""},
        EDITORS,
        lambda p: StageChange.objects.filter(stage="planification").exists(),
    ),
    "next_cycle_get": ("next_cycle", "plan", "get", None, EDITORS, None),
    "next_cycle_post": (
        "next_cycle",
        "plan",
        "post",
        lambda p: {"title": "Cycle de la matrice", "start_year": "2027", "end_year": "2030"},
        EDITORS,
        lambda p: Plan.objects.filter(title="Cycle de la matrice", previous=p.plan).exists(),
    ),
    "history_get": ("plan_history", "plan", "get", None, PEOPLE_OF_THE_PARTNERSHIP, None),
    "edit_row_get": ("edit_row", "plan+constats", "get", _next_row, EDITORS, None),
    "contributor_search_get": (
        "contributor_search",
        "plan",
        "get",
        lambda p: {"recherche_contributeur": "maison"},
        EDITORS,
        None,
    ),
}

REFUSAL_MESSAGES = {
    "partnership": "Seuls les coordonnateurs de ce regroupement peuvent modifier sa démarche et ses plans.",
    "history": "est réservé aux coordonnateurs et aux membres de son regroupement.",
    "follow_up": "Seuls les coordonnateurs du regroupement et les membres des organismes porteurs",
    "plan": "Seuls les coordonnateurs du regroupement peuvent modifier ce plan.",
}


def _args(target, plans, network):
    if target == "partnership":
        return [network.rimouski.pk]
    if target == "plan":
        return [plans.plan.pk]
    if target == "plan+constats":
        return [plans.plan.pk, "constats"]
    return [getattr(plans, target).pk]


def _refusal_message(url_name):
    if url_name in {"plan_create", "stage_change"}:
        return REFUSAL_MESSAGES["partnership"]
    if url_name == "plan_history":
        return REFUSAL_MESSAGES["history"]
    if url_name == "action_progress":
        return REFUSAL_MESSAGES["follow_up"]
    return REFUSAL_MESSAGES["plan"]


def _login_url(url, method, data):
    full_path = f"{url}?{urlencode(data, doseq=True)}" if method == "get" and data else url
    return f"{reverse('account_login')}?{urlencode({'next': full_path}, safe='/')}"


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("role", ROLES)
def test_editing_pages_by_role(client, plans, network, role_users, role, case):
    url_name, target, method, make_data, allowed, changed = CASES[case]
    url = reverse(f"plans:{url_name}", args=_args(target, plans, network))
    data = make_data(plans) if make_data else None
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    before = snapshot()

    response = getattr(client, method)(url, data)

    if role == "anonyme":
        assert response.status_code == 302
        assert response.url == _login_url(url, method, data)
        assert snapshot() == before
    elif role not in allowed:
        assert response.status_code == 403
        assert _refusal_message(url_name) in response.content.decode()
        assert snapshot() == before
    elif method == "get" or changed is None:
        assert response.status_code == 200, response.content.decode()[:3000]
        assert snapshot() == before
    else:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert changed(plans)
        assert snapshot() != before


# The members-only plan of Hochelaga: its existence does not leak -------------------------


@pytest.fixture
def hidden_action(plans, network):
    return actions.save_action(
        network.other_coordinator,
        plans.hidden,
        None,
        {
            "title": "Action interne",
            "action_type": ActionType.objects.get(code="concertation"),
            "lead": network.maison,
            "status": ActionStatus.PLANNED,
            "progress": 10,
        },
    )


HIDDEN_CASES = [
    ("plan_edit", "plan", lambda p, a: plan_data(p.hidden, title="Détourné")),
    (
        "portrait_edit",
        "plan",
        lambda p, a: portrait_data(p.hidden, new_findings=[{"system": "1", "text": "X"}]),
    ),
    ("objectives_edit", "plan", lambda p, a: objectives_data(p.hidden)),
    ("action_create", "plan", lambda p, a: action_data(p.hidden, title="Détournée")),
    (
        "plan_evaluation",
        "plan",
        lambda p, a: evaluation_data(p.hidden, **{"evaluation-evaluation_worked": "X"}),
    ),
    ("next_cycle", "plan", lambda p, a: {"title": "Détourné", "start_year": "2028", "end_year": "2031"}),
    ("plan_history", "plan", None),
    ("edit_row", "plan+constats", None),
    ("contributor_search", "plan", None),
    ("action_edit", "action", lambda p, a: action_data(p.hidden, a, title="Détournée")),
    ("action_progress", "action", lambda p, a: progress_data(a, **{"avancement-progress": "99"})),
    ("action_delete", "action", lambda p, a: {}),
]
OUTSIDE_HOCHELAGA = ["membre", "coordonnateur", "editeur"]
HOCHELAGA = ["coordonnateur_autre", "administrateur"]


def _hidden_args(target, plans, action):
    if target == "plan":
        return [plans.hidden.pk]
    if target == "plan+constats":
        return [plans.hidden.pk, "constats"]
    return [action.pk]


@pytest.mark.parametrize(("url_name", "target", "make_data"), HIDDEN_CASES, ids=[c[0] for c in HIDDEN_CASES])
@pytest.mark.parametrize("role", ["anonyme", *OUTSIDE_HOCHELAGA, *HOCHELAGA])
def test_members_only_plan_is_not_found_outside_its_partnership(
    client, plans, hidden_action, role_users, role, url_name, target, make_data
):
    url = reverse(f"plans:{url_name}", args=_hidden_args(target, plans, hidden_action))
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    before = snapshot()

    get = client.get(url)
    post = None
    if make_data and role not in HOCHELAGA:
        post = client.post(url, make_data(plans, hidden_action))

    if role == "anonyme":
        assert get.status_code == 302 and get.url == _login_url(url, "get", None)
        if post is not None:
            assert post.status_code == 302
    elif role in OUTSIDE_HOCHELAGA:
        assert get.status_code == 404
        html = get.content.decode()
        assert "Plan interne Hochelaga" not in html and "Action interne" not in html
        if post is not None:
            assert post.status_code == 404
    else:
        assert get.status_code == 200
    assert snapshot() == before


def test_a_person_working_for_a_hochelaga_member_sees_the_history_but_cannot_edit(
    client, plans, network, make_user
):
    from partners.models import Affiliation

    worker = make_user("intervenante@maison.example")
    Affiliation.objects.create(user=worker, organisation=network.maison)
    client.force_login(worker)
    assert client.get(reverse("plans:plan_history", args=[plans.hidden.pk])).status_code == 200
    assert client.get(reverse("plans:plan_edit", args=[plans.hidden.pk])).status_code == 403


def test_unknown_plan_and_action_are_not_found_in_french(client, network):
    client.force_login(network.admin)
    response = client.get(reverse("plans:plan_edit", args=[999999]))
    assert response.status_code == 404
    assert "Aucun plan d&#x27;action ne porte le numéro 999999." in response.content.decode()
    assert client.get(reverse("plans:action_progress", args=[999999])).status_code == 404
    assert client.get(reverse("plans:stage_change", args=[999999])).status_code == 404


def test_inactive_partnership_plans_cannot_be_edited(client, plans, network):
    network.rimouski.is_active = False
    network.rimouski.save()
    client.force_login(network.coordinator)
    assert client.get(reverse("plans:plan_edit", args=[plans.plan.pk])).status_code == 404
    assert client.get(reverse("plans:stage_change", args=[network.rimouski.pk])).status_code == 404


def test_member_may_not_follow_up_once_no_longer_affiliated(client, plans, network):
    from partners.models import Affiliation

    Affiliation.objects.filter(user=network.member).delete()
    client.force_login(network.member)
    assert client.get(reverse("plans:action_progress", args=[plans.workshops.pk])).status_code == 403
