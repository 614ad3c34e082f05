"""Proposing library items through the API: tokens, roles, the site's checks with French
errors by field, files, and the list of one's submissions with their review status."""

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import WorkflowState

from accounts import actions as account_actions
from library.models import LibraryItem
from library.models.items import ToolPage
from library.tests.sample_files import PDF

pytestmark = pytest.mark.django_db

URL = "/api/v1/library/submissions"
ROLES = ["anonyme", "membre", "coordonnateur", "coordonnateur_autre", "editeur", "administrateur"]
JSON = "application/json"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def auth(role_users):
    headers = {}
    for role, user in role_users.items():
        if user is None:
            headers[role] = {}
        else:
            _token, key = account_actions.create_token(user, f"Jeton {role}")
            headers[role] = {"authorization": f"Bearer {key}"}
    return headers


def credits_of(role, network):
    return {
        "membre": {"organisations": [network.cpe.pk]},
        "coordonnateur": {"partnerships": [network.rimouski.pk]},
        "coordonnateur_autre": {"partnerships": [network.montreal.pk]},
        "editeur": {"organisations": [network.cpe.pk]},
        "administrateur": {"organisations": [network.cpe.pk]},
        "anonyme": {},
    }[role]


def learning(**extra):
    body = {
        "type": "apprentissage",
        "title": "Cuisines collectives pour jeunes parents",
        "summary": "Cuisiner ensemble une fois par mois, avec une halte pour les petits.",
        "context": "Des jeunes parents isolés.\n\nPeu de ressources le soir.",
        "themes": [],
        "regions": ["01"],
    }
    body.update(extra)
    return body


def post_json(client, body, headers):
    return client.post(URL, json.dumps(body), content_type=JSON, headers=headers)


def error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body


def fields(response):
    return {e["field"]: e["message"] for e in error(response, 400)["errors"]}


def test_a_token_is_required(client, network):
    response = post_json(client, learning(), {})
    assert "exige un jeton" in error(response, 401)["detail"]
    client.force_login(network.member)
    # A browser session never lends its user to the API.
    assert post_json(client, learning(organisations=[network.cpe.pk]), {}).status_code == 401
    assert client.get(URL).status_code == 401


@pytest.mark.parametrize("role", ROLES[1:])
def test_who_may_submit(client, network, auth, role, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, learning(**credits_of(role, network)), auth[role])
    if role in ("membre", "coordonnateur", "coordonnateur_autre"):
        assert response.status_code == 201, response.content
        body = response.json()
        page = LibraryItem.objects.get(pk=body["id"]).specific
        assert not page.live
        assert body["status"] == "en_revision" and body["status_label"] == "En révision"
        assert body["type"] == "apprentissage" and body["language"] == "fr" and body["url"] is None
        assert page.context == "<p>Des jeunes parents isolés.</p><p>Peu de ressources le soir.</p>"
        review = WorkflowState.objects.for_instance(page).get()
        assert review.status == WorkflowState.STATUS_IN_PROGRESS
        assert any("Proposition reçue" in m.subject for m in mail.outbox)
    else:
        assert "rattachées à un partenaire" in error(response, 403)["detail"]
        assert not LibraryItem.objects.filter(title="Cuisines collectives pour jeunes parents").exists()


@pytest.mark.parametrize(
    "change,field,message",
    [
        ({"title": ""}, "title", "Inscrivez un titre."),
        ({"title": None}, "title", "Inscrivez un titre."),
        ({"type": "roman"}, "type", "« roman » n'est pas un type de contenu"),
        ({"type": ""}, "type", "Indiquez le type de contenu"),
        ({"themes": ["theme-inconnu"]}, "themes", "« theme-inconnu » ne fait pas partie des choix."),
        ({"regions": ["99"]}, "regions", "« 99 » ne fait pas partie des choix."),
        ({"language": "es"}, "language", "es"),
        ({"context": ""}, "context", "Remplissez au moins une section"),
        ({"organisations": []}, "organisations", "Créditez au moins un partenaire ou un regroupement."),
        ({"colour": "rouge"}, "colour", "Ce champ n'existe pas."),
        ({"title": {"fr": "x"}}, "title", "n'est pas valide"),
    ],
)
def test_bad_submissions_answer_400_by_field_in_french(client, network, auth, change, field, message):
    response = post_json(client, learning(**{"organisations": [network.cpe.pk], **change}), auth["membre"])
    errors = fields(response)
    assert field in errors and message in errors[field], errors
    assert not LibraryItem.objects.filter(owner=network.member).exists()


def test_credits_and_sections_must_fit(client, network, auth):
    response = post_json(client, learning(organisations=[network.maison.pk]), auth["membre"])
    assert "ne fait pas partie de vos partenaires" in fields(response)["organisations"]
    response = post_json(
        client, learning(type="actualite", body="Du texte.", organisations=[network.cpe.pk]), auth["membre"]
    )
    assert fields(response)["context"] == "Seul un apprentissage a des sections."


