"""URL patterns of the portraits' pages views."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
