"""A small network whose portrait figures are known by heart, shared by the portraits' tests.

Built on the project fixtures ``network``, ``plans`` and ``library`` (conftest.py) with the
real actions, plus what a portrait must leave out: a members-only plan's action and
reach, an inactive partnership's public plan, an unpublished item, a réinvestissement
into a members-only plan.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from library.actions.reuse import reinvest
from library.bulk import NewItem, create_items
from library.models import LibraryItem
from partners import actions as partner_actions
from partners.models import Membership, Organisation, Partnership
from plans import actions as plan_actions
from plans.models import Objective, PlanStatus, Visibility
from taxonomy.models import ActionType, ProtectiveFactor, Sector, System


def _type(code: str) -> ActionType:
    return ActionType.objects.get(code=code)


def build(network, plans, library) -> SimpleNamespace:
    """Regions 01 and 06; three active partnerships (one without a plan) and an inactive one."""
    montreal = network.regions["06"]
    Partnership.objects.filter(pk=network.rimouski.pk).update(children_0_5=1200)
    Partnership.objects.filter(pk=network.montreal.pk).update(children_0_5=3000)
    saint_michel = Partnership(
        name="Table petite enfance Saint-Michel",
        region=montreal,
        territory_name="Saint-Michel",
        children_0_5=800,
    )
    saint_michel.search_text = partner_actions.partnership_search_text(saint_michel)
    saint_michel.save()
    closed = Partnership(
        name="Ancien regroupement fermé",
        region=montreal,
        territory_name="Rosemont",
        children_0_5=5000,
        is_active=False,
    )
    closed.search_text = partner_actions.partnership_search_text(closed)
    closed.save()
    gone = Organisation(
        name="Organisme fermé", sector=Sector.objects.get(code="communautaire-famille"), is_active=False
    )
    gone = partner_actions.save_organisation(gone, region_ids=[montreal.pk])
    Organisation.objects.filter(pk=gone.pk).update(is_active=False)
    Membership.objects.create(
        partnership=network.montreal, organisation=gone, joined_on=datetime.date(2020, 1, 1)
    )

    coordinator = network.other_coordinator
    hochelaga = plan_actions.create_plan(
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
        Objective(
            plan=hochelaga, system=System.objects.get(code="communaute"), title="Des milieux accueillants"
        ),
        m2m={"protective_factors": [ProtectiveFactor.objects.get(code="soutien-social-environnements")]},
    )
    table = plan_actions.save_action(
        coordinator,
        hochelaga,
        None,
        {
            "title": "Table de quartier des familles",
            "action_type": _type("concertation"),
            "lead": network.maison,
            "start_date": datetime.date(2026, 2, 1),
        },
        {"objectives": [milieux]},
    )
    plan_actions.save_reach(coordinator, table, 2026, children=100, parents=50, families=40)

    # Members only: never in a portrait.
    hidden_language = plan_actions.save_plan_item(
        coordinator,
        Objective(plan=plans.hidden, system=System.objects.get(code="enfant"), title="Langage interne"),
        m2m={"protective_factors": [ProtectiveFactor.objects.get(code="habiletes-langagieres")]},
    )
    hidden_action = plan_actions.save_action(
        coordinator,
        plans.hidden,
        None,
        {
            "title": "Halte-répit interne",
            "action_type": _type("concertation"),
            "start_date": datetime.date(2023, 5, 1),
        },
        {"objectives": [hidden_language]},
    )
    plan_actions.save_reach(coordinator, hidden_action, 2026, children=999, parents=999, families=999)

    # An inactive partnership's public plan: never in a portrait either.
    closed_plan = plan_actions.create_plan(
        network.admin,
        closed,
        title="Plan fermé",
        start_year=2020,
        end_year=2022,
        visibility=Visibility.PUBLIC,
    )
    closed_action = plan_actions.save_action(
        network.admin,
        closed_plan,
        None,
        {
            "title": "Action fermée",
            "action_type": _type("formation"),
            "start_date": datetime.date(2021, 1, 1),
        },
    )
    plan_actions.save_reach(network.admin, closed_action, 2021, children=500, parents=500, families=500)

    # An unpublished item credited to Rimouski.
    (draft,) = create_items(
        library.french_index,
        [
            NewItem(
                kind="outil",
                title="Brouillon",
                summary="Pas encore publié.",
                published_on=datetime.date(2026, 1, 1),
                tags={"partnerships": [network.rimouski.pk], "regions": [network.regions["01"].pk]},
            )
        ],
    )
    LibraryItem.objects.filter(pk=draft).update(live=False)

    # Réinvestissements: two by Hochelaga (of Rimouski's action and learning), one by
    # Rimouski (of Montréal's tool), and one into the members-only plan.
    r1 = reinvest(
        coordinator,
        plans.workshops,
        hochelaga,
        changes={
            "title": "Éveil à la lecture à Hochelaga",
            "action_type": _type("activites-enfants"),
            "lead": network.halte,
        },
    )
    r2 = reinvest(
        coordinator,
        library.learning,
        hochelaga,
        changes={
            "title": "Ateliers de lecture en halte",
            "action_type": _type("soutien-parental"),
            "lead": network.maison,
        },
    )
    r3 = reinvest(
        network.coordinator,
        library.tool,
        plans.plan,
        changes={"title": "Grille adaptée", "action_type": _type("soutien-parental"), "lead": network.cpe},
    )
    hidden_reuse = reinvest(
        coordinator,
        library.learning,
        plans.hidden,
        changes={"title": "Adaptation interne", "action_type": _type("soutien-parental")},
    )
    return SimpleNamespace(
        network=network,
        plans=plans,
        library=library,
        rimouski=network.rimouski,
        hochelaga=network.montreal,
        saint_michel=saint_michel,
        closed=closed,
        hochelaga_plan=hochelaga,
        table=table,
        hidden_action=hidden_action,
        reinvestments=(r1, r2, r3),
        hidden_reuse=hidden_reuse,
    )
