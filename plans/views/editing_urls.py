"""URL patterns of the editing pages: plan, portrait, actions, follow-up, DPE cycle, history."""

from django.urls import URLPattern, path

from plans.views import action, cycle, followup, history, plan, portrait, rows

urlpatterns: list[URLPattern] = [
    path("regroupements/<id:partnership_pk>/plans/nouveau/", plan.plan_create, name="plan_create"),
    path("regroupements/<id:partnership_pk>/demarche/", cycle.stage_change, name="stage_change"),
    path("plans/<id:pk>/modifier/", plan.plan_edit, name="plan_edit"),
    path("plans/<id:pk>/portrait/", portrait.portrait_edit, name="portrait_edit"),
    path("plans/<id:pk>/changements-vises/", portrait.objectives_edit, name="objectives_edit"),
    path("plans/<id:pk>/actions/nouvelle/", action.action_create, name="action_create"),
    path("plans/<id:pk>/evaluation/", followup.plan_evaluation, name="plan_evaluation"),
    path("plans/<id:pk>/cycle-suivant/", cycle.next_cycle, name="next_cycle"),
    path("plans/<id:pk>/historique/", history.plan_history, name="plan_history"),
    # Fragments for htmx: one more empty row of a list, outside organisations found.
    path("plans/<id:pk>/lignes/<slug:kind>/", rows.edit_row, name="edit_row"),
    path("plans/<id:pk>/contributeurs/", action.contributor_search, name="contributor_search"),
    path("actions/<id:pk>/modifier/", action.action_edit, name="action_edit"),
    path("actions/<id:pk>/avancement/", followup.action_progress, name="action_progress"),
    path("actions/<id:pk>/supprimer/", action.action_delete, name="action_delete"),
]
