"""Proposing items from the site, their review by the knowledge editors, the e-mails to the
author at each step, answering a request for changes, and how submitted files are served."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision, WorkflowState

from library.actions import submission
from library.models import LibraryItem
from library.models.items import DossierPage, LearningPage, PublicationPage, ToolPage
from library.tests.sample_files import PDF
from partners.models import Affiliation
from search.query import search
from taxonomy.models import Theme

pytestmark = pytest.mark.django_db

ROLES = ["anonyme", "membre", "coordonnateur", "coordonnateur_autre", "editeur", "administrateur"]
# Coordinators may propose (crediting their partnership) even when they work for no
# organisation; editors and administrators without an affiliation publish in the admin.
MAY_SUBMIT = {"membre", "coordonnateur", "coordonnateur_autre"}
SUBMIT = "/bibliotheque/proposer/"
MINE = "/bibliotheque/mes-contributions/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def themes():
    return list(Theme.objects.order_by("code")[:2])


def pdf(name="guide-d-animation.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def learning_data(network, **extra):
    data = {
        "kind": "apprentissage",
        "language": "fr",
        "title": "Halte-répit pour les parents de Rimouski",
        "summary": "Trois après-midi par semaine pour souffler pendant que les tout-petits jouent.",
        "body": "<p>Une halte-répit animée par des éducatrices.</p>",
        "context": "<p>Des parents épuisés, sans famille proche.</p>",
        "what_was_done": "<p>Une halte ouverte trois après-midi par semaine.</p>",
        "organisations": [network.cpe],
        "partnerships": [],
        "source_actions": [],
    }
    data.update(extra)
    return data


def post_learning(client, **extra):
    data = {
        "type": "apprentissage",
        "language": "fr",
        "title": "Halte-répit pour les parents de Rimouski",
        "summary": "Trois après-midi par semaine pour souffler.",
        "body": "Première ligne.\n\nDeuxième paragraphe.",
        "context": "Des parents épuisés, sans famille proche.",
    }
    data.update(extra)
    return client.post(f"{SUBMIT}?type=apprentissage", data)


def checkbox(text, name, value):
    """The <input> of one choice, or None when the form does not offer it."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="{value}"[^>]*>', text)
    return found[0] if found else None


def review_of(page):
    return WorkflowState.objects.for_instance(page).order_by("-created_at", "-pk").first()


def approve(page, editor, comment=""):
    task_state = review_of(page).current_task_state
    task_state.task.specific.on_action(task_state, editor, "approve", comment=comment)


def reject(page, editor, comment):
    task_state = review_of(page).current_task_state
    task_state.task.specific.on_action(task_state, editor, "reject", comment=comment)


def to(address):
    return [m for m in mail.outbox if address in m.to]


def submitted(network, capture, **extra):
    with capture(execute=True):
        return submission.submit_item(network.member, learning_data(network, **extra))


# Who may propose ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_submission_page(client, role_users, role):
    user = role_users[role]
    if user:
        client.force_login(user)
    response = client.get(SUBMIT)
    if role == "anonyme":
        assert response.status_code == 302
        assert response["Location"].startswith("/comptes/login/")
    elif role in MAY_SUBMIT:
        assert response.status_code == 200
        assert "Que voulez-vous proposer" in response.content.decode()
    else:
        assert response.status_code == 403
        text = response.content.decode()
        assert "votre compte doit être rattaché au partenaire pour lequel vous travaillez" in text
        assert 'type="submit"' not in text.split("<main", 1)[1]


@pytest.mark.parametrize("role", ROLES[1:])
def test_who_may_submit_through_the_action(network, role_users, role, django_capture_on_commit_callbacks):
    user = role_users[role]
    credits = {
        "membre": {"organisations": [network.cpe]},
        "coordonnateur": {"organisations": [], "partnerships": [network.rimouski]},
        "coordonnateur_autre": {"organisations": [], "partnerships": [network.montreal]},
        "editeur": {"organisations": [network.cpe]},
        "administrateur": {"organisations": [network.cpe]},
    }[role]
    data = learning_data(network, **credits)
    if role in MAY_SUBMIT:
        with django_capture_on_commit_callbacks(execute=True):
            page = submission.submit_item(user, data)
        assert page.owner == user and not page.live
    else:
        with pytest.raises(PermissionDenied):
            submission.submit_item(user, data)
        assert not LibraryItem.objects.filter(title=data["title"]).exists()


