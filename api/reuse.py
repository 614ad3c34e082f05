"""Réinvestissement in the API: reinvest a library item or an action into one's plan (token
required), and read who reinvested an item or an action.

Writes call library.actions.reuse.reinvest, as the site's form does: same permission
(the coordinators of the target plan's partnership, and administrators), same validation,
same pre-filling from the source for every field the request leaves out.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Query, Router, Schema, Status

from accounts.models import User
from api.errors import ApiError, not_found
from api.schemas import ErrorOut, PageParams, api_url
from api.tokens import TOKEN_OPTIONAL, TOKEN_OPTIONAL_OPENAPI, TOKEN_REQUIRED
from core.ids import MAX_ID
from library import reuse
from library.actions.reuse import (
    ACTION_NOT_FOUND,
    COORDINATORS_ONLY,
    ITEM_NOT_FOUND,
    SAME_PLAN,
    reinvest,
)
from library.models import LibraryItem, Reinvestment
from library.text import item_path
from partners.models import Organisation
from plans.models import Action, Objective, Plan
from plans.permissions import can_edit_plan
from taxonomy.models import ActionType, AgePeriod, Population

router = Router()

REUSE = [gettext_lazy("Réinvestissement")]
READ: dict[str, Any] = {"auth": TOKEN_OPTIONAL, "openapi_extra": TOKEN_OPTIONAL_OPENAPI}
WRITE: dict[str, Any] = {"auth": TOKEN_REQUIRED}
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}

MAX_TITLE = 300


# Shapes ------------------------------------------------------------------------------------


class ReinvestIn(Schema):
    """The new action; every field left out is pre-filled from the source, as on the site."""

    plan: int = Field(
        description=gettext_lazy("Numéro du plan où ajouter l'action : un plan de votre regroupement.")
    )
    title: str | None = Field(
        None, description=gettext_lazy("Titre de l'action ; celui de la source si absent.")
    )
    description: str | None = Field(
        None,
        description=gettext_lazy(
            "Description ; reprise de la source (résumé, ce qui a été fait) si absente."
        ),
    )
    action_type: str | None = Field(
        None, description=gettext_lazy("Code du type d'action ; celui de la source si absent.")
    )
    lead: int | None = Field(
        None,
        description=gettext_lazy(
            "Numéro de l'organisme porteur, membre actif du regroupement ; si absent, le membre du "
            "regroupement qui a porté ou signé la source, s'il y en a un."
        ),
    )
    age_periods: list[str] | None = Field(
        None, description=gettext_lazy("Codes des périodes d'âge visées ; ceux de la source si absents.")
    )
    populations: list[str] | None = Field(
        None, description=gettext_lazy("Codes des populations visées ; ceux de la source si absents.")
    )
    objectives: list[int] | None = Field(
        None,
        description=gettext_lazy(
            "Numéros des changements visés du plan ; si absents, ceux qui partagent un facteur de "
            "protection avec la source."
        ),
    )
    start_date: datetime.date | None = Field(None, description=gettext_lazy("Date de début."))
    end_date: datetime.date | None = Field(None, description=gettext_lazy("Date de fin."))
    adapted: str = Field("", description=gettext_lazy("Ce qui a été adapté (5 000 caractères au plus)."))
    reason: str = Field("", description=gettext_lazy("Pourquoi (5 000 caractères au plus)."))


class SourceOut(Schema):
    type: str = Field(
        description=gettext_lazy(
            "« library » pour un élément de la bibliothèque, « action » pour une action."
        ),
        json_schema_extra={"enum": ["library", "action"]},
    )
    id: int
    title: str
    url: str = Field(description=gettext_lazy("Adresse de la page publique de la source."))


class LinkOut(Schema):
    id: int
    title: str
    url: str


class ActionLinkOut(LinkOut):
    api_url: str = Field(description=gettext_lazy("Adresse de la fiche de l'action dans l'API."))


class PartnershipLinkOut(Schema):
    id: int
    name: str
    url: str


class ReinvestmentOut(Schema):
    id: int
    source: SourceOut = Field(description=gettext_lazy("Ce qui a été réinvesti."))
    action: ActionLinkOut = Field(description=gettext_lazy("L'action créée dans le plan du regroupement."))
    plan: LinkOut = Field(description=gettext_lazy("Le plan où l'action a été ajoutée."))
    partnership: PartnershipLinkOut = Field(description=gettext_lazy("Le regroupement qui a réinvesti."))
    adapted: str = Field(description=gettext_lazy("Ce qui a été adapté."))
    reason: str = Field(description=gettext_lazy("Pourquoi."))
    created_at: datetime.datetime

    @staticmethod
    def resolve_source(obj: Reinvestment) -> dict[str, Any]:
        if obj.source_action_id:
            action = obj.source_action
            return {
                "type": "action",
                "id": action.pk,
                "title": action.title,
                "url": action.get_absolute_url(),
            }
        item = obj.source_item
        return {"type": "library", "id": item.pk, "title": item.title, "url": item_path(item)}

    @staticmethod
    def resolve_action(obj: Reinvestment) -> dict[str, Any]:
        action = obj.action
        return {
            "id": action.pk,
            "title": action.title,
            "url": action.get_absolute_url(),
            "api_url": api_url("action", action_id=action.pk),
        }

    @staticmethod
    def resolve_plan(obj: Reinvestment) -> dict[str, Any]:
        plan = obj.action.plan
        return {"id": plan.pk, "title": plan.title, "url": plan.get_absolute_url()}

    @staticmethod
    def resolve_partnership(obj: Reinvestment) -> dict[str, Any]:
        partnership = obj.partnership
        return {"id": partnership.pk, "name": partnership.name, "url": partnership.get_absolute_url()}


class ReinvestmentList(Schema):
    count: int = Field(description=gettext_lazy("Nombre de réinvestissements que le demandeur peut voir."))
    total: int = Field(
        description=gettext_lazy(
            "Nombre de réinvestissements, y compris dans des plans réservés aux membres."
        )
    )
    partnerships: int = Field(
        description=gettext_lazy("Nombre de regroupements qui ont réinvesti la source.")
    )
    items: list[ReinvestmentOut]


# Looking things up as the requester ---------------------------------------------------------


def _item(item_id: int) -> LibraryItem:
    # An item's number is its page's: SQLite refuses numbers beyond 64 bits outright.
    if not 0 < item_id <= MAX_ID:
        raise not_found(ITEM_NOT_FOUND % {"id": item_id})
    item = reuse.published_items().select_related("locale").filter(pk=item_id).first()
    if item is None:
        raise not_found(ITEM_NOT_FOUND % {"id": item_id})
    return item


def _action(user, action_id: int) -> Action:
    action = (
        Action.objects.visible_to(user)
        .select_related("plan__partnership", "action_type")
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        raise not_found(ACTION_NOT_FOUND % {"id": action_id})
    return action


def _with_links(queryset: QuerySet[Reinvestment]) -> QuerySet[Reinvestment]:
    return queryset.select_related(
        "source_item__locale", "source_action", "action__plan", "partnership"
    ).order_by("-created_at", "-id")


def _possible(ids: list[int]) -> list[int]:
    return [value for value in ids if 0 < value <= MAX_ID]


# Reinvesting ---------------------------------------------------------------------------------


def _fields(
    source: LibraryItem | Action, plan: Plan, payload: ReinvestIn
) -> tuple[dict[str, Any], dict[str, list], list[dict[str, str]]]:
    """The new action's fields and links: what was sent, the source's suggestion for the rest."""
    sent = payload.model_dump(exclude_unset=True)
    suggestion = reuse.suggest(source, plan)
    errors: list[dict[str, str]] = []

    def wrong(field: str, message: str) -> None:
        errors.append({"field": field, "message": message})

    title = (sent["title"] if sent.get("title") is not None else suggestion.title).strip()
    if not title:
        wrong("title", _("Inscrivez le titre de l'action."))
    elif len(title) > MAX_TITLE:
        wrong(
            "title",
            _("Le titre est trop long : %(limit_value)s caractères au plus.") % {"limit_value": MAX_TITLE},
        )
    description = sent["description"] if sent.get("description") is not None else suggestion.description

    action_type = suggestion.action_type
    if sent.get("action_type") is not None:
        action_type = ActionType.objects.filter(code=sent["action_type"]).first()
        if action_type is None:
            wrong(
                "action_type",
                _("« %(value)s » n'est pas un type d'action connu.") % {"value": sent["action_type"]},
            )
    elif action_type is None:
        wrong("action_type", _("Choisissez le type d'action."))

    lead = suggestion.lead
    if sent.get("lead") is not None:
        lead = (
            Organisation.objects.active()
            .filter(pk__in=_possible([sent["lead"]]), memberships__partnership_id=plan.partnership_id)
            .first()
        )
        if lead is None:
            wrong("lead", _("L'organisme porteur doit être un membre actif du regroupement."))
    elif lead is None:
        wrong("lead", _("Choisissez l'organisme porteur parmi les membres du regroupement."))

    links: dict[str, list] = {
        "age_periods": suggestion.age_periods,
        "populations": suggestion.populations,
        "objectives": suggestion.objectives,
    }
    for name, model in (("age_periods", AgePeriod), ("populations", Population)):
        if sent.get(name) is not None:
            found = {item.code: item for item in model.objects.filter(code__in=sent[name])}
            for code in dict.fromkeys(sent[name]):
                if code not in found:
                    wrong(name, _("« %(value)s » n'est pas un code connu.") % {"value": code})
            links[name] = list(found.values())
    if sent.get("objectives") is not None:
        wanted = sent["objectives"]
        found_objectives = {o.pk: o for o in Objective.objects.filter(plan=plan, pk__in=_possible(wanted))}
        for missing in sorted(set(wanted) - set(found_objectives)):
            wrong(
                "objectives",
                _("Ce plan n'a aucun changement visé portant le numéro %(id)s.") % {"id": missing},
            )
        links["objectives"] = list(found_objectives.values())

    start, end = sent.get("start_date"), sent.get("end_date")
    if start and end and end < start:
        wrong("end_date", _("La date de fin doit être la même que la date de début ou plus tard."))
    changes = {
        "title": title,
        "description": description or "",
        "action_type": action_type,
        "lead": lead,
        "start_date": start,
        "end_date": end,
    }
    return changes, links, errors


def _bad_request(errors: list[dict[str, str]]) -> ApiError:
    detail = " ".join(f"{e['field']} : {e['message']}" if e["field"] else e["message"] for e in errors)
    return ApiError(400, detail, errors)


def _reinvest(request: HttpRequest, source: LibraryItem | Action, payload: ReinvestIn) -> Status:
    user: User = request.user
    plan = (
        Plan.objects.visible_to(user)
        .select_related("partnership")
        .filter(pk__in=_possible([payload.plan]))
        .first()
    )
    if plan is None:
        # The same answer whether the plan does not exist or is hidden from the requester.
        raise not_found(_("Aucun plan d'action ne porte le numéro %(id)s.") % {"id": payload.plan})
    if not can_edit_plan(user, plan):
        raise ApiError(403, str(COORDINATORS_ONLY))
    if isinstance(source, Action) and source.plan_id == plan.pk:
        raise _bad_request([{"field": "plan", "message": str(SAME_PLAN)}])
    changes, links, errors = _fields(source, plan, payload)
    if errors:
        raise _bad_request(errors)
    try:
        reinvestment = reinvest(
            user, source, plan, changes=changes, m2m=links, adapted=payload.adapted, reason=payload.reason
        )
    except PermissionDenied as error:
        raise ApiError(403, str(getattr(error, "user_message", "") or error)) from error
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise _bad_request(
                [
                    {"field": "" if field == "__all__" else field, "message": message}
                    for field, messages in error.message_dict.items()
                    for message in messages
                ]
            ) from error
        raise _bad_request([{"field": "", "message": message} for message in error.messages]) from error
    return Status(201, _with_links(Reinvestment.objects.filter(pk=reinvestment.pk)).get())


@router.post(
    "/library/{item_id}/reinvest",
    response={201: ReinvestmentOut, **WRITE_ERRORS},
    url_name="library_reinvest",
    tags=REUSE,
    summary=gettext_lazy("Réinvestir un élément de la bibliothèque dans son plan"),
    description=gettext_lazy(
        "Crée une action dans un plan de votre regroupement à partir d'un élément publié de la "
        "bibliothèque (apprentissage, outil, publication…), et conserve le lien vers la source (ce qui a "
        "été adapté, pourquoi, la date). Les champs absents sont pré-remplis à partir de l'élément, comme "
        "sur le site. Coordonnateurs du regroupement du plan et administrateurs seulement ; quiconque "
        "d'autre reçoit 403 et rien n'est créé. Répond 201 avec le lien créé et l'adresse de la nouvelle "
        "action."
    ),
    **WRITE,
)
def reinvest_item(
    request: HttpRequest,
    payload: ReinvestIn,
    item_id: int = Path(description=gettext_lazy("Numéro de l'élément de la bibliothèque.")),
) -> Status:
    """A coordinator reinvests a published library item into their plan."""
    return _reinvest(request, _item(item_id), payload)


@router.post(
    "/actions/{action_id}/reinvest",
    response={201: ReinvestmentOut, **WRITE_ERRORS},
    url_name="action_reinvest",
    tags=REUSE,
    summary=gettext_lazy("Réinvestir une action dans son plan"),
    description=gettext_lazy(
        "Crée une action dans un plan de votre regroupement à partir de l'action d'un autre plan, et "
        "conserve le lien vers la source (ce qui a été adapté, pourquoi, la date). Les champs absents "
        "sont pré-remplis à partir de l'action source. Une action ne se réinvestit pas dans son propre "
        "plan (400) ; une action d'un plan réservé aux membres répond 404 à qui ne peut pas la voir. "
        "Coordonnateurs du regroupement du plan et administrateurs seulement (403 sinon). Répond 201 "
        "avec le lien créé et l'adresse de la nouvelle action."
    ),
    **WRITE,
)
def reinvest_action(
    request: HttpRequest,
    payload: ReinvestIn,
    action_id: int = Path(description=gettext_lazy("Numéro de l'action source.")),
) -> Status:
    """A coordinator reinvests another plan's action into their plan."""
    return _reinvest(request, _action(request.user, action_id), payload)


