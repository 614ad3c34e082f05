"""The base interface: language, landmarks, navigation, English version."""

from html import unescape

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_french_with_landmarks_and_skip_link(client, network):
    response = client.get("/")
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html
    assert '<main id="contenu"' in html
    assert "<header" in html and "<footer" in html
    assert 'aria-label="Navigation principale"' in html
    assert "<strong>4</strong> partenaires actifs" in html


def test_navigation_links_only_to_sections_that_exist(client, network):
    html = client.get("/").content.decode()
    for url in ("/partenaires/", "/regroupements/", "/plans/", "/bibliotheque/", "/portraits/"):
        assert f'href="{url}"' in html


def test_current_section_is_marked(client, network):
    html = client.get("/partenaires/").content.decode()
    assert '<a href="/partenaires/" aria-current="page">' in html


def test_english_version(client, network):
    response = client.get("/en/partenaires/")
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Partner directory" in html
    assert "Skip to content" in html
    assert "Educational childcare services" in html  # reference data in English too
    assert "Répertoire des partenaires" not in html


def test_language_switch_keeps_the_page(client, network):
    html = client.get("/partenaires/?region=01").content.decode()
    assert '<a href="/en/partenaires/?region=01" hreflang="en" lang="en" class="language-switch">' in html
    html = client.get("/en/partenaires/?region=01").content.decode()
    assert '<a href="/partenaires/?region=01" hreflang="fr" lang="fr" class="language-switch">' in html
    assert client.get("/partenaires/").context["LANGUAGE_CODE"] == "fr"
    # A link, not a form: an anonymous visitor's page carries no CSRF token, so it can be cached.
    assert "csrfmiddlewaretoken" not in html
    # Django's own switch still answers, for links that post to it.
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/en/partenaires/?region=01"})
    assert response.status_code == 302
    assert response["Location"] == "/en/partenaires/?region=01"


def test_static_assets_are_served_locally(client, network):
    html = client.get("/").content.decode()
    assert "/static/core/vendor/htmx/htmx.min.js" in html
    assert "https://" not in html.split("<body")[0]  # no CDN in the head
