"""Réinvestissement: a coordinator adapts a library item or another plan's action into their
own plan; both sides show the lineage; lists sort by reuse."""

from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.http import Forbidden, NotFound
from library.actions.reuse import reinvest
from library.models import LibraryItem, Reinvestment
from plans import actions as plan_actions
from plans.models import Action, ActionStatus, Objective, PlanStatus, Visibility
from search.models import Document
from search.query import search
from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, System

pytestmark = pytest.mark.django_db

ROLES = ["anonyme", "membre", "coordonnateur", "coordonnateur_autre", "editeur", "administrateur"]
NOT_A_COORDINATOR = "Seuls les coordonnateurs d&#x27;un regroupement peuvent réinvestir"
NOT_THIS_PLAN = "Seuls les coordonnateurs du regroupement peuvent réinvestir une expérience dans ce plan."


# Data ------------------------------------------------------------------------------------------


@pytest.fixture
def hochelaga(plans, network):
    """A public plan of Hochelaga, with an intended change sharing a factor with the learning."""
    coordinator = network.other_coordinator
    plan = plan_actions.create_plan(
        coordinator,
        network.montreal,
        title="Plan Hochelaga 2025–2028",
        start_year=2025,
        end_year=2028,
        status=PlanStatus.IN_PROGRESS,
        visibility=Visibility.PUBLIC,
    )
    milieux = plan_actions.save_plan_item(
        coordinator,
        Objective(plan=plan, system=System.objects.get(code="communaute"), title="Des milieux accueillants"),
        m2m={"protective_factors": [ProtectiveFactor.objects.get(code="soutien-social-environnements")]},
    )
    lecture = plan_actions.save_plan_item(
        coordinator,
        Objective(plan=plan, system=System.objects.get(code="famille"), title="Lire en famille"),
        m2m={"protective_factors": [ProtectiveFactor.objects.get(code="pratiques-parentales")]},
    )
    table = plan_actions.save_action(
        coordinator,
        plan,
        None,
        {
            "title": "Table de quartier des familles",
            "description": "Une table où les parents et les organismes se rencontrent chaque mois.",
            "action_type": ActionType.objects.get(code="concertation"),
            "lead": network.maison,
            "status": ActionStatus.IN_PROGRESS,
        },
        {
            "objectives": [milieux],
            "age_periods": [AgePeriod.objects.get(code="0-1")],
            "populations": [Population.objects.get(code="immigrantes")],
        },
    )

    class Hochelaga:
        pass

    h = Hochelaga()
    h.plan, h.milieux, h.lecture, h.table = plan, milieux, lecture, table
    return h


@pytest.fixture
def hidden_action(plans, network):
    """An action of Hochelaga's members-only plan."""
    return plan_actions.save_action(
        network.other_coordinator,
        plans.hidden,
        None,
        {"title": "Halte-répit interne", "action_type": ActionType.objects.get(code="concertation")},
    )


def form_data(plan, lead, **overrides):
    """The reinvestment form as the browser sends it."""
    data = {
        "plan": str(plan.pk),
        "title": "Ateliers d'éveil à la lecture à Rimouski",
        "description": "Huit ateliers à la bibliothèque de quartier.",
        "action_type": str(ActionType.objects.get(code="soutien-parental").pk),
        "lead": str(lead.pk),
        "age_periods": [str(AgePeriod.objects.get(code="2-3").pk)],
        "populations": [],
        "objectives": [],
        "start_date": "2026-09-01",
        "end_date": "",
        "adapted": "Huit ateliers au lieu de dix, le samedi matin.",
        "reason": "Nos familles travaillent en semaine.",
    }
    data.update(overrides)
    return data


def item_url(item, plan=None):
    url = reverse("library:reinvest_item", args=[item.pk])
    return f"{url}?plan={plan.pk}" if plan else url


def action_url(action, plan=None):
    url = reverse("library:reinvest_action", args=[action.pk])
    return f"{url}?plan={plan.pk}" if plan else url


def login_url(url):
    return f"{reverse('account_login')}?{urlencode({'next': url}, safe='/')}"


