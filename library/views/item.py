"""The context of a library item's page, gathered from each concern."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from . import appropriation, display, reuse


def item_context(request: HttpRequest, page) -> dict:
    """Everything the item page shows beyond the page itself, in a constant number of queries."""
    context: dict = {}
    context.update(display.item_context(request, page))
    context.update(reuse.item_context(request, page))
    context.update(appropriation.item_context(request, page))
    context["other_languages"] = _other_languages(context["display"]["translations"])
    return context


def _other_languages(translations: list[dict]) -> list[dict]:
    """The header's language switch leads to the item's translation, or else to the
    library in that language: an item's address does not exist in the other language."""
    urls = {t["language"]: t["url"] for t in translations}
    current = get_language()
    return [
        {"code": code, "next": urls.get(code, "/bibliotheque/" if code == "fr" else f"/{code}/bibliotheque/")}
        for code, _name in settings.LANGUAGES
        if code != current
    ]
