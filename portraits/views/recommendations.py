"""The page of a plan's pistes inspirantes: for each priority and gap, what other
territories did and what the library holds on the same protective factors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.exports import Sheet, export_response, requested_format
from core.http import NotFound
from plans.models import Plan
from plans.permissions import can_edit_plan
from portraits.recommendations import Need, recommend

#: Recommendations listed per need on the full page (the plan page's panel shows three).
PAGE_LIMIT = 5
#: Recommendations shown open under each need; the others wait in a disclosure.
SHOWN_OPEN = 3


def visible_plan(request: HttpRequest, pk: int) -> Plan:
    """The plan if the visitor may see it; the same French 404 whether it is hidden or absent."""
    plan = Plan.objects.visible_to(request.user).select_related("partnership__region").filter(pk=pk).first()
    if plan is None:
        raise NotFound(_("Aucun plan d'action ne porte le numéro %(id)s.") % {"id": pk})
    return plan


def need_heading(need: Need) -> str:
    """« Priorité : … » or « Écart : … », as the page's section titles say."""
    if need.kind == "priority":
        return _("Priorité : %(title)s") % {"title": need.title}
    return _("Écart : %(title)s") % {"title": need.title}


def recommendations_sheet(plan: Plan, needs: list[Need], request: HttpRequest) -> Sheet:
    """Every recommendation of the page, one row each, with its need."""
    kinds = {"item": _("Élément de la bibliothèque"), "action": _("Action")}
    rows = [
        [
            need_heading(need),
            need.system_label,
            kinds[recommendation.kind],
            recommendation.title,
            recommendation.origin,
            recommendation.shared_factors,
            recommendation.similarity_percent,
            recommendation.reuse_count,
            request.build_absolute_uri(recommendation.url),
        ]
        for need in needs
        for recommendation in need.recommendations
    ]
    return Sheet(
        title=_("Pistes inspirantes"),
        headers=[
            _("Besoin"),
            _("Système"),
            _("Type"),
            _("Titre"),
            _("Provenance"),
            _("Facteurs de protection en commun"),
            _("Texte semblable (%)"),
            _("Réinvestissements"),
            _("Adresse"),
        ],
        rows=rows,
    )


def need_sections(needs: list[Need]) -> list[dict[str, Any]]:
    """The page's sections: each need with its pistes, the first ones open and the rest folded.

    The same piste often answers several needs; after its first card it is only named, with a
    link to that card, so that the page does not repeat it in full.
    """
    first_seen: dict[tuple[str, int], str] = {}
    sections = []
    for need in needs:
        need.heading = need_heading(need)
        entries = []
        for recommendation in need.recommendations:
            identity = (recommendation.kind, recommendation.pk)
            anchor = first_seen.get(identity)
            if anchor is None:
                anchor = first_seen[identity] = f"{need.key}-{recommendation.kind}-{recommendation.pk}"
                entries.append({"recommendation": recommendation, "anchor": anchor, "repeated": False})
            else:
                entries.append({"recommendation": recommendation, "anchor": anchor, "repeated": True})
        sections.append({"need": need, "shown": entries[:SHOWN_OPEN], "more": entries[SHOWN_OPEN:]})
    return sections


#: Recommendations shown per need on the plan page's section; the full page lists more.
PANEL_LIMIT = 3


def preview(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The top recommendations of each need, the content of the plan page's section."""
    needs = recommend(plan, request.user, limit_per_need=PANEL_LIMIT)
    for need in needs:
        need.heading = need_heading(need)
    return render(request, "portraits/_recommendations_preview.html", {"plan": plan, "needs": needs})


@require_safe
def plan_recommendations(request: HttpRequest, pk: int) -> HttpResponse:
    """/portraits/plans/<pk>/pistes/: every need of the plan with its ranked recommendations."""
    export_format = requested_format(request)
    plan = visible_plan(request, pk)
    if request.GET.get("apercu"):
        # The plan page's section asks for its content with htmx once it is in view.
        return preview(request, plan)
    needs = recommend(plan, request.user, limit_per_need=PAGE_LIMIT)
    if export_format:
        filename = _("pistes-%(plan)s") % {"plan": plan.title}
        return export_response(export_format, filename, [recommendations_sheet(plan, needs, request)])
    sections = need_sections(needs)
    return render(
        request,
        "portraits/recommendations.html",
        {
            "plan": plan,
            "needs": needs,
            "sections": sections,
            "has_recommendations": any(need.recommendations for need in needs),
            "may_reinvest": can_edit_plan(request.user, plan),
        },
    )