def counts():
    return Action.objects.count(), Reinvestment.objects.count()


def as_role(client, role_users, role):
    if role_users[role] is not None:
        client.force_login(role_users[role])
    return role_users[role]


# Who may reinvest -------------------------------------------------------------------------------

# Into Rimouski's plan: its coordinator and administrators only.
INTO_RIMOUSKI = {
    "anonyme": "login",
    "membre": NOT_A_COORDINATOR,
    "coordonnateur": "ok",
    "coordonnateur_autre": NOT_THIS_PLAN,
    "editeur": NOT_A_COORDINATOR,
    "administrateur": "ok",
}


def _check_refusal(response, expected, url, before):
    if expected == "login":
        assert response.status_code == 302
        assert response.url == login_url(url)
    else:
        assert response.status_code == 403
        assert expected in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("role", ROLES)
def test_reinvesting_an_item_by_role(client, plans, library, network, role_users, role):
    user = as_role(client, role_users, role)
    url = item_url(library.learning, plans.plan)
    before = counts()

    response = client.get(url)
    expected = INTO_RIMOUSKI[role]
    if expected != "ok":
        _check_refusal(response, expected, url, before)
    else:
        assert response.status_code == 200
        assert "Réinvestir dans votre plan d'action" in response.content.decode()

    url = item_url(library.learning)
    response = client.post(url, form_data(plans.plan, network.cpe))
    if expected != "ok":
        _check_refusal(response, expected, url, before)
        return
    reinvestment = Reinvestment.objects.get()
    assert response.status_code == 302
    assert response.url == reinvestment.action.get_absolute_url()
    assert reinvestment.source_item_id == library.learning.pk
    assert reinvestment.source_action is None
    assert reinvestment.partnership == network.rimouski
    assert reinvestment.created_by == user
    assert reinvestment.action.plan == plans.plan
    assert reinvestment.action.history.first().history_user == user


@pytest.mark.parametrize("role", ROLES)
def test_reinvesting_an_action_by_role(client, plans, hochelaga, network, role_users, role):
    as_role(client, role_users, role)
    url = action_url(hochelaga.table, plans.plan)
    before = counts()

    response = client.get(url)
    expected = INTO_RIMOUSKI[role]
    if expected != "ok":
        _check_refusal(response, expected, url, before)
    else:
        assert response.status_code == 200

    url = action_url(hochelaga.table)
    response = client.post(url, form_data(plans.plan, network.clsc, title="Table des familles de Rimouski"))
    if expected != "ok":
        _check_refusal(response, expected, url, before)
        return
    assert response.status_code == 302
    reinvestment = Reinvestment.objects.get()
    assert reinvestment.source_action == hochelaga.table
    assert reinvestment.action.title == "Table des familles de Rimouski"
    assert reinvestment.action.lead == network.clsc
    # A reinvestment is not a copy for the next cycle.
    assert reinvestment.action.copied_from is None


# The action of a members-only plan exists only for its partnership's people.
HIDDEN_SOURCE = {
    "anonyme": "login",
    "membre": 404,
    "coordonnateur": 404,
    "coordonnateur_autre": "ok",
    "editeur": 404,
    "administrateur": "ok",
}


@pytest.mark.parametrize("role", ROLES)
def test_a_members_only_action_is_unknown_to_outsiders(client, hochelaga, hidden_action, role_users, role):
    as_role(client, role_users, role)
    before = counts()
    expected = HIDDEN_SOURCE[role]
    url = action_url(hidden_action)
    response = client.get(url)
    if expected == "login":
        assert response.status_code == 302 and response.url == login_url(url)
    elif expected == 404:
        assert response.status_code == 404
        assert f"Aucune action ne porte le numéro {hidden_action.pk}." in response.content.decode()
        assert "Halte-répit interne" not in response.content.decode()
    else:
        assert response.status_code == 200
        assert "Halte-répit interne" in response.content.decode()

    response = client.post(url, form_data(hochelaga.plan, hochelaga.plan.partnership.organisations.first()))
    if expected != "ok":
        assert response.status_code in (302, 404)
        assert counts() == before
    else:
        assert response.status_code == 302
        assert Reinvestment.objects.get().source_action == hidden_action


