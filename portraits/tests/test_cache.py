"""The portraits' cache follows the data: a write to what a portrait shows makes it stale."""

from __future__ import annotations

import pytest

from core.signals import data_changed
from portraits import cache as portrait_cache
from portraits import demo
from portraits.models import EqdemRate


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def counting():
    calls = []

    def compute():
        calls.append(1)
        return {"actions": len(calls)}

    return calls, compute


def test_a_figure_is_computed_once_per_version():
    calls, compute = counting()
    assert portrait_cache.cached("portrait", "quebec", compute) == {"actions": 1}
    assert portrait_cache.cached("portrait", "quebec", compute) == {"actions": 1}
    assert len(calls) == 1
    portrait_cache.invalidate()
    assert portrait_cache.cached("portrait", "quebec", compute) == {"actions": 2}


def test_scopes_and_languages_are_kept_apart():
    from django.utils import translation

    calls, compute = counting()
    portrait_cache.cached("portrait", "quebec", compute)
    portrait_cache.cached("portrait", "region-06", compute)
    with translation.override("en"):
        portrait_cache.cached("portrait", "quebec", compute)
    assert len(calls) == 3


def test_saving_an_action_or_changing_its_links_makes_portraits_stale(plans):
    from plans.models import Action

    before = portrait_cache.version()
    action = Action.objects.first()
    action.title = "Ateliers de stimulation du langage"
    action.save()
    after_save = portrait_cache.version()
    assert after_save > before
    action.age_periods.clear()
    assert portrait_cache.version() > after_save


def test_an_update_of_progress_only_leaves_portraits_alone(plans, network):
    from plans import actions as plan_actions
    from plans.models import Action

    action = Action.objects.filter(plan=plans.plan).first()
    before = portrait_cache.version()
    plan_actions.update_action_progress(network.coordinator, action, progress=40)
    assert portrait_cache.version() == before
    action.title = "Ateliers parents-enfants au parc"
    action.save(update_fields=["title", "updated_at"])
    assert portrait_cache.version() > before


def test_a_bulk_write_makes_portraits_stale():
    before = portrait_cache.version()
    data_changed.send(sender=EqdemRate)
    assert portrait_cache.version() > before


def test_bookmarks_and_comments_leave_portraits_alone(library, network):
    from library.models import Collection

    before = portrait_cache.version()
    Collection.objects.create(owner=network.member, name="À lire")
    assert portrait_cache.version() == before


def test_a_lost_version_starts_again_from_the_clock():
    from django.core.cache import cache

    cache.delete(portrait_cache.VERSION_KEY)
    portrait_cache.invalidate()  # incr on a missing key: starts anew rather than failing
    assert portrait_cache.version() > 1_600_000_000_000


@pytest.mark.django_db
def test_demo_rates_are_entered_for_some_regions_and_removed_by_flush():
    quebec = EqdemRate.objects.filter(region=None).count()
    figures = demo.generate(1, 1, progress=None)
    assert figures == {"taux régionaux de l'EQDEM": quebec * len(demo.DEMO_REGIONS)}
    regional = EqdemRate.objects.exclude(region=None)
    assert set(regional.values_list("region__code", flat=True)) == set(demo.DEMO_REGIONS)
    assert all(0 <= rate <= 100 for rate in regional.values_list("rate", flat=True))
    demo.flush()
    assert not EqdemRate.objects.exclude(region=None).exists()
    assert EqdemRate.objects.filter(region=None).count() == quebec
