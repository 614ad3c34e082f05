"""The page listing every recorded change of a plan, for its partnership's people."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.http import Forbidden
from plans.history import plan_history_page
from plans.permissions import is_person_of_partnership
from plans.views.access import visible_plan

HISTORY_PEOPLE_ONLY = gettext_lazy(
    "L'historique d'un plan est réservé aux coordonnateurs et aux membres de son regroupement."
)


@login_required
@require_GET
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every recorded change of the plan and of what it holds, newest first.

    Readable by the people of the partnership (coordinators, people working for a member
    organisation) and administrators: it names who changed what, which is not public
    information even when the plan is.
    """
    plan = visible_plan(request, pk)
    if not is_person_of_partnership(request.user, plan.partnership):
        raise Forbidden(HISTORY_PEOPLE_ONLY)
    page = plan_history_page(plan, request.GET.get("page", "1"))
    return render(
        request,
        "plans/history.html",
        {"plan": plan, "listing": page, "count": page.page.paginator.count},
    )
