from django.urls import path

from partners.views import directory, editing

app_name = "partners"

urlpatterns = [
    path("partenaires/", directory.organisation_list, name="organisation_list"),
    path("partenaires/<int:pk>/", directory.organisation_detail, name="organisation"),
    path("regroupements/", directory.partnership_list, name="partnership_list"),
    path("regroupements/<int:pk>/", directory.partnership_detail, name="partnership"),
    path("regroupements/<int:pk>/modifier/", editing.partnership_edit, name="partnership_edit"),
    path("regroupements/<int:pk>/membres/", editing.membership_manage, name="membership_manage"),
    path("regroupements/<int:pk>/membres/ajouter/", editing.membership_add, name="membership_add"),
]
