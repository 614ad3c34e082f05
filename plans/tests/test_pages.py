"""Public pages of the plans: the filtered list, a plan with its sections, an action."""

import datetime
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Affiliation
from plans import actions as plan_actions
from plans.models import (
    Action,
    ActionStatus,
    Finding,
    Indicator,
    Objective,
    PlanStatus,
    Priority,
    Visibility,
)
from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, System

pytestmark = pytest.mark.django_db

PLANS = "/plans/"


def text(response):
    return unescape(response.content.decode())


def titles(response):
    return [p.title for p in response.context["listing"].page.object_list]


def facet(response, name):
    facets = {f.name: f for f in response.context["listing"].facets}
    return {o.value: o.count for o in facets[name].options}


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def factor(code):
    return ProtectiveFactor.objects.get(code=code)


def system(code):
    return System.objects.get(code=code)


@pytest.fixture
def montreal_plan(plans, network):
    """A finished public plan for Hochelaga, on the community system."""
    coordinator = network.other_coordinator
    plan = plan_actions.create_plan(
        coordinator,
        network.montreal,
        title="Plan Hochelaga 2021–2023",
        start_year=2021,
        end_year=2023,
        status=PlanStatus.DONE,
        visibility=Visibility.PUBLIC,
    )
    access = plan_actions.save_plan_item(
        coordinator,
        Objective(plan=plan, system=system("communaute"), title="Les familles trouvent les services"),
        m2m={"protective_factors": [factor("accessibilite-continuite")]},
    )
    plan_actions.save_action(
        coordinator,
        plan,
        None,
        {
            "title": "Passerelle vers la maternelle",
            "action_type": ActionType.objects.get(code="transition-scolaire"),
            "lead": network.maison,
            "budget": Decimal("8000"),
        },
        {
            "objectives": [access],
            "age_periods": [AgePeriod.objects.get(code="transition-scolaire")],
            "populations": [Population.objects.get(code="immigrantes")],
        },
    )
    return plan


# The list ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, sees_hidden",
    [
        ("anonyme", False),
        ("membre", False),
        ("coordonnateur", False),
        ("editeur", False),
        ("coordonnateur_autre", True),
        ("administrateur", True),
    ],
)
def test_list_shows_the_plans_each_role_may_see(client, plans, role_users, role, sees_hidden):
    response = login(client, role_users[role]).get(PLANS)
    assert response.status_code == 200
    expected = [plans.hidden.title, plans.plan.title] if sees_hidden else [plans.plan.title]
    assert titles(response) == expected
    html = text(response)
    assert ("Plan interne Hochelaga" in html) is sees_hidden
    assert "Réservé aux membres" in html if sees_hidden else "Réservé aux membres" not in html


def test_people_of_a_member_organisation_see_its_members_only_plan(client, plans, network, make_user):
    worker = make_user("intervenante@maison.example")
    Affiliation.objects.create(user=worker, organisation=network.maison)
    client.force_login(worker)
    assert plans.hidden.title in titles(client.get(PLANS))
    assert client.get(plans.hidden.get_absolute_url()).status_code == 200


