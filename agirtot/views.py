"""The home page, which gathers the sections of the platform."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from library.valorisation import (
    OG_LOCALES,
    current_language,
    featured_items,
    library_figures,
    library_url,
)
from partners.models import Organisation, Partnership


def home(request: HttpRequest) -> HttpResponse:
    """The network in figures and the library's featured items, in a constant number of queries."""
    language = current_language()
    figures = {
        "organisations": Organisation.objects.active().count(),
        "partnerships": Partnership.objects.active().count(),
        "regions": Partnership.objects.active().values("region").distinct().count(),
        **library_figures(language),
    }
    return render(
        request,
        "home.html",
        {
            "figures": figures,
            "featured": featured_items(language),
            "library_url": library_url(),
            "og_locale": OG_LOCALES.get(language, ""),
        },
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public site, not the admins or account pages; the sitemap lists it."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /comptes/",
        "Disallow: /en/comptes/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
