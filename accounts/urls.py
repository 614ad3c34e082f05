"""URLs of the account pages that django-allauth does not provide (under /comptes/)."""

from django.urls import include, path

from accounts import urls_privacy, views

app_name = "accounts"

urlpatterns = [
    path("jetons/", views.token_list, name="tokens"),
    path("jetons/<id:pk>/revoquer/", views.token_revoke, name="token_revoke"),
    path("donnees/", include(urls_privacy)),
]
