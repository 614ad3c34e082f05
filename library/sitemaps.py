"""sitemap.xml: the public pages of the platform, for search engines.

An index (/sitemap.xml) points to one section per kind of page, each cut into files of at
most 5,000 addresses, so that no request loads the 30,000 organisations of the design
size. Library items are Wagtail pages, one per language, listed with their translations
as alternates; the other pages exist in both languages (/…, /en/…) and are listed twice,
with hreflang alternates. Members-only plans and their actions are never listed.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils.translation import get_language

from partners.models import Organisation, Partnership
from plans.models import Action, Plan

from .models import LibraryItem
from .text import item_path

#: Addresses per sitemap file (the protocol allows 50,000; smaller files stay fast).
URLS_PER_FILE = 5_000
#: A number that no real id is, replaced by each object's id in its address.
_ANY_ID = 987654321987


class _InEveryLanguage:
    """A queryset seen as (object, language) pairs, sliced without loading the rest.

    Django's multilingual sitemaps build that list in memory; here a page of the
    paginator fetches only the objects it shows.
    """

    def __init__(self, queryset: QuerySet, languages: list[str]) -> None:
        self.queryset = queryset
        self.languages = languages

    def count(self) -> int:
        return self.queryset.count() * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[tuple]:
        n = len(self.languages)
        start, stop = index.start or 0, index.stop
        first, last = start // n, -(-stop // n)
        pairs = [(obj, language) for obj in self.queryset[first:last] for language in self.languages]
        offset = first * n
        return pairs[start - offset : stop - offset]


class BilingualSitemap(Sitemap):
    """Pages served at the same address in French (/…) and English (/en/…)."""

    i18n = True
    alternates = True
    x_default = True
    limit = URLS_PER_FILE
    date_field = "updated_at"
    #: The URL name of an object's page, which takes its id.
    url_name = ""

    def __init__(self) -> None:
        self._patterns: dict[str, str] = {}

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def location(self, obj) -> str:
        # One reverse() per language rather than one per address: a file has 20,000 of them.
        language = get_language()
        if language not in self._patterns:
            self._patterns[language] = reverse(self.url_name, args=[_ANY_ID])
        return self._patterns[language].replace(str(_ANY_ID), str(obj.pk))

    def items(self) -> QuerySet:
        return self.queryset().only("pk", self.date_field).order_by("pk")

    @property
    def paginator(self) -> Paginator:
        return Paginator(_InEveryLanguage(self.items(), self._languages()), self.limit)

    def lastmod(self, obj):
        return getattr(obj, self.date_field)

    def get_latest_lastmod(self):
        return self.queryset().aggregate(latest=Max(self.date_field))["latest"]


class OrganisationSitemap(BilingualSitemap):
    url_name = "partners:organisation"

    def queryset(self) -> QuerySet:
        return Organisation.objects.active()


class PartnershipSitemap(BilingualSitemap):
    url_name = "partners:partnership"

    def queryset(self) -> QuerySet:
        return Partnership.objects.active()


class PlanSitemap(BilingualSitemap):
    url_name = "plans:plan"

    def queryset(self) -> QuerySet:
        # What an anonymous visitor sees: public plans of active partnerships.
        return Plan.objects.visible_to(AnonymousUser())


class ActionSitemap(BilingualSitemap):
    url_name = "plans:action"

    def queryset(self) -> QuerySet:
        return Action.objects.visible_to(AnonymousUser())


class _ItemRow:
    """A library item read as plain values: what item_path reads (address and language)."""

    __slots__ = ("pk", "url_path", "translation_key", "last_published_at", "locale_id", "language_code")

    def __init__(self, row: dict) -> None:
        self.pk = row["pk"]
        self.url_path = row["url_path"]
        self.translation_key = row["translation_key"]
        self.last_published_at = row["last_published_at"]
        self.locale_id = row["locale_id"]
        self.language_code = row["locale__language_code"]

    @property
    def locale(self) -> _ItemRow:
        return self


class _ItemRows:
    """Published items as _ItemRow, sliced by the paginator without building pages:
    a Wagtail page object costs more than the address written for it."""

    def __init__(self, queryset: QuerySet) -> None:
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[_ItemRow]:
        return [_ItemRow(row) for row in self.queryset[index]]


_ITEM_FIELDS = (
    "pk",
    "url_path",
    "translation_key",
    "last_published_at",
    "locale_id",
    "locale__language_code",
)


class LibraryItemSitemap(Sitemap):
    """Published items in every language; a translation is the item's alternate."""

    limit = URLS_PER_FILE

    def published(self) -> QuerySet:
        return LibraryItem.objects.published()

    def items(self) -> QuerySet:
        return self.published().order_by("pk").values(*_ITEM_FIELDS)

    @property
    def paginator(self) -> Paginator:
        return Paginator(_ItemRows(self.items()), self.limit)

    def location(self, item: _ItemRow) -> str:
        return item_path(item)

    def lastmod(self, item: _ItemRow):
        return item.last_published_at

    def get_latest_lastmod(self):
        return self.published().aggregate(latest=Max("last_published_at"))["latest"]

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        # The other versions of this file's items, in one query.
        shown = [url["item"] for url in urls]
        others: dict = {}
        translations = self.items().filter(translation_key__in={item.translation_key for item in shown})
        for row in translations.exclude(pk__in=[item.pk for item in shown]):
            others.setdefault(row["translation_key"], []).append(_ItemRow(row))
        shown_by_key: dict = {}
        for item in shown:
            shown_by_key.setdefault(item.translation_key, []).append(item)
        prefix = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            key = url["item"].translation_key
            versions = shown_by_key[key] + others.get(key, [])
            if len(versions) > 1:
                url["alternates"] = [
                    {"location": prefix + item_path(version), "lang_code": version.language_code}
                    for version in sorted(versions, key=lambda version: version.language_code)
                ]
        return urls


SITEMAPS = {
    "bibliotheque": LibraryItemSitemap,
    "partenaires": OrganisationSitemap,
    "regroupements": PartnershipSitemap,
    "plans": PlanSitemap,
    "actions": ActionSitemap,
}
