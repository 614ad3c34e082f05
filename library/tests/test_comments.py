"""Comments and questions on library items: who posts, reports, hides and unhides, and what
each role then sees. Bodies are plain text, escaped; double submissions are refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.http import Forbidden, NotFound
from library.actions import appropriation as actions
from library.models import Comment, CommentReport

pytestmark = pytest.mark.django_db

ROLES = ["anonyme", "membre", "coordonnateur", "coordonnateur_autre", "editeur", "administrateur"]
SIGNED_IN = set(ROLES) - {"anonyme"}
MODERATORS = {"editeur", "administrateur"}


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def post_comment(client, item, body, **extra):
    return client.post(reverse("library:comment_post", args=[item.pk]), {"body": body, **extra})


@pytest.fixture
def comment(library, network):
    """A comment by the coordinator on the learning."""
    return actions.post_comment(network.coordinator, library.learning, "Nous avons adapté les ateliers.")


# Posting ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_comment(client, library, role_users, role):
    user = role_users[role]
    response = post_comment(login(client, user), library.learning, f"Merci pour ce partage ({role}).")
    created = Comment.objects.filter(body=f"Merci pour ce partage ({role}).")
    if role in SIGNED_IN:
        assert response.status_code == 302
        assert response["Location"].startswith(library.learning.url + "#commentaire-")
        assert created.get().author == user
    else:
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
        assert not created.exists()


def test_comment_is_credited_to_the_authors_organisation(client, library, network):
    post_comment(login(client, network.member), library.learning, "Très utile pour notre CPE.")
    comment = Comment.objects.get()
    assert comment.organisation == network.cpe
    page = client.get(library.learning.url).content.decode()
    assert "CPE Les Petits Pas" in page
    # A coordinator without affiliation is credited to no organisation.
    post_comment(login(client, network.coordinator), library.learning, "Bonne idée.")
    assert Comment.objects.get(body="Bonne idée.").organisation is None


def test_question_is_marked_and_announced(client, library, network):
    response = post_comment(
        login(client, network.member), library.learning, "Combien de familles par atelier?", is_question="on"
    )
    assert Comment.objects.get().is_question
    page = client.get(response["Location"]).content.decode()
    assert "Votre question est publiée" in page
    assert '<span class="tag">Question</span>' in page


def test_body_is_plain_text_escaped_with_line_breaks_and_no_links(client, library, network):
    body = '<script>alert("x")</script>\nVoir https://exemple.org/guide\n\nDeuxième paragraphe'
    post_comment(login(client, network.member), library.learning, body)
    page = client.get(library.learning.url).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Voir https://exemple.org/guide" in page
    assert "<p>Deuxième paragraphe</p>" in page
    assert 'href="https://exemple.org/guide"' not in page


def test_empty_and_too_long_comments_are_refused_with_the_text_kept(client, library, network):
    login(client, network.member)
    response = post_comment(client, library.learning, "   ")
    assert response.status_code == 200
    assert "Écrivez votre commentaire avant de le publier." in response.content.decode()
    long_text = "mot " * 1_300
    response = post_comment(client, library.learning, long_text)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Un commentaire compte au plus 5 000 caractères" in page
    assert long_text.strip()[:200] in page  # what was typed is still in the field
    assert not Comment.objects.exists()


def test_identical_comment_within_a_minute_is_refused(client, library, network):
    login(client, network.member)
    post_comment(client, library.learning, "Super outil!")
    response = post_comment(client, library.learning, "Super outil!")
    assert response.status_code == 200
    assert "Vous venez de publier ce même commentaire" in response.content.decode()
    assert Comment.objects.count() == 1
    # A minute later, the same words are a new comment.
    Comment.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    post_comment(client, library.learning, "Super outil!")
    assert Comment.objects.count() == 2
    # Another person may say the same thing at once.
    post_comment(login(client, network.coordinator), library.learning, "Super outil!")
    assert Comment.objects.count() == 3


def test_replies_stay_one_level_deep(client, library, network, comment):
    login(client, network.member)
    response = post_comment(client, library.learning, "Comment l'avez-vous adapté?", parent=comment.pk)
    assert response.status_code == 302
    reply = Comment.objects.get(body="Comment l'avez-vous adapté?")
    assert reply.parent == comment and not reply.is_question
    post_comment(
        login(client, network.coordinator), library.learning, "En réduisant la durée.", parent=reply.pk
    )
    answer = Comment.objects.get(body="En réduisant la durée.")
    assert answer.parent == comment
    page = client.get(library.learning.url).content.decode()
    assert page.index("Nous avons adapté les ateliers.") < page.index("Comment l&#x27;avez-vous adapté?")
    assert '<ol class="comment-replies"' in page


def test_a_reply_refused_reopens_its_own_form(client, library, network, comment):
    login(client, network.member)
    response = post_comment(client, library.learning, "", parent=comment.pk)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<details class="comment-reply" open>' in page
    assert f'id="reponse-{comment.pk}-body"' in page


def test_reply_to_a_comment_of_another_item_is_a_400(client, library, network, comment):
    login(client, network.member)
    response = post_comment(client, library.tool, "Réponse égarée", parent=comment.pk)
    assert response.status_code == 400
    response = post_comment(client, library.tool, "Réponse égarée", parent="abc")
    assert response.status_code == 400
    assert not Comment.objects.filter(body="Réponse égarée").exists()


def test_comment_on_an_unknown_or_unpublished_item_is_a_404(client, library, network):
    login(client, network.member)
    assert client.post(reverse("library:comment_post", args=[999_999]), {"body": "x"}).status_code == 404
    library.tool.unpublish()
    assert post_comment(client, library.tool, "Encore là?").status_code == 404
    with pytest.raises(NotFound):
        actions.post_comment(network.member, library.tool, "Encore là?")


def test_get_is_not_allowed_on_the_posting_address(client, library, network):
    login(client, network.member)
    assert client.get(reverse("library:comment_post", args=[library.learning.pk])).status_code == 405


def test_comment_form_needs_a_csrf_token(library, network):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(network.member)
    response = post_comment(client, library.learning, "Sans jeton")
    assert response.status_code == 403
    assert not Comment.objects.exists()


# Reporting ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_report(client, library, role_users, comment, role):
    user = role_users[role]
    response = login(client, user).post(
        reverse("library:comment_report", args=[comment.pk]), {"reason": "Hors sujet"}
    )
    assert response.status_code == 302
    reports = CommentReport.objects.filter(comment=comment)
    if role == "anonyme":
        assert reverse("account_login") in response["Location"]
        assert not reports.exists()
    elif role == "coordonnateur":  # the author does not report their own comment
        assert not reports.exists()
    else:
        assert reports.get().reporter == user
        assert reports.get().reason == "Hors sujet"


def test_report_once_per_person(client, library, network, comment):
    login(client, network.member)
    url = reverse("library:comment_report", args=[comment.pk])
    client.post(url, {"reason": ""})
    response = client.post(url, {"reason": "encore"}, follow=True)
    assert "Vous avez déjà signalé ce commentaire." in response.content.decode()
    assert CommentReport.objects.count() == 1
    page = client.get(library.learning.url).content.decode()
    assert "Vous avez signalé ce commentaire." in page


def test_report_reason_too_long_is_refused(client, library, network, comment):
    login(client, network.member)
    response = client.post(
        reverse("library:comment_report", args=[comment.pk]), {"reason": "x" * 501}, follow=True
    )
    assert response.status_code == 200
    assert not CommentReport.objects.exists()


# Hiding, unhiding and the moderation page ---------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["comment_hide", "comment_unhide", "comment_dismiss"])
def test_who_may_moderate(client, library, role_users, comment, role, name):
    user = role_users[role]
    if name == "comment_unhide":
        actions.hide_comment(role_users["editeur"], comment)
    CommentReport.objects.create(comment=comment, reporter=role_users["membre"])
    before = Comment.objects.values_list("hidden", "hidden_by", "hidden_at").get(pk=comment.pk)
    response = login(client, user).post(reverse(f"library:{name}", args=[comment.pk]))
    comment.refresh_from_db()
    report = CommentReport.objects.get()
    if role in MODERATORS:
        assert response.status_code == 302
        assert report.resolved
        if name == "comment_hide":
            assert comment.hidden and comment.hidden_by == user and comment.hidden_at
        elif name == "comment_unhide":
            assert not comment.hidden and comment.hidden_by == user
        else:
            assert not comment.hidden
    else:
        assert response.status_code == (302 if role == "anonyme" else 403)
        assert Comment.objects.values_list("hidden", "hidden_by", "hidden_at").get(pk=comment.pk) == before
        assert not report.resolved


@pytest.mark.parametrize("role", ROLES)
def test_what_each_role_sees_of_a_hidden_comment(client, library, role_users, comment, role):
    actions.hide_comment(role_users["editeur"], comment)
    page = login(client, role_users[role]).get(library.learning.url).content.decode()
    if role in MODERATORS:
        assert "Nous avons adapté les ateliers." in page
        assert "seule l'équipe voit ce texte" in page
        assert "Afficher de nouveau" in page
    else:
        assert "Nous avons adapté les ateliers." not in page
        assert "Commentaire masqué par l'équipe" in page


def test_hide_and_unhide_actions_refuse_non_editors(library, network, comment):
    for user in (network.member, network.coordinator, network.other_coordinator):
        with pytest.raises(Forbidden):
            actions.hide_comment(user, comment)
        with pytest.raises(Forbidden):
            actions.unhide_comment(user, comment)


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_moderation_page(client, library, role_users, comment, role):
    CommentReport.objects.create(comment=comment, reporter=role_users["membre"], reason="Publicité")
    response = login(client, role_users[role]).get(reverse("library:comment_moderation"))
    if role in MODERATORS:
        page = response.content.decode()
        assert response.status_code == 200
        assert "1 commentaire signalé à examiner" in page
        assert "Nous avons adapté les ateliers." in page
        assert "« Publicité »" in page
    elif role == "anonyme":
        assert response.status_code == 302
    else:
        assert response.status_code == 403


def test_moderation_page_lists_hidden_comments_and_comes_back(client, library, network, comment):
    CommentReport.objects.create(comment=comment, reporter=network.member)
    login(client, network.editor)
    url = reverse("library:comment_moderation")
    response = client.post(reverse("library:comment_hide", args=[comment.pk]), {"next": url})
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "Aucun signalement à traiter." in page
    assert "Masqués récemment" in page and "Afficher de nouveau" in page
    assert client.get(url + "?page=abc").status_code == 400
    assert client.get(url + "?page=9").status_code == 404


def test_moderation_page_has_the_pages_of_every_list(client, library, network, monkeypatch):
    monkeypatch.setattr("library.views.appropriation.MODERATION_PAGE_SIZE", 2)
    for i in range(3):
        reported = actions.post_comment(network.admin, library.learning, f"Commentaire signalé {i}")
        actions.report_comment(network.member, reported, "Hors sujet")
    login(client, network.editor)
    url = reverse("library:comment_moderation")
    first = client.get(url).content.decode()
    assert "Page 1 sur 2" in first
    assert 'href="?page=2" rel="next"' in first
    second = client.get(url + "?page=2").content.decode()
    assert 'href="?page=1" rel="prev"' in second
    assert client.get(url + "?page=3").status_code == 404


def test_moderation_page_costs_constant_queries(client, library, network, django_assert_max_num_queries):
    reporters = [network.member, network.coordinator, network.other_coordinator]

    def add(n):
        for i in range(n):
            c = actions.post_comment(
                network.admin, library.learning, f"Commentaire {i} {Comment.objects.count()}"
            )
            for reporter in reporters:
                actions.report_comment(reporter, c, "Hors sujet")
            if i % 2:
                actions.hide_comment(network.editor, c)

    login(client, network.editor)
    add(2)
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse("library:comment_moderation")).status_code == 200
    add(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("library:comment_moderation")).status_code == 200


def test_external_next_is_ignored(client, library, network, comment):
    login(client, network.editor)
    response = client.post(
        reverse("library:comment_hide", args=[comment.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"{library.learning.url}#commentaire-{comment.pk}"
