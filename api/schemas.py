"""The shapes the API reads and answers, as they appear in the OpenAPI document."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import TextChoices
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from partners.models import (
    DpeStage,
    MemberRole,
    Organisation,
    Partnership,
    PartnershipKind,
    Scale,
    TerritoryType,
)
from plans.models import (
    Action,
    ActionStatus,
    Finding,
    Indicator,
    Measurement,
    Objective,
    Plan,
    PlanStatus,
    Priority,
    Reach,
    StageChange,
    Visibility,
)

# The site navigation reverses "api-1.0.0:openapi-view": keep the two in step.
URL_NAMESPACE = "api-1.0.0"
DEFAULT_LIMIT = 25
MAX_LIMIT = 100


def api_url(url_name: str, **kwargs: Any) -> str:
    return reverse(f"{URL_NAMESPACE}:{url_name}", kwargs=kwargs)


def _one_of(choices: type[TextChoices], description: Any, *, many: bool = False) -> Any:
    # Values are documented, not validated here: the FilterSet validates them so that
    # the API and the pages give the same French messages.
    enum = {"type": "string", "enum": list(choices.values)}
    extra = {"items": enum} if many else {"enum": enum["enum"]}
    return Field([] if many else ..., description=description, json_schema_extra=extra)


# Requests ---------------------------------------------------------------------------


class PageParams(Schema):
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=_("Nombre maximal d'éléments par réponse, de 1 à 100."),
    )
    offset: int = Field(0, ge=0, description=_("Nombre d'éléments à sauter depuis le début de la liste."))


class PartnerFilters(Schema):
    region: list[str] = Field(
        [], description=_("Code de région administrative (voir /api/v1/regions), p. ex. 06. Répétable.")
    )
    scale: list[str] = _one_of(Scale, _("Échelle d'action. Répétable."), many=True)
    sector: list[str] = Field([], description=_("Code de secteur, p. ex. services-de-garde. Répétable."))
    q: str = Field("", description=_("Mots du nom ou de la municipalité, sans égard aux accents."))


class PartnershipFilters(Schema):
    region: list[str] = Field(
        [], description=_("Code de région administrative (voir /api/v1/regions), p. ex. 06. Répétable.")
    )
    kind: list[str] = _one_of(PartnershipKind, _("Type de regroupement. Répétable."), many=True)
    stage: list[str] = _one_of(DpeStage, _("Étape de la démarche partenariale. Répétable."), many=True)
    q: str = Field("", description=_("Mots du nom ou du territoire, sans égard aux accents."))


# Errors -----------------------------------------------------------------------------


class FieldError(Schema):
    field: str = Field(description=_("Le paramètre en cause."))
    message: str = Field(description=_("Ce qui ne va pas, en français (ou dans la langue demandée)."))


class ErrorOut(Schema):
    detail: str = Field(description=_("Le problème, en une ou quelques phrases."))
    errors: list[FieldError] = Field([], description=_("Le détail par paramètre, s'il y a lieu."))


# Reference data ---------------------------------------------------------------------


class RegionOut(Schema):
    code: str = Field(description=_("Code officiel à deux chiffres."))
    label_fr: str
    label_en: str
    label: str = Field(description=_("Le libellé dans la langue de la requête."))


class RegionList(Schema):
    count: int
    items: list[RegionOut]


class SectorOut(Schema):
    code: str
    label: str


# Partners ---------------------------------------------------------------------------


class PartnerOut(Schema):
    id: int
    name: str
    sector: SectorOut
    scale: str = _one_of(Scale, _("Échelle d'action."))
    regions: list[str] = Field(description=_("Codes des régions où le partenaire agit."))
    municipality: str
    website: str
    url: str = Field(description=_("Adresse de la page publique du partenaire."))
    api_url: str = Field(description=_("Adresse de la fiche complète dans l'API."))

    @staticmethod
    def resolve_regions(obj: Organisation) -> list[str]:
        return [region.code for region in obj.regions.all()]

    @staticmethod
    def resolve_url(obj: Organisation) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_api_url(obj: Organisation) -> str:
        return api_url("partner", partner_id=obj.pk)


class PartnerList(Schema):
    count: int = Field(description=_("Nombre total de partenaires qui répondent aux filtres."))
    items: list[PartnerOut]


class PartnerMembershipOut(Schema):
    id: int = Field(description=_("Numéro du regroupement."))
    name: str
    role: str = _one_of(MemberRole, _("Rôle du partenaire dans le regroupement."))
    joined_on: datetime.date


class PartnerDetail(PartnerOut):
    address: str
    description: str
    email: str
    is_active: bool
    partnerships: list[PartnerMembershipOut] = Field(
        description=_("Les regroupements actifs dont le partenaire est membre.")
    )

    @staticmethod
    def resolve_partnerships(obj: Organisation) -> list[dict[str, Any]]:
        return [
            {
                "id": membership.partnership_id,
                "name": membership.partnership.name,
                "role": membership.role,
                "joined_on": membership.joined_on,
            }
            for membership in obj.active_memberships
        ]


# Partnerships -----------------------------------------------------------------------


class PartnershipOut(Schema):
    id: int
    name: str
    kind: str = _one_of(PartnershipKind, _("Type de regroupement."))
    region: str = Field(description=_("Code de la région administrative."))
    territory_name: str
    territory_type: str = _one_of(TerritoryType, _("Type de territoire."))
    children_0_5: int | None = Field(description=_("Nombre d'enfants de 0 à 5 ans sur le territoire."))
    dpe_stage: str = _one_of(DpeStage, _("Étape de la démarche partenariale."))
    member_count: int
    url: str = Field(description=_("Adresse de la page publique du regroupement."))
    api_url: str = Field(description=_("Adresse de la fiche complète dans l'API."))

    @staticmethod
    def resolve_region(obj: Partnership) -> str:
        return obj.region.code

    @staticmethod
    def resolve_url(obj: Partnership) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_api_url(obj: Partnership) -> str:
        return api_url("partnership", partnership_id=obj.pk)


class PartnershipList(Schema):
    count: int = Field(description=_("Nombre total de regroupements qui répondent aux filtres."))
    items: list[PartnershipOut]


class MemberOut(Schema):
    id: int = Field(description=_("Numéro du partenaire."))
    name: str
    sector: str = Field(description=_("Code du secteur du partenaire."))
    role: str = _one_of(MemberRole, _("Rôle du partenaire dans le regroupement."))
    joined_on: datetime.date


class PartnershipDetail(PartnershipOut):
    description: str
    website: str
    email: str
    coordinator_count: int = Field(
        description=_("Nombre de personnes qui coordonnent le regroupement (leurs noms ne sont pas publiés).")
    )
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj: Partnership) -> list[dict[str, Any]]:
        return [
            {
                "id": membership.organisation_id,
                "name": membership.organisation.name,
                "sector": membership.organisation.sector.code,
                "role": membership.role,
                "joined_on": membership.joined_on,
            }
            for membership in obj.memberships.all()
        ]


# =====================================================================================
# Plans: action plans, their actions, indicators and reach (reads), and the updates
# that token holders send (writes).
# =====================================================================================

# Requests ---------------------------------------------------------------------------


class PlanFilters(Schema):
    region: list[str] = Field(
        [], description=_("Code de région administrative (voir /api/v1/regions), p. ex. 06. Répétable.")
    )
    year: list[str] = Field(
        [], description=_("Année couverte par la période du plan, p. ex. 2025. Répétable.")
    )
    status: list[str] = _one_of(PlanStatus, _("Statut du plan. Répétable."), many=True)
    system: list[str] = Field(
        [], description=_("Code du système visé par un changement du plan, p. ex. famille. Répétable.")
    )
    factor: list[str] = Field(
        [],
        description=_(
            "Code du facteur de protection visé par un changement du plan, p. ex. habiletes-langagieres. "
            "Répétable."
        ),
    )
    action_type: list[str] = Field(
        [], description=_("Code du type d'une action du plan, p. ex. soutien-parental. Répétable.")
    )
    age: list[str] = Field(
        [], description=_("Code de la période d'âge visée par une action, p. ex. 2-3. Répétable.")
    )
    population: list[str] = Field(
        [], description=_("Code de la population visée par une action, p. ex. defavorisation. Répétable.")
    )
    q: str = Field("", description=_("Mots du titre, du nom ou du territoire du regroupement."))


class ActionFilters(Schema):
    plan: list[str] = Field([], description=_("Numéro du plan. Répétable."))
    partnership: list[str] = Field([], description=_("Numéro du regroupement. Répétable."))
    region: list[str] = Field(
        [], description=_("Code de région administrative du regroupement, p. ex. 06. Répétable.")
    )
    status: list[str] = _one_of(ActionStatus, _("Statut de l'action. Répétable."), many=True)
    action_type: list[str] = Field([], description=_("Code du type d'action, p. ex. formation. Répétable."))
    lead: list[str] = Field([], description=_("Numéro du partenaire porteur. Répétable."))
    q: str = Field("", description=_("Mots du titre ou de la description, sans égard aux accents."))


class ActionPatch(Schema):
    """Only the fields sent are changed."""

    progress: int | None = Field(None, description=_("Avancement, en pour cent (0 à 100)."))
    status: str | None = Field(
        None,
        description=_("Statut de l'action. « realisee » sans avancement met l'avancement à 100."),
        json_schema_extra={"enum": list(ActionStatus.values)},
    )
    title: str | None = Field(None, description=_("Titre (coordonnateurs seulement)."))
    description: str | None = Field(None, description=_("Description (coordonnateurs seulement)."))
    action_type: str | None = Field(None, description=_("Code du type d'action (coordonnateurs seulement)."))
    lead: int | None = Field(
        None, description=_("Numéro du partenaire porteur, ou null pour aucun (coordonnateurs seulement).")
    )
    contributors: list[int] | None = Field(
        None,
        description=_("Numéros des partenaires contributeurs, tous à la fois (coordonnateurs seulement)."),
    )
    objectives: list[int] | None = Field(
        None,
        description=_("Numéros des changements visés du plan, tous à la fois (coordonnateurs seulement)."),
    )
    start_date: datetime.date | None = Field(None, description=_("Date de début (coordonnateurs seulement)."))
    end_date: datetime.date | None = Field(None, description=_("Date de fin (coordonnateurs seulement)."))
    budget: Decimal | None = Field(None, description=_("Budget, en dollars (coordonnateurs seulement)."))
    in_kind: Decimal | None = Field(
        None, description=_("Contributions en nature, en dollars (coordonnateurs seulement).")
    )
    in_kind_description: str | None = Field(
        None, description=_("Nature des contributions (coordonnateurs seulement).")
    )


class MeasurementIn(Schema):
    value: Decimal = Field(description=_("La valeur mesurée, dans l'unité de l'indicateur."))
    date: datetime.date | None = Field(None, description=_("Date de la mesure ; aujourd'hui si absente."))
    note: str = Field("", description=_("Note sur la mesure (300 caractères au plus)."))


class ReachIn(Schema):
    children: int = Field(description=_("Enfants rejoints pendant l'année."))
    parents: int = Field(description=_("Parents rejoints pendant l'année."))
    families: int = Field(description=_("Familles rejointes pendant l'année."))


class StageIn(Schema):
    stage: str = Field(
        description=_("La nouvelle étape de la démarche partenariale (un retour en arrière est permis)."),
        json_schema_extra={"enum": list(DpeStage.values)},
    )
    date: datetime.date | None = Field(None, description=_("Date du changement ; aujourd'hui si absente."))
    note: str = Field("", description=_("Note sur le changement d'étape."))


# Plans and actions, as read -------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class ObjectiveRef(Schema):
    id: int
    title: str


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class ActionOut(Schema):
    id: int
    title: str
    plan: int = Field(description=_("Numéro du plan."))
    action_type: str = Field(description=_("Code du type d'action."))
    status: str = _one_of(ActionStatus, _("Statut de l'action."))
    progress: int = Field(description=_("Avancement, en pour cent."))
    lead: Ref | None = Field(description=_("Le partenaire porteur, s'il y en a un."))
    contributors: list[Ref] = Field(description=_("Les partenaires contributeurs."))
    objectives: list[ObjectiveRef] = Field(
        description=_("Les changements visés auxquels l'action contribue.")
    )
    start_date: datetime.date | None
    end_date: datetime.date | None
    budget: float | None = Field(description=_("Budget, en dollars."))
    in_kind: float | None = Field(description=_("Contributions en nature, en dollars."))
    url: str = Field(description=_("Adresse de la page publique de l'action."))
    api_url: str = Field(description=_("Adresse de la fiche complète dans l'API."))

    @staticmethod
    def resolve_plan(obj: Action) -> int:
        return obj.plan_id

    @staticmethod
    def resolve_action_type(obj: Action) -> str:
        return obj.action_type.code

    @staticmethod
    def resolve_budget(obj: Action) -> float | None:
        return _money(obj.budget)

    @staticmethod
    def resolve_in_kind(obj: Action) -> float | None:
        return _money(obj.in_kind)

    @staticmethod
    def resolve_url(obj: Action) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_api_url(obj: Action) -> str:
        return api_url("action", action_id=obj.pk)


class ActionList(Schema):
    count: int = Field(description=_("Nombre total d'actions qui répondent aux filtres."))
    items: list[ActionOut]


class MeasurementOut(Schema):
    id: int
    date: datetime.date
    value: float
    note: str

    @staticmethod
    def resolve_date(obj: Measurement) -> datetime.date:
        return obj.measured_on

    @staticmethod
    def resolve_value(obj: Measurement) -> float:
        return float(obj.value)


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    baseline: float | None = Field(description=_("Valeur de départ."))
    target: float | None = Field(description=_("Cible."))
    objective: int | None = Field(description=_("Numéro du changement visé suivi, s'il y a lieu."))
    action: int | None = Field(description=_("Numéro de l'action suivie, s'il y a lieu."))
    measurements: list[MeasurementOut] = Field(
        description=_("Les mesures, de la plus ancienne à la plus récente.")
    )

    @staticmethod
    def resolve_baseline(obj: Indicator) -> float | None:
        return _money(obj.baseline)

    @staticmethod
    def resolve_target(obj: Indicator) -> float | None:
        return _money(obj.target)

    @staticmethod
    def resolve_objective(obj: Indicator) -> int | None:
        return obj.objective_id

    @staticmethod
    def resolve_action(obj: Indicator) -> int | None:
        return obj.action_id


class ReachOut(Schema):
    action: int = Field(description=_("Numéro de l'action."))
    year: int
    children: int
    parents: int
    families: int

    @staticmethod
    def resolve_action(obj: Reach) -> int:
        return obj.action_id


class EvaluationOut(Schema):
    worked: str = Field(description=_("Ce qui a fonctionné."))
    not_worked: str = Field(description=_("Ce qui n'a pas fonctionné."))
    learnings: str = Field(description=_("Apprentissages."))


def _evaluation(obj: Plan | Action) -> dict[str, str]:
    return {
        "worked": obj.evaluation_worked,
        "not_worked": obj.evaluation_not_worked,
        "learnings": obj.evaluation_learnings,
    }


class ActionDetail(ActionOut):
    description: str
    in_kind_description: str
    age_periods: list[str] = Field(description=_("Codes des périodes d'âge visées."))
    populations: list[str] = Field(description=_("Codes des populations visées."))
    evaluation: EvaluationOut
    indicators: list[IndicatorOut]
    reach: list[ReachOut] = Field(description=_("Enfants, parents et familles rejoints, par année."))

    @staticmethod
    def resolve_age_periods(obj: Action) -> list[str]:
        return [period.code for period in obj.age_periods.all()]

    @staticmethod
    def resolve_populations(obj: Action) -> list[str]:
        return [population.code for population in obj.populations.all()]

    @staticmethod
    def resolve_evaluation(obj: Action) -> dict[str, str]:
        return _evaluation(obj)


class PlanOut(Schema):
    id: int
    title: str
    partnership: Ref = Field(description=_("Le regroupement dont c'est le plan."))
    region: str = Field(description=_("Code de la région administrative du regroupement."))
    start_year: int
    end_year: int
    status: str = _one_of(PlanStatus, _("Statut du plan."))
    visibility: str = _one_of(
        Visibility, _("« public » pour tous, « membres » pour les gens du regroupement seulement.")
    )
    action_count: int
    url: str = Field(description=_("Adresse de la page publique du plan."))
    api_url: str = Field(description=_("Adresse de la fiche complète dans l'API."))

    @staticmethod
    def resolve_region(obj: Plan) -> str:
        return obj.partnership.region.code

    @staticmethod
    def resolve_url(obj: Plan) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_api_url(obj: Plan) -> str:
        return api_url("plan", plan_id=obj.pk)


class PlanList(Schema):
    count: int = Field(description=_("Nombre total de plans qui répondent aux filtres."))
    items: list[PlanOut]


class FindingOut(Schema):
    id: int
    system: str = Field(description=_("Code du système."))
    text: str
    data_source: str

    @staticmethod
    def resolve_system(obj: Finding) -> str:
        return obj.system.code


class PriorityOut(Schema):
    id: int
    system: str = Field(description=_("Code du système."))
    title: str

    @staticmethod
    def resolve_system(obj: Priority) -> str:
        return obj.system.code


class PortraitOut(Schema):
    findings: list[FindingOut] = Field(description=_("Les constats du portrait du territoire."))
    priorities: list[PriorityOut] = Field(description=_("Les priorités retenues."))


class ObjectiveOut(Schema):
    id: int
    system: str = Field(description=_("Code du système."))
    title: str
    description: str
    protective_factors: list[str] = Field(description=_("Codes des facteurs de protection visés."))
    priorities: list[int] = Field(description=_("Numéros des priorités auxquelles il répond."))

    @staticmethod
    def resolve_system(obj: Objective) -> str:
        return obj.system.code

    @staticmethod
    def resolve_protective_factors(obj: Objective) -> list[str]:
        return [factor.code for factor in obj.protective_factors.all()]

    @staticmethod
    def resolve_priorities(obj: Objective) -> list[int]:
        return [priority.pk for priority in obj.priorities.all()]


class PlanDetail(PlanOut):
    summary: str
    previous: int | None = Field(description=_("Numéro du plan précédent du regroupement, s'il y a lieu."))
    portrait: PortraitOut
    objectives: list[ObjectiveOut] = Field(description=_("Les changements visés."))
    actions: list[ActionOut]
    indicators: list[IndicatorOut]
    reach: list[ReachOut] = Field(
        description=_("Enfants, parents et familles rejoints, par action et par année.")
    )
    evaluation: EvaluationOut

    @staticmethod
    def resolve_previous(obj: Plan) -> int | None:
        return obj.previous_id

    @staticmethod
    def resolve_portrait(obj: Plan) -> dict[str, Any]:
        return {"findings": obj.findings.all(), "priorities": obj.priorities.all()}

    @staticmethod
    def resolve_reach(obj: Plan) -> list[Reach]:
        return [reach for action in obj.actions.all() for reach in action.reach.all()]

    @staticmethod
    def resolve_evaluation(obj: Plan) -> dict[str, str]:
        return _evaluation(obj)


# Plans, as written ----------------------------------------------------------------------


class StageOut(Schema):
    id: int
    partnership: int = Field(description=_("Numéro du regroupement."))
    stage: str = _one_of(DpeStage, _("Étape de la démarche partenariale."))
    date: datetime.date
    note: str

    @staticmethod
    def resolve_partnership(obj: StageChange) -> int:
        return obj.partnership_id

    @staticmethod
    def resolve_date(obj: StageChange) -> datetime.date:
        return obj.changed_on


class ImportOut(Schema):
    dry_run: bool = Field(description=_("Vrai si rien n'a été enregistré (simple vérification)."))
    rows: int = Field(description=_("Nombre de lignes lues."))
    actions_updated: int = Field(description=_("Nombre d'actions mises à jour."))
    measurements_recorded: int = Field(description=_("Nombre de mesures enregistrées."))


class ImportIssueOut(Schema):
    row: int = Field(
        description=_(
            "Numéro de la ligne dans le fichier (l'en-tête est la ligne 1 s'il est en première ligne) ; "
            "0 quand le problème touche tout le fichier."
        )
    )
    column: str = Field(
        description=_(
            "L'en-tête de la colonne en cause, tel qu'écrit dans le fichier ; vide s'il s'agit de la ligne."
        )
    )
    message: str


class ImportErrorOut(Schema):
    detail: str
    # A refused file lists its problems by row and column; a malformed request (no file, a
    # dry_run that is not a boolean) by parameter, as every other API error.
    errors: list[ImportIssueOut | FieldError] = Field(
        description=_(
            "Chaque problème, par ligne et par colonne si le fichier est refusé, ou par paramètre si "
            "la requête est mal formée (fichier absent, p. ex.)."
        )
    )
