"""The library, read-only: the list with the search's facets, and each item in full.

The list runs the same search as /bibliotheque/ (same parameters, same order, same
counts), then loads the page's items with their tags in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Query, Router, Schema
from wagtail.rich_text import expand_db_html

from api.errors import not_found
from api.schemas import ErrorOut, PageParams, Ref
from api.search import (
    FACETS_DESCRIPTION,
    NOTICE_DESCRIPTION,
    QUERY_DESCRIPTION,
    READ,
    FacetParams,
    FacetValueOut,
    criteria_from,
    facets_out,
    notice,
)
from core.ids import MAX_ID
from library.models import (
    DossierPart,
    ItemKind,
    LearningPage,
    LibraryItem,
    PublicationKind,
    ToolDocument,
)
from library.models.items import KIND_MODELS
from library.search import SCOPE
from library.text import item_path
from partners.models import Organisation, Partnership
from plans.models import Action
from search.query import SORTS
from search.service import run

router = Router()

LIBRARY = [gettext_lazy("Bibliothèque")]


# Requests ---------------------------------------------------------------------------


class LibraryParams(FacetParams):
    q: str = Field("", description=QUERY_DESCRIPTION)
    type: list[str] = Field(
        [],
        description=gettext_lazy(
            "Genre d'élément : apprentissage, outil, publication, dossier ou actualite. Répétable."
        ),
        json_schema_extra={"items": {"type": "string", "enum": list(ItemKind.values)}},
    )
    sort: str = Field(
        "",
        description=gettext_lazy(
            "Ordre : date (les plus récents, par défaut sans mots cherchés), relevance (pertinence, par "
            "défaut avec des mots) ou reuse (les plus réinvestis)."
        ),
        json_schema_extra={"enum": ["", *SORTS]},
    )


# Answers ----------------------------------------------------------------------------


class CodeLabel(Schema):
    code: str
    label: str = Field(description=gettext_lazy("Le libellé dans la langue de la requête."))


class ItemFields(Schema):
    id: int = Field(description=gettext_lazy("Numéro de l'élément (celui de /api/v1/library/{id})."))
    kind: str = Field(
        description=gettext_lazy("Genre : apprentissage, outil, publication, dossier ou actualite."),
        json_schema_extra={"enum": list(ItemKind.values)},
    )
    title: str
    summary: str
    url: str = Field(description=gettext_lazy("Chemin absolu de la page de l'élément sur le site."))
    language: str = Field(description=gettext_lazy("Langue de l'élément : fr ou en."))
    published_on: datetime.date | None = Field(description=gettext_lazy("Date de publication."))
    themes: list[CodeLabel]
    regions: list[CodeLabel]
    organisations: list[Ref] = Field(description=gettext_lazy("Les organisations autrices."))
    reuse_count: int = Field(
        description=gettext_lazy("Nombre de fois que l'élément a été réinvesti dans un plan d'action.")
    )


class ItemOut(ItemFields):
    """An item of the list, read from the model."""

    @staticmethod
    def resolve_url(obj: LibraryItem) -> str:
        return item_path(obj)

    @staticmethod
    def resolve_language(obj: LibraryItem) -> str:
        return obj.locale.language_code

    @staticmethod
    def resolve_themes(obj: LibraryItem) -> list[dict[str, str]]:
        return _codes(obj.themes.all())

    @staticmethod
    def resolve_regions(obj: LibraryItem) -> list[dict[str, str]]:
        return _codes(obj.regions.all())

    @staticmethod
    def resolve_organisations(obj: LibraryItem) -> list[dict[str, Any]]:
        return [{"id": o.pk, "name": o.name} for o in obj.organisations.all()]


class LibraryList(Schema):
    count: int = Field(description=gettext_lazy("Nombre total d'éléments qui répondent aux filtres."))
    items: list[ItemOut]
    facets: dict[str, list[FacetValueOut]] = Field(description=FACETS_DESCRIPTION)
    notice: str | None = Field(None, description=NOTICE_DESCRIPTION)


class SectionOut(Schema):
    name: str = Field(description=gettext_lazy("Nom technique de la section, p. ex. what_was_done."))
    label: str = Field(description=gettext_lazy("Titre de la section, dans la langue de la requête."))
    html: str = Field(description=gettext_lazy("Le texte de la section, en HTML."))


class FileOut(Schema):
    title: str
    url: str = Field(description=gettext_lazy("Chemin absolu du téléchargement."))
    size: int | None = Field(description=gettext_lazy("Taille en octets, si elle est connue."))
    type: str = Field(description=gettext_lazy("Type MIME du fichier, p. ex. application/pdf."))


class PartOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    note: str


class TranslationOut(Schema):
    id: int
    language: str
    title: str
    url: str


class ActionRef(Schema):
    id: int
    title: str
    url: str


class ItemDetail(ItemFields):
    body: str = Field(description=gettext_lazy("Le texte principal, en HTML."))
    featured: bool = Field(description=gettext_lazy("Vrai si l'élément est à la une."))
    systems: list[CodeLabel]
    protective_factors: list[CodeLabel]
    age_periods: list[CodeLabel]
    populations: list[CodeLabel]
    action_types: list[CodeLabel]
    partnerships: list[Ref] = Field(description=gettext_lazy("Les regroupements auteurs."))
    source_actions: list[ActionRef] = Field(
        description=gettext_lazy(
            "Les actions de plans d'où vient l'élément (celles que le demandeur peut voir)."
        )
    )
    sections: list[SectionOut] = Field(
        description=gettext_lazy(
            "Apprentissage : ses sections remplies, dans l'ordre (contexte, ce qui a été fait…)."
        )
    )
    documents: list[FileOut] = Field(description=gettext_lazy("Outil : ses fichiers, dans l'ordre."))
    publication_kind: str | None = Field(
        description=gettext_lazy("Publication : rapport, evaluation ou synthese."),
        json_schema_extra={"enum": [*PublicationKind.values, None]},
    )
    authors: str | None = Field(description=gettext_lazy("Publication : ses auteurs."))
    document: FileOut | None = Field(description=gettext_lazy("Publication : son document, s'il y en a un."))
    parts: list[PartOut] = Field(description=gettext_lazy("Dossier : ses parties publiées, dans l'ordre."))
    translations: list[TranslationOut] = Field(
        description=gettext_lazy("Les versions publiées du même élément dans les autres langues.")
    )


def _codes(items) -> list[dict[str, str]]:
    return [{"code": item.code, "label": item.label} for item in items]


def _file(document, title: str = "") -> dict[str, Any]:
    return {
        "title": title or document.title,
        "url": document.url,
        "size": document.file_size,
        "type": document.content_type,
    }


# The list ---------------------------------------------------------------------------


@router.get(
    "/library",
    response={200: LibraryList, 400: ErrorOut, 401: ErrorOut},
    url_name="library",
    tags=LIBRARY,
    summary=gettext_lazy("Bibliothèque"),
    description=gettext_lazy(
        "Les éléments publiés de la bibliothèque (apprentissages, outils, publications, dossiers, "
        "actualités), en français et en anglais, filtrés et comptés comme sur /bibliotheque/ : une valeur "
        "parmi celles d'une même facette (OU), toutes les facettes à la fois (ET). Sans mots cherchés, "
        "les plus récents d'abord."
    ),
    **READ,
)
def list_library(
    request: HttpRequest, params: Query[LibraryParams], page: Query[PageParams]
) -> dict[str, Any]:
    """The library's search: the page's items in the search's order, with facet counts."""
    criteria = criteria_from(params, SCOPE)
    results = run(request, criteria, SCOPE, offset=page.offset, limit=page.limit, highlight=False)
    ids = [hit.document.object_id for hit in results.hits if hit.document.type == "library"]
    items = LibraryItem.objects.published().for_listing().filter(pk__in=ids).in_bulk()
    return {
        "count": results.count,
        "items": [items[pk] for pk in ids if pk in items],
        "facets": facets_out(criteria, results),
        "notice": notice(criteria, results),
    }


