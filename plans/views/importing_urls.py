"""URL patterns of the importing views."""

from django.urls import URLPattern, path

from plans.views import importing

urlpatterns: list[URLPattern] = [
    path("plans/importer-avancement/", importing.import_progress_page, name="import_progress"),
]
