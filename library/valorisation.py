"""Valorisation reads: the partners' contributions made visible and credited.

The home page's featured items and figures, what an organisation or a partnership gave
the library and who reinvested it. The contributions pages (library/views/valorisation.py),
the partners' panels (library/panels_valorisation.py), the feeds and the home page read
through here. Every read costs a constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, prefetch_related_objects
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from library.models import LibraryItem, Reinvestment
from partners.models import Organisation, Partnership
from plans.models import Action

#: The latest réinvestissements listed on a contributions page; the total is always given.
REINVESTMENTS_SHOWN = 20
FEATURED_ON_HOME = 6
#: Featured items read at most, all languages together, to pick those of one language.
FEATURED_SCAN = 60
#: Open Graph locales (language_TERRITORY) of the site's languages.
OG_LOCALES = {"fr": "fr_CA", "en": "en_CA"}


def current_language() -> str:
    return (get_language() or "fr").split("-")[0]


def library_url() -> str:
    """The library's listing in the active language."""
    try:
        return reverse("library:index")
    except NoReverseMatch:
        # Before the listing has its own view, Wagtail serves the library's index page.
        return reverse("wagtail_serve", args=["bibliotheque/"])


# --- Home page --------------------------------------------------------------------


def featured_items(language: str, limit: int = FEATURED_ON_HOME) -> list[LibraryItem]:
    """The latest published items marked « à la une », in the visitor's language, or in
    French when that language has none (two queries)."""
    featured = list(
        LibraryItem.objects.published()
        .filter(featured=True)
        .select_related("locale")
        .order_by(F("published_on").desc(nulls_last=True), "-first_published_at", "-pk")[:FEATURED_SCAN]
    )
    own = [item for item in featured if item.locale.language_code == language]
    chosen = (own or [item for item in featured if item.locale.language_code == "fr"])[:limit]
    prefetch_related_objects(chosen, "organisations")
    return chosen


def library_figures(language: str) -> dict[str, int]:
    """The library's size for the home page: items in this language and réinvestissements."""
    return {
        "items": LibraryItem.objects.published().filter(locale__language_code=language).count(),
        "reinvestments": Reinvestment.objects.count(),
    }


# --- Contributions ----------------------------------------------------------------


def credited_to(subject: Organisation | Partnership) -> QuerySet:
    """Every item credited to an organisation or a partnership, published or not."""
    if isinstance(subject, Organisation):
        return LibraryItem.objects.filter(organisations=subject)
    return LibraryItem.objects.filter(partnerships=subject)


def contribution_count(subject: Organisation | Partnership) -> int:
    """How many published items the subject is credited for, a translation counting once."""
    return credited_to(subject).published().values("translation_key").distinct().count()


def contributions(subject: Organisation | Partnership, language: str) -> QuerySet:
    """The published items credited to the subject, one per translation group: the version
    in ``language`` when it is published, otherwise the credited one.

    A translation is often credited on one side only (the English version of a French
    learning), so the credit is carried by the translation key.
    """
    published = LibraryItem.objects.published()
    keys = credited_to(subject).published().values("translation_key")
    in_language = published.filter(locale__language_code=language, translation_key__in=keys)
    return published.filter(translation_key__in=keys).filter(
        Q(locale__language_code=language) | ~Q(translation_key__in=in_language.values("translation_key"))
    )


def _from_subject(subject: Organisation | Partnership) -> Q:
    """Réinvestissements whose source is the subject's: an item credited to it (in any
    language) or an action it leads (organisation) or planned (partnership).

    Both are lists of ids matched against indexed columns, so that the database starts
    from the subject's few sources rather than from every réinvestissement.
    """
    keys = credited_to(subject).values("translation_key")
    items = LibraryItem.objects.filter(translation_key__in=keys).values("pk")
    if isinstance(subject, Organisation):
        actions = Action.objects.filter(lead=subject).values("pk")
    else:
        actions = Action.objects.filter(plan__partnership=subject).values("pk")
    return Q(source_item__in=items) | Q(source_action__in=actions)


def reinvestments_of(subject: Organisation | Partnership, user) -> QuerySet:
    """Réinvestissements of the subject's items and actions by other partnerships."""
    queryset = Reinvestment.objects.visible_to(user).filter(_from_subject(subject))
    if isinstance(subject, Partnership):
        queryset = queryset.exclude(partnership=subject)
    return queryset


def reinvested_by(partnership: Partnership, user) -> QuerySet:
    """What the partnership reinvested from others' items and actions."""
    return (
        Reinvestment.objects.visible_to(user)
        .filter(partnership=partnership)
        .exclude(_from_subject(partnership))
    )


def _for_display(reinvestments: QuerySet) -> QuerySet:
    return reinvestments.select_related(
        "source_item__locale", "source_action__plan__partnership", "action__plan", "partnership"
    ).order_by("-created_at", "-pk")


@dataclass
class Section:
    """A list shown in part (the latest rows) with its total."""

    rows: list
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


def section(reinvestments: QuerySet) -> Section:
    """The latest réinvestissements, ready to show, with their total."""
    return Section(rows=list(_for_display(reinvestments)[:REINVESTMENTS_SHOWN]), count=reinvestments.count())
