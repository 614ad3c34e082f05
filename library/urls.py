"""The library's own pages; the items themselves are Wagtail pages under /bibliotheque/."""

from django.urls import include, path

app_name = "library"

# Each concern has its URL module; the order matters only for « bibliotheque/… » paths,
# which must come before Wagtail's pages (see RESERVED_SLUGS in library/bulk.py).
urlpatterns = [
    path("", include("library.views.listing_urls")),
    path("", include("library.views.contribute_urls")),
    path("", include("library.views.reuse_urls")),
    path("", include("library.views.appropriation_urls")),
    path("", include("library.views.valorisation_urls")),
    path("", include("library.views.importing_urls")),
]