def test_malformed_bodies(client, auth):
    response = client.post(URL, "{pas du json", content_type=JSON, headers=auth["membre"])
    assert "JSON valide" in error(response, 400)["detail"]
    response = client.post(URL, "[1, 2]", content_type=JSON, headers=auth["membre"])
    assert "objet JSON" in error(response, 400)["detail"]
    response = client.post(URL, "titre=x", content_type="text/plain", headers=auth["membre"])
    assert "multipart/form-data" in error(response, 400)["detail"]


def test_pasted_html_is_sanitised(client, network, auth):
    response = post_json(
        client,
        learning(
            organisations=[network.cpe.pk],
            body='<p>Bonjour</p><script>alert(1)</script><img src=x onerror="alert(2)">',
        ),
        auth["membre"],
    )
    page = LibraryItem.objects.get(pk=response.json()["id"])
    assert page.body == "<p>Bonjour</p>"


def test_a_tool_with_files_in_multipart(client, network, auth):
    form = {
        "type": "outil",
        "title": "Affiche des haltes-garderies",
        "summary": "Une affiche à imprimer.",
        "organisations": [network.cpe.pk],
        "themes": [],
    }
    disguised = SimpleUploadedFile("affiche.pdf", b"<html><body>piege</body></html>")
    response = client.post(URL, {**form, "files": [disguised]}, headers=auth["membre"])
    assert "n'est pas d'un type accepté" in fields(response)["files"]
    response = client.post(
        URL,
        {**form, "files": [SimpleUploadedFile("affiche.pdf", PDF), SimpleUploadedFile("verso.pdf", PDF)]},
        headers=auth["membre"],
    )
    assert response.status_code == 201, response.content
    page = ToolPage.objects.get(pk=response.json()["id"])
    assert [row.document.title for row in page.documents.order_by("sort_order")] == ["affiche", "verso"]


def test_a_dossier_by_item_numbers(client, network, auth, library):
    body = {
        "type": "dossier",
        "title": "Dossier jeu libre",
        "summary": "Le jeu libre en halte-garderie.",
        "parts": [library.tool.pk, library.learning.url],
        "organisations": [network.cpe.pk],
    }
    response = post_json(client, body, auth["membre"])
    assert response.status_code == 201, response.content
    page = LibraryItem.objects.get(pk=response.json()["id"]).specific
    assert [p.item_id for p in page.parts.order_by("sort_order")] == [library.tool.pk, library.learning.pk]
    response = post_json(client, {**body, "parts": [987654]}, auth["membre"])
    assert "987654" in fields(response)["parts"]


def test_my_submissions_and_their_status(client, network, auth, django_capture_on_commit_callbacks):
    ids = []
    for title in ("Premier", "Deuxième", "Troisième"):
        response = post_json(client, learning(title=title, organisations=[network.cpe.pk]), auth["membre"])
        ids.append(response.json()["id"])
    post_json(
        client, learning(title="Celui du coordo", partnerships=[network.rimouski.pk]), auth["coordonnateur"]
    )
    first = LibraryItem.objects.get(pk=ids[0])
    task_state = WorkflowState.objects.for_instance(first).get().current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(
            task_state, network.editor, "reject", comment="Ajoutez un chiffre."
        )
    second = LibraryItem.objects.get(pk=ids[1])
    task_state = WorkflowState.objects.for_instance(second).get().current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, network.editor, "approve")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, headers=auth["membre"])
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    by_title = {item["title"]: item for item in body["items"]}
    assert list(by_title) == ["Troisième", "Deuxième", "Premier"]
    assert by_title["Premier"]["status"] == "modifications_demandees"
    assert by_title["Premier"]["comment"] == "Ajoutez un chiffre."
    assert by_title["Deuxième"]["status"] == "publiee"
    assert by_title["Deuxième"]["url"] == "/bibliotheque/deuxieme/"
    assert by_title["Troisième"]["status"] == "en_revision"
    response = client.get(f"{URL}?limit=1&offset=1", headers=auth["membre"])
    assert response.json()["count"] == 3 and [i["title"] for i in response.json()["items"]] == ["Deuxième"]
    with CaptureQueriesContext(connection) as fewer:
        client.get(f"{URL}?limit=1", headers=auth["membre"])
    assert len(fewer) == len(queries)
    assert [i["title"] for i in client.get(URL, headers=auth["coordonnateur"]).json()["items"]] == [
        "Celui du coordo"
    ]
    assert client.get(URL, headers=auth["editeur"]).json() == {"count": 0, "items": []}


def test_the_endpoints_are_documented(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = document["paths"][URL]
    assert set(operations) == {"get", "post"}
    content = operations["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(content)
    assert "files" in content["multipart/form-data"]["schema"]["properties"]
