"""URL patterns of the portraits' pages: Québec, a region, a partnership."""

from django.urls import URLPattern, path

from portraits.views import pages

urlpatterns: list[URLPattern] = [
    path("portraits/", pages.quebec, name="index"),
    path("portraits/regions/<str:code>/", pages.region, name="region"),
    path("portraits/regroupements/<id:pk>/", pages.partnership, name="partnership"),
]
