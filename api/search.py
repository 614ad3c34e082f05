"""One search across the library, partners, partnerships and actions, as the search page does it.

The parameters are validated by the page's own form (``search.service.read_criteria``), so the
API and /recherche/ accept the same values and give the same French messages; members-only
actions appear only with the token of one of their partnership's people.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from api.errors import ApiError
from api.lists import filter_data
from api.schemas import ErrorOut, PageParams
from api.tokens import TOKEN_OPTIONAL, TOKEN_OPTIONAL_OPENAPI
from search.analysis import collapse_key
from search.query import SORTS, Results
from search.service import Criteria, InvalidSearch, Scope, facets_of, page_url, read_criteria, run
from search.suggestions import LIMIT as SUGGESTIONS_LIMIT
from search.suggestions import suggest

router = Router()

SEARCH = [gettext_lazy("Recherche")]
READ: dict[str, Any] = {"auth": TOKEN_OPTIONAL, "openapi_extra": TOKEN_OPTIONAL_OPENAPI}

SEARCH_SCOPE = Scope(suggest_when_empty=False)


# Requests ---------------------------------------------------------------------------


def _facet(description: Any) -> Any:
    return Field([], description=description)


class FacetParams(Schema):
    """The facets shared by the search and the library."""

    system: list[str] = _facet(gettext_lazy("Code du système : enfant, famille ou communaute. Répétable."))
    factor: list[str] = _facet(
        gettext_lazy("Code du facteur de protection, p. ex. habiletes-langagieres. Répétable.")
    )
    theme: list[str] = _facet(gettext_lazy("Code du thème, p. ex. eveil-lecture-ecriture. Répétable."))
    region: list[str] = _facet(
        gettext_lazy("Code de région administrative (voir /api/v1/regions), p. ex. 06. Répétable.")
    )
    age: list[str] = _facet(gettext_lazy("Code de la période d'âge, p. ex. 2-3. Répétable."))


QUERY_DESCRIPTION = gettext_lazy(
    "Les mots cherchés, compris en français : sans égard aux accents ni aux majuscules, avec les "
    "variantes d'un mot (« atelier » trouve « ateliers »), les élisions, les traits d'union, le début "
    "du dernier mot et les sigles du réseau (CPE, CLSC, CISSS, MRC, RLP, OCF…). Seuls les 200 "
    "premiers caractères sont cherchés."
)


class SearchParams(FacetParams):
    q: str = Field("", description=QUERY_DESCRIPTION)
    type: list[str] = Field(
        [],
        description=gettext_lazy(
            "Genre de résultat : apprentissage, outil, publication, dossier, actualite, organisation, "
            "regroupement ou action. Répétable."
        ),
    )
    sort: str = Field(
        "",
        description=gettext_lazy(
            "Ordre : relevance (pertinence, par défaut), date (les plus récents) ou reuse (les plus "
            "réinvestis)."
        ),
        json_schema_extra={"enum": ["", *SORTS]},
    )
    group: str = Field(
        "",
        max_length=400,
        description=gettext_lazy(
            "La valeur « group » d'un résultat : liste chacun des documents qu'il regroupe (la même action "
            "dans plusieurs plans, les éditions d'un outil)."
        ),
    )


# Answers ----------------------------------------------------------------------------


class FacetValueOut(Schema):
    value: str = Field(description=gettext_lazy("Le code à passer en paramètre."))
    label: str = Field(description=gettext_lazy("Le libellé, dans la langue de la requête."))
    count: int = Field(
        description=gettext_lazy(
            "Nombre de résultats si cette valeur était choisie aussi (compté avec les autres filtres, "
            "sans celui de cette facette)."
        )
    )


FACETS_DESCRIPTION = gettext_lazy(
    "Chaque facette (type, system, factor, theme, region, age) avec toutes ses valeurs et leur compte."
)
NOTICE_DESCRIPTION = gettext_lazy(
    "Un avertissement sur la recherche elle-même (mots impossibles à chercher, recherche raccourcie), "
    "sinon null."
)


class SearchItemOut(Schema):
    type: str = Field(
        description=gettext_lazy("Ce qui est trouvé : library, organisation, partnership ou action.")
    )
    kind: str = Field(
        description=gettext_lazy(
            "Le genre : apprentissage, outil, publication, dossier, actualite, organisation, "
            "regroupement ou action."
        )
    )
    title: str = Field(description=gettext_lazy("Le titre, en texte brut."))
    url: str = Field(
        description=gettext_lazy("Le chemin absolu de la page sur le site, p. ex. /partenaires/12/.")
    )
    excerpt: str = Field(
        description=gettext_lazy(
            "Un extrait en HTML : le texte est échappé et les mots trouvés sont entourés de <mark>…</mark>."
        )
    )
    language: str = Field(description=gettext_lazy("La langue du contenu : fr ou en."))
    date: str | None = Field(description=gettext_lazy("Date de publication ou de mise à jour (AAAA-MM-JJ)."))
    copies: int = Field(
        description=gettext_lazy(
            "Nombre de documents que ce résultat regroupe : une action du même titre dans plusieurs "
            "plans, les versions d'un élément de la bibliothèque qui ne diffèrent que par l'édition. "
            "1 le plus souvent."
        )
    )
    group: str | None = Field(
        description=gettext_lazy(
            "Quand copies dépasse 1 : la valeur du paramètre group qui liste ces documents un à un ; "
            "sinon null."
        )
    )


class SearchOut(Schema):
    count: int = Field(
        description=gettext_lazy(
            "Nombre total de résultats (un résultat regroupe les documents du même titre, voir copies) ; "
            "limit et offset parcourent ces résultats."
        )
    )
    items: list[SearchItemOut]
    facets: dict[str, list[FacetValueOut]] = Field(description=FACETS_DESCRIPTION)
    notice: str | None = Field(None, description=NOTICE_DESCRIPTION)
    suggestion: str | None = Field(
        None,
        description=gettext_lazy(
            "« Vouliez-vous dire » : les mots cherchés avec une meilleure orthographe (p. ex. allaitement "
            "pour alaitement), quand la recherche ne trouve rien ou très peu ; sinon null. Quand rien ne "
            "correspondait aux mots tapés, les résultats sont déjà ceux des mots corrigés (voir notice)."
        ),
    )


# Shared with the library's list ----------------------------------------------------------


def criteria_from(params: Schema, scope: Scope) -> Criteria:
    """The parameters validated by the search page's own rules; a bad value is a French 400."""
    try:
        return read_criteria(filter_data(params), scope)
    except InvalidSearch as error:
        raise ApiError(400, error.user_message, error.errors) from error


