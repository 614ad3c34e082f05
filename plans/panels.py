"""Sections the plans add to lower apps' pages: a partnership's plans and its DPE cycle."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from core import panels
from partners.models import Partnership
from partners.permissions import can_edit_partnership


def partnership_plan_links(request: HttpRequest, partnership: Partnership) -> str:
    """The buttons to the partnership's plans, and for its editors to its stage of the DPE
    and a new plan (one query for a signed-in person: the same rule as the pages they lead to)."""
    return render_to_string(
        "plans/partnership_links_panel.html",
        {"partnership": partnership, "can_edit": can_edit_partnership(request.user, partnership)},
        request=request,
    )


panels.register("partners.partnership.actions", partnership_plan_links)
