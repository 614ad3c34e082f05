"""Extension points on pages: a higher app adds a section to a lower app's page.

The action page of ``plans`` shows the réinvestissement lineage that ``library`` keeps,
without ``plans`` knowing about ``library``: the library registers a panel for the slot
« plans.action » and the page renders whatever panels are registered there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

Panel = Callable[[HttpRequest, object], str]
_PANELS: dict[str, list[Panel]] = defaultdict(list)


def register(slot: str, panel: Panel) -> None:
    """Add ``panel(request, obj) -> HTML`` to the pages of ``slot``."""
    if panel not in _PANELS[slot]:
        _PANELS[slot].append(panel)


def render(slot: str, request: HttpRequest, obj: object) -> list[SafeString]:
    """The HTML of every panel registered for ``slot``, in registration order.

    A panel renders its own template, whose output Django has already escaped.
    """
    return [mark_safe(html) for panel in _PANELS[slot] if (html := panel(request, obj))]  # noqa: S308  # nosec B308 B703 - each panel renders its own escaped template
