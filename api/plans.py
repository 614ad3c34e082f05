"""Action plans: read by everyone, updated by their people with an API token.

Reads show what the requester may see (``visible_to``): public plans for an anonymous
visitor, members-only plans too for the people of their partnership. Writes call the
same actions as the site's forms (``plans.actions``), so permissions and history are
the same; the history credits the token's owner.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from ninja import File, Form, Path, Query, Router, Status, UploadedFile

from accounts.models import User
from api.errors import ApiError, not_found
from api.lists import filtered, page_of
from api.schemas import (
    ActionDetail,
    ActionFilters,
    ActionList,
    ActionPatch,
    ErrorOut,
    ImportErrorOut,
    ImportOut,
    MeasurementIn,
    MeasurementOut,
    PageParams,
    PlanDetail,
    PlanFilters,
    PlanList,
    ReachIn,
    ReachOut,
    StageIn,
    StageOut,
)
from api.tokens import TOKEN_OPTIONAL, TOKEN_OPTIONAL_OPENAPI, TOKEN_REQUIRED
from core.facets import FacetedFilterSet
from core.ids import MAX_ID
from partners.models import DpeStage, Organisation, Partnership
from partners.permissions import can_edit_partnership
from plans import actions as plan_actions
from plans import imports
from plans.filters import PlanFilter
from plans.models import Action, ActionStatus, Finding, Indicator, Objective, Plan, Priority
from plans.permissions import can_edit_plan, can_update_action
from taxonomy.models import ActionType
from territories.models import Region

router = Router()

PLANS = [gettext_lazy("Plans d'action")]
ACTIONS = [gettext_lazy("Actions")]
FOLLOW_UP = [gettext_lazy("Suivi des plans (jeton requis)")]

# Reads: anonymous, or as the token's owner. Writes: a token, always.
READ: dict[str, Any] = {"auth": TOKEN_OPTIONAL, "openapi_extra": TOKEN_OPTIONAL_OPENAPI}
WRITE: dict[str, Any] = {"auth": TOKEN_REQUIRED}
LIST_ERRORS = {400: ErrorOut, 401: ErrorOut}
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}

# What the members of an action's organisations may change; the rest is for coordinators.
PROGRESS_FIELDS = {"progress", "status"}


# Looking things up as the requester ---------------------------------------------------------


def _plan_not_found(plan_id: int) -> ApiError:
    # The same answer whether the plan does not exist or is hidden from the requester,
    # so that members-only plans are not revealed.
    return not_found(_("Aucun plan d'action ne porte le numéro %(id)s.") % {"id": plan_id})


def _action_not_found(action_id: int) -> ApiError:
    return not_found(_("Aucune action ne porte le numéro %(id)s.") % {"id": action_id})


def _action_detail_queryset(user) -> Any:
    return (
        Action.objects.visible_to(user)
        .select_related("plan__partnership", "action_type", "lead")
        .prefetch_related(
            "contributors",
            "objectives",
            "age_periods",
            "populations",
            "reach",
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measurements")),
        )
    )


def _visible_action(user, action_id: int) -> Action:
    action = _action_detail_queryset(user).filter(pk=action_id).first()
    if action is None:
        raise _action_not_found(action_id)
    return action


# Turning refusals into answers ------------------------------------------------------------


def _invalid(error: ValidationError, names: dict[str, str] | None = None) -> ApiError:
    """A 400 from a model's validation, naming the API's fields."""
    names = names or {}
    if hasattr(error, "error_dict"):
        errors = [
            {"field": names.get(field, "" if field == "__all__" else field), "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "", "message": message} for message in error.messages]
    return _bad_request(errors)


def _bad_request(errors: list[dict[str, str]]) -> ApiError:
    detail = " ".join(f"{e['field']} : {e['message']}" if e["field"] else e["message"] for e in errors)
    return ApiError(400, detail, errors)


@contextmanager
def _refusals(names: dict[str, str] | None = None) -> Iterator[None]:
    """The actions check permissions and validate again: their refusals become a 403 or a 400."""
    try:
        yield
    except PermissionDenied as error:
        raise ApiError(403, str(getattr(error, "user_message", "") or error)) from error
    except ValidationError as error:
        raise _invalid(error, names) from error


# Plans ------------------------------------------------------------------------------------


@router.get(
    "/plans",
    response={200: PlanList, **LIST_ERRORS},
    url_name="plans",
    tags=PLANS,
    summary=gettext_lazy("Plans d'action"),
    description=gettext_lazy(
        "Les plans d'action concertés, filtrés comme sur la page des plans : une valeur parmi celles "
        "d'un même paramètre (OU), tous les paramètres à la fois (ET). Sans jeton, seuls les plans "
        "publics ; avec un jeton, aussi les plans réservés aux membres des regroupements de son "
        "titulaire."
    ),
    **READ,
)
def list_plans(request: HttpRequest, filters: Query[PlanFilters], page: Query[PageParams]) -> dict[str, Any]:
    """The plans the requester may see, filtered like the plans page."""
    queryset = Plan.objects.visible_to(request.user).for_listing()
    return page_of(filtered(request, PlanFilter, filters, queryset), page)


@router.get(
    "/plans/{plan_id}",
    response={200: PlanDetail, **READ_ERRORS},
    url_name="plan",
    tags=PLANS,
    summary=gettext_lazy("Fiche d'un plan d'action"),
    description=gettext_lazy(
        "Un plan avec son portrait (constats et priorités), ses changements visés, ses actions, ses "
        "indicateurs et leurs mesures, et la portée de ses actions. Un plan réservé aux membres répond "
        "404 à qui ne peut pas le voir."
    ),
    **READ,
)
def get_plan(request: HttpRequest, plan_id: int = Path(description=gettext_lazy("Numéro du plan."))) -> Plan:
    """One plan with every section, in a fixed number of queries."""
    plan = (
        Plan.objects.visible_to(request.user)
        .for_listing()
        .prefetch_related(
            Prefetch("findings", queryset=Finding.objects.select_related("system")),
            Prefetch("priorities", queryset=Priority.objects.select_related("system")),
            Prefetch(
                "objectives",
                queryset=Objective.objects.select_related("system").prefetch_related(
                    "protective_factors", "priorities"
                ),
            ),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("action_type", "lead").prefetch_related(
                    "contributors", "objectives", "reach"
                ),
            ),
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measurements")),
        )
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise _plan_not_found(plan_id)
    return plan


# Actions ----------------------------------------------------------------------------------


def _possible_ids(values: list[int]) -> list[int]:
    return [value for value in values if 0 < value <= MAX_ID]


def _unknown(what: str) -> dict[str, str]:
    # invalid_pk_value is raised for a value that is not a number at all.
    return {
        "invalid_choice": what,
        "invalid_pk_value": gettext_lazy(
            "« %(pk)s » n'est pas un numéro valide : un numéro est un nombre entier positif."
        ),
    }


class _IdsField(django_filters.fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                ) from None
            if not 0 < number <= MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


class IdsFilter(django_filters.ModelMultipleChoiceFilter):
    """Repeatable numbers of objects; a number that cannot exist is unknown, not a server error."""

    field_class = _IdsField


def _visible_plans(request: HttpRequest | None):
    # A plan hidden from the requester is as unknown as one that does not exist.
    return Plan.objects.visible_to(request.user) if request is not None else Plan.objects.none()


class ActionFilter(FacetedFilterSet):
    """Plan, regroupement, région, statut, type d'action, porteur and text (OR within, AND across)."""

    q = django_filters.CharFilter(method="filter_text", label=gettext_lazy("Titre ou description"))
    plan = IdsFilter(
        queryset=_visible_plans,
        distinct=False,
        label=gettext_lazy("Plan"),
        error_messages=_unknown(gettext_lazy("« %(value)s » n'est pas un numéro de plan connu.")),
    )
    partnership = IdsFilter(
        field_name="plan__partnership",
        queryset=Partnership.objects.active(),
        distinct=False,
        label=gettext_lazy("Regroupement"),
        error_messages=_unknown(gettext_lazy("« %(value)s » n'est pas un numéro de regroupement connu.")),
    )
    region = django_filters.ModelMultipleChoiceFilter(
        field_name="plan__partnership__region__code",
        to_field_name="code",
        queryset=Region.objects.all(),
        distinct=False,
        label=gettext_lazy("Région"),
        error_messages=_unknown(gettext_lazy("« %(value)s » n'est pas un code de région connu.")),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=ActionStatus.choices,
        distinct=False,
        label=gettext_lazy("Statut"),
        error_messages=_unknown(gettext_lazy("« %(value)s » n'est pas un statut d'action connu.")),
    )
    action_type = django_filters.ModelMultipleChoiceFilter(
        field_name="action_type__code",
        to_field_name="code",
        queryset=ActionType.objects.all(),
        distinct=False,
        label=gettext_lazy("Type d'action"),
        error_messages=_unknown(gettext_lazy("« %(value)s » n'est pas un type d'action connu.")),
    )
    lead = IdsFilter(
        queryset=Organisation.objects.all(),
        distinct=False,
        label=gettext_lazy("Porteur"),
        error_messages=_unknown(gettext_lazy("« %(value)s » n'est pas un numéro de partenaire connu.")),
    )

    class Meta:
        model = Action
        fields = ["q", "plan", "partnership", "region", "status", "action_type", "lead"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)


