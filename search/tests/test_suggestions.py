"""Suggestions while typing: prefixes of titles and labels, French-aware, only what may be seen.

The documents are indexed through the engine's own writer (or the library fixture's
rebuild), so the keys are those the indexing keeps, on whichever database runs.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from search import index, suggestions
from search.models import Document, SuggestionKey
from search.suggestions import suggest

from .helpers import doc

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


def labels(text, user=ANONYMOUS, language="fr", **options):
    return [s.label for s in suggest(text, user, language, **options)]


def write(type, *documents, start=1):
    """Index these documents as objects of ``type`` (a suggested type or not)."""
    index._write(type, list(enumerate(documents, start=start)))


@pytest.fixture
def indexed(network, library):
    """The conftest's network and library, as the rebuild of the library fixture indexed them."""
    return network


# Matching -----------------------------------------------------------------------------------


def test_the_start_of_a_title_is_completed(indexed):
    assert labels("Portr") == ["Portrait des tout-petits de Hochelaga"]
    assert labels("concertation petite enf") == ["Concertation petite enfance Hochelaga"]


def test_any_word_of_a_title_may_begin_what_is_typed(indexed):
    assert "Concertation petite enfance Hochelaga" in labels("petite enf")
    assert "Grille d'animation des haltes-garderies communautaires" in labels("haltes-gar")


def test_accents_case_and_elisions_do_not_matter(indexed):
    typed_without = labels("eveil")
    assert "Maison de la famille de l'Éveil" in typed_without
    assert "Ateliers parents-enfants d'éveil à la lecture" in typed_without
    assert typed_without == labels("ÉVEIL") == labels("l'éveil")


def test_the_start_of_a_title_comes_before_a_later_word(network):
    write(
        "organisation",
        doc("Centre communautaire Halte-garderie du quartier"),
        doc("Halte-garderie Les Bambins, un nom long comme un jour sans pain"),
        doc("Halte-garderie Pomme"),
    )
    assert labels("halte") == [
        "Halte-garderie Pomme",
        "Halte-garderie Les Bambins, un nom long comme un jour sans pain",
        "Centre communautaire Halte-garderie du quartier",
    ]


def test_among_title_starts_the_most_reinvested_come_first(db):
    write("library", doc("Lecture partagée au parc"), doc("Lecture en famille", reuse_count=0))
    write("library", doc("Lecture dialoguée, le guide complet", reuse_count=7), start=3)
    assert labels("lecture") == [
        "Lecture dialoguée, le guide complet",
        "Lecture en famille",
        "Lecture partagée au parc",
        # A later word of a theme's label comes after every title start.
        "Éveil à la lecture et à l'écriture",
    ]


def test_each_suggestion_says_its_kind_and_where_it_goes(indexed, library):
    found = {s.label: s for s in suggest("la", ANONYMOUS, "fr")}
    assert found["Langage et communication"].kind_label == "Thème"
    assert found["Langage et communication"].url == "/recherche/?theme=langage"
    found = {s.label: s for s in suggest("habiletes lang", ANONYMOUS, "fr")}
    factor = found["Habiletés langagières et de communication"]
    assert factor.kind_label == "Facteur de protection"
    assert factor.url == "/recherche/?factor=habiletes-langagieres"
    (partner,) = suggest("cpe les pet", ANONYMOUS, "fr")
    assert (partner.kind_label, partner.url) == ("Partenaire", indexed.cpe.get_absolute_url())
    (partnership,) = suggest("regroupement naitre", ANONYMOUS, "fr")
    assert (partnership.kind_label, partnership.url) == ("Regroupement", indexed.rimouski.get_absolute_url())
    (item,) = suggest("grille d'anim", ANONYMOUS, "fr")
    assert (item.kind_label, item.url) == ("Bibliothèque", library.tool.url)


def test_themes_are_suggested_in_the_page_language(indexed):
    assert "Language and communication" in labels("langu", language="en")
    assert "Language and communication" not in labels("langu", language="fr")
    assert "Langage et communication" not in labels("langa", language="en")


