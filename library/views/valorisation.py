"""Valorisation: the partners' contributions made visible and credited.

The home page's featured items, a contributions page per organisation and per
partnership, and the reads they share with the panels of the partners' pages
(library/panels_valorisation.py). Every read costs a constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.http import InvalidRequest, NotFound
from library.models import LibraryItem, Reinvestment
from partners.models import Organisation, Partnership
from plans.models import Action, Plan

CONTRIBUTIONS_PAGE_SIZE = 20
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


def visible_reinvestments(user) -> QuerySet:
    """Réinvestissements whose new action and whose source the user may see.

    An action of a members-only plan does not exist for outsiders, on either side.
    """
    # Checked row by row (EXISTS), so that the database starts from what the caller asks
    # for (one subject's sources, one partnership) rather than from every visible plan.
    visible_plans = Plan.objects.visible_to(user)
    published = LibraryItem.objects.published()
    return Reinvestment.objects.filter(
        Exists(visible_plans.filter(pk=OuterRef("action__plan_id"))),
        Exists(published.filter(pk=OuterRef("source_item_id")))
        | Exists(visible_plans.filter(pk=OuterRef("source_action__plan_id"))),
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
    queryset = visible_reinvestments(user).filter(_from_subject(subject))
    if isinstance(subject, Partnership):
        queryset = queryset.exclude(partnership=subject)
    return queryset


def reinvested_by(partnership: Partnership, user) -> QuerySet:
    """What the partnership reinvested from others' items and actions."""
    return visible_reinvestments(user).filter(partnership=partnership).exclude(_from_subject(partnership))


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


def _section(reinvestments: QuerySet) -> Section:
    return Section(rows=list(_for_display(reinvestments)[:REINVESTMENTS_SHOWN]), count=reinvestments.count())


class PageListing:
    """What core/_pagination.html needs: the page and the query string without it."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.query_without_page = ""


def _page(queryset: QuerySet, number: str) -> Page:
    paginator = Paginator(queryset, CONTRIBUTIONS_PAGE_SIZE)
    try:
        return paginator.page(number)
    except PageNotAnInteger as error:
        raise InvalidRequest(
            _("Le numéro de page « %(page)s » n'est pas un nombre.") % {"page": number}
        ) from error
    except EmptyPage as error:
        raise NotFound(
            _("La page %(page)s n'existe pas : cette liste compte %(pages)s page(s).")
            % {"page": number, "pages": paginator.num_pages}
        ) from error


def _items_page(subject: Organisation | Partnership, request: HttpRequest) -> Page:
    items = (
        contributions(subject, current_language())
        .select_related("locale")
        .prefetch_related("themes")
        .annotate(reuse_count=Count("reinvestments", distinct=True))
        .order_by("-first_published_at", "-pk")
    )
    return _page(items, request.GET.get("page", "1"))


def organisation_contributions(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = Organisation.objects.active().filter(pk=pk).first()
    if organisation is None:
        raise NotFound(_("Aucun partenaire ne porte le numéro %(id)s.") % {"id": pk})
    page = _items_page(organisation, request)
    return render(
        request,
        "library/contributions.html",
        {
            "subject": organisation,
            "is_partnership": False,
            "listing": PageListing(page),
            "reinvestments_of": _section(reinvestments_of(organisation, request.user)),
            "language": current_language(),
        },
    )


def partnership_contributions(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = Partnership.objects.active().select_related("region").filter(pk=pk).first()
    if partnership is None:
        raise NotFound(_("Aucun regroupement ne porte le numéro %(id)s.") % {"id": pk})
    page = _items_page(partnership, request)
    return render(
        request,
        "library/contributions.html",
        {
            "subject": partnership,
            "is_partnership": True,
            "listing": PageListing(page),
            "reinvestments_of": _section(reinvestments_of(partnership, request.user)),
            "reinvested_by": _section(reinvested_by(partnership, request.user)),
            "language": current_language(),
        },
    )