@router.get(
    "/actions",
    response={200: ActionList, **LIST_ERRORS},
    url_name="actions",
    tags=ACTIONS,
    summary=gettext_lazy("Actions"),
    description=gettext_lazy(
        "Les actions des plans que le demandeur peut voir, plan par plan, dans l'ordre de chaque plan. "
        "Une valeur parmi celles d'un même paramètre (OU), tous les paramètres à la fois (ET)."
    ),
    **READ,
)
def list_actions(
    request: HttpRequest, filters: Query[ActionFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Actions of the plans the requester may see."""
    queryset = Action.objects.visible_to(request.user).for_listing().order_by("plan_id", "position", "id")
    return page_of(filtered(request, ActionFilter, filters, queryset), page)


@router.get(
    "/actions/{action_id}",
    response={200: ActionDetail, **READ_ERRORS},
    url_name="action",
    tags=ACTIONS,
    summary=gettext_lazy("Fiche d'une action"),
    description=gettext_lazy(
        "Une action avec ses partenaires, ses changements visés, ses indicateurs et leurs mesures, sa "
        "portée par année et son évaluation."
    ),
    **READ,
)
def get_action(
    request: HttpRequest, action_id: int = Path(description=gettext_lazy("Numéro de l'action."))
) -> Action:
    """One action of a plan the requester may see."""
    return _visible_action(request.user, action_id)


# Updates -----------------------------------------------------------------------------------


def _action_changes(
    action: Action, changes: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, list], list[dict[str, str]]]:
    """The requested changes as the actions take them (objects, not codes), and what is wrong."""
    fields: dict[str, Any] = {}
    links: dict[str, list] = {}
    errors: list[dict[str, str]] = []

    def wrong(field: str, message: str) -> None:
        errors.append({"field": field, "message": message})

    for name, value in changes.items():
        if name == "progress":
            if value is None or not 0 <= value <= 100:
                wrong(name, _("La progression doit être entre 0 et 100."))
            fields[name] = value
        elif name == "status":
            if value not in ActionStatus.values:
                wrong(name, _("« %(value)s » n'est pas un statut d'action connu.") % {"value": value})
            fields[name] = value
        elif name == "action_type":
            action_type = ActionType.objects.filter(code=value).first() if value else None
            if action_type is None:
                wrong(name, _("« %(value)s » n'est pas un type d'action connu.") % {"value": value})
            fields[name] = action_type
        elif name == "lead":
            lead = (
                Organisation.objects.active().filter(pk__in=_possible_ids([value])).first()
                if value is not None
                else None
            )
            if value is not None and lead is None:
                wrong(name, _("Aucun partenaire ne porte le numéro %(id)s.") % {"id": value})
            fields[name] = lead
        elif name == "contributors":
            eligible = plan_actions.eligible_contributors(action)
            found = {o.pk: o for o in eligible.filter(pk__in=_possible_ids(value or []))}
            for missing in sorted(set(value or []) - set(found)):
                wrong(name, _("Aucun partenaire ne porte le numéro %(id)s.") % {"id": missing})
            links[name] = list(found.values())
        elif name == "objectives":
            found = {
                o.pk: o for o in Objective.objects.filter(plan=action.plan, pk__in=_possible_ids(value or []))
            }
            for missing in sorted(set(value or []) - set(found)):
                wrong(
                    name, _("Ce plan n'a aucun changement visé portant le numéro %(id)s.") % {"id": missing}
                )
            links[name] = list(found.values())
        else:
            fields[name] = value
    start = fields.get("start_date", action.start_date)
    end = fields.get("end_date", action.end_date)
    if start and end and end < start:
        wrong("end_date", _("La date de fin ne peut pas précéder la date de début."))
    # The rules of the action's links (a lead among the partnership's members…), checked here
    # too so that every problem comes back at once; save_action checks them again.
    refused = {error["field"] for error in errors}
    for field, messages in plan_actions.action_link_errors(action.plan, action, fields, links).items():
        if field not in refused:
            for message in messages:
                wrong(field, message)
    return fields, links, errors


@router.patch(
    "/actions/{action_id}",
    response={200: ActionDetail, **WRITE_ERRORS},
    url_name="action_update",
    tags=FOLLOW_UP,
    summary=gettext_lazy("Mettre à jour une action"),
    description=gettext_lazy(
        "Change seulement les champs envoyés. L'avancement (progress) et le statut (status) : les "
        "coordonnateurs du regroupement et les membres des organismes porteurs ou contributeurs. "
        "Les autres champs (titre, description, dates, budget, partenaires…) : les coordonnateurs "
        "seulement ; quiconque d'autre reçoit 403 et rien n'est modifié."
    ),
    **WRITE,
)
def update_action(
    request: HttpRequest,
    payload: ActionPatch,
    action_id: int = Path(description=gettext_lazy("Numéro de l'action.")),
) -> Action:
    """Progress and status for the action's people; every other field for coordinators."""
    user: User = request.user
    action = _visible_action(user, action_id)
    changes = payload.model_dump(exclude_unset=True)
    if not changes:
        raise ApiError(400, _("La requête ne contient aucun champ à modifier."))
    coordinator_only = sorted(set(changes) - PROGRESS_FIELDS)
    if coordinator_only and not can_edit_plan(user, action.plan):
        raise ApiError(
            403,
            _(
                "Seuls les coordonnateurs du regroupement peuvent modifier ces champs de l'action : "
                "%(fields)s. Les membres des organismes porteurs ou contributeurs mettent à jour "
                "l'avancement et le statut."
            )
            % {"fields": ", ".join(coordinator_only)},
        )
    if not can_update_action(user, action):
        raise ApiError(403, str(plan_actions.ACTION_UPDATERS_ONLY))
    fields, links, errors = _action_changes(action, changes)
    if errors:
        raise _bad_request(errors)
    progress = {name: fields.pop(name) for name in PROGRESS_FIELDS if name in fields}
    with _refusals():
        plan_actions.update_action(user, action, changes=fields, m2m=links, progress=progress)
    return _visible_action(user, action_id)


@router.post(
    "/indicators/{indicator_id}/measurements",
    response={201: MeasurementOut, **WRITE_ERRORS},
    url_name="measurements",
    tags=FOLLOW_UP,
    summary=gettext_lazy("Enregistrer une mesure d'un indicateur"),
    description=gettext_lazy(
        "Ajoute une valeur mesurée, datée, à un indicateur. Les indicateurs d'une action : ses "
        "coordonnateurs et les membres de ses organismes porteurs ou contributeurs ; ceux d'un "
        "changement visé : les coordonnateurs. Répond 201 avec la mesure enregistrée."
    ),
    **WRITE,
)
def record_measurement(
    request: HttpRequest,
    payload: MeasurementIn,
    indicator_id: int = Path(description=gettext_lazy("Numéro de l'indicateur.")),
) -> Status:
    """A measured value of an indicator of a visible plan."""
    user: User = request.user
    indicator = (
        Indicator.objects.filter(plan__in=Plan.objects.visible_to(user).values("pk"))
        .select_related("plan__partnership", "action__plan__partnership")
        .filter(pk=indicator_id)
        .first()
    )
    if indicator is None:
        raise not_found(_("Aucun indicateur ne porte le numéro %(id)s.") % {"id": indicator_id})
    with _refusals({"measured_on": "date"}):
        measurement = plan_actions.record_measurement(
            user, indicator, payload.value, measured_on=payload.date, note=payload.note
        )
    return Status(201, measurement)


@router.put(
    "/actions/{action_id}/reach/{year}",
    response={200: ReachOut, **WRITE_ERRORS},
    url_name="reach",
    tags=FOLLOW_UP,
    summary=gettext_lazy("Enregistrer la portée d'une action pour une année"),
    description=gettext_lazy(
        "Le nombre d'enfants, de parents et de familles que l'action a rejoints pendant l'année ; "
        "remplace les nombres déjà enregistrés pour cette année. Coordonnateurs et membres des "
        "organismes porteurs ou contributeurs."
    ),
    **WRITE,
)
def save_reach(
    request: HttpRequest,
    payload: ReachIn,
    action_id: int = Path(description=gettext_lazy("Numéro de l'action.")),
    year: int = Path(description=gettext_lazy("L'année, p. ex. 2025.")),
) -> Any:
    """The children, parents and families an action reached in a year."""
    user: User = request.user
    action = _visible_action(user, action_id)
    with _refusals():
        return plan_actions.save_reach(
            user, action, year, children=payload.children, parents=payload.parents, families=payload.families
        )


@router.post(
    "/partnerships/{partnership_id}/stage",
    response={201: StageOut, **WRITE_ERRORS},
    url_name="partnership_stage",
    tags=FOLLOW_UP,
    summary=gettext_lazy("Changer l'étape de la démarche d'un regroupement"),
    description=gettext_lazy(
        "Inscrit le regroupement à une étape de la démarche partenariale (un retour en arrière est "
        "permis) et la date du changement dans son historique. Coordonnateurs du regroupement "
        "seulement. Répond 201 avec le changement enregistré."
    ),
    **WRITE,
)
def change_stage(
    request: HttpRequest,
    payload: StageIn,
    partnership_id: int = Path(description=gettext_lazy("Numéro du regroupement.")),
) -> Status:
    """A coordinator moves their partnership to another stage of the DPE."""
    user: User = request.user
    partnership = Partnership.objects.active().filter(pk=partnership_id).first()
    if partnership is None:
        raise not_found(_("Aucun regroupement ne porte le numéro %(id)s.") % {"id": partnership_id})
    if not can_edit_partnership(user, partnership):
        raise ApiError(403, _("Seuls les coordonnateurs du regroupement peuvent changer son étape."))
    if payload.stage not in DpeStage.values:
        raise _bad_request(
            [
                {
                    "field": "stage",
                    "message": _("« %(value)s » n'est pas une étape connue.") % {"value": payload.stage},
                }
            ]
        )
    with _refusals({"changed_on": "date"}):
        change = plan_actions.change_stage(
            user, partnership, payload.stage, changed_on=payload.date, note=payload.note
        )
    return Status(201, change)


@router.post(
    "/progress-imports",
    response={200: ImportOut, 400: ImportErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="progress_imports",
    tags=FOLLOW_UP,
    summary=gettext_lazy("Importer l'avancement des actions (CSV ou XLSX)"),
    description=gettext_lazy(
        "Le même fichier que sur la page « Importer l'avancement » : une ligne par action (colonne "
        "action, puis progression, statut, indicateur, valeur, date). Tout le fichier est vérifié "
        "d'abord ; au moindre problème, rien n'est enregistré et la réponse 400 énumère chaque "
        "problème par ligne et par colonne. Avec dry_run, le fichier est seulement vérifié. 2 Mo et "
        "5 000 lignes au plus."
    ),
    **WRITE,
)
def import_progress(
    request: HttpRequest,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
) -> dict[str, Any]:
    """The progress import of the site, for a file sent by a program."""
    user: User = request.user
    # Checked on the size Django measured while receiving it, before reading it.
    if file.size is not None and file.size > imports.MAX_BYTES:
        message = _("Le fichier dépasse la limite de %(max)s Mo.") % {
            "max": imports.MAX_BYTES // (1024 * 1024)
        }
        raise ApiError(400, message, [{"row": 0, "column": "", "message": message}])
    try:
        result = imports.import_progress(user, file.read(), file.name or "", dry_run=dry_run)
    except imports.ImportFailed as failure:
        count = len(failure.issues)
        detail = ngettext(
            "Le fichier est refusé et rien n'a été enregistré : %(count)s problème, détaillé dans errors.",
            "Le fichier est refusé et rien n'a été enregistré : %(count)s problèmes, détaillés dans errors.",
            count,
        ) % {"count": count}
        issues = [{"row": i.row, "column": i.column, "message": i.message} for i in failure.issues]
        raise ApiError(400, detail, issues) from failure
    return {
        "dry_run": dry_run,
        "rows": result.rows,
        "actions_updated": result.actions_updated,
        "measurements_recorded": result.measurements_recorded,
    }
