"""Gaps: protective factors that no public action reaches while priorities, objectives or
EQDEM rates point to them; exact reasons on a small network (conftest's ``plans``)."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from plans import actions as plan_actions
from plans.models import Objective, Priority
from portraits.gaps import find_gaps, find_plan_gaps
from portraits.models import EqdemDomain, EqdemRate
from portraits.scopes import QUEBEC, partnership_scope, region_scope
from taxonomy.models import ActionType, ProtectiveFactor, System

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def by_factor(gaps):
    return {gap.factor_code: gap for gap in gaps}


def factor(code):
    return ProtectiveFactor.objects.get(code=code)


def system(code):
    return System.objects.get(code=code)


def add_objective(coordinator, plan, system_code, title, factor_codes, priorities=()):
    return plan_actions.save_plan_item(
        coordinator,
        Objective(plan=plan, system=system(system_code), title=title),
        m2m={"protective_factors": [factor(c) for c in factor_codes], "priorities": list(priorities)},
    )


def add_action(coordinator, plan, title, objectives):
    return plan_actions.save_action(
        coordinator,
        plan,
        None,
        {"title": title, "action_type": ActionType.objects.get(code="formation")},
        {"objectives": list(objectives)},
    )


def enter_rate(domain_code, region, year, rate):
    EqdemRate.objects.create(
        domain=EqdemDomain.objects.get(code=domain_code), region=region, year=year, rate=Decimal(rate)
    )


def test_the_partnership_gaps_and_their_reasons(plans, network):
    """Rimouski's public plan: a priority on the child, actions on language and parents.

    The child's three other factors are gaps (the priority and Québec's EQDEM rates point
    to them); the family's socioeconomic level and the community's factors have no reason.
    """
    gaps = find_gaps(partnership_scope(network.rimouski.pk))
    assert [gap.factor_code for gap in gaps] == [
        "sante-physique",
        "habiletes-cognitives",
        "competences-sociales-affectives",
    ]
    gap = by_factor(gaps)["habiletes-cognitives"]
    assert gap.system_code == "enfant"
    assert gap.actions_count == 0
    assert gap.priorities == ["Stimuler le langage dès 2 ans"]
    assert gap.domains == ["Développement cognitif et langagier"]
    assert gap.reasons == [
        "La priorité « Stimuler le langage dès 2 ans » porte sur le système Enfant.",
        # Bas-Saint-Laurent has no rates of its own: the figures are Québec's, and say so.
        "Au Québec, 12,1 % des enfants de maternelle sont vulnérables en développement cognitif "
        "et langagier (2022), contre 10,0 % en 2012.",
    ]
    social = by_factor(gaps)["competences-sociales-affectives"]
    assert social.domains == ["Compétences sociales", "Maturité affective"]


def test_the_quebec_portrait_quotes_quebec_rates(plans):
    gap = by_factor(find_gaps(QUEBEC))["habiletes-cognitives"]
    assert gap.reasons[-1] == (
        "12,1 % des enfants de maternelle sont vulnérables en développement cognitif et langagier "
        "(2022), contre 10,0 % en 2012."
    )


def test_an_action_on_the_factor_closes_the_gap(plans, network):
    scope = partnership_scope(network.rimouski.pk)
    assert "sante-physique" in by_factor(find_gaps(scope))
    health = add_objective(
        network.coordinator, plans.plan, "enfant", "Les tout-petits bougent davantage", ["sante-physique"]
    )
    # An objective without action is one more reason, not a closed gap.
    gap = by_factor(find_gaps(scope))["sante-physique"]
    assert gap.objectives == ["Les tout-petits bougent davantage"]
    assert (
        "Le changement visé « Les tout-petits bougent davantage » vise ce facteur, mais aucune action "
        "ne le sert." in gap.reasons
    )
    add_action(network.coordinator, plans.plan, "Jeux actifs au parc", [health])
    assert "sante-physique" not in by_factor(find_gaps(scope))


def test_an_objective_without_action_makes_a_gap_without_priority(plans, network):
    add_objective(
        network.coordinator,
        plans.plan,
        "communaute",
        "Les familles connaissent les services",
        ["accessibilite-continuite"],
    )
    gaps = by_factor(find_gaps(partnership_scope(network.rimouski.pk)))
    assert gaps["accessibilite-continuite"].reasons == [
        "Le changement visé « Les familles connaissent les services » vise ce facteur, mais aucune "
        "action ne le sert."
    ]
    # The community's other factors have no reason at all.
    assert "qualite-services-milieux" not in gaps


def test_several_priorities_are_counted(plans, network):
    for title in ("Bouger tous les jours", "Apprendre en jouant"):
        plan_actions.save_plan_item(
            network.coordinator, Priority(plan=plans.plan, system=system("enfant"), title=title)
        )
    gap = by_factor(find_gaps(partnership_scope(network.rimouski.pk)))["sante-physique"]
    assert gap.priorities == ["Apprendre en jouant", "Bouger tous les jours", "Stimuler le langage dès 2 ans"]
    assert gap.reasons[0] == "3 priorités portent sur le système Enfant, dont « Apprendre en jouant »."


def test_region_rates_above_the_reference_make_a_gap_and_below_remove_it(plans, network):
    """Montréal has only a members-only plan: every gap there comes from the EQDEM."""
    montreal = network.regions["06"]
    scope = region_scope("06")
    before = by_factor(find_gaps(scope))
    assert list(before) == [
        "sante-physique",
        "habiletes-langagieres",
        "habiletes-cognitives",
        "competences-sociales-affectives",
    ]
    assert before["habiletes-langagieres"].domains == [
        "Développement cognitif et langagier",
        "Habiletés de communication et connaissances générales",
    ]
    # Montréal's own rates: language and cognition below 2012 and below Québec, health above both.
    enter_rate("developpement-cognitif-langagier", montreal, 2022, "9.0")
    enter_rate("habiletes-communication", montreal, 2022, "9.5")
    enter_rate("sante-physique", montreal, 2022, "12.0")
    after = by_factor(find_gaps(scope))
    assert list(after) == ["sante-physique", "competences-sociales-affectives"]
    assert after["sante-physique"].reasons == [
        "Montréal : 12,0 % des enfants de maternelle sont vulnérables en santé physique et "
        "bien-être (2022), contre 9,5 % au Québec en 2012 et 10,3 % pour l'ensemble du "
        "Québec la même année."
    ]
    # The social domains have no regional rate: Québec's speak for them.
    assert after["competences-sociales-affectives"].reasons[0].startswith("Au Québec, 10,6 %")


def test_a_region_rate_above_quebec_but_below_the_reference(plans, network):
    montreal = network.regions["06"]
    # Québec had 9,5 % in 2012 and 10,6 % in 2017: 10,0 % is above the reference only.
    enter_rate("sante-physique", montreal, 2017, "10.0")
    gap = by_factor(find_gaps(region_scope("06")))["sante-physique"]
    assert gap.reasons == [
        "Montréal : 10,0 % des enfants de maternelle sont vulnérables en santé physique et "
        "bien-être (2017), contre 9,5 % au Québec en 2012."
    ]
    # An administrator corrects the rate (a save, as in the admin: the cache follows).
    rate = EqdemRate.objects.get(region=montreal)
    rate.rate = Decimal("9.0")
    rate.save()
    assert "sante-physique" not in by_factor(find_gaps(region_scope("06")))


def test_members_only_plans_never_count(plans, network):
    """Hochelaga's members-only plan neither closes a gap nor opens one."""
    hidden = plans.hidden
    coordinator = network.other_coordinator
    priority = plan_actions.save_plan_item(
        coordinator, Priority(plan=hidden, system=system("famille"), title="Priorité interne")
    )
    health = add_objective(coordinator, hidden, "enfant", "Bouger", ["sante-physique"], [priority])
    add_action(coordinator, hidden, "Action interne", [health])
    gaps = by_factor(find_gaps(region_scope("06")))
    assert "sante-physique" in gaps
    assert not any(gap.system_code == "famille" for gap in gaps.values())
    assert all("interne" not in reason for gap in gaps.values() for reason in gap.reasons)
    # The plan itself, seen by its people, has its own gaps.
    plan_gaps = by_factor(find_plan_gaps(hidden))
    assert "sante-physique" not in plan_gaps
    assert plan_gaps["niveau-socioeconomique"].reasons[0] == (
        "La priorité « Priorité interne » porte sur le système Famille."
    )


def test_gaps_cost_a_constant_number_of_queries(plans, network, django_assert_num_queries):
    scope = partnership_scope(network.rimouski.pk)
    cache.clear()
    with django_assert_num_queries(7):
        small = find_gaps(scope)
    for k in range(5):
        priority = plan_actions.save_plan_item(
            network.coordinator, Priority(plan=plans.plan, system=system("communaute"), title=f"Priorité {k}")
        )
        add_objective(
            network.coordinator,
            plans.plan,
            "communaute",
            f"Changement {k}",
            ["soutien-social-environnements"],
            [priority],
        )
    cache.clear()
    with django_assert_num_queries(7):
        large = find_gaps(scope)
    assert len(large) == len(small) + 3
    # Cached afterwards: one read of the version and of the value, no SQL.
    with django_assert_num_queries(0):
        find_gaps(scope)
