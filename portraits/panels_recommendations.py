"""The plan page's section « Pistes inspirantes d'ailleurs » (see core.panels)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from core import panels
from plans.models import Plan
from portraits.recommendations import recommend
from portraits.views.recommendations import need_heading

#: Recommendations shown per need on the plan page; the full page lists more.
PANEL_LIMIT = 3


def plan_recommendations(request: HttpRequest, plan: Plan) -> str:
    """The top recommendations of each need, with a link to the full page; nothing when
    the plan has neither priority nor gap. The plan page has checked who may see it."""
    needs = recommend(plan, request.user, limit_per_need=PANEL_LIMIT)
    if not needs:
        return ""
    for need in needs:
        need.heading = need_heading(need)
    return render_to_string(
        "portraits/_recommendations_panel.html", {"plan": plan, "needs": needs}, request=request
    )


panels.register("plans.plan", plan_recommendations)
