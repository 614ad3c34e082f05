"""The figures of the portraits, against a small network whose numbers are known."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from partners import actions as partner_actions
from partners.models import Partnership, PartnershipKind, TerritoryType
from plans import actions as plan_actions
from plans.models import Action
from portraits import figures
from portraits.scopes import QUEBEC, partnership_scope, region_scope
from portraits.tests.world import build
from taxonomy.models import ActionType

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(network, plans, library):
    cache.clear()
    yield build(network, plans, library)
    cache.clear()


def _as_dict(f: figures.Figures) -> dict[str, int]:
    return {name: getattr(f, name) for name in figures.Figures.__dataclass_fields__}


def test_quebec_key_figures_count_only_public_data(world):
    p = figures.compute(QUEBEC)
    assert _as_dict(p.figures) == {
        "organisations": 4,  # the closed organisation is left out
        "partnerships": 3,  # the inactive partnership too
        "plans": 2,  # Rimouski's and Hochelaga's public plans, not the members-only one
        "actions": 6,
        "children_0_5": 5000,
        "children_reached": 180,  # 80 (2025) + 100 (2026); not 999 (members only) nor 500 (inactive)
        "parents_reached": 120,
        "families_reached": 95,
        "library_items": 4,  # a translation counts once; the draft is not published
        "reinvestments_made": 3,  # not the one into the members-only plan
    }
    assert (p.reach_latest.year, p.reach_latest.children, p.reach_latest.parents) == (2026, 100, 50)
    assert p.reinvestments_received is None
    assert p.comparisons == []


def test_region_key_figures(world):
    montreal = figures.compute(region_scope("06"))
    assert _as_dict(montreal.figures) == {
        "organisations": 2,
        "partnerships": 2,
        "plans": 1,
        "actions": 3,
        "children_0_5": 3800,
        "children_reached": 100,
        "parents_reached": 50,
        "families_reached": 40,
        "library_items": 2,  # the tool (tagged 06, by the halte) and the publication
        "reinvestments_made": 2,
    }
    assert montreal.reinvestments_received == 1  # Rimouski adapted Montréal's tool
    rimouski = figures.compute(region_scope("01"))
    assert (rimouski.figures.actions, rimouski.figures.library_items) == (3, 1)
    assert (rimouski.figures.reinvestments_made, rimouski.reinvestments_received) == (1, 2)


def test_partnership_key_figures(world):
    hochelaga = figures.compute(partnership_scope(world.hochelaga.pk))
    assert _as_dict(hochelaga.figures) == {
        "organisations": 2,  # the closed member is left out
        "partnerships": 1,
        "plans": 1,
        "actions": 3,
        "children_0_5": 3000,
        "children_reached": 100,
        "parents_reached": 50,
        "families_reached": 40,
        "library_items": 1,  # the publication credited to it
        "reinvestments_made": 2,
    }
    assert hochelaga.reinvestments_received == 0
    assert hochelaga.areas == []
    rimouski = figures.compute(partnership_scope(world.rimouski.pk))
    assert (rimouski.figures.library_items, rimouski.reinvestments_received) == (1, 2)


def test_items_credited_to_actions_of_the_plans_count_for_the_partnership(world):
    world.library.news.source_actions.add(world.table)
    world.library.news.save()
    assert figures.compute(partnership_scope(world.hochelaga.pk)).figures.library_items == 2


def test_quebec_rows_by_region(world):
    rows = {row.code: row for row in figures.compute(QUEBEC).areas}
    assert len(rows) == 17
    montreal = rows["06"]
    assert montreal.label == "Montréal"
    assert montreal.url == "/portraits/regions/06/"
    assert _as_dict(montreal.figures) == {
        "organisations": 2,
        "partnerships": 2,
        "plans": 1,
        "actions": 3,
        "children_0_5": 3800,
        "children_reached": 100,
        "parents_reached": 50,
        "families_reached": 40,
        "library_items": 2,
        "reinvestments_made": 2,
    }
    assert (
        rows["01"].figures.actions,
        rows["01"].figures.library_items,
        rows["01"].figures.children_reached,
    ) == (
        3,
        1,
        80,
    )
    assert _as_dict(rows["17"].figures) == dict.fromkeys(_as_dict(montreal.figures), 0)


def test_region_rows_by_partnership(world):
    rows = figures.compute(region_scope("06")).areas
    assert [row.label for row in rows] == [
        "Concertation petite enfance Hochelaga",
        "Table petite enfance Saint-Michel",
    ]
    hochelaga, saint_michel = rows
    assert hochelaga.url == f"/portraits/regroupements/{world.hochelaga.pk}/"
    assert (hochelaga.figures.actions, hochelaga.figures.library_items, hochelaga.figures.organisations) == (
        3,
        1,
        2,
    )
    assert (
        saint_michel.figures.partnerships,
        saint_michel.figures.children_0_5,
        saint_michel.figures.actions,
    ) == (
        1,
        800,
        0,
    )


def test_coverage_matrix_counts_distinct_public_actions(world):
    p = figures.compute(QUEBEC)
    assert [code for code, _label in p.systems] == ["enfant", "famille", "communaute"]
    cells = {
        row.factor_code: dict(zip([c for c, _ in p.systems], row.counts, strict=True)) for row in p.matrix
    }
    assert len(p.matrix) == 10
    # The workshops serve two objectives; the members-only action is left out.
    assert cells["habiletes-langagieres"] == {"enfant": 2, "famille": 0, "communaute": 0}
    assert cells["pratiques-parentales"] == {"enfant": 0, "famille": 1, "communaute": 0}
    assert cells["attitudes-parentales"]["famille"] == 1
    assert cells["soutien-social-environnements"]["communaute"] == 1
    assert sum(sum(row.counts) for row in p.matrix) == 5
    assert p.matrix[0].system_code == "enfant"


def test_action_types_most_frequent_first(world):
    types = figures.compute(QUEBEC).action_types
    counts = {t.code: t.count for t in types}
    assert types[0].code == "soutien-parental"
    assert counts["soutien-parental"] == 3
    assert (counts["formation"], counts["concertation"], counts["activites-enfants"]) == (1, 1, 1)
    assert sum(counts.values()) == 6


def test_trends_by_year(world):
    this_year = timezone.localdate().year
    trends = {t.year: t for t in figures.compute(QUEBEC).trends}
    assert min(trends) == 2024 and max(trends) == max(2026, this_year)
    assert [trends[y].actions_started for y in (2024, 2025, 2026)] == [1, 1, 1]
    assert [trends[y].children_reached for y in (2024, 2025, 2026)] == [0, 80, 100]
    assert [trends[y].library_items for y in (2024, 2025, 2026)] == [1, 2, 1]
    assert trends[this_year].reinvestments == 3


def test_comparison_with_quebec(world):
    comparisons = {c.code: c for c in figures.compute(region_scope("06")).comparisons}
    assert (
        comparisons["actions-par-regroupement"].value,
        comparisons["actions-par-regroupement"].quebec,
    ) == (1.5, 2.0)
    reached = comparisons["enfants-rejoints-par-1000"]
    assert "2026" in reached.label
    assert (reached.value, reached.quebec) == (26.3, 20.0)
    assert (comparisons["part-systeme-communaute"].value, comparisons["part-systeme-communaute"].quebec) == (
        33.3,
        16.7,
    )
    assert (comparisons["part-systeme-enfant"].value, comparisons["part-systeme-enfant"].quebec) == (
        0.0,
        33.3,
    )


def test_a_scope_without_data_is_empty(world):
    p = figures.compute(region_scope("17"))
    assert p.is_empty
    assert p.areas == [] and p.trends == []
    assert p.comparisons[0].value is None
    assert not figures.compute(QUEBEC).is_empty


def test_the_portrait_is_cached_until_the_data_changes(world, django_assert_max_num_queries):
    scope = region_scope("06")
    assert figures.portrait(scope).figures.actions == 3
    with django_assert_max_num_queries(0):
        assert figures.portrait(scope).figures.actions == 3
    Action.objects.filter(pk=world.table.pk).first().save()  # any write moves the version on
    Partnership.objects.get(pk=world.saint_michel.pk).save()
    action = Action.objects.get(pk=world.table.pk)
    action.plan = world.plans.plan
    action.save()
    assert figures.portrait(scope).figures.actions == 2


@pytest.mark.parametrize("scope_name", ["quebec", "region", "partnership"])
def test_a_cold_portrait_costs_a_constant_number_of_queries(world, scope_name, django_assert_max_num_queries):
    def scope():
        if scope_name == "quebec":
            return QUEBEC
        if scope_name == "region":
            return region_scope("06")
        return partnership_scope(world.hochelaga.pk)

    s = scope()
    cache.clear()
    with django_assert_max_num_queries(22) as small:
        figures.portrait(s)
    small_count = len(small.captured_queries)
    # Twice as many actions, reaches and réinvestissements: the same number of queries.
    for action in list(Action.objects.filter(plan=world.hochelaga_plan)):
        copy = Action.objects.get(pk=action.pk)
        copy.pk = None
        copy.save()
    cache.clear()
    with django_assert_max_num_queries(small_count) as big:
        figures.portrait(s)
    assert len(big.captured_queries) == small_count


def _add_partnership(region, name: str, kind: str, territory_type: str, children: int) -> Partnership:
    partnership = Partnership(
        name=name,
        region=region,
        territory_name=name,
        kind=kind,
        territory_type=territory_type,
        children_0_5=children,
    )
    partnership.search_text = partner_actions.partnership_search_text(partnership)
    partnership.save()
    return partnership


def test_children_0_5_add_up_local_partnerships_only(world):
    montreal = world.network.regions["06"]
    # A regional instance and a national project cover territories the local ones already count.
    regional = _add_partnership(
        montreal, "Instance régionale de Montréal", PartnershipKind.REGIONAL, TerritoryType.REGION, 90000
    )
    _add_partnership(montreal, "Projet national", PartnershipKind.NATIONAL, TerritoryType.QUEBEC, 400000)
    cache.clear()

    assert figures.compute(QUEBEC).figures.children_0_5 == 5000  # 1 200 + 3 000 + 800
    quebec_rows = {row.code: row for row in figures.compute(QUEBEC).areas}
    assert quebec_rows["06"].figures.children_0_5 == 3800
    region = figures.compute(region_scope("06"))
    assert (region.figures.partnerships, region.figures.children_0_5) == (4, 3800)
    # Each partnership of the region shows its own territory, whatever its kind.
    assert {row.label: row.figures.children_0_5 for row in region.areas}[
        "Instance régionale de Montréal"
    ] == 90000
    assert figures.compute(partnership_scope(regional.pk)).figures.children_0_5 == 90000
    # Québec's rate of children reached is drawn from the same local count.
    reached = {c.code: c for c in region.comparisons}["enfants-rejoints-par-1000"]
    assert (reached.value, reached.quebec) == (26.3, 20.0)


def test_trends_stop_at_the_current_year(world):
    this_year = timezone.localdate().year
    before = figures.compute(QUEBEC).trends
    plan_actions.save_action(
        world.network.other_coordinator,
        world.hochelaga_plan,
        None,
        {
            "title": "Action prévue plus tard",
            "action_type": ActionType.objects.get(code="formation"),
            "start_date": datetime.date(this_year + 3, 9, 1),
        },
    )
    cache.clear()
    p = figures.compute(QUEBEC)
    assert p.figures.actions == 7  # the planned action counts among the actions
    # but the trend ends this year: no years to come reading as a drop to zero.
    assert max(t.year for t in p.trends) == this_year
    assert p.trends == before


def test_a_national_organisations_credit_places_an_item_in_no_region(world, network):
    """A national organisation works in every region: its credit alone does not make an item
    one of each region's, while a local organisation's credit makes it one of its region's."""
    from partners.models import Organisation, Scale
    from territories.models import Region

    def items_of(code: str) -> int:
        rows = {row.code: row for row in figures.compute(QUEBEC).areas}
        return rows[code].figures.library_items

    before = {code: items_of(code) for code in ("01", "05")}
    alliance = Organisation.objects.create(
        name="Alliance nationale", sector=network.cpe.sector, scale=Scale.NATIONAL
    )
    alliance.regions.set(Region.objects.all())
    news = world.library.news
    news.organisations.set([alliance])
    news.save()
    assert figures.compute(region_scope("05")).figures.library_items == before["05"]
    assert {code: items_of(code) for code in ("01", "05")} == before
    news.organisations.set([network.cpe])  # a local organisation of Bas-Saint-Laurent
    news.save()
    assert items_of("01") == before["01"] + 1
    assert figures.compute(region_scope("01")).figures.library_items == before["01"] + 1