def test_actions_are_not_suggested(plans):
    index.rebuild()
    assert plans.workshops.title
    assert plans.workshops.title not in labels(plans.workshops.title[:12])
    assert not SuggestionKey.objects.filter(source="action").exists()


# Limits -------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["", "h", " h ", "l'", "--", "é"])
def test_fewer_than_two_letters_suggest_nothing(indexed, typed):
    with CaptureQueriesContext(connection) as queries:
        assert labels(typed) == []
    assert len(queries) == 0


def test_two_letters_are_enough(indexed):
    assert "Halte-garderie Les Tout-Petits" in labels("ha")


def test_at_most_eight_suggestions_in_one_query(db):
    write("library", *[doc(f"Atelier numéro {n}") for n in range(30)])
    with CaptureQueriesContext(connection) as queries:
        found = labels("atelier")
    assert len(found) == 8
    assert len(queries) == 1
    assert labels("atelier", limit=3) == found[:3]


def test_a_title_repeated_under_one_kind_is_offered_once(db):
    write("library", doc("Guide des parcs"), doc("Guide des parcs"), doc("Guide des parcs de Laval"))
    assert labels("guide") == ["Guide des parcs", "Guide des parcs de Laval"]


def test_a_long_typed_text_is_matched_on_the_keys_length(db):
    title = "Ateliers de stimulation du langage pour les enfants de quatre ans et leurs parents du quartier"
    write("library", doc(title))
    assert labels(title) == [title]
    assert labels(title + " et plus encore") == [title]


# Visibility ---------------------------------------------------------------------------------


def test_an_unpublished_item_is_no_longer_suggested(indexed, library):
    assert "Nouvelle cohorte de formation des éducatrices" in labels("nouvelle coh")
    library.news.unpublish()
    index.update("library", [library.news.pk])
    assert labels("nouvelle coh") == []


def test_a_closed_partner_is_no_longer_suggested(indexed):
    assert labels("clsc de rim") == ["CLSC de Rimouski"]
    indexed.clsc.is_active = False
    indexed.clsc.save()
    index.update("organisation", [indexed.clsc.pk])
    assert labels("clsc de rim") == []


def test_reserved_documents_are_suggested_to_their_partnership_only(network, plans):
    # The conftest's members-only plan is Hochelaga's: its people find what is reserved to it.
    write("library", doc("Bilan réservé aux membres", audience=network.montreal.pk))
    assert labels("bilan") == []
    assert labels("bilan", user=network.coordinator) == []
    assert labels("bilan", user=network.other_coordinator) == ["Bilan réservé aux membres"]
    assert labels("bilan", user=network.admin) == ["Bilan réservé aux membres"]


def test_a_signed_in_person_costs_one_more_query(network, plans):
    write("library", doc("Atelier du samedi"))
    with CaptureQueriesContext(connection) as queries:
        assert labels("atelier", user=network.coordinator) == ["Atelier du samedi"]
    assert len(queries) == 2


# Keeping the keys -----------------------------------------------------------------------------


def test_keys_follow_the_documents_written_and_deleted(db):
    write("organisation", doc("Maison des familles"))
    assert labels("maison") == ["Maison des familles"]
    write("organisation", doc("Carrefour des familles"))  # the same object, renamed
    assert labels("maison") == []
    assert labels("carrefour") == ["Carrefour des familles"]
    index.remove("organisation", [1])
    assert labels("carrefour") == []
    assert not SuggestionKey.objects.filter(document__isnull=False).exists()


def test_other_types_of_documents_have_no_keys(db):
    write("essai", doc("Maison des familles"))
    assert Document.objects.count() == 1
    assert labels("maison") == []


def test_no_key_starts_at_a_stop_word():
    assert suggestions.keys("La maison de l'Éveil et des familles") == [
        ("la maison de eveil et des familles", True),
        ("maison de eveil et des familles", False),
        ("eveil et des familles", False),
        ("familles", False),
    ]


