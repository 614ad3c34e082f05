"""URLs of the account pages that django-allauth does not provide (under /comptes/jetons/)."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.token_list, name="tokens"),
    path("<int:pk>/revoquer/", views.token_revoke, name="token_revoke"),
]
