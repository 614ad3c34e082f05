"""URL patterns of the pages views (filled in with the views)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