# One item ---------------------------------------------------------------------------


def _item_not_found(item_id: int):
    return not_found(
        _("Aucun élément publié de la bibliothèque ne porte le numéro %(id)s.") % {"id": item_id}
    )


@router.get(
    "/library/{item_id}",
    response={200: ItemDetail, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="library_item",
    tags=LIBRARY,
    summary=gettext_lazy("Fiche d'un élément de la bibliothèque"),
    description=gettext_lazy(
        "Un élément publié en entier : son texte, ses classements, ses auteurs, ses sections "
        "(apprentissage), ses fichiers (outil), son document (publication), ses parties (dossier) et ses "
        "traductions."
    ),
    **READ,
)
def get_library_item(
    request: HttpRequest,
    item_id: int = Path(description=gettext_lazy("Numéro de l'élément.")),
) -> dict[str, Any]:
    """One published item with everything its kind holds, in a fixed number of queries."""
    if not 0 < item_id <= MAX_ID:
        # The database would refuse the number itself; no item can have it.
        raise _item_not_found(item_id)
    kind = LibraryItem.objects.published().filter(pk=item_id).values_list("kind", flat=True).first()
    if kind not in KIND_MODELS:
        raise _item_not_found(item_id)
    model = KIND_MODELS[kind]
    prefetches: list[Any] = [
        "systems",
        "protective_factors",
        "age_periods",
        "populations",
        "action_types",
        "themes",
        "regions",
        Prefetch("partnerships", queryset=Partnership.objects.order_by("name", "pk")),
        Prefetch("organisations", queryset=Organisation.objects.order_by("name", "pk")),
        Prefetch(
            "source_actions",
            queryset=Action.objects.visible_to(request.user).order_by("title", "pk"),
        ),
    ]
    if kind == ItemKind.TOOL:
        prefetches.append(
            Prefetch(
                "documents", queryset=ToolDocument.objects.select_related("document").order_by("sort_order")
            )
        )
    if kind == ItemKind.DOSSIER:
        prefetches.append(
            Prefetch(
                "parts",
                queryset=DossierPart.objects.filter(item__live=True)
                .select_related("item__locale")
                .order_by("sort_order"),
            )
        )
    queryset = (
        model.objects.published()
        .select_related("locale")
        .annotate(reuse_count=Count("reinvestments", distinct=True))
        .prefetch_related(*prefetches)
    )
    if kind == ItemKind.PUBLICATION:
        queryset = queryset.select_related("document")
    item = queryset.filter(pk=item_id).first()
    if item is None:
        raise _item_not_found(item_id)
    translations = (
        LibraryItem.objects.published()
        .filter(translation_key=item.translation_key)
        .exclude(pk=item.pk)
        .select_related("locale")
        .order_by("locale__language_code")
    )
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": item.title,
        "summary": item.summary,
        "url": item_path(item),
        "language": item.locale.language_code,
        "published_on": item.published_on,
        "featured": item.featured,
        "themes": _codes(item.themes.all()),
        "regions": _codes(item.regions.all()),
        "organisations": [{"id": o.pk, "name": o.name} for o in item.organisations.all()],
        "reuse_count": item.reuse_count,
        "body": expand_db_html(item.body),
        "systems": _codes(item.systems.all()),
        "protective_factors": _codes(item.protective_factors.all()),
        "age_periods": _codes(item.age_periods.all()),
        "populations": _codes(item.populations.all()),
        "action_types": _codes(item.action_types.all()),
        "partnerships": [{"id": p.pk, "name": p.name} for p in item.partnerships.all()],
        "source_actions": [
            {"id": a.pk, "title": a.title, "url": a.get_absolute_url()} for a in item.source_actions.all()
        ],
        "sections": _sections(item),
        "documents": [_file(d.document, d.title) for d in item.documents.all()]
        if kind == ItemKind.TOOL
        else [],
        "publication_kind": item.publication_kind if kind == ItemKind.PUBLICATION else None,
        "authors": item.authors if kind == ItemKind.PUBLICATION else None,
        "document": _file(item.document) if kind == ItemKind.PUBLICATION and item.document else None,
        "parts": [
            {
                "id": part.item_id,
                "kind": part.item.kind,
                "title": part.item.title,
                "url": item_path(part.item),
                "note": part.note,
            }
            for part in item.parts.all()
        ]
        if kind == ItemKind.DOSSIER
        else [],
        "translations": [
            {"id": t.pk, "language": t.locale.language_code, "title": t.title, "url": item_path(t)}
            for t in translations
        ],
    }


def _sections(item: LibraryItem) -> list[dict[str, str]]:
    if not isinstance(item, LearningPage):
        return []
    sections = []
    for name in LearningPage.SECTIONS:
        value = getattr(item, name)
        if value:
            label = LearningPage._meta.get_field(name).verbose_name
            sections.append({"name": name, "label": str(label).capitalize(), "html": expand_db_html(value)})
    return sections
