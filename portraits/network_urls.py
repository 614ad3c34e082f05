"""URL patterns of the portraits' network views."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
