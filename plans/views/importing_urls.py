"""URL patterns of the importing views (filled in with the views)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