def test_each_result_shows_partnership_region_period_status_and_actions(client, plans):
    html = text(client.get(PLANS))
    assert "1 plan d'action trouvé" in html
    assert f'<a href="/plans/{plans.plan.pk}/">Plan d\'action concerté 2024–2027</a>' in html
    assert "Regroupement Naître et grandir à Rimouski · Bas-Saint-Laurent" in html
    assert "Période : 2024–2027" in html
    assert "Statut : En cours" in html
    assert "2 actions" in html


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"region": "01"}, ["Plan d'action concerté 2024–2027"]),
        ({"region": ["01", "06"]}, ["Plan d'action concerté 2024–2027", "Plan Hochelaga 2021–2023"]),
        ({"year": "2022"}, ["Plan Hochelaga 2021–2023"]),
        ({"year": "2024"}, ["Plan d'action concerté 2024–2027"]),
        ({"year": ["2022", "2026"]}, ["Plan d'action concerté 2024–2027", "Plan Hochelaga 2021–2023"]),
        ({"year": "2028"}, []),
        ({"status": "termine"}, ["Plan Hochelaga 2021–2023"]),
        (
            {"status": ["en_cours", "termine"]},
            ["Plan d'action concerté 2024–2027", "Plan Hochelaga 2021–2023"],
        ),
        ({"status": "brouillon"}, []),
        ({"system": "communaute"}, ["Plan Hochelaga 2021–2023"]),
        ({"system": "famille"}, ["Plan d'action concerté 2024–2027"]),
        (
            {"system": ["famille", "communaute"]},
            ["Plan d'action concerté 2024–2027", "Plan Hochelaga 2021–2023"],
        ),
        ({"factor": "pratiques-parentales"}, ["Plan d'action concerté 2024–2027"]),
        ({"factor": "accessibilite-continuite"}, ["Plan Hochelaga 2021–2023"]),
        ({"factor": "niveau-socioeconomique"}, []),
        ({"action_type": "formation"}, ["Plan d'action concerté 2024–2027"]),
        (
            {"action_type": ["formation", "transition-scolaire"]},
            ["Plan d'action concerté 2024–2027", "Plan Hochelaga 2021–2023"],
        ),
        ({"age": "2-3"}, ["Plan d'action concerté 2024–2027"]),
        ({"age": "transition-scolaire"}, ["Plan Hochelaga 2021–2023"]),
        ({"population": "immigrantes"}, ["Plan Hochelaga 2021–2023"]),
        ({"population": "defavorisation"}, ["Plan d'action concerté 2024–2027"]),
        # AND across filters.
        ({"region": "01", "system": "communaute"}, []),
        (
            {"system": "enfant", "action_type": "formation", "year": "2025"},
            ["Plan d'action concerté 2024–2027"],
        ),
        (
            {"region": ["01", "06"], "status": "termine", "age": "transition-scolaire"},
            ["Plan Hochelaga 2021–2023"],
        ),
        ({"population": "immigrantes", "year": "2024"}, []),
    ],
)
def test_filters_or_within_and_across(client, montreal_plan, params, expected):
    assert titles(client.get(PLANS, params)) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("rimouski", ["Plan d'action concerté 2024–2027"]),
        ("NAITRE grandir", ["Plan d'action concerté 2024–2027"]),  # partnership name, folded
        ("Hochelaga-Maisonneuve", ["Plan Hochelaga 2021–2023"]),  # territory
        ("concerté", ["Plan d'action concerté 2024–2027"]),  # title, as typed
        ("2021", ["Plan Hochelaga 2021–2023"]),
        ("plan 2024", ["Plan d'action concerté 2024–2027"]),  # every word must match
        ("introuvable", []),
    ],
)
def test_text_filter_on_title_and_partnership(client, montreal_plan, query, expected):
    assert titles(client.get(PLANS, {"q": query})) == expected


def test_filters_do_not_change_the_action_count(client, plans):
    # A join on actions would count only the matching actions, or repeat the plan.
    response = client.get(PLANS, {"action_type": ["formation", "soutien-parental"], "age": "2-3"})
    (plan,) = response.context["listing"].page.object_list
    assert plan.action_count == 2


def test_facet_counts(client, montreal_plan, plans):
    everything = client.get(PLANS)
    assert facet(everything, "region")["01"] == 1 and facet(everything, "region")["06"] == 1
    assert facet(everything, "region")["13"] == 0
    assert facet(everything, "year") == {str(y): 1 for y in range(2021, 2028)}
    assert facet(everything, "status") == {"brouillon": 0, "adopte": 0, "en_cours": 1, "termine": 1}
    assert facet(everything, "system") == {"enfant": 1, "famille": 1, "communaute": 1}
    # Two actions serve the language factor: the plan counts once.
    assert facet(everything, "factor")["habiletes-langagieres"] == 1
    assert facet(everything, "action_type")["soutien-parental"] == 1
    assert facet(everything, "age")["transition-scolaire"] == 1
    assert facet(everything, "population")["immigrantes"] == 1

    # A facet's own filter does not narrow its counts; the other filters do.
    enfant = client.get(PLANS, {"system": "enfant"})
    assert facet(enfant, "system") == {"enfant": 1, "famille": 1, "communaute": 1}
    assert facet(enfant, "status") == {"brouillon": 0, "adopte": 0, "en_cours": 1, "termine": 0}
    assert facet(enfant, "year") == {str(y): 1 for y in range(2024, 2028)}
    assert facet(enfant, "region")["06"] == 0

    in_2022 = client.get(PLANS, {"year": "2022"})
    assert facet(in_2022, "year") == {str(y): 1 for y in range(2021, 2028)}
    assert facet(in_2022, "region") == {**facet(in_2022, "region"), "01": 0, "06": 1}
    html = text(in_2022)
    assert 'name="year" value="2022" checked' in html


