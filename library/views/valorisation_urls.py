"""URLs of the library: valorisation (contributions pages and Atom feeds).

The sitemap is served at the root (agirtot/urls.py), outside the language prefixes.
"""

from django.urls import path

from library.feeds import LibraryFeed, RegionFeed, ThemeFeed

from . import valorisation

urlpatterns = [
    path(
        "partenaires/<id:pk>/contributions/",
        valorisation.organisation_contributions,
        name="organisation_contributions",
    ),
    path(
        "regroupements/<id:pk>/contributions/",
        valorisation.partnership_contributions,
        name="partnership_contributions",
    ),
    path("bibliotheque/fils/", LibraryFeed(), name="feed"),
    path("bibliotheque/fils/themes/<str:code>/", ThemeFeed(), name="theme_feed"),
    path("bibliotheque/fils/regions/<str:code>/", RegionFeed(), name="region_feed"),
]
