"""Template tags of valorisation: item addresses, Open Graph data and language alternates."""

from __future__ import annotations

from django import template
from django.urls import reverse

from library.text import item_path as _item_path
from library.valorisation import OG_LOCALES

register = template.Library()


@register.filter
def item_path(page) -> str:
    """The public address of a library item, without a query (see library.text.item_path)."""
    return _item_path(page)


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """``path`` as an absolute address on the host of the current request."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def item_meta(context, page) -> dict:
    """What the head of an item page declares: its canonical address, Open Graph locale,
    the published translations (hreflang) and the feeds of its themes (two queries)."""
    request = context["request"]
    language = page.locale.language_code
    translations = list(
        page.get_translations(inclusive=True)
        .live()
        .select_related("locale")
        .order_by("locale__language_code")
    )
    alternates = [
        {
            "language": translation.locale.language_code,
            "url": request.build_absolute_uri(_item_path(translation)),
            "og_locale": OG_LOCALES.get(translation.locale.language_code, ""),
        }
        for translation in translations
    ]
    published = page.published_on.isoformat() if page.published_on else ""
    if not published and page.first_published_at:
        published = page.first_published_at.isoformat()
    return {
        "url": request.build_absolute_uri(_item_path(page)),
        "og_locale": OG_LOCALES.get(language, ""),
        # Alternates only when a translation exists; the page itself is among them.
        "alternates": alternates if len(alternates) > 1 else [],
        "published_time": published,
        "modified_time": page.last_published_at.isoformat() if page.last_published_at else "",
        "theme_feeds": [
            {"label": theme.label, "url": reverse("library:theme_feed", args=[theme.code])}
            for theme in page.themes.all()
        ],
    }
