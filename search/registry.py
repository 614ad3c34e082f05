"""What each domain app tells the engine: what to index, its kinds and its facets.

Apps register in their ``search.py`` (loaded by their AppConfig.ready), as Wagtail's
``search_fields`` do; the engine itself knows no domain model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet


@dataclass
class DocumentData:
    """What an object looks like to the engine."""

    kind: str
    title: str
    url: str
    summary: str = ""
    body: str = ""
    language: str = "fr"
    date: datetime | None = None
    reuse_count: int = 0
    audience: int | None = None
    facets: list[str] = field(default_factory=list)


@dataclass
class Source:
    """One indexed model: its queryset (with relations loaded) and its documents."""

    type: str
    queryset: Callable[[], QuerySet]
    document: Callable[[Any], DocumentData | None]


@dataclass
class Kind:
    code: str
    label: Any
    type: str


@dataclass
class FacetSpec:
    """A facet shown beside results: its name, label and (value, label) choices."""

    name: str
    label: Any
    choices: Callable[[], Iterable[tuple[str, Any]]]
    order: int = 100


SOURCES: dict[str, Source] = {}
KINDS: dict[str, Kind] = {}
FACETS: dict[str, FacetSpec] = {}
#: Who may find documents reserved to a partnership: fn(user) -> the partnership ids,
#: or None for every one. Set by the app that indexes such documents (plans).
AUDIENCE: list[Callable[[Any], list[int] | None]] = []


def register_source(type: str, queryset: Callable[[], QuerySet], document: Callable) -> None:
    SOURCES[type] = Source(type, queryset, document)


def register_kind(code: str, label: Any, type: str) -> None:
    KINDS[code] = Kind(code, label, type)


def register_facet(name: str, label: Any, choices: Callable, order: int = 100) -> None:
    FACETS[name] = FacetSpec(name, label, choices, order)


def register_audience(resolver: Callable[[Any], list[int] | None]) -> None:
    AUDIENCE[:] = [resolver]


def audience_of(user) -> list[int] | None:
    """The partnerships whose reserved documents ``user`` may find; None means all of them."""
    if not AUDIENCE:
        return []
    return AUDIENCE[0](user)


def facet_specs() -> list[FacetSpec]:
    kind = FacetSpec("type", _type_label(), lambda: [(k.code, k.label) for k in KINDS.values()], 0)
    return [kind] + sorted(FACETS.values(), key=lambda f: (f.order, f.name))


def _type_label():
    from django.utils.translation import gettext_lazy as _

    return _("Type")
