"""URL patterns of the portraits' opendata views."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