def test_year_facet_counts_every_plan_covering_the_year(client, montreal_plan, plans, network):
    client.force_login(network.other_coordinator)
    years = facet(client.get(PLANS), "year")
    # 2025: the Rimouski plan (2024–2027) and the members-only plan (2025–2028).
    assert years == {
        "2021": 1,
        "2022": 1,
        "2023": 1,
        "2024": 1,
        "2025": 2,
        "2026": 2,
        "2027": 2,
        "2028": 1,
    }


@pytest.mark.parametrize(
    "params, message",
    [
        ({"region": "99"}, "« 99 » n'est pas un code de région connu."),
        ({"year": "1999"}, "« 1999 » n'est pas une année valide"),
        ({"year": "deux-mille"}, "n'est pas une année valide"),
        ({"status": "archive"}, "« archive » n'est pas un statut de plan connu."),
        ({"system": "planete"}, "« planete » n'est pas un système connu."),
        ({"factor": "chance"}, "« chance » n'est pas un facteur de protection connu."),
        ({"action_type": "magie"}, "« magie » n'est pas un type d'action connu."),
        ({"age": "12-13"}, "« 12-13 » n'est pas une période d'âge connue."),
        ({"population": "martiens"}, "« martiens » n'est pas une population connue."),
        ({"page": "deux"}, "Le numéro de page « deux » n'est pas un nombre."),
        ({"format": "pdf"}, "Le format « pdf » n'est pas offert : choisissez csv ou xlsx."),
    ],
)
def test_bad_input_is_a_french_400(client, plans, params, message):
    response = client.get(PLANS, params)
    assert response.status_code == 400
    assert message in text(response)


def test_page_out_of_range_is_a_french_404(client, plans, settings):
    response = client.get(PLANS, {"page": "5"})
    assert response.status_code == 404
    assert "La page 5 n'existe pas : cette liste compte 1 page(s)." in text(response)


def test_pagination_keeps_the_filters(client, montreal_plan, settings):
    settings.PAGE_SIZE = 1
    first = client.get(PLANS, {"region": ["01", "06"]})
    assert titles(first) == ["Plan d'action concerté 2024–2027"]
    assert "?region=01&amp;region=06&amp;page=2" in first.content.decode()
    assert titles(client.get(PLANS, {"region": ["01", "06"], "page": "2"})) == ["Plan Hochelaga 2021–2023"]


def test_htmx_request_gets_only_the_results(client, plans):
    response = client.get(PLANS, {"region": "01"}, HTTP_HX_REQUEST="true")
    html = text(response)
    assert html.lstrip().startswith('<div id="listing"')
    assert "<html" not in html
    # The download links follow the filters.
    assert "?region=01&amp;format=csv" in response.content.decode()


def test_english_pages(client, plans):
    listing = client.get("/en/plans/")
    assert listing.status_code == 200
    html = text(listing)
    assert '<html lang="en">' in html
    assert "Action plans" in html  # navigation
    assert "Language and communication skills" in html  # a facet option, in English
    assert f'href="/en/plans/{plans.plan.pk}/"' in html
    page = client.get(f"/en/plans/{plans.plan.pk}/")
    assert page.status_code == 200
    assert '<html lang="en">' in text(page)
    assert "Child" in text(page)
    assert client.get(f"/en/actions/{plans.workshops.pk}/").status_code == 200


# A plan --------------------------------------------------------------------------------


HIDDEN_ROLES = [
    ("anonyme", False),
    ("membre", False),
    ("coordonnateur", False),
    ("editeur", False),
    ("coordonnateur_autre", True),
    ("administrateur", True),
]


