"""URL of the library import from the browser (see RESERVED_SLUGS)."""

from django.urls import path

from . import importing

urlpatterns = [
    path("bibliotheque/importer/", importing.import_page, name="import"),
]
