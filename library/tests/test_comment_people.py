"""Who hid a comment, as moderators see it: a name or a neutral label, never an e-mail,
and a page that still works once that moderator's account is deleted."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import actions as account_actions
from accounts.roles import KNOWLEDGE_EDITORS_GROUP
from library.actions import appropriation as actions
from library.models import Comment, CommentReport

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-test-123"  # the conftest's make_user password


@pytest.fixture
def comment(library, network):
    comment = actions.post_comment(network.coordinator, library.learning, "Nous avons adapté les ateliers.")
    CommentReport.objects.create(comment=comment, reporter=network.member, reason="Hors sujet")
    return comment


def make_editor(make_user, email, **names):
    editor = make_user(email, **names)
    editor.groups.add(Group.objects.get(name=KNOWLEDGE_EDITORS_GROUP))
    return editor


def pages(client, library):
    return [client.get(reverse("library:comment_moderation")), client.get(library.learning.url)]


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_a_comment_hidden_by_a_deleted_account_still_shows(
    client, library, network, comment, make_user, role
):
    gone = make_editor(make_user, "partie@agirtot.example", first_name="Lise", last_name="Roy")
    actions.hide_comment(gone, comment)
    account_actions.delete_account(gone, gone, PASSWORD)
    assert Comment.objects.get(pk=comment.pk).hidden_by is None

    client.force_login(getattr(network, role))
    for response in pages(client, library):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Nous avons adapté les ateliers." in html
        assert "par Compte supprimé le" in html.replace("Masqué par", "masqué par")
        assert "Lise Roy" not in html and "partie@agirtot.example" not in html


def test_a_moderator_without_a_name_is_not_shown_by_their_email(client, library, network, comment):
    # The conftest's editor has no name: other editors see who hid it, not the address.
    actions.hide_comment(network.editor, comment)
    client.force_login(network.admin)
    for response in pages(client, library):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Membre d&#x27;Agir tôt" in html
        assert network.editor.email not in html