def test_an_edited_theme_is_suggested_under_its_new_label(db):
    from taxonomy.models import Theme

    theme = Theme.objects.get(code="langage")
    theme.label_fr = "Langage oral et écrit"
    theme.save()
    assert "Langage oral et écrit" in labels("langage")
    assert "Langage et communication" not in labels("langage")
    theme.delete()
    assert labels("langage oral") == []


def test_a_theme_created_in_bulk_is_suggested_once_a_document_carries_it(db):
    from taxonomy.models import Theme

    # As the library import creates its new themes: in bulk, without signals.
    Theme.objects.bulk_create(
        [Theme(code="jardins", label_fr="Jardins collectifs", label_en="Community gardens")]
    )
    assert labels("jardins") == []
    write("library", doc("Un potager à la garderie", facets=["theme:jardins"]))
    assert labels("jardins") == ["Jardins collectifs"]
    assert labels("community gar", language="en") == ["Community gardens"]


def test_a_rebuild_keeps_the_themes(indexed):
    index.rebuild()
    assert "Transition scolaire" in labels("transition")


# The page's list and the API --------------------------------------------------------------------


def test_the_search_boxes_list_is_options_with_their_kind(client, indexed):
    response = client.get(reverse("search:suggestions"), {"q": "halte"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('role="option"') == 2
    assert 'data-url="/partenaires/' in page
    assert '<span class="suggestion-kind">Partenaire</span>' in page
    assert '<span class="suggestion-kind">Bibliothèque</span>' in page
    assert 'data-status="2 suggestions' in page


def test_the_list_is_empty_below_two_letters(client, indexed):
    response = client.get(reverse("search:suggestions"), {"q": "h"})
    assert response.status_code == 200
    assert 'role="option"' not in response.content.decode()


def test_the_list_in_english(client, indexed):
    response = client.get("/en/recherche/suggestions/", {"q": "early lit"})
    page = response.content.decode()
    assert "Early literacy" in page
    assert 'data-url="/en/recherche/?theme=eveil-lecture-ecriture"' in page
    assert "Theme" in page or "Thème" in page


def test_the_api_answers_count_and_items(client, indexed):
    response = client.get("/api/v1/search/suggestions", {"q": "halte"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    kinds = {item["kind"]: item for item in body["items"]}
    assert kinds["organisation"]["label"] == "Halte-garderie Les Tout-Petits"
    assert kinds["organisation"]["kind_label"] == "Partenaire"
    assert kinds["organisation"]["url"] == indexed.halte.get_absolute_url()
    assert set(kinds) == {"organisation", "library"}


def test_the_api_takes_a_smaller_limit_and_refuses_a_larger_one(client, db):
    write("library", *[doc(f"Atelier numéro {n}") for n in range(12)])
    assert client.get("/api/v1/search/suggestions", {"q": "atelier"}).json()["count"] == 8
    assert client.get("/api/v1/search/suggestions", {"q": "atelier", "limit": 3}).json()["count"] == 3
    refused = client.get("/api/v1/search/suggestions", {"q": "atelier", "limit": 9})
    assert refused.status_code == 400
    assert client.get("/api/v1/search/suggestions", {"q": "a"}).json() == {"count": 0, "items": []}


def test_the_api_operation_is_documented(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search/suggestions"]["get"]
    assert "8" in operation["description"]


@pytest.mark.parametrize("path", ["/", "/recherche/", "/bibliotheque/", "/partenaires/", "/regroupements/"])
def test_the_search_boxes_are_plain_forms_that_a_script_may_improve(client, indexed, path):
    page = client.get(path).content.decode()
    boxes = re.findall(r"<input type=\"search\"[^>]*>", page)
    # The header's box and the page's own (the home page's, the listing's).
    assert len(boxes) == 2, boxes
    for box in boxes:
        assert 'name="q"' in box
        assert 'data-suggest="/recherche/suggestions/"' in box
        # The combobox roles come with the script: without it, a plain field in a GET form.
        assert "role=" not in box
    assert '<script src="/static/search/suggest.js" defer></script>' in page
