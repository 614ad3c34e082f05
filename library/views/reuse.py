"""Pages of the library: reuse."""

from __future__ import annotations

from django.http import HttpRequest


def item_context(request: HttpRequest, page) -> dict:
    """What the item page needs for this concern."""
    return {}
