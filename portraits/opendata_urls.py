"""URL patterns of the portraits' opendata views."""

from django.urls import URLPattern, path

from portraits.views import opendata

urlpatterns: list[URLPattern] = [
    path("donnees-ouvertes/", opendata.opendata_page, name="opendata"),
    path("donnees-ouvertes/<str:filename>", opendata.opendata_file, name="opendata_file"),
]
