"""URL patterns of the editing views: plans, portrait, intended changes, actions, follow-up."""

from django.urls import URLPattern, path

from plans.views import editing

urlpatterns: list[URLPattern] = [
    path("regroupements/<id:partnership_pk>/plans/nouveau/", editing.plan_create, name="plan_create"),
    path("regroupements/<id:partnership_pk>/demarche/", editing.stage_change, name="stage_change"),
    path("plans/<id:pk>/modifier/", editing.plan_edit, name="plan_edit"),
    path("plans/<id:pk>/portrait/", editing.portrait_edit, name="portrait_edit"),
    path("plans/<id:pk>/changements-vises/", editing.objectives_edit, name="objectives_edit"),
    path("plans/<id:pk>/actions/nouvelle/", editing.action_create, name="action_create"),
    path("plans/<id:pk>/evaluation/", editing.plan_evaluation, name="plan_evaluation"),
    path("plans/<id:pk>/cycle-suivant/", editing.next_cycle, name="next_cycle"),
    path("plans/<id:pk>/historique/", editing.plan_history, name="plan_history"),
    # Fragments for htmx: one more empty row of a list, outside organisations found.
    path("plans/<id:pk>/lignes/<slug:kind>/", editing.edit_row, name="edit_row"),
    path("plans/<id:pk>/contributeurs/", editing.contributor_search, name="contributor_search"),
    path("actions/<id:pk>/modifier/", editing.action_edit, name="action_edit"),
    path("actions/<id:pk>/avancement/", editing.action_progress, name="action_progress"),
    path("actions/<id:pk>/supprimer/", editing.action_delete, name="action_delete"),
]
