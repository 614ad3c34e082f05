"""A panel on the partnership page: a few measures of its network and a link to it."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from core import panels
from partners.models import Partnership
from portraits.network import partnership_network


def network_panel(request: HttpRequest, partnership: Partnership) -> str:
    """« Voir le réseau du regroupement » with its members, links and isolated members (cached)."""
    if not partnership.is_active:
        return ""
    network = partnership_network(partnership)
    if not network.nodes:
        return ""
    return render_to_string(
        "portraits/network_panel.html", {"partnership": partnership, "network": network}, request=request
    )


panels.register("partners.partnership", network_panel)
