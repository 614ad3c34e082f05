"""The network pages: a partnership's network of members, and the network at Québec scale."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.exports import Sheet, export_response, requested_format
from partners.models import Partnership
from portraits.cache import cached
from portraits.network import Network, NetworkSummary, partnership_network, quebec_network
from portraits.scopes import partnership_scope


def graph_data(network: Network) -> dict:
    """What the page's script draws: nodes, edges and the labels it shows, in the page's language."""
    return {
        "nodes": [
            {
                "id": str(node.id),
                "number": node.number,
                "name": node.name,
                "url": node.url,
                "sector": node.sector.label,
                "shape": node.sector.shape,
                "colour": node.sector.colour,
                "role": node.role_label,
                "degree": node.degree,
                "actions": node.shared_actions,
                "partnerships": node.partnerships,
                "isolated": node.isolated,
                "x": node.x,
                "y": node.y,
            }
            for node in network.nodes
        ],
        "edges": [
            {"source": str(edge.source), "target": str(edge.target), "weight": edge.weight}
            for edge in network.edges
        ],
        "labels": {
            "view": _("Graphe interactif du réseau"),
            "zoom_in": _("Zoom avant"),
            "zoom_out": _("Zoom arrière"),
            "fit": _("Voir tout le réseau"),
            "layout": _("Disposition"),
            "layout_circle": _("En cercle, par secteur"),
            "layout_force": _("Par proximité (forces)"),
            "choose": _("Mettre un membre en évidence"),
            "nobody": _("— Aucun —"),
            "details": _("Membre sélectionné"),
            "sector": _("Secteur"),
            "role": _("Rôle"),
            "links": _("Membres avec qui il agit"),
            "actions": _("Actions communes"),
            "partnerships": _("Regroupements"),
            "open": _("Voir la fiche du partenaire"),
            "hint": _(
                "Cliquez sur un membre, ou choisissez-le dans la liste, pour voir ses liens. "
                "Faites glisser pour déplacer la vue; la molette ou les boutons zooment."
            ),
        },
    }


def _export(network: Network, export_format: str) -> HttpResponse:
    members = Sheet(
        _("Membres"),
        [
            _("N°"),
            _("Partenaire"),
            _("Secteur"),
            _("Rôle"),
            _("Membres avec qui il agit"),
            _("Actions communes"),
            _("Actions du regroupement"),
            _("Centralité d'intermédiarité"),
            _("Nombre de regroupements"),
            _("Autres regroupements"),
        ],
        [
            [
                node.number,
                node.name,
                node.sector.label,
                node.role_label,
                node.degree,
                node.shared_actions,
                node.actions,
                round(node.betweenness, 4),
                node.partnerships,
                [link.name for link in node.other_partnerships],
            ]
            for node in network.nodes
        ],
    )
    links = Sheet(
        _("Liens"),
        [_("Partenaire"), _("Partenaire lié"), _("Actions communes")],
        [[edge.source_name, edge.target_name, edge.weight] for edge in network.edges],
    )
    filename = _("reseau-%(name)s") % {"name": network.name}
    return export_response(export_format, filename, [members, links])


@require_GET
def partnership_network_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A partnership's network: drawing, measures, table of members; CSV/XLSX of nodes and links."""
    export_format = requested_format(request)
    scope = partnership_scope(pk)  # a French 404 when there is none
    network = partnership_network(scope.partnership)
    if export_format:
        return _export(network, export_format)
    return render(
        request,
        "portraits/network_partnership.html",
        {"partnership": scope.partnership, "body": _body(scope.partnership, network)},
    )


def _body(partnership: Partnership, network: Network) -> SafeString:
    """The page's figures, drawing and tables: the same for everyone, so rendered once per data version."""

    def render_body() -> SafeString:
        context = {
            "partnership": partnership,
            "network": network,
            "graph": graph_data(network),
            "central": [node for node in network.central if node.betweenness or node.degree][:5],
        }
        return render_to_string("portraits/network_partnership_body.html", context)

    return cached("network-html", str(partnership.pk), render_body)


def _quebec_export(summary: NetworkSummary, export_format: str) -> HttpResponse:
    sheets = [
        Sheet(
            _("Partenaires par regroupements"),
            [_("Nombre de regroupements"), _("Partenaires")],
            summary.per_partnership_count,
        ),
        Sheet(
            _("Regroupements centraux"),
            [_("Regroupement"), _("Région"), _("Membres"), _("Regroupements liés"), _("Intermédiarité")],
            [[p.name, p.region, p.members, p.degree, round(p.betweenness, 4)] for p in summary.central],
        ),
        Sheet(
            _("Partenaires passerelles"),
            [_("Partenaire"), _("Secteur"), _("Nombre de regroupements")],
            [[o.name, o.sector, o.partnerships] for o in summary.bridging],
        ),
        Sheet(
            _("Secteurs"),
            [_("Secteur"), _("Regroupements où il est présent"), _("Partenaires membres")],
            [[s.sector.label, s.count, s.organisations] for s in summary.sectors]
            + [[s.label, 0, 0] for s in summary.missing_sectors],
        ),
    ]
    return export_response(export_format, _("reseau-quebec"), sheets)


@require_GET
def quebec_network_page(request: HttpRequest) -> HttpResponse:
    """The network at Québec scale: partnerships linked by the organisations they share."""
    export_format = requested_format(request)
    summary = quebec_network()
    if export_format:
        return _quebec_export(summary, export_format)
    largest_share = max((count for _n, count in summary.per_partnership_count), default=0)
    return render(
        request,
        "portraits/network_quebec.html",
        {"summary": summary, "largest_share": largest_share},
    )
