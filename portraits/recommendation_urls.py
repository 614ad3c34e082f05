"""URL patterns of the portraits' recommendation views."""

from django.urls import URLPattern, path

from portraits.views import recommendations

urlpatterns: list[URLPattern] = [
    path(
        "portraits/plans/<id:pk>/pistes/", recommendations.plan_recommendations, name="plan_recommendations"
    ),
]
