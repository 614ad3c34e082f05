"""The home page, which gathers the sections of the platform."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partners.models import Organisation, Partnership


def home(request: HttpRequest) -> HttpResponse:
    figures = {
        "organisations": Organisation.objects.active().count(),
        "partnerships": Partnership.objects.active().count(),
        "regions": Partnership.objects.active().values("region").distinct().count(),
    }
    return render(request, "home.html", {"figures": figures})
