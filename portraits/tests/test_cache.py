"""The portraits' cache follows the data: a write to what a portrait shows makes it stale."""

from __future__ import annotations

import pytest
from django.db import transaction

from core.signals import data_changed
from portraits import cache as portrait_cache
from portraits.models import EqdemRate


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def writes_count_as_committed():
    """Not here: the version moves on only when the write's transaction commits, as in production."""


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
    portrait_cache.move_version_on()
    assert portrait_cache.cached("portrait", "quebec", compute) == {"actions": 2}


def test_scopes_and_languages_are_kept_apart():
    from django.utils import translation

    calls, compute = counting()
    portrait_cache.cached("portrait", "quebec", compute)
    portrait_cache.cached("portrait", "region-06", compute)
    with translation.override("en"):
        portrait_cache.cached("portrait", "quebec", compute)
    assert len(calls) == 3


def test_saving_an_action_or_changing_its_links_makes_portraits_stale(
    plans, django_capture_on_commit_callbacks
):
    from plans.models import Action

    before = portrait_cache.version()
    action = Action.objects.first()
    action.title = "Ateliers de stimulation du langage"
    with django_capture_on_commit_callbacks(execute=True):
        action.save()
    after_save = portrait_cache.version()
    assert after_save > before
    with django_capture_on_commit_callbacks(execute=True):
        action.age_periods.clear()
    assert portrait_cache.version() > after_save


def test_an_update_of_progress_only_leaves_portraits_alone(
    plans, network, django_capture_on_commit_callbacks
):
    from plans import actions as plan_actions
    from plans.models import Action

    action = Action.objects.filter(plan=plans.plan).first()
    before = portrait_cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        plan_actions.update_action_progress(network.coordinator, action, progress=40)
    assert portrait_cache.version() == before
    action.title = "Ateliers parents-enfants au parc"
    with django_capture_on_commit_callbacks(execute=True):
        action.save(update_fields=["title", "updated_at"])
    assert portrait_cache.version() > before


def test_a_bulk_write_makes_portraits_stale(db, django_capture_on_commit_callbacks):
    before = portrait_cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        data_changed.send(sender=EqdemRate)
    assert portrait_cache.version() > before


def test_bookmarks_and_comments_leave_portraits_alone(library, network, django_capture_on_commit_callbacks):
    from library.models import Collection

    before = portrait_cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        Collection.objects.create(owner=network.member, name="À lire")
    assert portrait_cache.version() == before


def test_a_write_moves_the_version_on_only_once_committed(plans, django_capture_on_commit_callbacks):
    """A visit between a write and its commit must not keep the old figures under the new version."""
    from plans.models import Action

    calls, compute = counting()
    before = portrait_cache.version()
    action = Action.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            action.title = "Ateliers de stimulation du langage"
            action.save()
            data_changed.send(sender=Action)
            # Another visitor, reading now, sees the data as it was: its figures belong
            # to the version that is still current.
            assert portrait_cache.version() == before
            assert portrait_cache.cached("portrait", "quebec", compute) == {"actions": 1}
        assert portrait_cache.version() == before  # not before the outer commit either
    assert portrait_cache.version() > before
    assert portrait_cache.cached("portrait", "quebec", compute) == {"actions": 2}


def test_a_rolled_back_write_leaves_the_version_alone(plans, django_capture_on_commit_callbacks):
    from plans.models import Action

    before = portrait_cache.version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            action = Action.objects.first()
            action.title = "Jamais enregistré"
            action.save()
            raise RuntimeError
    assert callbacks == []
    assert portrait_cache.version() == before


def test_a_lost_version_starts_again_from_the_clock():
    from django.core.cache import cache

    cache.delete(portrait_cache.VERSION_KEY)
    portrait_cache.move_version_on()  # incr on a missing key: starts anew rather than failing
    assert portrait_cache.version() > 1_600_000_000_000