# Reading the lineage ---------------------------------------------------------------------------


def _lineage(source: LibraryItem | Action, user, page: PageParams) -> dict[str, Any]:
    counts = reuse.lineage(source, user, shown=0)
    rows = reuse.visible_reinvestments(source, user)
    items = (
        list(_with_links(rows)[page.offset : page.offset + page.limit])
        if page.offset < counts.visible_count
        else []
    )
    return {
        "count": counts.visible_count,
        "total": counts.total,
        "partnerships": counts.partnership_count,
        "items": items,
    }


@router.get(
    "/library/{item_id}/reinvestments",
    response={200: ReinvestmentList, **READ_ERRORS},
    url_name="library_reinvestments",
    tags=REUSE,
    summary=gettext_lazy("Réinvestissements d'un élément de la bibliothèque"),
    description=gettext_lazy(
        "Les actions créées à partir de l'élément, les plus récentes d'abord. count compte celles que "
        "le demandeur peut voir ; total et partnerships comptent aussi celles des plans réservés aux "
        "membres, sans les nommer."
    ),
    **READ,
)
def item_reinvestments(
    request: HttpRequest,
    page: Query[PageParams],
    item_id: int = Path(description=gettext_lazy("Numéro de l'élément de la bibliothèque.")),
) -> dict[str, Any]:
    """Who reinvested a library item."""
    return _lineage(_item(item_id), request.user, page)


@router.get(
    "/actions/{action_id}/reinvestments",
    response={200: ReinvestmentList, **READ_ERRORS},
    url_name="action_reinvestments",
    tags=REUSE,
    summary=gettext_lazy("Réinvestissements d'une action"),
    description=gettext_lazy(
        "Les actions d'autres plans créées à partir de celle-ci, les plus récentes d'abord. count compte "
        "celles que le demandeur peut voir ; total et partnerships comptent aussi celles des plans "
        "réservés aux membres, sans les nommer."
    ),
    **READ,
)
def action_reinvestments(
    request: HttpRequest,
    page: Query[PageParams],
    action_id: int = Path(description=gettext_lazy("Numéro de l'action.")),
) -> dict[str, Any]:
    """Who reinvested an action."""
    return _lineage(_action(request.user, action_id), request.user, page)