def test_the_action_refuses_whoever_does_not_coordinate_the_plan(plans, library, network):
    changes = {"title": "Essai", "action_type": ActionType.objects.first(), "lead": network.cpe}
    for user in (network.member, network.other_coordinator, network.editor):
        with pytest.raises(Forbidden):
            reinvest(user, library.learning, plans.plan, changes=changes)
    assert counts() == (2, 0)


def test_the_action_does_not_reveal_a_hidden_source_or_an_unpublished_item(
    plans, library, network, hidden_action
):
    changes = {"title": "Essai", "action_type": ActionType.objects.first(), "lead": network.cpe}
    with pytest.raises(NotFound):
        reinvest(network.coordinator, hidden_action, plans.plan, changes=changes)
    library.tool.unpublish()
    with pytest.raises(NotFound):
        reinvest(network.coordinator, library.tool, plans.plan, changes=changes)
    assert Reinvestment.objects.count() == 0


def test_an_action_is_not_reinvested_into_its_own_plan(client, plans, network):
    changes = {"title": "Essai", "action_type": ActionType.objects.first(), "lead": network.cpe}
    with pytest.raises(ValidationError) as refused:
        reinvest(network.coordinator, plans.workshops, plans.plan, changes=changes)
    assert "choisissez un autre plan" in refused.value.message_dict["plan"][0]

    client.force_login(network.coordinator)
    before = counts()
    response = client.get(action_url(plans.workshops, plans.plan))
    assert response.status_code == 400
    assert "Cette action fait déjà partie de ce plan : choisissez un autre plan pour la réinvestir." in (
        response.content.decode()
    )
    response = client.post(action_url(plans.workshops), form_data(plans.plan, network.cpe))
    assert response.status_code == 400
    assert counts() == before


def test_the_lead_must_be_an_active_member_of_the_partnership(plans, library, network):
    changes = {"title": "Essai", "action_type": ActionType.objects.first(), "lead": network.maison}
    with pytest.raises(ValidationError) as refused:
        reinvest(network.coordinator, library.learning, plans.plan, changes=changes)
    assert refused.value.message_dict["lead"] == [
        "L'organisme porteur doit être un membre actif du regroupement."
    ]
    assert counts() == (2, 0)


# The form ---------------------------------------------------------------------------------------


def test_the_form_is_pre_filled_from_the_item(client, plans, library, network):
    soutien = ActionType.objects.get(code="soutien-parental")
    LibraryItem.action_types.through.objects.create(libraryitem_id=library.learning.pk, actiontype=soutien)
    client.force_login(network.coordinator)
    # The coordinator's only plan is chosen without asking.
    response = client.get(item_url(library.learning))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["title"] == "Ateliers parents-enfants d'éveil à la lecture"
    assert form.initial["description"].startswith("Dix ateliers à la bibliothèque municipale")
    assert "Les éducatrices du CPE animent les ateliers" in form.initial["description"]
    assert form.initial["action_type"] == soutien.pk
    # The CPE signed the learning and is a member of Rimouski's partnership.
    assert form.initial["lead"] == network.cpe.pk
    assert form.initial["age_periods"] == [AgePeriod.objects.get(code="2-3").pk]
    # The intended change sharing « pratiques parentales » with the learning is ticked.
    assert form.initial["objectives"] == [plans.parents.pk]
    page = response.content.decode()
    assert "Prévoir une halte-garderie pour les plus jeunes." in page  # the source's reuse advice
    assert f'<input type="hidden" name="plan" value="{plans.plan.pk}">' in page
    assert 'name="adapted"' in page and 'name="reason"' in page


