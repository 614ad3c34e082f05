"""The shapes the API reads and answers, as they appear in the OpenAPI document."""

from __future__ import annotations

import datetime
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