def facets_out(criteria: Criteria, results: Results) -> dict[str, list[dict[str, Any]]]:
    return {
        facet.name: [{"value": o.value, "label": o.label, "count": o.count} for o in facet.options]
        for facet in facets_of(criteria, results)
    }


def notice(criteria: Criteria, results: Results) -> str | None:
    if results.corrected:
        return _("Aucun résultat pour « %(typed)s » : voici ceux de « %(spelling)s ».") % {
            "typed": criteria.text[:80],
            "spelling": results.suggestion,
        }
    if results.unusable_query:
        return _(
            "Ces mots ne peuvent pas être cherchés : seulement de la ponctuation ou des mots trop "
            "courants (le, de, la, et…)."
        )
    if criteria.truncated:
        return _(
            "La recherche est très longue : seuls ses 200 premiers caractères (et ses 12 premiers mots "
            "significatifs) ont été cherchés."
        )
    return None


def _item(hit) -> dict[str, Any]:
    document = hit.document
    return {
        "type": document.type,
        "kind": document.kind,
        "title": document.title,
        "url": page_url(document),
        "excerpt": str(hit.excerpt_html),
        "language": document.language,
        "date": timezone.localtime(document.date).date().isoformat() if document.date else None,
        "copies": hit.copies,
        "group": collapse_key(document.type, document.title) if hit.copies > 1 else None,
    }


