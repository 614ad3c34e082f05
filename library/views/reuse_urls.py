"""URLs of the library: réinvestissement of an item or an action into one's plan."""

from django.urls import URLPattern, path

from library.views import reuse

urlpatterns: list[URLPattern] = [
    path("bibliotheque/elements/<id:pk>/reinvestir/", reuse.reinvest_item, name="reinvest_item"),
    path("actions/<id:pk>/reinvestir/", reuse.reinvest_action, name="reinvest_action"),
]
