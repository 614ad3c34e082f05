"""GET /api/v1/library and /api/v1/library/{id}: the library's list and its items in full."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document

from accounts import actions as account_actions
from library.bulk import NewItem, create_items
from library.models import DossierPart, LibraryItem, Reinvestment, ToolDocument
from plans import actions as plan_actions
from plans.models import ActionStatus
from search import index
from search.query import forget_synonyms
from search.tests.helpers import grow_library
from taxonomy.models import ActionType

pytestmark = pytest.mark.django_db

API = "/api/v1/library"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def fresh_synonyms():
    forget_synonyms()
    yield
    forget_synonyms()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def indexed(plans, library):
    index.rebuild()
    return library


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body


def link(item, name, *targets):
    """Tag an item (ParentalManyToManyField.add only changes the item in memory)."""
    relation = LibraryItem._meta.get_field(name)
    through = relation.remote_field.through
    source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    through.objects.bulk_create([through(**{f"{source}_id": item.pk, f"{target}_id": t.pk}) for t in targets])


def pdf(title):
    return Document.objects.create(title=title, file=ContentFile(PDF, name="grille.pdf"), file_size=len(PDF))


# The list ----------------------------------------------------------------------------------


def test_list_shape_newest_first(client, indexed, network):
    body = ok(client.get(API))
    assert set(body) == {"count", "items", "facets", "notice"}
    assert body["count"] == 5
    assert [item["kind"] for item in body["items"]] == [
        "actualite",
        "outil",
        "apprentissage",
        "apprentissage",
        "publication",
    ]
    learning = body["items"][2]
    assert learning == {
        "id": indexed.learning.pk,
        "kind": "apprentissage",
        "title": "Ateliers parents-enfants d'éveil à la lecture",
        "summary": "Dix ateliers à la bibliothèque municipale pour lire avec les tout-petits.",
        "url": "/bibliotheque/ateliers-parents-enfants-deveil-a-la-lecture/",
        "language": "fr",
        "published_on": "2025-03-01",
        "themes": [{"code": "eveil-lecture-ecriture", "label": "Éveil à la lecture et à l'écriture"}],
        "regions": [{"code": "01", "label": "Bas-Saint-Laurent"}],
        "organisations": [{"id": network.cpe.pk, "name": "CPE Les Petits Pas"}],
        "reuse_count": 0,
    }
    assert body["items"][3]["language"] == "en"
    assert body["items"][3]["url"] == "/en/bibliotheque/parent-child-early-reading-workshops/"
    assert [v["value"] for v in body["facets"]["type"]] == [
        "apprentissage",
        "outil",
        "publication",
        "dossier",
        "actualite",
    ]


def test_list_filters_like_the_page(client, indexed):
    body = ok(client.get(API, {"region": ["01", "06"], "type": "outil"}))
    assert [item["title"] for item in body["items"]] == [
        "Grille d'animation des haltes-garderies communautaires"
    ]
    body = ok(client.get(API, {"q": "ateliers lecture"}))
    assert [item["id"] for item in body["items"]] == [indexed.learning.pk]
    themes = {v["value"]: v["count"] for v in ok(client.get(API, {"theme": "langage"}))["facets"]["theme"]}
    assert themes["langage"] == 1
    assert themes["eveil-lecture-ecriture"] == 2


def test_list_sorted_by_reuse(client, indexed, plans, network):
    Reinvestment.objects.create(
        source_item=indexed.publication, action=plans.stimulation, partnership=network.rimouski
    )
    index.update("library", [indexed.publication.pk])
    body = ok(client.get(API, {"sort": "reuse", "limit": 1}))
    assert body["items"][0]["id"] == indexed.publication.pk
    assert body["items"][0]["reuse_count"] == 1


def test_list_pages(client, indexed, network):
    grow_library(network, 12)
    first = ok(client.get(API, {"limit": 10}))
    second = ok(client.get(API, {"limit": 10, "offset": 10}))
    assert first["count"] == second["count"] == 17
    assert len(first["items"]) == 10
    assert len(second["items"]) == 7
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"type": "organisation"}, "type"),
        ({"age": "99"}, "age"),
        ({"sort": "x"}, "sort"),
        ({"offset": "-1"}, "offset"),
    ],
)
def test_list_bad_values_are_french_400(client, indexed, params, field):
    body = error(client.get(API, params), 400)
    assert body["errors"][0]["field"] == field


# One item ---------------------------------------------------------------------------------


def test_learning_in_full_with_sections_and_translation(client, indexed, network):
    body = ok(client.get(f"{API}/{indexed.learning.pk}"))
    assert body["title"] == "Ateliers parents-enfants d'éveil à la lecture"
    assert body["body"] == "<p>Les éducatrices du CPE animent les ateliers avec la bibliothécaire.</p>"
    assert body["sections"] == [
        {
            "name": "context",
            "label": "Contexte",
            "html": "<p>Peu de familles fréquentaient la bibliothèque.</p>",
        },
        {
            "name": "reuse_advice",
            "label": "Conseils pour réinvestir",
            "html": "<p>Prévoir une halte-garderie pour les plus jeunes.</p>",
        },
    ]
    assert body["systems"] == [{"code": "famille", "label": "Famille"}]
    assert body["protective_factors"] == [{"code": "pratiques-parentales", "label": "Pratiques parentales"}]
    assert body["age_periods"] == [{"code": "2-3", "label": "2–3 ans"}]
    assert body["partnerships"] == [
        {"id": network.rimouski.pk, "name": "Regroupement Naître et grandir à Rimouski"}
    ]
    assert body["translations"] == [
        {
            "id": indexed.translation.pk,
            "language": "en",
            "title": "Parent-child early reading workshops",
            "url": "/en/bibliotheque/parent-child-early-reading-workshops/",
        }
    ]
    assert body["documents"] == [] and body["parts"] == [] and body["document"] is None


def test_tool_lists_its_documents(client, indexed):
    ToolDocument.objects.create(
        page=indexed.tool, document=pdf("Grille"), title="Grille à imprimer", sort_order=0
    )
    second = pdf("Exemple rempli")
    ToolDocument.objects.create(page=indexed.tool, document=second, sort_order=1)
    body = ok(client.get(f"{API}/{indexed.tool.pk}"))
    assert [d["title"] for d in body["documents"]] == ["Grille à imprimer", "Exemple rempli"]
    assert body["documents"][1] == {
        "title": "Exemple rempli",
        "url": second.url,
        "size": len(PDF),
        "type": "application/pdf",
    }
    assert body["sections"] == []


def test_publication_has_its_kind_authors_and_document(client, indexed):
    document = pdf("Portrait complet")
    type(indexed.publication).objects.filter(pk=indexed.publication.pk).update(document=document)
    body = ok(client.get(f"{API}/{indexed.publication.pk}"))
    assert body["publication_kind"] == "rapport"
    assert body["authors"] == "Concertation Hochelaga"
    assert body["document"]["title"] == "Portrait complet"
    assert body["document"]["type"] == "application/pdf"


def test_dossier_lists_its_published_parts_in_order(client, indexed):
    with transaction.atomic():
        (dossier,) = create_items(
            indexed.french_index,
            [
                NewItem(
                    kind="dossier",
                    title="Dossier lecture",
                    summary="Trois lectures.",
                    published_on=datetime.date(2025, 6, 1),
                )
            ],
        )
    DossierPart.objects.create(page_id=dossier, item=indexed.tool, note="Ensuite", sort_order=1)
    DossierPart.objects.create(page_id=dossier, item=indexed.learning, note="D'abord", sort_order=0)
    DossierPart.objects.create(page_id=dossier, item=indexed.news, sort_order=2)
    LibraryItem.objects.filter(pk=indexed.news.pk).update(live=False)
    body = ok(client.get(f"{API}/{dossier}"))
    assert [(p["id"], p["note"]) for p in body["parts"]] == [
        (indexed.learning.pk, "D'abord"),
        (indexed.tool.pk, "Ensuite"),
    ]
    assert body["parts"][0]["url"] == "/bibliotheque/ateliers-parents-enfants-deveil-a-la-lecture/"


def test_source_actions_respect_plan_visibility(client, indexed, plans, network):
    hidden = plan_actions.save_action(
        network.other_coordinator,
        plans.hidden,
        None,
        {
            "title": "Action interne",
            "action_type": ActionType.objects.get(code="formation"),
            "status": ActionStatus.PLANNED,
            "progress": 0,
        },
    )
    link(indexed.learning, "source_actions", plans.workshops, hidden)
    url = f"{API}/{indexed.learning.pk}"
    assert [a["title"] for a in ok(client.get(url))["source_actions"]] == [plans.workshops.title]
    _token, key = account_actions.create_token(network.other_coordinator, "Essai")
    seen = ok(client.get(url, headers={"authorization": f"Bearer {key}"}))["source_actions"]
    assert {a["title"] for a in seen} == {plans.workshops.title, "Action interne"}


def test_unpublished_or_unknown_item_is_a_french_404(client, indexed):
    LibraryItem.objects.filter(pk=indexed.tool.pk).update(live=False)
    body = error(client.get(f"{API}/{indexed.tool.pk}"), 404)
    assert body["detail"] == f"Aucun élément publié de la bibliothèque ne porte le numéro {indexed.tool.pk}."
    error(client.get(f"{API}/999999"), 404)
    error(client.get(f"{API}/{10**23}"), 404)
    error(client.get(f"{API}/-4"), 404)
    # The index page is a page, not an item.
    error(client.get(f"{API}/{indexed.french_index.pk}"), 404)


def test_item_number_must_be_a_number(client, indexed):
    body = error(client.get(f"{API}/abc"), 400)
    assert "n'est pas un numéro valide" in body["detail"]


def test_documented_in_openapi(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/library" in document["paths"]
    assert "/api/v1/library/{item_id}" in document["paths"]
    detail = document["components"]["schemas"]["ItemDetail"]["properties"]
    assert {"sections", "documents", "parts", "translations"} <= set(detail)


# Constant queries ------------------------------------------------------------------------------


def _queries(client, url, params=None):
    client.get(url, params)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


def test_list_costs_the_same_queries_whatever_the_data(client, indexed, network):
    grow_library(network, 3)
    small = (
        _queries(client, API, {"limit": 100}),
        _queries(client, API, {"q": "atelier", "theme": "langage"}),
    )
    grow_library(network, 60)
    large = (
        _queries(client, API, {"limit": 100}),
        _queries(client, API, {"q": "atelier", "theme": "langage"}),
    )
    assert large == small


def test_item_costs_the_same_queries_whatever_its_size(client, indexed, network, plans):
    url = f"{API}/{indexed.tool.pk}"
    ToolDocument.objects.create(page=indexed.tool, document=pdf("Un"), sort_order=0)
    small = _queries(client, url)
    for n in range(6):
        ToolDocument.objects.create(page=indexed.tool, document=pdf(f"Fichier {n}"), sort_order=n + 1)
    link(indexed.tool, "organisations", network.cpe, network.clsc)
    link(indexed.tool, "source_actions", plans.workshops, plans.stimulation)
    assert _queries(client, url) == small
