"""The context of a library item's page, gathered from each concern: the item itself
(tags, credits, sections, files, parts, sources), its réinvestissements and its
appropriation (« utile » votes, comments, collections, follows).

``LibraryItem.get_context`` adds what the builders registered with
``library.models.items.register_item_context`` return; this module registers the page's
own when the app loads (library/apps.py), so that the models import nothing that reads
them. Read in a fixed number of queries whatever the item holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.people import public_name
from library import reuse
from library.actions.appropriation import can_moderate, partnerships_of
from library.forms_appropriation import CommentForm
from library.models import Bookmark, Collection, Comment, CommentReport, Follow, LibraryItem, UsefulVote
from library.models.items import ItemKind, LearningPage, register_item_context
from library.text import item_path
from partners.models import Partnership
from plans.models import Action
from taxonomy.models import Theme

#: The request attribute through which a refused comment comes back to the item page.
POSTED_COMMENT = "_library_posted_comment"


# The item itself --------------------------------------------------------------------------

#: (field, listing filter, heading). The filters are the search facets; tags without one
#: are shown as plain words.
TAG_GROUPS = (
    ("themes", "theme", gettext_lazy("Thèmes")),
    ("systems", "system", gettext_lazy("Systèmes")),
    ("protective_factors", "factor", gettext_lazy("Facteurs de protection")),
    ("age_periods", "age", gettext_lazy("Périodes d'âge")),
    ("regions", "region", gettext_lazy("Régions")),
    ("populations", "", gettext_lazy("Populations")),
    ("action_types", "", gettext_lazy("Types d'action")),
)

_UNITS = (
    (1024**3, gettext_lazy("%(size)s Go")),
    (1024**2, gettext_lazy("%(size)s Mo")),
    (1024, gettext_lazy("%(size)s ko")),
)


def file_size_label(size: int | None) -> str:
    """« 1,2 Mo », « 350 ko », « 800 o » (decimal comma in French, point in English)."""
    if size is None:
        return ""
    for unit, label in _UNITS:
        if size >= unit:
            value = Decimal(size) / unit
            value = value.quantize(Decimal(1) if value >= 100 else Decimal("0.1"), rounding=ROUND_HALF_UP)
            if value == value.to_integral():
                value = value.quantize(Decimal(1))
            return str(label) % {"size": formats.number_format(value, use_l10n=True)}
    return _("%(size)s o") % {"size": formats.number_format(size, use_l10n=True)}


@dataclass
class Download:
    label: str
    url: str
    format: str
    size: str


def _download(document: Any, label: str = "") -> Download:
    return Download(
        label=label or document.title,
        url=document.url,
        format=document.file_extension.upper(),
        size=file_size_label(document.file_size),
    )


def _index_url() -> str:
    try:
        return reverse("library:index")
    except NoReverseMatch:
        return ""


def _tag_groups(page: LibraryItem) -> list[dict[str, Any]]:
    index_url = _index_url()
    groups = []
    for field, facet, heading in TAG_GROUPS:
        tags = [
            {"label": tag.label, "url": f"{index_url}?{facet}={tag.code}" if facet and index_url else ""}
            for tag in getattr(page, field).all()
        ]
        if tags:
            groups.append({"heading": heading, "tags": tags})
    return groups


def _published_on(page: LibraryItem) -> Any:
    if page.published_on:
        return page.published_on
    if page.first_published_at:
        return timezone.localtime(page.first_published_at).date()
    return None


def _sections(page: LibraryItem) -> list[dict[str, Any]]:
    if not isinstance(page, LearningPage):
        return []
    return [
        {
            "id": name.replace("_", "-"),
            "heading": capfirst(LearningPage._meta.get_field(name).verbose_name),
            "html": getattr(page, name),
        }
        for name in LearningPage.SECTIONS
        if (getattr(page, name) or "").strip()
    ]


def _source_actions(request: HttpRequest, page: LibraryItem) -> QuerySet[Action]:
    return (
        Action.objects.visible_to(request.user)
        .filter(library_items=page)
        .select_related("plan__partnership")
        .order_by("title")
    )


def _parts(page: LibraryItem) -> list[dict[str, str]]:
    # Through the page's relation, so that a preview shows the parts of the revision.
    rows = page.parts.select_related("item__locale").order_by("sort_order")
    return [
        {
            "title": part.item.title,
            "url": item_path(part.item),
            "note": part.note,
            "kind": part.item.get_kind_display(),
        }
        for part in rows
        if part.item.live
    ]


def display_context(request: HttpRequest, page: LibraryItem) -> dict:
    """The item's own content for _item_header.html and _item_body.html."""
    translations = [
        {"url": item_path(t), "language": t.locale.language_code}
        for t in page.get_translations().live().select_related("locale").order_by("locale__language_code")
    ]
    display: dict[str, Any] = {
        "published_on": _published_on(page),
        "organisations": list(page.organisations.all().order_by("name")),
        "partnerships": list(page.partnerships.all().order_by("name")),
        "translations": translations,
        "tag_groups": _tag_groups(page),
        "sections": _sections(page),
        "source_actions": list(_source_actions(request, page)),
        "downloads": [],
        "parts": [],
        "publication_document": None,
    }
    if page.kind == ItemKind.TOOL:
        display["downloads"] = [
            _download(row.document, row.title)
            for row in page.documents.select_related("document").order_by("sort_order")
        ]
    elif page.kind == ItemKind.PUBLICATION and page.document_id:
        display["publication_document"] = _download(page.document)
    elif page.kind == ItemKind.DOSSIER:
        display["parts"] = _parts(page)
    return {"display": display}