@pytest.mark.parametrize("role, sees_hidden", HIDDEN_ROLES)
def test_members_only_plan_page_is_a_404_for_outsiders(client, plans, role_users, role, sees_hidden):
    client = login(client, role_users[role])
    assert client.get(plans.plan.get_absolute_url()).status_code == 200
    response = client.get(plans.hidden.get_absolute_url())
    if sees_hidden:
        assert response.status_code == 200
        assert "Plan interne Hochelaga 2025–2028" in text(response)
        assert "Membres du regroupement seulement" in text(response)
    else:
        assert response.status_code == 404
        # The same message as for a plan that does not exist: nothing is revealed.
        assert f"Aucun plan d'action ne porte le numéro {plans.hidden.pk}." in text(response)
        assert "Hochelaga" not in text(response)


def test_unknown_plan_is_a_french_404(client, plans):
    response = client.get("/plans/999999/")
    assert response.status_code == 404
    assert "Aucun plan d'action ne porte le numéro 999999." in text(response)
    assert client.get("/plans/abc/").status_code == 404


def test_plan_page_overview_portrait_objectives_and_actions(client, plans, network):
    plan_actions.change_stage(
        network.coordinator, network.rimouski, "planification", changed_on=datetime.date(2024, 3, 1)
    )
    response = client.get(plans.plan.get_absolute_url())
    html = text(response)
    assert "<h1>Plan d'action concerté 2024–2027</h1>" in html
    assert (
        f'<a href="{network.rimouski.get_absolute_url()}">Regroupement Naître et grandir à Rimouski</a>'
        in html
    )
    assert "Miser sur le langage et le soutien aux parents." in html
    assert "Planification" in html and "depuis le 1er mars 2024" in html
    # Portrait, per system.
    assert "27 % des enfants vulnérables en langage" in html and "source : EQDEM 2022" in html
    assert "Stimuler le langage dès 2 ans" in html
    # Objectives with their factors and actions.
    assert "Les parents lisent avec leurs enfants" in html
    assert (
        '<span class="tag">Attitudes parentales</span><span class="tag">Pratiques parentales</span>' in html
    )
    # Actions: link, lead, contributors, status, progress, dates and amounts.
    assert (
        f'<a href="/actions/{plans.workshops.pk}/">Ateliers parents-enfants d\'éveil à la lecture</a>' in html
    )
    assert "avec CLSC de Rimouski" in html
    assert "40 % réalisé" in html
    assert 'value="40"' in html
    assert "du 1er septembre 2024 au 30 juin 2026" in html
    assert "à partir du 15 janvier 2025" in html
    assert "12\xa0000\xa0$" in html and "3\xa0000\xa0$" in html
    assert "17\xa0000\xa0$" in html  # total budget
    assert response.context["can_edit"] is False


def test_coordinators_are_told_they_may_edit(client, plans, network):
    client.force_login(network.coordinator)
    assert client.get(plans.plan.get_absolute_url()).context["can_edit"] is True
    client.force_login(network.member)
    assert client.get(plans.plan.get_absolute_url()).context["can_edit"] is False


def test_coverage_matrix(client, plans):
    response = client.get(plans.plan.get_absolute_url())
    matrix = response.context["report"].matrix
    assert [s.code for s in matrix.systems] == ["enfant", "famille", "communaute"]
    assert [g.system.code for g in matrix.groups] == ["enfant", "famille", "communaute"]
    assert [len(g.rows) for g in matrix.groups] == [4, 3, 3]
    covered = {
        (cell.factor.code, cell.system.code): (cell.count, cell.budget)
        for cell in matrix.cells()
        if not cell.is_gap
    }
    assert covered == {
        ("habiletes-langagieres", "enfant"): (2, Decimal("17000")),
        ("attitudes-parentales", "famille"): (1, Decimal("12000")),
        ("pratiques-parentales", "famille"): (1, Decimal("12000")),
    }
    gaps = [cell for cell in matrix.cells() if cell.is_gap]
    assert len(gaps) == 27 and all(cell.count == 0 and cell.budget == 0 for cell in gaps)
    html = text(response)
    assert html.count('<td class="gap">Aucune action</td>') == 27
    assert "27 cases sans action" in html
    assert '<th scope="rowgroup" colspan="4">Facteurs du système Famille</th>' in html
    assert '<th scope="col">Système visé : Communauté</th>' in html


