"""Sections the library adds to lower apps' pages (see core.panels)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from core import panels
from library import reuse
from library.text import item_path
from plans.models import Action


def action_lineage(request: HttpRequest, action: Action) -> str:
    """On an action's page: the source it was reinvested from, and who reinvested it.

    Distinct from the « copied from » lineage of the next cycle, which plans shows itself.
    """
    inspiration = reuse.inspiration(action, request.user)
    lineage = reuse.lineage(action, request.user)
    can_reinvest = reuse.can_reinvest(request.user)
    if inspiration is None and not lineage.partnership_count and not can_reinvest:
        return ""
    source_url = ""
    if inspiration and inspiration.reinvestment.source_item_id:
        source_url = item_path(inspiration.reinvestment.source_item)
    return render_to_string(
        "library/_action_lineage.html",
        {
            "action": action,
            "inspiration": inspiration,
            "source_url": source_url,
            "lineage": lineage,
            "can_reinvest": can_reinvest,
        },
        request=request,
    )


panels.register("plans.action", action_lineage)
