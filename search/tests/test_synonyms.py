"""Knowledge editors edit the search synonyms in Wagtail's admin; searches use them at once."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import KNOWLEDGE_EDITORS_GROUP
from search.models import Synonym
from search.query import forget_synonyms, search

from .helpers import doc, index_documents

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_search_synonym:list"
ADD = "wagtailsnippets_search_synonym:add"
EDIT = "wagtailsnippets_search_synonym:edit"
DELETE = "wagtailsnippets_search_synonym:delete"


@pytest.fixture(autouse=True)
def fresh_synonyms():
    forget_synonyms()
    yield
    forget_synonyms()


def titles(text):
    return [hit.document.title for hit in search(text).hits]


def test_editors_group_may_manage_synonyms(db):
    editors = Group.objects.get(name=KNOWLEDGE_EDITORS_GROUP)
    codenames = set(
        editors.permissions.filter(content_type__app_label="search").values_list("codename", flat=True)
    )
    assert codenames == {"add_synonym", "change_synonym", "delete_synonym", "view_synonym"}


def test_shipped_acronyms_are_listed_for_editors(client, network):
    client.force_login(network.editor)
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    page = response.content.decode()
    assert "CISSS" in page
    assert "centre de la petite enfance" in page


def test_synonym_added_by_an_editor_is_used_at_once(client, network):
    index_documents(doc("Un service de garde éducatif à l'enfance en milieu rural"))
    assert titles("SGEE") == []
    client.force_login(network.editor)
    response = client.post(
        reverse(ADD), {"term": "  SGEE ", "equivalents": "service de garde éducatif à l'enfance\n\n"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    synonym = Synonym.objects.get(term="SGEE")
    assert synonym.equivalents == "service de garde éducatif à l'enfance"
    assert titles("SGEE") == ["Un service de garde éducatif à l'enfance en milieu rural"]


def test_synonym_changed_and_deleted_by_an_editor(client, network):
    index_documents(doc("Une joujouthèque de quartier"))
    synonym = Synonym.objects.create(term="ludothèque", equivalents="bibliothèque de jeux")
    assert titles("ludothèque") == []
    client.force_login(network.editor)
    response = client.post(
        reverse(EDIT, args=[synonym.pk]),
        {"term": "ludothèque", "equivalents": "bibliothèque de jeux\njoujouthèque"},
    )
    assert response.status_code == 302
    assert titles("ludothèque") == ["Une joujouthèque de quartier"]
    response = client.post(reverse(DELETE, args=[synonym.pk]))
    assert response.status_code == 302
    assert not Synonym.objects.filter(pk=synonym.pk).exists()
    assert titles("ludothèque") == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"term": "le", "equivalents": "centre"}, "« le » ne contient aucun mot cherchable"),
        (
            {"term": "SGEE", "equivalents": "de la\nservice de garde"},
            "« de la » ne contient aucun mot cherchable",
        ),
        ({"term": "SGEE", "equivalents": "  \n  "}, "Champ requis."),
    ],
)
def test_unsearchable_synonyms_are_refused_with_french_messages(client, network, data, message):
    client.force_login(network.editor)
    response = client.post(reverse(ADD), data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Synonym.objects.filter(term=data["term"]).exists()


@pytest.mark.parametrize("role", ["membre", "coordonnateur", "coordonnateur_autre"])
def test_other_people_cannot_edit_synonyms(client, role_users, role):
    client.force_login(role_users[role])
    assert client.get(reverse(LIST)).status_code in (302, 403)
    client.post(reverse(ADD), {"term": "SGEE", "equivalents": "service de garde"})
    assert not Synonym.objects.filter(term="SGEE").exists()


def test_anonymous_visitors_are_sent_to_the_login(client, network):
    response = client.get(reverse(ADD))
    assert response.status_code == 302
    assert "/connexion" in response["Location"] or "login" in response["Location"]
    client.post(reverse(ADD), {"term": "SGEE", "equivalents": "service de garde"})
    assert not Synonym.objects.filter(term="SGEE").exists()


def test_administrators_manage_synonyms_too(client, network):
    client.force_login(network.admin)
    response = client.post(reverse(ADD), {"term": "SGEE", "equivalents": "service de garde éducatif"})
    assert response.status_code == 302
    assert Synonym.objects.filter(term="SGEE").exists()
