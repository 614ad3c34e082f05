"""The open data page and its downloads (files built by ``manage.py export_open_data``)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.http import NotFound
from portraits import opendata


@require_GET
def opendata_page(request: HttpRequest) -> HttpResponse:
    """The datasets with their files, sizes, dates and data dictionaries; no database query."""
    catalogue = opendata.catalogue()
    return render(
        request,
        "portraits/opendata.html",
        {
            "catalogue": catalogue,
            "licence": opendata.LICENCE,
            "manifest_name": opendata.MANIFEST,
        },
    )


@require_GET
def opendata_file(request: HttpRequest, filename: str) -> FileResponse:
    """One file of the last export, by the name the manifest gives it; anything else is a 404."""
    found = opendata.downloadable(filename)
    if found is None:
        raise NotFound(
            _("Aucun fichier de données ouvertes ne porte le nom « %(name)s ».") % {"name": filename}
        )
    path, content_type = found
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # The files change only when the export runs again; an hour is fresh enough.
    response["Cache-Control"] = "public, max-age=3600"
    return response