def test_an_action_counts_once_per_cell(client, plans, network):
    # A second objective in the same cell (child system, language factor).
    words = plan_actions.save_plan_item(
        network.coordinator,
        Objective(
            plan=plans.plan, system=system("enfant"), title="Les enfants enrichissent leur vocabulaire"
        ),
        m2m={"protective_factors": [factor("habiletes-langagieres"), factor("habiletes-cognitives")]},
    )
    plan_actions.save_action(
        network.coordinator,
        plans.plan,
        plans.workshops,
        {},
        {"objectives": [plans.language, plans.parents, words]},
    )
    matrix = client.get(plans.plan.get_absolute_url()).context["report"].matrix
    language = matrix.cell("habiletes-langagieres", "enfant")
    assert (language.count, language.budget) == (2, Decimal("17000"))
    cognitive = matrix.cell("habiletes-cognitives", "enfant")
    assert (cognitive.count, cognitive.budget) == (1, Decimal("12000"))
    assert matrix.gap_count == 26


def test_factor_of_another_system_lands_in_the_objective_system_column(client, plans, network):
    # A community objective tied to a family factor fills an off-diagonal cell.
    outreach = plan_actions.save_plan_item(
        network.coordinator,
        Objective(plan=plans.plan, system=system("communaute"), title="Des lieux accueillants"),
        m2m={"protective_factors": [factor("pratiques-parentales")]},
    )
    plan_actions.save_action(
        network.coordinator,
        plans.plan,
        None,
        {
            "title": "Coin lecture au parc",
            "action_type": ActionType.objects.get(code="environnements-favorables"),
            "budget": Decimal("2500.50"),
        },
        {"objectives": [outreach]},
    )
    response = client.get(plans.plan.get_absolute_url())
    cell = response.context["report"].matrix.cell("pratiques-parentales", "communaute")
    assert (cell.count, cell.budget) == (1, Decimal("2500.50"))
    assert "2\xa0500,50\xa0$" in text(response)


def test_timeline_by_year(client, plans, network):
    response = client.get(plans.plan.get_absolute_url())
    timeline = response.context["report"].timeline
    assert [(y.year, y.count) for y in timeline.years] == [(2024, 1), (2025, 2), (2026, 2), (2027, 1)]
    rows = {row.action.pk: row.years for row in timeline.rows}
    assert rows[plans.workshops.pk] == [2024, 2025, 2026]
    assert rows[plans.stimulation.pk] == [2025, 2026, 2027]  # no end date: to the end of the plan
    html = text(response)
    assert '<th scope="col" class="year">2024</th>' in html  # a year, not « 2 024 »
    assert "active en 2024" in html and "inactive en 2027" in html

    # An action without dates runs for the whole period.
    plan_actions.save_action(
        network.coordinator,
        plans.plan,
        None,
        {"title": "Table de concertation", "action_type": ActionType.objects.get(code="concertation")},
    )
    timeline = client.get(plans.plan.get_absolute_url()).context["report"].timeline
    assert [y.count for y in timeline.years] == [2, 3, 3, 2]


def test_indicators_show_the_latest_value_and_progress(client, plans, network):
    # Recorded later but measured earlier: the latest value is the most recent measure.
    plan_actions.record_measurement(
        network.coordinator, plans.indicator, Decimal("20"), measured_on=datetime.date(2025, 3, 1)
    )
    response = client.get(plans.plan.get_absolute_url())
    items = {item.indicator.pk: item for item in response.context["report"].indicators}
    families = items[plans.indicator.pk]
    assert families.latest.value == Decimal("35")
    assert families.latest.measured_on == datetime.date(2025, 6, 30)
    assert families.percent == 58
    assert items[plans.objective_indicator.pk].latest is None
    html = text(response)
    assert "<strong>35</strong>" in html and "le 30 juin 2025" in html
    assert "58 % du chemin entre la valeur de départ et la cible" in html
    assert "Aucune mesure pour l'instant" in html

    # A decreasing target: 27 % → 20 %, measured 23 %: four sevenths of the way.
    plan_actions.record_measurement(
        network.coordinator, plans.objective_indicator, Decimal("23"), measured_on=datetime.date(2026, 5, 1)
    )
    response = client.get(plans.plan.get_absolute_url())
    items = {item.indicator.pk: item for item in response.context["report"].indicators}
    assert items[plans.objective_indicator.pk].percent == 57


