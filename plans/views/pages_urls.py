"""URL patterns of the public pages: the list of plans, a plan, an action."""

from django.urls import URLPattern, path

from plans.views import pages

urlpatterns: list[URLPattern] = [
    path("plans/", pages.plan_list, name="plan_list"),
    path("plans/<id:pk>/", pages.plan_detail, name="plan"),
    path("actions/<id:pk>/", pages.action_detail, name="action"),
]
