"""URLs of the library: proposing items and following their review (see RESERVED_SLUGS)."""

from django.urls import path

from . import contribute

urlpatterns = [
    path("bibliotheque/proposer/", contribute.submit, name="submit"),
    path("bibliotheque/mes-contributions/", contribute.my_contributions, name="my_contributions"),
    path(
        "bibliotheque/mes-contributions/<id:page_id>/modifier/",
        contribute.edit_submission,
        name="edit_submission",
    ),
]