def test_reach_totals_per_year(client, plans, network):
    plan_actions.save_reach(network.coordinator, plans.stimulation, 2025, children=20, parents=0, families=0)
    plan_actions.save_reach(
        network.coordinator, plans.workshops, 2026, children=1200, parents=900, families=800
    )
    report = client.get(plans.plan.get_absolute_url()).context["report"]
    assert [(r.year, r.children, r.parents, r.families) for r in report.reach_years] == [
        (2025, 100, 70, 55),
        (2026, 1200, 900, 800),
    ]
    total = report.reach_total
    assert (total.children, total.parents, total.families) == (1300, 970, 855)
    html = text(client.get(plans.plan.get_absolute_url()))
    assert '<td class="number">1\xa0300</td>' in html


def test_plan_evaluation_and_cycle(client, plans, network):
    html = text(client.get(plans.plan.get_absolute_url()))
    assert "Évaluation du plan" not in html
    plan_actions.save_plan_evaluation(
        network.coordinator, plans.plan, {"evaluation_learnings": "Commencer par les bibliothèques."}
    )
    following = plan_actions.start_next_cycle(network.coordinator, plans.plan, start_year=2028, end_year=2030)
    html = text(client.get(plans.plan.get_absolute_url()))
    assert "Évaluation du plan" in html and "Commencer par les bibliothèques." in html
    assert f'<a href="{following.get_absolute_url()}">{following.title}</a>' in html
    html = text(client.get(following.get_absolute_url()))
    assert f'<a href="{plans.plan.get_absolute_url()}">{plans.plan.title}</a>' in html

    # A members-only next plan is not revealed to visitors.
    plan_actions.update_plan(network.coordinator, following, {"visibility": Visibility.MEMBERS})
    html = text(client.get(plans.plan.get_absolute_url()))
    assert following.title not in html
    assert "Aucun pour l'instant" in html


# An action -----------------------------------------------------------------------------


def test_action_page_shows_every_field(client, plans):
    plan_actions.save_action_evaluation(
        plans.plan.partnership.coordinators.get(),
        plans.workshops,
        {"evaluation_worked": "Les familles sont revenues."},
    )
    response = client.get(plans.workshops.get_absolute_url())
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Ateliers parents-enfants d'éveil à la lecture</h1>" in html
    assert f'<a href="{plans.plan.get_absolute_url()}">Plan d\'action concerté 2024–2027</a>' in html
    for expected in (
        "Dix ateliers par année à la bibliothèque.",
        "Soutien aux parents et réseautage",
        "CPE Les Petits Pas",
        "CLSC de Rimouski",
        "2–3 ans",
        "Familles en contexte de défavorisation",
        "du 1er septembre 2024 au 30 juin 2026",
        "En cours",
        "40 % réalisé",
        "12\xa0000\xa0$",
        "3\xa0000\xa0$",
        "Les tout-petits développent leur langage",
        "Habiletés langagières et de communication",
        "Familles participantes",
        "31 janvier 2025",
        "18 familles",
        "35 familles",
        "58 % du chemin",
        "Les familles sont revenues.",
    ):
        assert expected in html, expected
    assert '<th scope="row">2025</th>' in html  # reach year
    assert '<td class="number">80</td>' in html


