"""The library's own pages; the items themselves are Wagtail pages."""

from django.urls import path

app_name = "library"

urlpatterns: list = []
