"""The portraits' cache: every figure is computed once per version of the data.

A portrait reads thousands of rows; it is kept in Django's cache under a key that holds a
version number. Any write to the data a portrait shows moves the version on (model
signals, and ``core.signals.data_changed`` for bulk writes), so the next visit computes it
again: no figure outlives the data it was drawn from.

The version moves on once the write is committed, never before: a visit between the
write and its commit reads the data as it was, and would otherwise keep those old figures
under the new version for a day. A transaction that rolls back leaves it alone.

The version key lives in the same cache as the figures: shared by every process of a
server (the file cache under ``var/``), and by every server when ``REDIS_URL`` is set.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from core.signals import data_changed

T = TypeVar("T")

VERSION_KEY = "portraits:version"
# A figure is computed again at least once a day, whatever happens.
TIMEOUT = 24 * 60 * 60

# The apps whose data the portraits show; within them, models that do not change a
# figure (people's bookmarks, comments, notifications, history) leave the cache alone.
WATCHED_APPS = {"partners", "plans", "library", "portraits", "taxonomy", "territories"}
IGNORED_MODELS = {
    "collection",
    "bookmark",
    "comment",
    "commentreport",
    "usefulvote",
    "follow",
    "digestsubscription",
    "affiliation",
    "measurement",
    "stagechange",
}


def version() -> int:
    """The current version of the data; starts from the clock so that an old cache never matches."""
    current = cache.get(VERSION_KEY)
    if current is None:
        current = time.time_ns() // 1_000_000
        if not cache.add(VERSION_KEY, current, timeout=None):
            current = cache.get(VERSION_KEY, current)
    return current


def invalidate(**_kwargs) -> None:
    """Every cached portrait is out of date once the current transaction commits (at once outside one)."""
    transaction.on_commit(move_version_on)


def move_version_on() -> None:
    """Move the version on now (atomic in Redis): every cached portrait is out of date."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns() // 1_000_000, timeout=None)


def cached(name: str, scope: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per version of the data, scope and language."""
    key = f"portraits:{version()}:{name}:{scope}:{get_language() or 'fr'}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT)
    return value


def _watched(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return False
    if meta.auto_created:  # a many-to-many table: judged by the model that declares it
        return meta.app_label in WATCHED_APPS
    return (
        meta.app_label in WATCHED_APPS
        and meta.model_name not in IGNORED_MODELS
        and not meta.model_name.startswith("historical")
    )


# Fields that no portrait reads: a save that changes only these (an action's progress
# update, the most frequent write of all) leaves the portraits as they are.
UNREAD_FIELDS = {
    ("plans", "action"): frozenset({"progress", "status", "updated_at"}),
}


def _on_write(sender, update_fields=None, **kwargs) -> None:
    if not _watched(sender):
        return
    unread = UNREAD_FIELDS.get((sender._meta.app_label, sender._meta.model_name))
    if unread and update_fields and set(update_fields) <= unread:
        return
    invalidate()


def connect_signals() -> None:
    post_save.connect(_on_write, dispatch_uid="portraits-cache-save")
    post_delete.connect(_on_write, dispatch_uid="portraits-cache-delete")
    m2m_changed.connect(_on_write, dispatch_uid="portraits-cache-m2m")
    data_changed.connect(invalidate, dispatch_uid="portraits-cache-bulk")