def test_action_lineage(client, plans, network):
    following = plan_actions.start_next_cycle(network.coordinator, plans.plan, start_year=2028, end_year=2030)
    copy = following.actions.get(copied_from=plans.workshops)
    html = text(client.get(copy.get_absolute_url()))
    assert "Inspirée de" in html
    assert f'<a href="{plans.workshops.get_absolute_url()}">{plans.workshops.title}</a>' in html
    html = text(client.get(plans.workshops.get_absolute_url()))
    assert "Cette action a inspiré 1 autre action" in html
    assert f'<a href="{copy.get_absolute_url()}">' in html
    # Copies in a plan the visitor cannot see are not listed.
    plan_actions.update_plan(network.coordinator, following, {"visibility": Visibility.MEMBERS})
    html = text(client.get(plans.workshops.get_absolute_url()))
    assert "Réinvestissement" not in html and copy.get_absolute_url() not in html


@pytest.fixture
def hidden_action(plans, network):
    return plan_actions.save_action(
        network.other_coordinator,
        plans.hidden,
        None,
        {"title": "Action interne", "action_type": ActionType.objects.get(code="concertation")},
    )


@pytest.mark.parametrize("role, sees_hidden", HIDDEN_ROLES)
def test_action_of_a_members_only_plan_is_a_404_for_outsiders(
    client, plans, hidden_action, role_users, role, sees_hidden
):
    client = login(client, role_users[role])
    assert client.get(plans.workshops.get_absolute_url()).status_code == 200
    response = client.get(hidden_action.get_absolute_url())
    if sees_hidden:
        assert response.status_code == 200 and "Action interne" in text(response)
    else:
        assert response.status_code == 404
        assert f"Aucune action ne porte le numéro {hidden_action.pk}." in text(response)
        assert "Action interne" not in text(response)


def test_unknown_action_is_a_french_404(client, plans):
    response = client.get("/actions/999999/")
    assert response.status_code == 404
    assert "Aucune action ne porte le numéro 999999." in text(response)


def test_people_of_the_lead_organisation_may_update_the_action(client, plans, network):
    client.force_login(network.member)  # works for the CPE, which leads the workshops
    response = client.get(plans.workshops.get_absolute_url())
    assert response.context["can_update"] is True and response.context["can_edit"] is False
    assert client.get(plans.stimulation.get_absolute_url()).context["can_update"] is False


# Constant number of queries ------------------------------------------------------------


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def _grow_plan(plan, coordinator, network, n):
    """n more of everything on the plan: portrait, objectives, actions with all their links."""
    families = system("famille")
    factors = list(ProtectiveFactor.objects.all())
    types = list(ActionType.objects.all())
    ages = list(AgePeriod.objects.all())
    populations = list(Population.objects.all())
    for i in range(n):
        plan_actions.save_plan_item(coordinator, Finding(plan=plan, system=families, text=f"Constat {i}"))
        priority = plan_actions.save_plan_item(
            coordinator, Priority(plan=plan, system=families, title=f"P {i}")
        )
        objective = plan_actions.save_plan_item(
            coordinator,
            Objective(plan=plan, system=families, title=f"Changement {i}"),
            m2m={"protective_factors": factors[i % 10 : i % 10 + 2], "priorities": [priority]},
        )
        action = plan_actions.save_action(
            coordinator,
            plan,
            None,
            {
                "title": f"Action {i}",
                "action_type": types[i % len(types)],
                "lead": network.clsc,
                "budget": Decimal(1000 + i),
                "status": ActionStatus.IN_PROGRESS,
                "start_date": datetime.date(2024 + i % 3, 1, 1),
            },
            {
                "contributors": [network.cpe, network.clsc],
                "objectives": [objective, plans_language(plan)],
                "age_periods": ages[: 1 + i % 3],
                "populations": populations[: 1 + i % 2],
            },
        )
        plan_actions.save_reach(coordinator, action, 2024 + i % 3, children=i, parents=i, families=i)
        indicator = plan_actions.save_plan_item(
            coordinator, Indicator(plan=plan, action=action, name=f"Indicateur {i}", baseline=0, target=10)
        )
        plan_actions.record_measurement(
            coordinator, indicator, Decimal(i), measured_on=datetime.date(2025, 1, 1)
        )
        plan_actions.record_measurement(
            coordinator, indicator, Decimal(i + 1), measured_on=datetime.date(2025, 6, 1)
        )


def plans_language(plan):
    return plan.objectives.get(title="Les tout-petits développent leur langage")