@router.get(
    "/search",
    response={200: SearchOut, 400: ErrorOut, 401: ErrorOut},
    url_name="search",
    tags=SEARCH,
    summary=gettext_lazy("Recherche"),
    description=gettext_lazy(
        "Une seule recherche dans la bibliothèque, les partenaires, les regroupements et les actions, "
        "comme la page /recherche/ et dans le même ordre : une valeur parmi celles d'une même facette "
        "(OU), toutes les facettes à la fois (ET), un compte par valeur de chaque facette. Sans type "
        "choisi, les meilleurs résultats de chaque genre viennent en premier ; les documents du même "
        "titre (la même action dans plusieurs plans) forment un seul résultat. Un mot mal tapé qui ne "
        "trouve rien est corrigé (voir suggestion). Les actions des plans réservés aux membres "
        "n'apparaissent qu'avec le jeton d'une personne de leur regroupement."
    ),
    **READ,
)
def search(request: HttpRequest, params: Query[SearchParams], page: Query[PageParams]) -> dict[str, Any]:
    """Search results with highlighted excerpts and facet counts."""
    criteria = criteria_from(params, SEARCH_SCOPE)
    results = run(request, criteria, SEARCH_SCOPE, offset=page.offset, limit=page.limit)
    return {
        "count": results.count,
        "items": [_item(hit) for hit in results.hits],
        "facets": facets_out(criteria, results),
        "notice": notice(criteria, results),
        "suggestion": results.suggestion or None,
    }


# Suggestions while typing ---------------------------------------------------------------


class SuggestionParams(Schema):
    q: str = Field(
        "",
        max_length=200,
        description=gettext_lazy(
            "Ce qui est tapé : sans égard aux accents, aux majuscules ni aux élisions, le début du titre "
            "ou d'un de ses mots. Moins de deux lettres ne suggèrent rien."
        ),
    )
    limit: int = Field(
        SUGGESTIONS_LIMIT,
        ge=1,
        le=SUGGESTIONS_LIMIT,
        description=gettext_lazy("Nombre maximal de suggestions, de 1 à 8."),
    )


class SuggestionOut(Schema):
    kind: str = Field(
        description=gettext_lazy(
            "Ce qui est suggéré : library (élément de la bibliothèque), organisation, partnership, theme "
            "(thème) ou factor (facteur de protection)."
        )
    )
    kind_label: str = Field(description=gettext_lazy("Le genre, dans la langue de la requête."))
    label: str = Field(description=gettext_lazy("Le titre ou le libellé, en texte brut."))
    url: str = Field(
        description=gettext_lazy(
            "Le chemin de sa page sur le site ; pour un thème ou un facteur, la recherche filtrée par "
            "lui, p. ex. /recherche/?theme=langage."
        )
    )


class SuggestionsOut(Schema):
    count: int = Field(description=gettext_lazy("Nombre de suggestions (au plus limit)."))
    items: list[SuggestionOut]


@router.get(
    "/search/suggestions",
    response={200: SuggestionsOut, 400: ErrorOut, 401: ErrorOut},
    url_name="search_suggestions",
    tags=SEARCH,
    summary=gettext_lazy("Suggestions pendant la frappe"),
    description=gettext_lazy(
        "Jusqu'à 8 titres d'éléments publiés de la bibliothèque, de partenaires et de regroupements "
        "actifs, et libellés de thèmes et de facteurs de protection qui commencent par ce qui est tapé "
        "(dès 2 lettres), ou dont un mot commence ainsi : le début d'un titre d'abord, puis les plus "
        "réinvestis et les plus courts. Ce que les boîtes de recherche du site proposent."
    ),
    **READ,
)
def search_suggestions(request: HttpRequest, params: Query[SuggestionParams]) -> dict[str, Any]:
    """Completions of what is typed, as the site's search boxes offer them."""
    found = suggest(params.q, request.user, get_language() or "fr", limit=params.limit)
    items = [{"kind": s.kind, "kind_label": s.kind_label, "label": s.label, "url": s.url} for s in found]
    return {"count": len(items), "items": items}
