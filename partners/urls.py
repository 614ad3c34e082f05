from django.urls import path

from partners.views import directory

app_name = "partners"

urlpatterns = [
    path("partenaires/", directory.organisation_list, name="organisation_list"),
    path("partenaires/<int:pk>/", directory.organisation_detail, name="organisation"),
    path("regroupements/", directory.partnership_list, name="partnership_list"),
    path("regroupements/<int:pk>/", directory.partnership_detail, name="partnership"),
]
