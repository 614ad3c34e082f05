"""Pistes inspirantes of a plan in the API: for each priority and gap of the plan, library
items and other territories' actions on the same protective factors, ranked.

The plan is read as the requester may see it (a members-only plan only with the token of
one of its partnership's people); the recommendations themselves come from published
items and public plans only, as on the site's page (portraits.recommendations).
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Router, Schema

from api.errors import ApiError, not_found
from api.schemas import ErrorOut
from api.tokens import TOKEN_OPTIONAL, TOKEN_OPTIONAL_OPENAPI
from core.ids import MAX_ID
from plans.models import Plan
from portraits.recommendations import Need, recommend

router = Router()

RECOMMENDATIONS = [gettext_lazy("Pistes inspirantes")]
READ: dict[str, Any] = {"auth": TOKEN_OPTIONAL, "openapi_extra": TOKEN_OPTIONAL_OPENAPI}
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}

#: Recommendations per need, as on the site's page.
PER_NEED = 10


class FactorOut(Schema):
    code: str = Field(description=gettext_lazy("Code du facteur de protection."))
    label: str = Field(description=gettext_lazy("Nom du facteur de protection, dans la langue demandée."))


class RecommendationOut(Schema):
    kind: Literal["item", "action"] = Field(
        description=gettext_lazy(
            "item : un élément de la bibliothèque ; action : l'action d'un autre regroupement."
        )
    )
    id: int = Field(description=gettext_lazy("Numéro de l'élément ou de l'action."))
    title: str
    url: str = Field(description=gettext_lazy("Adresse de la page sur le site."))
    summary: str = Field(description=gettext_lazy("Début du résumé ou de la description."))
    origin: str = Field(
        description=gettext_lazy(
            "Les regroupements auteurs de l'élément, ou le regroupement et la région de l'action."
        )
    )
    shared_factors: list[str] = Field(
        description=gettext_lazy("Les facteurs de protection que la piste partage avec le besoin.")
    )
    similarity: float = Field(
        description=gettext_lazy("Ressemblance des textes, de 0 à 1 (cosinus des termes français).")
    )
    reuse_count: int = Field(description=gettext_lazy("Nombre de réinvestissements de la piste."))
    score: float = Field(
        description=gettext_lazy(
            "Rang de la piste, de 0 à 1 : 0,6 × ressemblance des textes + 0,25 × part des facteurs du besoin "
            "partagés + 0,15 × min(1, ln(1 + réinvestissements) / ln(21))."
        )
    )
    reinvest_url: str = Field(
        description=gettext_lazy(
            "Le formulaire de réinvestissement dans ce plan ; vide si le demandeur ne peut pas "
            "réinvestir dans ce plan (seuls ses coordonnateurs et les administrateurs le peuvent)."
        )
    )


class NeedOut(Schema):
    kind: Literal["priority", "gap"] = Field(
        description=gettext_lazy(
            "priority : une priorité du plan ; gap : un écart, un facteur de protection qu'aucune "
            "action du plan ne rejoint alors que ses priorités ou les taux de l'EQDEM le désignent."
        )
    )
    key: str = Field(description=gettext_lazy("Identifiant du besoin dans la page (ancre)."))
    title: str
    system: str = Field(description=gettext_lazy("Code du système (enfant, famille, communaute)."))
    system_label: str
    factors: list[FactorOut] = Field(description=gettext_lazy("Les facteurs de protection du besoin."))
    reasons: list[str] = Field(
        description=gettext_lazy(
            "Priorité : les changements visés qui y sont liés ; écart : pourquoi il est un écart."
        )
    )
    recommendations: list[RecommendationOut]


class NeedList(Schema):
    count: int = Field(description=gettext_lazy("Nombre de besoins (priorités et écarts) du plan."))
    items: list[NeedOut]


def _need(need: Need) -> dict[str, Any]:
    return {
        "kind": need.kind,
        "key": need.key,
        "title": need.title,
        "system": need.system_code,
        "system_label": need.system_label,
        "factors": [{"code": factor.code, "label": factor.label} for factor in need.factors],
        "reasons": need.reasons,
        "recommendations": [
            {
                "kind": r.kind,
                "id": r.pk,
                "title": r.title,
                "url": r.url,
                "summary": r.summary,
                "origin": r.origin,
                "shared_factors": r.shared_factors,
                "similarity": round(r.similarity, 4),
                "reuse_count": r.reuse_count,
                "score": round(r.score, 4),
                "reinvest_url": r.reinvest_url,
            }
            for r in need.recommendations
        ],
    }


def _plan_not_found(plan_id: int) -> ApiError:
    # The same answer whether the plan does not exist or is hidden from the requester.
    return not_found(_("Aucun plan d'action ne porte le numéro %(id)s.") % {"id": plan_id})


@router.get(
    "/plans/{plan_id}/recommendations",
    response={200: NeedList, **READ_ERRORS},
    url_name="plan_recommendations",
    tags=RECOMMENDATIONS,
    summary=gettext_lazy("Pistes inspirantes d'un plan"),
    description=gettext_lazy(
        "Pour chaque priorité du plan, puis chaque écart, jusqu'à 10 pistes : des éléments publiés de la "
        "bibliothèque et des actions des plans publics d'autres regroupements qui partagent au moins un "
        "facteur de protection du besoin (ou son système quand il n'en nomme aucun), les meilleures "
        "d'abord. Ce qui a déjà été réinvesti dans ce plan n'est pas proposé. Un plan réservé aux membres "
        "n'est lu qu'avec le jeton d'une personne de son regroupement."
    ),
    **READ,
)
def plan_recommendations(
    request: HttpRequest, plan_id: int = Path(description=gettext_lazy("Numéro du plan."))
) -> dict[str, Any]:
    """The needs of a plan with their ranked recommendations."""
    if not 0 < plan_id <= MAX_ID:
        raise _plan_not_found(plan_id)
    plan = (
        Plan.objects.visible_to(request.user).select_related("partnership__region").filter(pk=plan_id).first()
    )
    if plan is None:
        raise _plan_not_found(plan_id)
    needs = recommend(plan, request.user, limit_per_need=PER_NEED)
    return {"count": len(needs), "items": [_need(need) for need in needs]}
