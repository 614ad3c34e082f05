"""How plan actions appear in the site-wide search (members-only plans stay private)."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from search import registry
from search.registry import DocumentData
from taxonomy.models import AgePeriod, ProtectiveFactor, System

from .models import Action, Objective, Plan, Visibility

registry.register_kind("action", _("Action"), "action")
registry.register_facet(
    "system", _("Système"), lambda: [(s.code, s.label) for s in System.objects.all()], order=10
)
registry.register_facet(
    "factor",
    _("Facteur de protection"),
    lambda: [(f.code, f.label) for f in ProtectiveFactor.objects.all()],
    order=20,
)
registry.register_facet(
    "age", _("Période d'âge"), lambda: [(a.code, a.label) for a in AgePeriod.objects.all()], order=60
)


def action_document(action: Action) -> DocumentData | None:
    plan = action.plan
    if not plan.partnership.is_active:
        return None
    objectives = list(action.objectives.all())
    facets = [f"region:{plan.partnership.region.code}"]
    facets += [f"system:{o.system.code}" for o in objectives]
    facets += [f"factor:{f.code}" for o in objectives for f in o.protective_factors.all()]
    facets += [f"age:{a.code}" for a in action.age_periods.all()]
    return DocumentData(
        kind="action",
        title=action.title,
        url=reverse("plans:action", args=[action.pk]),
        summary=action.description,
        body=" ".join(
            filter(
                None,
                [
                    action.lead.name if action.lead else "",
                    plan.partnership.name,
                    action.action_type.label_fr,
                    action.evaluation_learnings,
                    action.evaluation_worked,
                ],
            )
        ),
        date=action.updated_at,
        # The library annotates how many partnerships reinvested the action.
        reuse_count=getattr(action, "reuse_total", 0),
        audience=None if plan.visibility == Visibility.PUBLIC else plan.partnership_id,
        facets=list(dict.fromkeys(facets)),
    )


def _actions():
    return Action.objects.select_related("plan__partnership__region", "lead", "action_type").prefetch_related(
        "age_periods",
        Prefetch(
            "objectives",
            queryset=Objective.objects.select_related("system").prefetch_related("protective_factors"),
        ),
    )


registry.register_source("action", _actions, action_document)


def action_audience(user) -> list[int] | None:
    """Partnerships whose members-only actions ``user`` may find (None: all, for administrators).

    The same rule as the plan pages (``Plan.objects.visible_to``), in one query.
    """
    if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
        return None
    if user is None or not (user.is_authenticated and user.is_active):
        return []
    return list(
        Plan.objects.visible_to(user)
        .filter(visibility=Visibility.MEMBERS)
        .values_list("partnership_id", flat=True)
        .distinct()
    )


registry.register_audience(action_audience)
