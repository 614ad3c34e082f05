"""Atom feeds of the library: every new item, or those of one theme or one region.

Each feed lists the 50 latest published items of the active language (the English feeds
live under /en/), with their summary, credited organisations, themes and address.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.http import NotFound
from taxonomy.models import Theme
from territories.models import Region

from .models import LibraryItem
from .text import item_path
from .valorisation import current_language, library_url

FEED_SIZE = 50


class LibraryFeed(Feed):
    """The 50 latest published items of the library."""

    feed_type = Atom1Feed

    def items(self, obj) -> QuerySet:
        return (
            self.narrow(LibraryItem.objects.published().filter(locale__language_code=current_language()), obj)
            .select_related("locale")
            .prefetch_related("themes", "organisations")
            .order_by("-first_published_at", "-pk")[:FEED_SIZE]
        )

    def narrow(self, items: QuerySet, obj) -> QuerySet:
        return items

    def title(self, obj) -> str:
        return _("Bibliothèque Agir tôt : nouveautés")

    def subtitle(self, obj) -> str:
        return _("Les apprentissages, outils, publications et actualités partagés par les partenaires.")

    def link(self, obj) -> str:
        return library_url()

    def author_name(self, obj) -> str:
        # Atom asks for an author: the site speaks for items credited to nobody.
        return "Agir tôt"

    def item_title(self, item: LibraryItem) -> str:
        # Atom titles are plain text, escaped once by the XML writer.
        return item.title

    def item_description(self, item: LibraryItem) -> str:
        # Atom summaries are declared as HTML: the plain summary is escaped for it.
        return escape(item.summary)

    def item_link(self, item: LibraryItem) -> str:
        return item_path(item)

    def item_author_name(self, item: LibraryItem) -> str | None:
        names = [organisation.name for organisation in item.organisations.all()]
        return ", ".join(names) or None

    def item_categories(self, item: LibraryItem) -> list[str]:
        return [theme.label for theme in item.themes.all()]

    def item_pubdate(self, item: LibraryItem):
        return item.first_published_at

    def item_updateddate(self, item: LibraryItem):
        return item.last_published_at or item.first_published_at


class ThemeFeed(LibraryFeed):
    """The latest items of one theme."""

    def get_object(self, request: HttpRequest, code: str) -> Theme:
        theme = Theme.objects.filter(code=code).first()
        if theme is None:
            raise NotFound(_("Aucun thème ne porte le code « %(code)s ».") % {"code": code})
        return theme

    def narrow(self, items: QuerySet, obj: Theme) -> QuerySet:
        return items.filter(themes=obj)

    def title(self, obj: Theme) -> str:
        return _("Bibliothèque Agir tôt — thème : %(theme)s") % {"theme": obj.label}

    def link(self, obj: Theme) -> str:
        return f"{library_url()}?{urlencode({'theme': obj.code})}"


class RegionFeed(LibraryFeed):
    """The latest items of one administrative region."""

    def get_object(self, request: HttpRequest, code: str) -> Region:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise NotFound(_("Aucune région ne porte le code « %(code)s ».") % {"code": code})
        return region

    def narrow(self, items: QuerySet, obj: Region) -> QuerySet:
        return items.filter(regions=obj)

    def title(self, obj: Region) -> str:
        return _("Bibliothèque Agir tôt — région : %(region)s") % {"region": obj.label}

    def link(self, obj: Region) -> str:
        return f"{library_url()}?{urlencode({'region': obj.code})}"
