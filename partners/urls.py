from django.urls import path

from partners.views import directory, editing

app_name = "partners"

urlpatterns = [
    path("partenaires/", directory.organisation_list, name="organisation_list"),
    path("partenaires/<id:pk>/", directory.organisation_detail, name="organisation"),
    path("regroupements/", directory.partnership_list, name="partnership_list"),
    path("regroupements/<id:pk>/", directory.partnership_detail, name="partnership"),
    path("regroupements/<id:pk>/modifier/", editing.partnership_edit, name="partnership_edit"),
    path("regroupements/<id:pk>/membres/", editing.membership_manage, name="membership_manage"),
    path("regroupements/<id:pk>/membres/ajouter/", editing.membership_add, name="membership_add"),
]