# Réinvestissement ------------------------------------------------------------------------


def reuse_context(request: HttpRequest, page: LibraryItem) -> dict:
    """The item's lineage and whether the visitor may reinvest it (three queries)."""
    return {
        "reuse_lineage": reuse.lineage(page, request.user),
        "reuse_can_reinvest": reuse.can_reinvest(request.user),
    }


# Appropriation ---------------------------------------------------------------------------


def appropriation_context(request: HttpRequest, page: LibraryItem) -> dict:
    """Votes, comments, collections and follows of the item, in a constant number of queries."""
    user = request.user
    signed_in = bool(user.is_authenticated and user.is_active)
    moderator = signed_in and can_moderate(user)

    vote_counts = UsefulVote.objects.filter(item_id=page.pk).aggregate(
        count=Count("id"), mine=Count("id", filter=Q(user_id=user.pk if signed_in else None))
    )
    posted = getattr(request, POSTED_COMMENT, None)
    person_fields = ("author", "organisation", "hidden_by")
    comments = list(
        Comment.objects.filter(item_id=page.pk, parent__isnull=True)
        .select_related(*person_fields)
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Comment.objects.select_related(*person_fields).order_by("created_at", "id"),
            )
        )
        .order_by("created_at", "id")
    )
    comment_count = 0
    for comment in comments:
        comment.reply_list = list(comment.replies.all())
        comment_count += 1 + len(comment.reply_list)
        for shown in (comment, *comment.reply_list):
            # Never the e-mail address: comments are public.
            shown.author_name = public_name(shown.author)
        if signed_in:
            is_target = posted is not None and posted.reply_to == comment.pk
            comment.reply_form = posted if is_target else CommentForm(reply_to=comment.pk)

    context: dict = {
        "useful_count": vote_counts["count"],
        "useful_mine": bool(vote_counts["mine"]),
        "comments": comments,
        "comment_count": comment_count,
        "can_moderate": moderator,
        "item_path": item_path(page),
        "item_pk": page.pk,
    }
    if not signed_in:
        return context

    context["comment_form"] = posted if posted is not None and posted.reply_to is None else CommentForm()
    context["reported_ids"] = set(
        CommentReport.objects.filter(reporter=user, comment__item_id=page.pk).values_list(
            "comment_id", flat=True
        )
    )
    bookmarks = Bookmark.objects.filter(collection=OuterRef("pk"), item_id=page.pk)
    collections = list(
        Collection.objects.filter(owner=user)
        .select_related("partnership")
        .annotate(bookmark_id=Subquery(bookmarks.values("pk")[:1]))
        .order_by("name", "id")
    )
    context["collections"] = collections
    context["saved_in"] = [c for c in collections if c.bookmark_id]
    context["my_partnerships"] = list(partnerships_of(user).order_by("name"))
    themes = list(Theme.objects.filter(library_items=page.pk).order_by("position", "code"))
    partnerships = list(Partnership.objects.active().filter(library_items=page.pk).order_by("name"))
    followed = Follow.objects.filter(user=user).filter(
        Q(item_id=page.pk)
        | Q(theme_id__in=[t.pk for t in themes])
        | Q(partnership_id__in=[p.pk for p in partnerships])
    )
    followed_items, followed_themes, followed_partnerships = set(), set(), set()
    for follow in followed.values("item_id", "theme_id", "partnership_id"):
        followed_items.add(follow["item_id"])
        followed_themes.add(follow["theme_id"])
        followed_partnerships.add(follow["partnership_id"])
    context["following_item"] = page.pk in followed_items
    context["follow_themes"] = [{"target": t, "following": t.pk in followed_themes} for t in themes]
    context["follow_partnerships"] = [
        {"target": p, "following": p.pk in followed_partnerships} for p in partnerships
    ]
    return context


# The whole page ---------------------------------------------------------------------------


def item_context(request: HttpRequest, page: LibraryItem) -> dict:
    """Everything the item page shows beyond the page itself, in a constant number of queries."""
    context: dict = {}
    context.update(display_context(request, page))
    context.update(reuse_context(request, page))
    context.update(appropriation_context(request, page))
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


register_item_context(item_context)
