"""What an item's page shows about the item itself: tags, credits, sections, files, parts, sources.

Read in a fixed number of queries whatever the item holds (one per kind of tag, credits,
translations, sources, and the files or parts of its kind).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from library.models import LibraryItem
from library.models.items import ItemKind, LearningPage
from library.text import item_path
from plans.models import Action

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


def item_context(request: HttpRequest, page: LibraryItem) -> dict:
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
