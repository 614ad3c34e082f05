"""URL patterns of the portraits' network views."""

from django.urls import URLPattern, path

from portraits.views import network

urlpatterns: list[URLPattern] = [
    path("portraits/reseau/", network.quebec_network_page, name="network"),
    path(
        "portraits/regroupements/<id:pk>/reseau/",
        network.partnership_network_page,
        name="partnership_network",
    ),
]
