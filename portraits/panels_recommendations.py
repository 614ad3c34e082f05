"""The plan page's section « Pistes inspirantes d'ailleurs » (see core.panels)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from core import panels
from plans.models import Plan


def plan_recommendations(request: HttpRequest, plan: Plan) -> str:
    """The section's frame: a link to the full page, and the place where htmx brings the top
    recommendations of each need when the section scrolls into view.

    Ranking the pistes reads hundreds of candidates; the plan page itself does not wait for
    it (a plan is read far more often than its pistes are), and without JavaScript the link
    leads to the full page. The plan page has checked who may see the plan.
    """
    return render_to_string("portraits/_recommendations_panel.html", {"plan": plan}, request=request)


panels.register("plans.plan", plan_recommendations)
