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
    try:
        if found is None:
            raise FileNotFoundError(filename)
        name, content_type = found
        # From the open data storage: this server's var/opendata/ or the shared bucket.
        handle = opendata.storage().open(name, "rb")
    except FileNotFoundError:
        raise NotFound(
            _("Aucun fichier de données ouvertes ne porte le nom « %(name)s ».") % {"name": filename}
        ) from None
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # The files change only when the export runs again; an hour is fresh enough.
    response["Cache-Control"] = "public, max-age=3600"
    return response
