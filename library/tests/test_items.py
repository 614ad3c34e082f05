"""Library items are Wagtail pages served in French and English."""


def test_item_page_is_served_in_french(client, library):
    response = client.get(library.learning.url)
    assert response.status_code == 200
    assert "Ateliers parents-enfants d&#x27;éveil à la lecture" in response.content.decode()


def test_english_item_lives_under_en(client, library):
    response = client.get(library.translation.url)
    assert response.status_code == 200
    assert response.content.decode().startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in response.content.decode()


def test_unknown_item_is_a_french_404(client, library):
    response = client.get("/bibliotheque/nexiste-pas/")
    assert response.status_code == 404


def test_language_switch_leads_to_the_translation(client, library):
    html = client.get(library.learning.url).content.decode()
    assert f'<a href="{library.translation.url}" hreflang="en" lang="en" class="language-switch">' in html
    html = client.get(library.translation.url).content.decode()
    assert f'<a href="{library.learning.url}" hreflang="fr" lang="fr" class="language-switch">' in html


def test_language_switch_without_translation_leads_to_the_library(client, library):
    html = client.get(library.tool.url).content.decode()
    assert '<a href="/en/bibliotheque/" hreflang="en" lang="en" class="language-switch">' in html
