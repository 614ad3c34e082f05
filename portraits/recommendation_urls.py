"""URL patterns of the portraits' recommendation views."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