def test_a_coordinator_credits_their_partnership_by_default(client, network):
    client.force_login(network.coordinator)
    text = client.get(f"{SUBMIT}?type=apprentissage").content.decode()
    assert "checked" in checkbox(text, "partnerships", network.rimouski.pk)
    # Someone else's partnership is not even offered.
    assert checkbox(text, "partnerships", network.montreal.pk) is None


def test_a_member_credits_their_organisation_by_default(client, network):
    client.force_login(network.member)
    text = client.get(f"{SUBMIT}?type=outil").content.decode()
    assert "checked" in checkbox(text, "organisations", network.cpe.pk)
    assert 'type="file"' in text and 'enctype="multipart/form-data"' in text
    assert checkbox(text, "organisations", network.maison.pk) is None


def test_an_unknown_kind_is_a_french_400(client, network):
    client.force_login(network.member)
    response = client.get(f"{SUBMIT}?type=roman")
    assert response.status_code == 400
    assert "n&#x27;est pas un type de contenu" in response.content.decode()


# Submitting from the site -------------------------------------------------------------------


def test_a_member_submits_a_learning_that_goes_to_review(
    client, network, library, themes, django_capture_on_commit_callbacks
):
    client.force_login(network.member)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_learning(
            client,
            organisations=[network.cpe.pk],
            themes=[t.code for t in themes],
            regions=["01"],
            reuse_advice="Prévoir des jouets pour les 2 à 5 ans.",
        )
    assert response.status_code == 302 and response["Location"] == MINE
    page = LibraryItem.objects.get(title="Halte-répit pour les parents de Rimouski").specific
    assert isinstance(page, LearningPage)
    assert not page.live and page.owner == network.member
    assert page.get_parent().pk == library.french_index.pk
    assert page.body == "<p>Première ligne.</p><p>Deuxième paragraphe.</p>"
    assert page.reuse_advice == "<p>Prévoir des jouets pour les 2 à 5 ans.</p>"
    assert sorted(t.code for t in page.themes.all()) == sorted(t.code for t in themes)
    assert [o.pk for o in page.organisations.all()] == [network.cpe.pk]
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 1
    review = review_of(page)
    assert review.status == WorkflowState.STATUS_IN_PROGRESS
    assert review.requested_by == network.member
    # Not public yet, and not searchable.
    assert client.get("/bibliotheque/halte-repit-pour-les-parents-de-rimouski/").status_code == 404
    assert search("halte-répit").count == 0
    # The author is told it was received; the editors (and administrators) once each.
    (receipt,) = to(network.member.email)
    assert "Proposition reçue" in receipt.subject and "Halte-répit" in receipt.subject
    assert "/bibliotheque/mes-contributions/" in receipt.body
    assert len(to(network.editor.email)) == 1
    assert len(to(network.admin.email)) == 1
    assert len(mail.outbox) == 3


