"""URLs of the library: appropriation (collections, comments, votes, follows, digest)."""

from django.urls import path

from . import appropriation as views

urlpatterns = [
    # On an item (POST only; each comes back to the item page).
    path("bibliotheque/elements/<id:pk>/utile/", views.useful_vote, name="useful_vote"),
    path("bibliotheque/elements/<id:pk>/enregistrer/", views.bookmark_add, name="bookmark_add"),
    path("bibliotheque/elements/<id:pk>/commenter/", views.comment_post, name="comment_post"),
    # Comments and their moderation.
    path("bibliotheque/commentaires/moderation/", views.comment_moderation, name="comment_moderation"),
    path("bibliotheque/commentaires/<id:pk>/signaler/", views.comment_report, name="comment_report"),
    path("bibliotheque/commentaires/<id:pk>/masquer/", views.comment_hide, name="comment_hide"),
    path("bibliotheque/commentaires/<id:pk>/afficher/", views.comment_unhide, name="comment_unhide"),
    path("bibliotheque/commentaires/<id:pk>/garder/", views.comment_dismiss, name="comment_dismiss"),
    # Collections and bookmarks.
    path("collections/", views.collection_list, name="collections"),
    path("collections/<id:pk>/", views.collection_detail, name="collection"),
    path("collections/<id:pk>/modifier/", views.collection_edit, name="collection_edit"),
    path("collections/<id:pk>/supprimer/", views.collection_delete, name="collection_delete"),
    path("collections/signets/<id:pk>/note/", views.bookmark_note, name="bookmark_note"),
    path("collections/signets/<id:pk>/retirer/", views.bookmark_remove, name="bookmark_remove"),
    # Follows and the digest preference.
    path("abonnements/", views.follows, name="follows"),
    path("abonnements/resume/", views.digest_preference, name="digest_preference"),
    path("abonnements/<slug:kind>/<id:pk>/", views.follow, name="follow"),
]
