"""URLs of the library: listing."""

from django.urls import path

from . import listing

urlpatterns = [
    path("bibliotheque/", listing.index, name="index"),
]
