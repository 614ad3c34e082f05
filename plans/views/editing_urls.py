"""URL patterns of the editing views (filled in with the views)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
