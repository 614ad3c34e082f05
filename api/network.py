"""The partnership network (« le filet de protection »): members, links and measures.

The same cached figures as the pages /portraits/regroupements/<id>/reseau/ and
/portraits/reseau/ (``portraits.network``), from public data only: active organisations and
partnerships, actions of public plans. No token is read: nothing here depends on who asks.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Router, Schema

from api.schemas import ErrorOut
from portraits.network import Network, NetworkSummary, partnership_network, quebec_network
from portraits.scopes import partnership_scope

router = Router()

NETWORK = [gettext_lazy("Réseau des partenaires")]


# Answers ------------------------------------------------------------------------------------


class NodeOut(Schema):
    id: int = Field(description=gettext_lazy("Identifiant du partenaire (voir /api/v1/partners/{id})."))
    name: str = Field(description=gettext_lazy("Nom du partenaire."))
    sector: str = Field(description=gettext_lazy("Code du secteur du partenaire."))
    role: str = Field(
        description=gettext_lazy("Rôle dans le regroupement : membre, comite, fiduciaire ou observateur.")
    )
    degree: int = Field(
        description=gettext_lazy("Nombre de membres avec qui il porte ou soutient au moins une action.")
    )
    betweenness: float = Field(
        description=gettext_lazy(
            "Centralité d'intermédiarité (0 à 1) : part des plus courts chemins entre deux autres "
            "membres qui passent par lui."
        )
    )
    shared_actions: int = Field(
        description=gettext_lazy("Nombre d'actions du regroupement qu'il mène avec au moins un autre membre.")
    )
    partnerships: int = Field(
        description=gettext_lazy("Nombre de regroupements actifs dont il est membre, celui-ci compris.")
    )
    url: str = Field(description=gettext_lazy("Adresse de la fiche du partenaire sur le site."))


class EdgeOut(Schema):
    source: int = Field(description=gettext_lazy("Identifiant d'un des deux partenaires."))
    target: int = Field(description=gettext_lazy("Identifiant de l'autre partenaire."))
    weight: int = Field(description=gettext_lazy("Nombre d'actions qu'ils portent ou soutiennent ensemble."))


class SectorCountOut(Schema):
    code: str = Field(description=gettext_lazy("Code du secteur."))
    label: str = Field(description=gettext_lazy("Libellé du secteur dans la langue de la requête."))
    count: int = Field(description=gettext_lazy("Nombre de membres du secteur."))


class NetworkSectorOut(Schema):
    code: str = Field(description=gettext_lazy("Code du secteur."))
    label: str = Field(description=gettext_lazy("Libellé du secteur dans la langue de la requête."))


class MeasuresOut(Schema):
    members: int = Field(description=gettext_lazy("Nombre de membres actifs."))
    links: int = Field(description=gettext_lazy("Nombre de paires de membres qui agissent ensemble."))
    actions: int = Field(
        description=gettext_lazy("Nombre d'actions des plans d'action publics du regroupement.")
    )
    density: float = Field(
        description=gettext_lazy("Densité (0 à 1) : part des paires de membres possibles qui sont liées.")
    )
    components: int = Field(
        description=gettext_lazy("Nombre de groupes de membres reliés entre eux (un membre isolé en est un).")
    )
    isolated: list[int] = Field(
        description=gettext_lazy("Membres qui ne partagent aucune action avec un autre membre.")
    )
    bridging: list[int] = Field(
        description=gettext_lazy("Membres qui font aussi partie d'autres regroupements actifs.")
    )
    sectors: list[SectorCountOut] = Field(
        description=gettext_lazy("Secteurs représentés, avec leurs membres.")
    )
    missing_sectors: list[NetworkSectorOut] = Field(
        description=gettext_lazy("Secteurs de référence sans aucun membre dans le regroupement.")
    )


class NetworkOut(Schema):
    partnership: int = Field(description=gettext_lazy("Identifiant du regroupement."))
    name: str = Field(description=gettext_lazy("Nom du regroupement."))
    nodes: list[NodeOut] = Field(description=gettext_lazy("Les membres actifs, par ordre alphabétique."))
    edges: list[EdgeOut] = Field(
        description=gettext_lazy("Les liens entre membres, du plus fort au plus faible.")
    )
    measures: MeasuresOut = Field(description=gettext_lazy("Les mesures du réseau."))


class PartnershipCountOut(Schema):
    partnerships: int = Field(description=gettext_lazy("Nombre de regroupements actifs."))
    organisations: int = Field(description=gettext_lazy("Nombre de partenaires actifs qui en sont membres."))


class CentralPartnershipOut(Schema):
    id: int = Field(description=gettext_lazy("Identifiant du regroupement."))
    name: str = Field(description=gettext_lazy("Nom du regroupement."))
    region: str = Field(description=gettext_lazy("Région du regroupement."))
    members: int = Field(description=gettext_lazy("Nombre de membres actifs."))
    degree: int = Field(description=gettext_lazy("Nombre de regroupements avec qui il partage des membres."))
    betweenness: float = Field(
        description=gettext_lazy("Centralité d'intermédiarité dans le réseau des regroupements (0 à 1).")
    )
    url: str = Field(description=gettext_lazy("Adresse de la fiche du regroupement sur le site."))


class BridgingOut(Schema):
    id: int = Field(description=gettext_lazy("Identifiant du partenaire."))
    name: str = Field(description=gettext_lazy("Nom du partenaire."))
    sector: str = Field(description=gettext_lazy("Secteur du partenaire, dans la langue de la requête."))
    partnerships: int = Field(description=gettext_lazy("Nombre de regroupements actifs dont il est membre."))
    url: str = Field(description=gettext_lazy("Adresse de la fiche du partenaire sur le site."))


class SectorPresenceOut(Schema):
    code: str = Field(description=gettext_lazy("Code du secteur."))
    label: str = Field(description=gettext_lazy("Libellé du secteur dans la langue de la requête."))
    partnerships: int = Field(description=gettext_lazy("Nombre de regroupements où le secteur a un membre."))
    organisations: int = Field(
        description=gettext_lazy("Nombre de partenaires du secteur membres d'un regroupement.")
    )


class QuebecNetworkOut(Schema):
    organisations: int = Field(description=gettext_lazy("Nombre de partenaires actifs."))
    partnerships: int = Field(description=gettext_lazy("Nombre de regroupements actifs."))
    memberships: int = Field(
        description=gettext_lazy("Nombre d'adhésions (partenaire actif, regroupement actif).")
    )
    links: int = Field(
        description=gettext_lazy("Nombre de paires de regroupements qui partagent des membres.")
    )
    density: float = Field(description=gettext_lazy("Densité du réseau des regroupements (0 à 1)."))
    components: int = Field(description=gettext_lazy("Nombre de groupes de regroupements reliés entre eux."))
    largest_component: int = Field(description=gettext_lazy("Nombre de regroupements du plus grand groupe."))
    isolated_partnerships: int = Field(
        description=gettext_lazy("Nombre de regroupements qui ne partagent aucun membre.")
    )
    bridging_organisations: int = Field(
        description=gettext_lazy("Nombre de partenaires membres d'au moins deux regroupements.")
    )
    per_partnership_count: list[PartnershipCountOut] = Field(
        description=gettext_lazy("Partenaires actifs selon le nombre de regroupements dont ils sont membres.")
    )
    bridging: list[BridgingOut] = Field(
        description=gettext_lazy("Les dix partenaires membres du plus grand nombre de regroupements.")
    )
    central: list[CentralPartnershipOut] = Field(
        description=gettext_lazy(
            "Les dix regroupements les plus centraux (intermédiarité, estimée par échantillon au-delà de "
            "64 regroupements liés, puis nombre de regroupements liés)."
        )
    )
    sectors: list[SectorPresenceOut] = Field(
        description=gettext_lazy("Présence de chaque secteur de référence.")
    )


# Operations ---------------------------------------------------------------------------------


def _network_body(network: Network) -> dict[str, Any]:
    return {
        "partnership": network.partnership_id,
        "name": network.name,
        "nodes": [
            {
                "id": node.id,
                "name": node.name,
                "sector": node.sector.code,
                "role": node.role,
                "degree": node.degree,
                "betweenness": round(node.betweenness, 6),
                "shared_actions": node.shared_actions,
                "partnerships": node.partnerships,
                "url": node.url,
            }
            for node in network.nodes
        ],
        "edges": [{"source": e.source, "target": e.target, "weight": e.weight} for e in network.edges],
        "measures": network.measures(),
    }


@router.get(
    "/portraits/partnerships/{partnership_id}/network",
    response={200: NetworkOut, 400: ErrorOut, 404: ErrorOut},
    url_name="partnership_network",
    tags=NETWORK,
    summary=gettext_lazy("Réseau d'un regroupement"),
    description=gettext_lazy(
        "Les membres actifs d'un regroupement actif (nœuds) et les liens entre ceux qui portent ou "
        "soutiennent ensemble une action d'un plan d'action public (arêtes, pondérées par le nombre "
        "d'actions communes), avec les mesures du réseau : densité, groupes reliés, centralités, membres "
        "isolés, secteurs représentés et absents, partenaires passerelles. Un regroupement inconnu ou "
        "inactif répond 404."
    ),
)
def get_partnership_network(
    request: HttpRequest,
    partnership_id: int = Path(description=gettext_lazy("Identifiant du regroupement.")),
) -> dict[str, Any]:
    """A partnership's network: nodes, edges and measures."""
    scope = partnership_scope(partnership_id)  # its NotFound is the API's French JSON 404
    return _network_body(partnership_network(scope.partnership))