def test_the_form_is_pre_filled_from_the_action(client, plans, hochelaga, network):
    client.force_login(network.other_coordinator)
    response = client.get(action_url(plans.workshops, hochelaga.plan))
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["title"] == plans.workshops.title
    assert initial["description"] == "Dix ateliers par année à la bibliothèque."
    assert initial["action_type"] == plans.workshops.action_type_id
    # The CPE led the source but is not a member in Hochelaga.
    assert initial["lead"] is None
    assert initial["populations"] == [Population.objects.get(code="defavorisation").pk]
    assert initial["objectives"] == [hochelaga.lecture.pk]


def test_errors_keep_what_was_typed(client, plans, library, network):
    client.force_login(network.coordinator)
    before = counts()
    data = form_data(
        plans.plan,
        network.maison,  # not a member of Rimouski's partnership
        title="",
        objectives=[str(plans.language.pk), "999999"],
        start_date="2026-09-01",
        end_date="2026-01-01",
        adapted="Notre adaptation tapée avec soin.",
    )
    response = client.post(item_url(library.learning), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Inscrivez le titre de l&#x27;action." in page
    assert "L&#x27;organisme porteur doit être un membre actif du regroupement." in page
    assert "Ce changement visé n&#x27;appartient pas à ce plan." in page
    assert "La date de fin doit être la même que la date de début ou plus tard." in page
    assert "Notre adaptation tapée avec soin." in page
    assert "Huit ateliers à la bibliothèque de quartier." in page
    assert 'class="error-summary"' in page
    assert counts() == before


def test_an_objective_of_another_plan_is_refused(client, plans, library, hochelaga, network):
    client.force_login(network.coordinator)
    response = client.post(
        item_url(library.learning), form_data(plans.plan, network.cpe, objectives=[str(hochelaga.milieux.pk)])
    )
    assert response.status_code == 200
    assert "Ce changement visé n&#x27;appartient pas à ce plan." in response.content.decode()
    assert counts() == (3, 0)


def test_too_long_notes_are_refused(client, plans, library, network):
    client.force_login(network.coordinator)
    response = client.post(item_url(library.learning), form_data(plans.plan, network.cpe, reason="x" * 5001))
    assert response.status_code == 200
    assert "Ce texte est trop long : 5\u00a0000 caractères au plus." in response.content.decode()
    assert Reinvestment.objects.count() == 0


def test_a_saved_reinvestment_keeps_the_notes_and_the_links(client, plans, library, network):
    client.force_login(network.coordinator)
    data = form_data(plans.plan, network.cpe, objectives=[str(plans.parents.pk)])
    response = client.post(item_url(library.learning), data, follow=True)
    assert response.status_code == 200
    reinvestment = Reinvestment.objects.get()
    action = reinvestment.action
    assert action.title == "Ateliers d'éveil à la lecture à Rimouski"
    assert action.action_type.code == "soutien-parental"
    assert list(action.objectives.all()) == [plans.parents]
    assert [p.code for p in action.age_periods.all()] == ["2-3"]
    assert action.start_date.isoformat() == "2026-09-01"
    assert reinvestment.adapted == "Huit ateliers au lieu de dix, le samedi matin."
    assert reinvestment.reason == "Nos familles travaillent en semaine."
    page = response.content.decode()
    assert "a été ajoutée au plan « Plan d&#x27;action concerté 2024–2027 »" in page


# Choosing the plan ----------------------------------------------------------------------------


def test_a_coordinator_with_several_plans_chooses_one(client, plans, library, network):
    plan_actions.create_plan(
        network.coordinator, network.rimouski, title="Plan 2027–2030", start_year=2027, end_year=2030
    )
    client.force_login(network.coordinator)
    response = client.get(item_url(library.learning))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dans quel plan ajouter l'action?" in page
    assert "Plan 2027–2030" in page and "Plan d&#x27;action concerté 2024–2027" in page
    # A plan of another partnership is not offered.
    assert "Plan interne Hochelaga" not in page
    response = client.get(item_url(library.learning, plans.plan))
    assert "Choisir un autre plan" in response.content.decode()


def test_a_coordinator_without_a_plan_is_offered_to_start_one(client, library, network):
    client.force_login(network.coordinator)
    response = client.get(item_url(library.learning))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Votre regroupement n'a pas encore de plan d'action." in page
    assert reverse("plans:plan_create", args=[network.rimouski.pk]) in page


def test_an_administrator_names_any_plan_by_its_number(client, plans, library, hochelaga, network):
    client.force_login(network.admin)
    response = client.get(item_url(library.learning))
    assert response.status_code == 200
    assert "Numéro du plan d'action" in response.content.decode()
    response = client.get(item_url(library.learning, hochelaga.plan))
    assert response.status_code == 200
    assert response.context["plan"] == hochelaga.plan


@pytest.mark.parametrize(
    ("value", "status"),
    [("abc", 400), ("-3", 400), ("99999999999999999999999", 400), ("987654", 404)],
)
def test_a_bad_plan_number_is_a_clear_page(client, plans, library, network, value, status):
    client.force_login(network.coordinator)
    response = client.get(f"{item_url(library.learning)}?plan={value}")
    assert response.status_code == status
    if status == 400:
        assert "Choisissez un des plans de la liste." in response.content.decode()
    else:
        assert "Aucun plan d&#x27;action ne porte le numéro 987654." in response.content.decode()


def test_a_members_only_plan_of_another_partnership_is_not_found(client, plans, library, network):
    client.force_login(network.coordinator)
    response = client.get(item_url(library.learning, plans.hidden))
    assert response.status_code == 404
    assert "Plan interne Hochelaga" not in response.content.decode()


def test_an_unpublished_or_unknown_item_is_not_found(client, plans, library, network):
    client.force_login(network.coordinator)
    library.tool.unpublish()
    assert client.get(item_url(library.tool)).status_code == 404
    assert client.get(reverse("library:reinvest_item", args=[library.french_index.pk])).status_code == 404
    assert client.get(reverse("library:reinvest_item", args=[987654])).status_code == 404


def test_the_english_form(client, plans, library, network):
    client.force_login(network.coordinator)
    url = f"/en{item_url(library.learning)}"
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


# Lineage on both sides --------------------------------------------------------------------------


def _reinvest_item(user, item, plan, lead, title="Adaptation", **notes):
    changes = {"title": title, "action_type": ActionType.objects.get(code="soutien-parental"), "lead": lead}
    return reinvest(user, item, plan, changes=changes, **notes)


def test_the_item_page_shows_who_reinvested_it(client, plans, library, hochelaga, network):
    _reinvest_item(network.coordinator, library.learning, plans.plan, network.cpe, title="Lecture à Rimouski")
    _reinvest_item(
        network.other_coordinator, library.learning, hochelaga.plan, network.maison, title="Lecture HM"
    )
    _reinvest_item(
        network.other_coordinator,
        library.learning,
        plans.hidden,
        network.maison,
        title="Lecture interne",
        adapted="En créole haïtien.",
    )
    page = client.get(library.learning.url).content.decode()
    assert "Réinvesti par 2 regroupements" in page
    assert "Lecture à Rimouski" in page and "Lecture HM" in page
    # The members-only plan's action is counted but not named.
    assert "Lecture interne" not in page
    assert (
        "1 réinvestissement dans un plan réservé aux membres de son regroupement n'est pas affiché." in page
    )

    client.force_login(network.other_coordinator)
    page = client.get(library.learning.url).content.decode()
    assert "Lecture interne" in page
    assert "Ce qui a été adapté : En créole haïtien." in page
    assert "n'est pas affiché" not in page


def test_an_item_never_reinvested_says_so(client, library):
    page = client.get(library.tool.url).content.decode()
    assert "Aucun regroupement n'a encore réinvesti cet élément dans son plan d'action." in page


@pytest.mark.parametrize("role", ROLES)
def test_the_reinvest_button_on_the_item_page_by_role(client, plans, library, role_users, role):
    as_role(client, role_users, role)
    page = client.get(library.learning.url).content.decode()
    button = reverse("library:reinvest_item", args=[library.learning.pk])
    if role in ("coordonnateur", "coordonnateur_autre", "administrateur"):
        assert f'href="{button}"' in page
        assert "Réinvestir dans mon plan" in page
    else:
        assert button not in page
        if role == "anonyme":
            assert "Connectez-vous</a> pour réinvestir" in page
        else:
            assert "Seuls les coordonnateurs d'un regroupement peuvent réinvestir cet élément" in page


def test_the_action_pages_show_both_sides(client, plans, library, hochelaga, network):
    from_item = _reinvest_item(
        network.coordinator,
        library.learning,
        plans.plan,
        network.cpe,
        adapted="Le samedi.",
        reason="Horaires.",
    )
    from_action = reinvest(
        network.coordinator,
        hochelaga.table,
        plans.plan,
        changes={
            "title": "Table de Rimouski",
            "action_type": hochelaga.table.action_type,
            "lead": network.clsc,
        },
    )
    page = client.get(from_item.action.get_absolute_url()).content.decode()
    assert "Réinvestissement entre regroupements" in page
    assert f'Inspirée de <a href="{library.learning.url}">Ateliers parents-enfants' in page
    assert "Réinvestie par Regroupement Naître et grandir à Rimouski le" in page
    assert "Le samedi." in page and "Horaires." in page
    # The next cycle's « copied from » lineage is the plans app's own section, absent here.
    assert 'id="filiation-titre"' not in page

    page = client.get(from_action.action.get_absolute_url()).content.decode()
    assert f'Inspirée de l\'action <a href="{hochelaga.table.get_absolute_url()}">' in page

    page = client.get(hochelaga.table.get_absolute_url()).content.decode()
    assert "Réinvestie par 1 regroupement" in page
    assert "Table de Rimouski" in page


def test_one_rule_says_who_sees_a_reinvestment(plans, library, network, hochelaga, hidden_action):
    """Visible when both the new action's plan and the source are: the lineage of a source
    and the contributions pages count and list by the same rule."""
    from django.contrib.auth.models import AnonymousUser

    from library import reuse

    shared = plan_actions.save_action(
        network.other_coordinator,
        hochelaga.plan,
        None,
        {"title": "Ateliers partagés", "action_type": ActionType.objects.get(code="concertation")},
    )
    public = Reinvestment.objects.create(
        source_item=library.learning, action=shared, partnership=network.montreal
    )
    into_hidden = Reinvestment.objects.create(
        source_item=library.learning, action=hidden_action, partnership=network.montreal
    )
    from_hidden = Reinvestment.objects.create(
        source_action=hidden_action, action=hochelaga.table, partnership=network.montreal
    )
    anonymous = AnonymousUser()
    assert set(Reinvestment.objects.visible_to(anonymous)) == {public}
    assert set(Reinvestment.objects.visible_to(network.other_coordinator)) == {
        public,
        into_hidden,
        from_hidden,
    }
    lineage = reuse.lineage(library.learning, anonymous)
    assert (lineage.total, lineage.visible_count, lineage.shown) == (2, 1, [public])
    assert list(reuse.visible_reinvestments(hidden_action, network.other_coordinator)) == [from_hidden]


def test_an_action_from_a_hidden_source_does_not_name_it(client, plans, hochelaga, hidden_action, network):
    made = reinvest(
        network.other_coordinator,
        hidden_action,
        hochelaga.plan,
        changes={
            "title": "Halte-répit ouverte",
            "action_type": hidden_action.action_type,
            "lead": network.maison,
        },
    )
    page = client.get(made.action.get_absolute_url()).content.decode()
    assert "Inspirée d'une action d'un plan réservé aux membres de son regroupement." in page
    assert "Halte-répit interne" not in page
    client.force_login(network.other_coordinator)
    page = client.get(made.action.get_absolute_url()).content.decode()
    assert "Halte-répit interne" in page


def test_the_next_cycle_copy_keeps_its_own_lineage(client, plans, network):
    plan_actions.start_next_cycle(network.coordinator, plans.plan, start_year=2027, end_year=2030)
    copy = Action.objects.get(copied_from=plans.workshops)
    page = client.get(copy.get_absolute_url()).content.decode()
    assert 'id="filiation-titre"' in page
    # No reinvestment: the library's section is not shown to a visitor.
    assert "Réinvestissement entre regroupements" not in page


def test_an_action_page_without_lineage_offers_coordinators_to_reinvest(client, plans, network):
    page = client.get(plans.stimulation.get_absolute_url()).content.decode()
    assert "Réinvestissement entre regroupements" not in page
    client.force_login(network.other_coordinator)
    page = client.get(plans.stimulation.get_absolute_url()).content.decode()
    assert reverse("library:reinvest_action", args=[plans.stimulation.pk]) in page


# Sorting by reuse -----------------------------------------------------------------------------


def test_a_reinvested_item_comes_first_when_sorted_by_reuse(
    plans, library, hochelaga, network, django_capture_on_commit_callbacks
):
    kinds = {"type": ["apprentissage", "outil", "publication", "actualite"]}
    before = search("", filters=kinds, sort="reuse")
    assert before.hits[0].document.object_id != library.tool.pk
    with django_capture_on_commit_callbacks(execute=True):
        _reinvest_item(network.coordinator, library.tool, plans.plan, network.cpe)
    with django_capture_on_commit_callbacks(execute=True):
        _reinvest_item(network.other_coordinator, library.tool, hochelaga.plan, network.maison)
    assert Document.objects.get(type="library", object_id=library.tool.pk).reuse_count == 2
    after = search("", filters=kinds, sort="reuse")
    assert after.hits[0].document.object_id == library.tool.pk
    # The new action is found too, as a second copy of the same answer (same title).
    found = search("Adaptation", filters={"type": ["action"]})
    assert found.count == 1
    assert found.hits[0].copies == 2


def test_a_reinvested_action_is_indexed_again(plans, hochelaga, network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reinvest(
            network.coordinator,
            hochelaga.table,
            plans.plan,
            changes={"title": "Table", "action_type": hochelaga.table.action_type, "lead": network.cpe},
        )
    assert Document.objects.get(type="action", object_id=hochelaga.table.pk).reuse_count == 1
    first = search("", filters={"type": ["action"]}, sort="reuse").hits[0]
    assert first.document.object_id == hochelaga.table.pk


# Constant numbers of queries ---------------------------------------------------------------------


def _grow(library, plans, network, how_many):
    """``how_many`` plans of Rimouski, each with one action reinvested from the learning and one
    from the workshops, half of them members only."""
    for n in range(how_many):
        plan = plan_actions.create_plan(
            network.coordinator,
            network.rimouski,
            title=f"Plan {n}",
            start_year=2010 + n,
            end_year=2012 + n,
            visibility=Visibility.PUBLIC if n % 2 else Visibility.MEMBERS,
        )
        _reinvest_item(network.coordinator, library.learning, plan, network.cpe, title=f"Lecture {n}")
        reinvest(
            network.coordinator,
            plans.workshops,
            plan,
            changes={
                "title": f"Ateliers {n}",
                "action_type": plans.workshops.action_type,
                "lead": network.cpe,
            },
            adapted=f"Adaptation {n}",
        )


def _queries(client, urls):
    result = {}
    for url in urls:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, url
        result[url] = len(context.captured_queries)
    return result


def test_pages_cost_the_same_number_of_queries_whatever_the_reuse(client, plans, library, network):
    _grow(library, plans, network, 1)
    reinvested = Reinvestment.objects.filter(source_action=plans.workshops).first().action
    urls = [
        library.learning.url,
        plans.workshops.get_absolute_url(),
        reinvested.get_absolute_url(),
        item_url(library.learning, plans.plan),
        action_url(reinvested, plans.plan),
    ]
    client.force_login(network.coordinator)
    client.get(library.learning.url)  # the session's first use
    small = _queries(client, urls)
    _grow(library, plans, network, 12)
    large = _queries(client, urls)
    assert large == small
    page = client.get(library.learning.url).content.decode()
    assert "Réinvesti par 1 regroupement" in page
    assert "Lecture 11" in page
    page = client.get(plans.workshops.get_absolute_url()).content.decode()
    assert "Réinvestie par 1 regroupement" in page