@pytest.mark.parametrize("role", ["anonyme", "coordonnateur"])
def test_plan_and_action_pages_use_a_constant_number_of_queries(client, plans, network, role_users, role):
    client = login(client, role_users[role])
    plan_url, action_url = plans.plan.get_absolute_url(), plans.workshops.get_absolute_url()
    before = (_count_queries(client, plan_url), _count_queries(client, action_url))
    _grow_plan(plans.plan, network.coordinator, network, 12)
    after = (_count_queries(client, plan_url), _count_queries(client, action_url))
    assert Action.objects.filter(plan=plans.plan).count() == 14
    assert after == before


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"region": ["01", "06"], "year": ["2024", "2025"], "system": "famille", "q": "plan"},
        {"factor": "pratiques-parentales", "action_type": "formation", "age": "2-3", "population": "peres"},
    ],
)
def test_list_uses_a_constant_number_of_queries(client, plans, network, params):
    client.force_login(network.other_coordinator)
    before = _count_queries(client, PLANS, params)
    for k in range(4):
        plan = plan_actions.create_plan(
            network.coordinator,
            network.rimouski,
            title=f"Plan {k}",
            start_year=2020 + k,
            end_year=2024 + k,
            status=PlanStatus.ADOPTED,
        )
        plan_actions.save_plan_item(
            network.coordinator,
            Objective(plan=plan, system=system("enfant"), title="Langage"),
            m2m={"protective_factors": [factor("habiletes-langagieres")]},
        )
        for i in range(3):
            plan_actions.save_action(
                network.coordinator,
                plan,
                None,
                {"title": f"Action {i}", "action_type": ActionType.objects.get(code="formation")},
                {"age_periods": [AgePeriod.objects.get(code="2-3")]},
            )
    after = _count_queries(client, PLANS, params)
    assert after == before


def test_edit_links_only_for_those_who_may_edit(client, plans, network):
    from django.urls import NoReverseMatch, reverse

    try:
        edit_url = reverse("plans:plan_edit", args=[plans.plan.pk])
        stage_url = reverse("plans:stage_change", args=[network.rimouski.pk])
        progress_url = reverse("plans:action_progress", args=[plans.workshops.pk])
    except NoReverseMatch:
        pytest.skip("The editing pages are not there.")
    for user in (None, network.member, network.other_coordinator):
        if user is not None:
            client.force_login(user)
        html = client.get(plans.plan.get_absolute_url()).content.decode()
        assert edit_url not in html and stage_url not in html
    client.force_login(network.coordinator)
    html = client.get(plans.plan.get_absolute_url()).content.decode()
    assert f'href="{edit_url}"' in html and f'href="{stage_url}"' in html
    # The people of the lead organisation update the action's progress from its page.
    client.force_login(network.member)
    assert f'href="{progress_url}"' in client.get(plans.workshops.get_absolute_url()).content.decode()
    client.logout()
    assert progress_url not in client.get(plans.workshops.get_absolute_url()).content.decode()


def test_partnership_page_links_to_its_plans_and_the_filter_is_kept(client, plans, network):
    html = client.get(network.rimouski.get_absolute_url()).content.decode()
    link = f"/plans/?partnership={network.rimouski.pk}"
    assert link in html
    listing = client.get("/plans/", {"partnership": network.rimouski.pk})
    assert [p.pk for p in listing.context["listing"].page.object_list] == [plans.plan.pk]
    # The facets' form keeps the partnership as a hidden field.
    assert (
        f'<input type="hidden" name="partnership" value="{network.rimouski.pk}">' in listing.content.decode()
    )
    assert client.get("/plans/", {"partnership": "abc"}).status_code == 400


def test_coordinators_see_the_section_edit_links(client, plans, network):
    client.force_login(network.coordinator)
    html = client.get(plans.plan.get_absolute_url()).content.decode()
    for name in ("portrait", "changements-vises", "evaluation"):
        assert f"/plans/{plans.plan.pk}/{name}/" in html
    client.force_login(network.member)
    html = client.get(plans.plan.get_absolute_url()).content.decode()
    assert f"/plans/{plans.plan.pk}/portrait/" not in html