def _summary_body(summary: NetworkSummary) -> dict[str, Any]:
    body = summary.measures()
    body["per_partnership_count"] = [
        {"partnerships": n, "organisations": count} for n, count in summary.per_partnership_count
    ]
    body["bridging"] = [
        {"id": o.id, "name": o.name, "sector": o.sector, "partnerships": o.partnerships, "url": o.url}
        for o in summary.bridging
    ]
    body["central"] = [
        {
            "id": p.id,
            "name": p.name,
            "region": p.region,
            "members": p.members,
            "degree": p.degree,
            "betweenness": round(p.betweenness, 6),
            "url": p.url,
        }
        for p in summary.central
    ]
    body["sectors"] = [
        {
            "code": s.sector.code,
            "label": s.sector.label,
            "partnerships": s.count,
            "organisations": s.organisations,
        }
        for s in summary.sectors
    ] + [
        {"code": s.code, "label": s.label, "partnerships": 0, "organisations": 0}
        for s in summary.missing_sectors
    ]
    return body


@router.get(
    "/portraits/network",
    response={200: QuebecNetworkOut, 400: ErrorOut},
    url_name="network",
    tags=NETWORK,
    summary=gettext_lazy("Réseau à l'échelle du Québec"),
    description=gettext_lazy(
        "Le réseau à l'échelle du Québec, vu par les regroupements : deux regroupements sont liés "
        "lorsqu'ils partagent au moins un partenaire actif. Partenaires selon le nombre de regroupements, "
        "partenaires passerelles, regroupements centraux et isolés, présence des secteurs."
    ),
)
def get_quebec_network(request: HttpRequest) -> dict[str, Any]:
    """The Québec-wide summary of the network."""
    return _summary_body(quebec_network())
