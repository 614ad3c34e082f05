"""Personal data kept about a person, gathered from every app without the lower apps knowing the higher.

Québec's Loi 25 gives each person the right to receive the personal information kept
about them and to have it destroyed. The account (``accounts``, floor 2) cannot import
the apps above it, so each app registers here, from its ``AppConfig.ready``:

* ``collect(user) -> dict``: its section of the person's export (JSON-ready values);
* ``forget(user) -> None`` (optional): what must be cleared before the account row is
  deleted, beyond what the foreign keys' ``on_delete`` already does (e.g. a name copied
  into a text column). It runs inside the deletion's transaction.

Each ``collect`` costs a constant number of SQL queries, whatever the person's activity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Collect = Callable[[Any], dict[str, Any]]
Forget = Callable[[Any], None]


@dataclass(frozen=True)
class Section:
    """One app's part of a person's data."""

    key: str
    collect: Collect
    forget: Forget | None = None


_SECTIONS: dict[str, Section] = {}


def register(key: str, collect: Collect, *, forget: Forget | None = None) -> None:
    """Add (or replace, when a module is imported twice) the section ``key`` of the export."""
    _SECTIONS[key] = Section(key=key, collect=collect, forget=forget)


def sections() -> list[Section]:
    """The registered sections, in registration order (the order of ``INSTALLED_APPS``)."""
    return list(_SECTIONS.values())


def collect(user: Any) -> dict[str, Any]:
    """Every registered section of ``user``'s data, keyed by section."""
    return {section.key: section.collect(user) for section in _SECTIONS.values()}


def forget(user: Any) -> None:
    """Run every registered ``forget`` before ``user``'s account is deleted."""
    for section in _SECTIONS.values():
        if section.forget is not None:
            section.forget(user)


def iso(value: Any) -> str | None:
    """A date or a date-time as ISO 8601 text for the export (``None`` stays ``None``)."""
    return value.isoformat() if value is not None else None


_HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def history_counts(model: Any, user: Any) -> dict[str, int]:
    """How many changes ``user`` made to ``model``'s rows, by kind, from its django-simple-history table.

    One grouped query; a list of every change would grow without bound, the counts do not.
    """
    from django.db.models import Count

    counts = dict.fromkeys(_HISTORY_TYPES.values(), 0)
    rows = (
        model.history.model.objects.filter(history_user=user)
        .order_by()
        .values_list("history_type")
        .annotate(n=Count("history_id"))
    )
    for history_type, n in rows:
        counts[_HISTORY_TYPES.get(history_type, history_type)] = n
    return counts
