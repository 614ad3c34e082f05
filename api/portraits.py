"""Portraits: the figures of all of Québec, of a region and of a partnership.

The same figures as the portrait pages (``portraits.figures``), read from the portraits'
cache, with the EQDEM context and the gaps of the scope. Only public data counts, so the
answer is the same for everyone.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Router, Schema

from api.schemas import ErrorOut
from portraits import eqdem, figures, gaps
from portraits.scopes import QUEBEC, Scope, partnership_scope, region_scope

router = Router(tags=[_("Portraits")])


class FiguresOut(Schema):
    organisations: int = Field(description=_("Partenaires actifs."))
    partnerships: int = Field(description=_("Regroupements actifs."))
    plans: int = Field(description=_("Plans d'action publics des regroupements actifs."))
    actions: int = Field(description=_("Actions de ces plans."))
    children_0_5: int = Field(
        description=_(
            "Enfants de 0 à 5 ans : sur les territoires des regroupements locaux (Québec, une région) "
            "ou sur le territoire du regroupement."
        )
    )
    children_reached: int = Field(
        description=_("Enfants rejoints par les actions, toutes années confondues.")
    )
    parents_reached: int = Field(description=_("Parents rejoints, toutes années confondues."))
    families_reached: int = Field(description=_("Familles rejointes, toutes années confondues."))
    library_items: int = Field(
        description=_(
            "Éléments publiés de la bibliothèque attribués au territoire (une traduction compte une fois)."
        )
    )
    reinvestments_made: int = Field(
        description=_("Réinvestissements faits par les regroupements du territoire.")
    )


class ReachedOut(Schema):
    year: int = Field(description=_("La dernière année pour laquelle une portée est inscrite."))
    children: int
    parents: int
    families: int


class AreaOut(Schema):
    code: str = Field(description=_("Code de la région, ou numéro du regroupement."))
    label: str
    url: str = Field(description=_("Adresse de son portrait sur le site."))
    figures: FiguresOut


class SystemOut(Schema):
    code: str
    label: str


class MatrixRowOut(Schema):
    factor_code: str
    factor_label: str
    system_code: str = Field(description=_("Le système du facteur de protection."))
    system_label: str
    counts: list[int] = Field(
        description=_(
            "Actions distinctes servant un changement visé de chaque système lié au facteur, "
            "dans l'ordre de « systems »."
        )
    )


class TallyOut(Schema):
    code: str
    label: str
    count: int


class YearOut(Schema):
    year: int
    actions_started: int = Field(description=_("Actions commencées cette année-là (date de début)."))
    children_reached: int
    library_items: int = Field(description=_("Éléments publiés cette année-là."))
    reinvestments: int


class ComparisonOut(Schema):
    code: str
    label: str
    unit: str
    value: float | None = Field(
        description=_("La valeur du territoire (null si elle ne peut être calculée).")
    )
    quebec: float | None = Field(description=_("La même mesure pour l'ensemble du Québec."))


class EqdemRowOut(Schema):
    code: str
    label: str
    is_overall: bool
    factor_codes: list[str] = Field(description=_("Les facteurs de protection liés au domaine."))
    quebec: list[float | None] = Field(description=_("Taux du Québec (%), un par année de « years »."))
    region: list[float | None] = Field(description=_("Taux de la région (%) quand ils sont connus."))


class EqdemOut(Schema):
    years: list[int]
    region_code: str
    region_name: str
    rows: list[EqdemRowOut]


class GapOut(Schema):
    system_code: str
    system_label: str
    factor_code: str
    factor_label: str
    reasons: list[str] = Field(description=_("Pourquoi ce facteur est un angle mort, en phrases."))


class TerritoryPortraitOut(Schema):
    key: str = Field(description=_("« quebec », « region-06 » ou « partnership-12 »."))
    kind: str = Field(description=_("« quebec », « region » ou « partnership »."))
    name: str
    figures: FiguresOut
    reach_latest: ReachedOut | None
    reinvestments_received: int | None = Field(
        description=_(
            "Réinvestissements de ses éléments et actions par d'autres regroupements (null pour le Québec)."
        )
    )
    areas: list[AreaOut] = Field(
        description=_("Les régions (Québec) ou les regroupements (une région) avec leurs chiffres clés.")
    )
    systems: list[SystemOut]
    matrix: list[MatrixRowOut] = Field(
        description=_("Matrice de couverture : facteurs de protection × systèmes.")
    )
    action_types: list[TallyOut]
    trends: list[YearOut]
    comparisons: list[ComparisonOut] = Field(description=_("Comparaisons avec l'ensemble du Québec."))
    eqdem: EqdemOut
    gaps: list[GapOut] = Field(description=_("Angles morts du territoire."))


def _answer(scope: Scope) -> dict[str, Any]:
    portrait = figures.portrait(scope)
    context = eqdem.context(scope)
    data = asdict(portrait)
    data["systems"] = [{"code": code, "label": label} for code, label in portrait.systems]
    data["eqdem"] = asdict(context)
    data["gaps"] = [asdict(gap) for gap in gaps.find_gaps(scope)]
    return data


@router.get(
    "/portraits/quebec",
    response={200: TerritoryPortraitOut},
    url_name="portrait_quebec",
    summary=_("Portrait de l'ensemble du Québec"),
    description=_(
        "Les chiffres clés du réseau, une ligne par région, la matrice de couverture, les types "
        "d'action, les tendances par année, les taux de l'EQDEM et les angles morts."
    ),
)
def quebec_portrait(request: HttpRequest) -> dict[str, Any]:
    """The portrait of all of Québec."""
    return _answer(QUEBEC)


@router.get(
    "/portraits/regions/{code}",
    response={200: TerritoryPortraitOut, 404: ErrorOut},
    url_name="portrait_region",
    summary=_("Portrait d'une région"),
    description=_(
        "Les chiffres d'une région administrative, une ligne par regroupement, comparés à l'ensemble "
        "du Québec ; 404 pour un code inconnu."
    ),
)
def region_portrait(
    request: HttpRequest, code: str = Path(description=_("Code officiel de la région (01 à 17)."))
) -> dict[str, Any]:
    """The portrait of one region."""
    return _answer(region_scope(code))


@router.get(
    "/portraits/partnerships/{partnership_id}",
    response={200: TerritoryPortraitOut, 400: ErrorOut, 404: ErrorOut},
    url_name="portrait_partnership",
    summary=_("Portrait d'un regroupement"),
    description=_(
        "Les chiffres d'un regroupement actif, comparés à l'ensemble du Québec ; 404 pour un "
        "regroupement inconnu ou inactif."
    ),
)
def partnership_portrait(
    request: HttpRequest, partnership_id: int = Path(description=_("Numéro du regroupement."))
) -> dict[str, Any]:
    """The portrait of one active partnership."""
    return _answer(partnership_scope(partnership_id))