def test_errors_keep_what_was_typed_and_create_nothing(client, network):
    client.force_login(network.member)
    response = post_learning(
        client, title="", summary="Un résumé tapé avec soin.", organisations=[network.cpe.pk]
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Inscrivez un titre." in text
    assert "Un résumé tapé avec soin." in text
    assert 'class="error-summary"' in text
    assert not LibraryItem.objects.filter(owner=network.member).exists()


def test_a_learning_needs_a_section_and_a_credit(client, network):
    client.force_login(network.member)
    response = post_learning(client, context="")
    text = response.content.decode()
    assert "Remplissez au moins une section de l&#x27;apprentissage." in text
    assert "Créditez au moins un partenaire ou un regroupement." in text
    assert not LibraryItem.objects.filter(owner=network.member).exists()


def test_someone_else_s_organisation_cannot_be_credited(client, network):
    client.force_login(network.member)
    response = post_learning(client, organisations=[network.maison.pk])
    assert response.status_code == 200
    assert "ne fait pas partie de vos partenaires" in response.content.decode()
    # The action refuses it too, whoever calls it.
    with pytest.raises(ValidationError) as refused:
        submission.submit_item(network.member, learning_data(network, organisations=[network.maison]))
    assert "organisations" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        submission.submit_item(network.member, learning_data(network, partnerships=[network.montreal]))
    assert "partnerships" in refused.value.message_dict


def test_source_actions_are_the_person_s_own(network, plans, django_capture_on_commit_callbacks):
    page = submitted(network, django_capture_on_commit_callbacks, source_actions=[plans.workshops])
    assert [a.pk for a in page.source_actions.all()] == [plans.workshops.pk]
    # The other partnership's coordinator has no action of this plan.
    with pytest.raises(ValidationError) as refused:
        submission.submit_item(
            network.other_coordinator,
            learning_data(
                network, organisations=[], partnerships=[network.montreal], source_actions=[plans.workshops]
            ),
        )
    assert "source_actions" in refused.value.message_dict


def test_pasted_html_is_sanitised(client, network):
    client.force_login(network.member)
    nasty = (
        '<p onclick="steal()">Bonjour <strong>tout le monde</strong></p><script>alert(1)</script>'
        '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">lien</a>'
        '<a href="https://agirtot.example/guide">guide</a><iframe src="https://mal.example"></iframe>'
    )
    post_learning(
        client, organisations=[network.cpe.pk], body=nasty, context="<h2 style='color:red'>Titre</h2>"
    )
    page = LibraryItem.objects.get(owner=network.member).specific
    for forbidden in ("script", "onerror", "onclick", "javascript:", "iframe", "style", "<img"):
        assert forbidden not in page.body and forbidden not in page.context
    assert "<strong>tout le monde</strong>" in page.body
    assert 'href="https://agirtot.example/guide"' in page.body
    assert page.context == "<h2>Titre</h2>"


def test_plain_text_is_escaped_into_paragraphs():
    assert submission.to_rich_text("Ligne 1\nsuite\n\nSi 2 < 3 & 4 > 1") == (
        "<p>Ligne 1<br>suite</p><p>Si 2 &lt; 3 &amp; 4 &gt; 1</p>"
    )
    assert submission.to_rich_text("Du <strong>gras</strong>\n\nEt la suite") == (
        "<p>Du <strong>gras</strong></p><p>Et la suite</p>"
    )
    # Editing shows plain paragraphs back as they were typed.
    assert submission.to_editable_text("<p>Ligne 1<br>suite</p><p>2 &lt; 3</p>") == "Ligne 1\nsuite\n\n2 < 3"
    assert submission.to_editable_text("<ul><li>un</li></ul>") == "<ul><li>un</li></ul>"


def test_a_news_item_needs_its_text(client, network):
    client.force_login(network.member)
    response = client.post(
        f"{SUBMIT}?type=actualite",
        {
            "type": "actualite",
            "language": "fr",
            "title": "Nouvelle",
            "summary": "Court.",
            "organisations": [network.cpe.pk],
        },
    )
    assert "Inscrivez le texte de l&#x27;actualité." in response.content.decode()


def test_an_english_item_goes_under_the_english_library(client, network, library):
    client.force_login(network.member)
    post_learning(client, language="en", title="Respite for parents", organisations=[network.cpe.pk])
    page = LibraryItem.objects.get(title="Respite for parents")
    assert page.get_parent().pk == library.english_index.pk
    assert page.locale.language_code == "en"


# Files --------------------------------------------------------------------------------------


def test_a_tool_s_files_are_checked_by_content(client, network):
    client.force_login(network.member)
    base = {
        "type": "outil",
        "language": "fr",
        "title": "Grille d'observation du jeu",
        "summary": "Une grille.",
    }
    base["organisations"] = [network.cpe.pk]
    response = client.post(f"{SUBMIT}?type=outil", base)
    assert "Joignez au moins un fichier à l&#x27;outil." in response.content.decode()
    disguised = SimpleUploadedFile(
        "grille.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = client.post(f"{SUBMIT}?type=outil", {**base, "files": [disguised]})
    text = response.content.decode()
    assert "n&#x27;est pas d&#x27;un type accepté" in text
    assert "choisissez-les de nouveau" in text
    renamed = SimpleUploadedFile("grille.docx", PDF)
    response = client.post(f"{SUBMIT}?type=outil", {**base, "files": [renamed]})
    assert "son nom doit se terminer par « .pdf »" in response.content.decode()
    assert not LibraryItem.objects.filter(owner=network.member).exists()
    assert not get_document_model().objects.exists()

    response = client.post(f"{SUBMIT}?type=outil", {**base, "files": [pdf(), pdf("annexe.pdf")]})
    assert response.status_code == 302
    page = ToolPage.objects.get(owner=network.member)
    rows = list(page.documents.order_by("sort_order"))
    assert [r.document.title for r in rows] == ["guide d animation", "annexe"]
    assert all(r.document.collection.name == submission.SUBMISSIONS_COLLECTION for r in rows)
    assert rows[0].document.file_size == len(PDF)


def test_files_only_where_the_kind_takes_them(network):
    with pytest.raises(ValidationError) as refused:
        submission.submit_item(network.member, learning_data(network), [pdf()])
    assert "files" in refused.value.message_dict


def test_a_publication_with_its_document(client, network, django_capture_on_commit_callbacks):
    client.force_login(network.member)
    response = client.post(
        f"{SUBMIT}?type=publication",
        {
            "type": "publication",
            "language": "fr",
            "title": "Évaluation des haltes-garderies",
            "summary": "Ce que les familles en disent.",
            "publication_kind": "evaluation",
            "authors": "CPE Les Petits Pas",
            "document": pdf("evaluation.pdf"),
            "organisations": [network.cpe.pk],
        },
    )
    assert response.status_code == 302
    page = PublicationPage.objects.get(owner=network.member)
    assert page.publication_kind == "evaluation" and page.authors == "CPE Les Petits Pas"
    assert page.document.filename.startswith("evaluation")


def test_a_dossier_lists_published_items_in_order(client, network, library):
    client.force_login(network.member)
    base = {
        "type": "dossier",
        "language": "fr",
        "title": "Dossier : l'éveil à la lecture",
        "summary": "Tout sur la lecture.",
        "organisations": [network.cpe.pk],
    }
    response = client.post(f"{SUBMIT}?type=dossier", {**base, "parts": "/bibliotheque/nexiste-pas/"})
    assert "Aucun élément publié de la bibliothèque à ces adresses : /bibliotheque/nexiste-pas/" in (
        response.content.decode()
    )
    parts = f"http://testserver{library.tool.url}\n\n{library.learning.url}\n{library.translation.url}"
    response = client.post(f"{SUBMIT}?type=dossier", {**base, "parts": parts})
    assert response.status_code == 302
    page = DossierPage.objects.get(owner=network.member)
    assert [p.item_id for p in page.parts.order_by("sort_order")] == [
        library.tool.pk,
        library.learning.pk,
        library.translation.pk,
    ]


# Review -------------------------------------------------------------------------------------


def test_an_editor_approves_and_the_item_is_published_and_searchable(
    client, network, library, django_capture_on_commit_callbacks
):
    page = submitted(network, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve(page, network.editor)
    page = LibraryItem.objects.get(pk=page.pk)
    assert page.live
    assert review_of(page).status == WorkflowState.STATUS_APPROVED
    assert client.get(page.url).status_code == 200
    results = search("halte répit")
    assert [hit.document.object_id for hit in results.hits] == [page.pk]
    # One message to the author, with the public link; none from Wagtail's admin.
    (published,) = to(network.member.email)
    assert "Publiée" in published.subject
    assert "http://127.0.0.1:8000/bibliotheque/halte-repit-pour-les-parents-de-rimouski/" in published.body
    assert len(mail.outbox) == 1


def test_unpublishing_removes_the_item_from_search(network, library, django_capture_on_commit_callbacks):
    page = submitted(network, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        approve(page, network.editor)
    assert search("halte répit").count == 1
    with django_capture_on_commit_callbacks(execute=True):
        LibraryItem.objects.get(pk=page.pk).specific.unpublish(user=network.editor)
    assert search("halte répit").count == 0


def test_an_editor_asks_for_changes_in_the_admin_and_the_author_gets_the_comment(
    client, network, library, django_capture_on_commit_callbacks
):
    page = submitted(network, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    task_state = review_of(page).current_task_state
    client.force_login(network.editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/workflow/action/{page.pk}/reject/{task_state.pk}/",
            {"comment": "Ajoutez les résultats chiffrés, s'il vous plaît."},
        )
    assert response.status_code == 302
    assert review_of(page).status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not LibraryItem.objects.get(pk=page.pk).live
    (changes,) = to(network.member.email)
    assert "Modifications demandées" in changes.subject
    assert "Ajoutez les résultats chiffrés, s'il vous plaît." in changes.body
    assert f"/bibliotheque/mes-contributions/{page.pk}/modifier/" in changes.body
    assert len(mail.outbox) == 1

    client.force_login(network.member)
    text = client.get(MINE).content.decode()
    assert "Modifications demandées" in text
    assert "Ajoutez les résultats chiffrés, s&#x27;il vous plaît." in text


def test_the_author_answers_and_the_item_goes_back_to_review(
    client, network, library, django_capture_on_commit_callbacks
):
    page = submitted(network, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        reject(page, network.editor, "Précisez le contexte.")
    mail.outbox.clear()
    edit = f"{MINE}{page.pk}/modifier/"
    client.force_login(network.member)
    text = client.get(edit).content.decode()
    assert "Précisez le contexte." in text
    # What was sent comes back as typed: plain paragraphs, not HTML.
    assert "\nDes parents épuisés, sans famille proche.</textarea>" in text
    response = client.post(
        edit, {"title": "", "summary": "Résumé", "context": "x", "organisations": [network.cpe.pk]}
    )
    assert "Inscrivez un titre." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit,
            {
                "title": "Halte-répit pour parents épuisés",
                "summary": "Trois après-midi par semaine.",
                "context": "Des parents épuisés, loin de leur famille, dans un quartier sans halte.",
                "results": "Quarante familles la première année.",
                "organisations": [network.cpe.pk],
            },
        )
    assert response.status_code == 302
    review = review_of(page)
    assert review.status == WorkflowState.STATUS_IN_PROGRESS
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 2
    (receipt,) = to(network.member.email)
    assert "Modifications reçues" in receipt.subject
    assert len(to(network.editor.email)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        approve(page, network.editor)
    published = LibraryItem.objects.get(pk=page.pk).specific
    assert published.live and published.title == "Halte-répit pour parents épuisés"
    assert published.results == "<p>Quarante familles la première année.</p>"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_author_answers_a_request_for_changes(
    client, network, role_users, role, django_capture_on_commit_callbacks
):
    page = submitted(network, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        reject(page, network.editor, "Précisez.")
    user = role_users[role]
    if user:
        client.force_login(user)
    response = client.get(f"{MINE}{page.pk}/modifier/")
    if role == "anonyme":
        assert response.status_code == 302
    elif role == "membre":
        assert response.status_code == 200
    else:
        assert response.status_code == 404
    if user and role != "membre":
        with pytest.raises(PermissionDenied):
            submission.resubmit_item(user, page, learning_data(network))


def test_nothing_to_change_while_in_review(client, network, django_capture_on_commit_callbacks):
    page = submitted(network, django_capture_on_commit_callbacks)
    client.force_login(network.member)
    response = client.get(f"{MINE}{page.pk}/modifier/")
    assert response.status_code == 403
    assert "seulement quand les éditeurs des savoirs demandent des modifications" in response.content.decode()


def test_a_tool_s_files_are_kept_removed_or_added_on_resubmission(
    client, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = submission.submit_item(
            network.member,
            {**learning_data(network), "kind": "outil", "title": "Trousse d'accueil"},
            [pdf("accueil.pdf"), pdf("annexe.pdf")],
        )
        reject(page, network.editor, "Retirez l'annexe.")
    first, second = (row.document for row in page.documents.order_by("sort_order"))
    client.force_login(network.member)
    response = client.post(
        f"{MINE}{page.pk}/modifier/",
        {
            "title": "Trousse d'accueil",
            "summary": "Pour accueillir les familles.",
            "organisations": [network.cpe.pk],
            "remove_documents": [second.pk],
            "files": [pdf("affiche.pdf")],
        },
    )
    assert response.status_code == 302, response.content.decode()
    draft = submission.editable_version(LibraryItem.objects.get(pk=page.pk))
    assert [row.document.title for row in draft.documents.all()] == ["accueil", "affiche"]


def test_a_member_cannot_publish(client, network, django_capture_on_commit_callbacks):
    page = submitted(network, django_capture_on_commit_callbacks)
    task_state = review_of(page).current_task_state
    client.force_login(network.member)
    # Members have no access to the admin: its review and publish actions send them to the login.
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/comptes/login/")
    response = client.post(f"/admin/pages/{page.pk}/edit/", {"action-publish": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/comptes/login/")
    # Nor does the workflow offer them its actions.
    assert task_state.task.specific.get_actions(page, network.member) == []
    page = LibraryItem.objects.get(pk=page.pk)
    assert not page.live
    assert review_of(page).status == WorkflowState.STATUS_IN_PROGRESS


# Following one's submissions -----------------------------------------------------------------


def test_my_contributions_shows_each_status(client, network, library, django_capture_on_commit_callbacks):
    in_review = submitted(network, django_capture_on_commit_callbacks, title="En attente de relecture")
    to_change = submitted(network, django_capture_on_commit_callbacks, title="À reprendre")
    published = submitted(network, django_capture_on_commit_callbacks, title="Déjà en ligne")
    with django_capture_on_commit_callbacks(execute=True):
        reject(to_change, network.editor, "Ajoutez une photo.")
        approve(published, network.editor)
    client.force_login(network.member)
    text = client.get(MINE).content.decode()
    for title, status in [
        ("En attente de relecture", "En révision"),
        ("À reprendre", "Modifications demandées"),
        ("Déjà en ligne", "Publiée"),
    ]:
        block = text.split(title, 1)[1].split("</li>", 1)[0]
        assert status in block, title
    assert f'href="{MINE}{to_change.pk}/modifier/"' in text
    assert f'href="{MINE}{in_review.pk}/modifier/"' not in text
    assert 'href="/bibliotheque/deja-en-ligne/"' in text
    # Someone else sees none of them.
    client.force_login(network.coordinator)
    assert "En attente de relecture" not in client.get(MINE).content.decode()


def test_my_contributions_costs_the_same_queries_whatever_their_number(
    client, network, django_capture_on_commit_callbacks
):
    submitted(network, django_capture_on_commit_callbacks, title="Première")
    client.force_login(network.member)
    client.get(MINE)
    with CaptureQueriesContext(connection) as few:
        client.get(MINE)
    for n in range(4):
        page = submitted(network, django_capture_on_commit_callbacks, title=f"Contribution {n}")
        if n % 2:
            with django_capture_on_commit_callbacks(execute=True):
                reject(page, network.editor, "À revoir.")
    with CaptureQueriesContext(connection) as many:
        response = client.get(MINE)
    assert response.content.decode().count('<h2 class="submission-title">') == 5
    assert len(many) == len(few)


def test_my_contributions_needs_a_login(client):
    response = client.get(MINE)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


# Serving files -----------------------------------------------------------------------------


def test_documents_are_always_downloads_never_pages(client, network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = submission.submit_item(
            network.member,
            {**learning_data(network), "kind": "outil", "title": "Affiche"},
            [pdf("affiche.pdf")],
        )
    document = page.documents.get().document
    # Before publication: only its uploader and the knowledge editors.
    assert client.get(document.url).status_code == 404
    client.force_login(network.other_coordinator)
    assert client.get(document.url).status_code == 404
    for person in (network.member, network.editor):
        client.force_login(person)
        assert client.get(document.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        approve(page, network.editor)
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_stored_html_file_is_never_served(client, network):
    document = get_document_model().objects.create(
        title="Ancienne page",
        file=SimpleUploadedFile("ancienne.html", b"<script>alert(1)</script>", content_type="text/html"),
    )
    response = client.get(document.url)
    assert response.status_code == 404
    assert b"<script>" not in response.content


def test_an_editor_reviews_in_the_admin(client, network, django_capture_on_commit_callbacks):
    page = submitted(network, django_capture_on_commit_callbacks)
    client.force_login(network.editor)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert Page.objects.get(pk=page.pk).live is False


def test_a_person_who_left_their_organisation_can_no_longer_submit(client, network):
    Affiliation.objects.filter(user=network.member).delete()
    client.force_login(network.member)
    assert client.get(SUBMIT).status_code == 403
