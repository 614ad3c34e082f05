"""The context of a library item's page, gathered from each concern."""

from __future__ import annotations

from django.http import HttpRequest

from . import appropriation, display, reuse


def item_context(request: HttpRequest, page) -> dict:
    """Everything the item page shows beyond the page itself, in a constant number of queries."""
    context: dict = {}
    context.update(display.item_context(request, page))
    context.update(reuse.item_context(request, page))
    context.update(appropriation.item_context(request, page))
    return context
