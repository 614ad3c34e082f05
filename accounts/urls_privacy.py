"""URLs of a person's own data, under /comptes/donnees/ (included by accounts/urls.py)."""

from django.urls import path

from accounts import views_privacy

urlpatterns = [
    path("", views_privacy.personal_data, name="personal_data"),
    path("telecharger/", views_privacy.personal_data_download, name="personal_data_download"),
    path("supprimer/", views_privacy.delete_account, name="delete_account"),
    path("compte-supprime/", views_privacy.account_deleted, name="account_deleted"),
]
