"""Public pages of the action plans: the list, a plan, an action, and their downloads."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from core import panels
from core.exports import export_response, requested_format
from core.facets import error_messages
from core.http import InvalidRequest, NotFound
from core.listing import build_listing
from plans import exports
from plans.coverage import PlanReport, indicator_progress, plan_report
from plans.filters import PlanFilter
from plans.models import Action, Finding, Indicator, Measurement, Objective, Plan, Priority, StageChange
from plans.permissions import can_edit_plan, can_update_action
from taxonomy.models import ProtectiveFactor, System


def _download_query(request: HttpRequest) -> str:
    """The current query string without the page and format, for the download links."""
    params: QueryDict = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return params.urlencode()


# The list ------------------------------------------------------------------------------


LIST_ORDER = ("-start_year", "partnership__name", "title", "id")


def _page_rows(page_plans) -> list[Plan]:
    """The plans of the page, with partnership, region and number of actions.

    Filters, facets and the total count run on plain plans; only the page's plans go
    through the listing's join on actions.
    """
    ids = [plan.pk for plan in page_plans]
    rows = {plan.pk: plan for plan in Plan.objects.for_listing().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]  # a plan deleted in between is skipped


def plan_list(request: HttpRequest) -> HttpResponse:
    export_format = requested_format(request)
    visible = Plan.objects.visible_to(request.user)
    if export_format:
        # Every matching plan, not only the page shown, in one query.
        filterset = PlanFilter(
            request.GET, queryset=visible.for_listing().order_by(*LIST_ORDER), request=request
        )
        if not filterset.is_valid():
            raise InvalidRequest(" ".join(error_messages(filterset)))
        return export_response(
            export_format, _("plans-d-action"), [exports.plan_list_sheet(filterset.qs, request)]
        )
    listing = build_listing(
        request, PlanFilter, visible.order_by(*LIST_ORDER).only("pk"), prepare_page=_page_rows
    )
    # htmx asks for the results only, so filtering does not reload the whole page.
    partial = request.headers.get("HX-Request") == "true"
    template = "plans/_plan_results.html" if partial else "plans/plan_list.html"
    return render(request, template, {"listing": listing, "download_query": _download_query(request)})


# A plan -------------------------------------------------------------------------------


def _plan_queryset(user):
    """A plan with everything its page shows, in a fixed number of queries."""
    return (
        Plan.objects.visible_to(user)
        .select_related("partnership__region")
        .prefetch_related(
            Prefetch("findings", queryset=Finding.objects.select_related("system")),
            Prefetch("priorities", queryset=Priority.objects.select_related("system")),
            Prefetch(
                "objectives",
                queryset=Objective.objects.select_related("system").prefetch_related(
                    "protective_factors", "priorities"
                ),
            ),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("action_type", "lead").prefetch_related(
                    "contributors",
                    "age_periods",
                    "populations",
                    "reach",
                    # Only the ids: the objectives themselves are loaded once above.
                    Prefetch("objectives", queryset=Objective.objects.only("id")),
                ),
            ),
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measurements")),
        )
    )


def load_plan(request: HttpRequest, pk: int) -> PlanReport:
    """The plan the visitor may see, with every section; a French 404 otherwise."""
    plan = _plan_queryset(request.user).filter(pk=pk).first()
    if plan is None:
        # The same message whether the plan does not exist or is not visible, so that
        # members-only plans are not revealed.
        raise NotFound(_("Aucun plan d'action ne porte le numéro %(id)s.") % {"id": pk})
    neighbours = (
        Plan.objects.visible_to(request.user)
        .filter(Q(pk=plan.previous_id) | Q(previous_id=plan.pk))
        .exclude(pk=plan.pk)
        .order_by("start_year", "id")
    )
    last_change = (
        StageChange.objects.filter(partnership_id=plan.partnership_id).order_by("-changed_on", "-id").first()
    )
    stage_since = None
    if last_change is not None and last_change.stage == plan.partnership.dpe_stage:
        stage_since = last_change.changed_on
    return plan_report(
        plan,
        list(System.objects.all()),
        list(ProtectiveFactor.objects.all()),
        neighbours=neighbours,
        stage_since=stage_since,
    )


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    export_format = requested_format(request)
    report = load_plan(request, pk)
    if export_format:
        return export_response(export_format, report.plan.title, exports.plan_sheets(report, request))
    return render(
        request,
        "plans/plan.html",
        {
            "report": report,
            "plan": report.plan,
            "can_edit": can_edit_plan(request.user, report.plan),
            "download_query": _download_query(request),
            "panels": panels.render("plans.plan", request, report.plan),
        },
    )


# An action ----------------------------------------------------------------------------


def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visible_actions = Action.objects.visible_to(request.user)
    action = (
        visible_actions.select_related("plan__partnership__region", "action_type", "lead")
        .prefetch_related(
            "contributors",
            "age_periods",
            "populations",
            "reach",
            Prefetch(
                "objectives",
                queryset=Objective.objects.select_related("system").prefetch_related("protective_factors"),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on", "id"))
                ),
            ),
            # Copies in plans the visitor cannot see stay hidden.
            Prefetch("copies", queryset=visible_actions.select_related("plan__partnership")),
        )
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise NotFound(_("Aucune action ne porte le numéro %(id)s.") % {"id": pk})
    source = None
    if action.copied_from_id:
        source = visible_actions.select_related("plan__partnership").filter(pk=action.copied_from_id).first()
    return render(
        request,
        "plans/action.html",
        {
            "action": action,
            "plan": action.plan,
            "source": source,
            "indicators": indicator_progress(action.indicators.all()),
            "reach": list(action.reach.all()),
            "can_edit": can_edit_plan(request.user, action.plan),
            "can_update": can_update_action(request.user, action),
            "panels": panels.render("plans.action", request, action),
        },
    )
