"""Atom feeds of the library: all items, per theme, per region, in French and English."""

import datetime

from defusedxml import ElementTree as ET
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from library.bulk import NewItem, create_items
from library.models import LibraryItem
from taxonomy.models import Theme

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(feed):
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "authors": [name.text for name in entry.findall(f"{ATOM}author/{ATOM}name")],
            "categories": [category.get("term") for category in entry.findall(f"{ATOM}category")],
            "published": entry.findtext(f"{ATOM}published"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def add_items(index, n, **tags):
    with transaction.atomic():
        return create_items(
            index,
            [
                NewItem(
                    kind="outil",
                    title=f"Outil {i}",
                    summary=f"Résumé {i}",
                    published_on=datetime.date(2026, 2, 1) + datetime.timedelta(days=i),
                    tags=tags,
                )
                for i in range(n)
            ],
        )


def test_feed_lists_published_french_items_newest_first(client, library):
    LibraryItem.objects.filter(pk=library.publication.pk).update(live=False)
    feed = parse(client.get(reverse("library:feed")))
    assert reverse("library:feed") == "/bibliotheque/fils/"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert feed.findtext(f"{ATOM}title") == "Bibliothèque Agir tôt : nouveautés"
    items = entries(feed)
    assert [item["title"] for item in items] == [
        "Nouvelle cohorte de formation des éducatrices",
        "Grille d'animation des haltes-garderies communautaires",
        "Ateliers parents-enfants d'éveil à la lecture",
    ]
    learning = items[2]
    assert learning["link"] == f"http://testserver{library.learning.url}"
    assert learning["summary"] == "Dix ateliers à la bibliothèque municipale pour lire avec les tout-petits."
    assert learning["authors"] == ["CPE Les Petits Pas"]
    assert learning["categories"] == ["Éveil à la lecture et à l'écriture"]
    assert learning["published"].startswith("2025-03-01")


def test_feed_author_and_categories_list_every_credit(client, library, network):
    tool = LibraryItem.objects.get(pk=library.tool.pk)
    tool.organisations.add(network.maison)
    tool.themes.add(Theme.objects.get(code="langage"))
    tool.save()  # modelcluster writes parental relations on save
    (item,) = [
        i for i in entries(parse(client.get("/bibliotheque/fils/"))) if i["title"].startswith("Grille")
    ]
    assert item["authors"] == ["Halte-garderie Les Tout-Petits, Maison de la famille de l'Éveil"]
    assert set(item["categories"]) == {"Développement moteur", "Langage et communication"}


def test_item_credited_to_nobody_is_authored_by_the_site(client, library):
    feed = parse(client.get("/bibliotheque/fils/"))
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Agir tôt"
    (news,) = [i for i in entries(feed) if i["title"].startswith("Nouvelle cohorte")]
    assert news["authors"] == []


def test_english_feed_lists_english_items(client, library):
    feed = parse(client.get("/en/bibliotheque/fils/"))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    items = entries(feed)
    assert [item["title"] for item in items] == ["Parent-child early reading workshops"]
    assert items[0]["link"] == f"http://testserver{library.translation.url}"
    alternate = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
    assert alternate == ["http://testserver/en/bibliotheque/"]


def test_theme_feed_filters(client, library):
    url = reverse("library:theme_feed", args=["eveil-lecture-ecriture"])
    assert url == "/bibliotheque/fils/themes/eveil-lecture-ecriture/"
    feed = parse(client.get(url))
    assert [item["title"] for item in entries(feed)] == ["Ateliers parents-enfants d'éveil à la lecture"]
    assert "Éveil à la lecture et à l'écriture" in feed.findtext(f"{ATOM}title")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/bibliotheque/?theme=eveil-lecture-ecriture"
    assert client.get("/bibliotheque/?theme=eveil-lecture-ecriture").status_code == 200
    assert links["self"] == f"http://testserver{url}"
    english = parse(client.get("/en" + url))
    assert [item["title"] for item in entries(english)] == ["Parent-child early reading workshops"]


def test_region_feed_filters(client, library):
    url = reverse("library:region_feed", args=["06"])
    assert url == "/bibliotheque/fils/regions/06/"
    feed = parse(client.get(url))
    assert [item["title"] for item in entries(feed)] == [
        "Grille d'animation des haltes-garderies communautaires",
        "Portrait des tout-petits de Hochelaga",
    ]
    assert "Montréal" in feed.findtext(f"{ATOM}title")
    assert entries(parse(client.get("/bibliotheque/fils/regions/09/"))) == []


def test_unknown_theme_or_region_is_a_french_404(client, library):
    response = client.get("/bibliotheque/fils/themes/inconnu/")
    assert response.status_code == 404
    assert "Aucun thème ne porte le code « inconnu »." in response.content.decode()
    response = client.get("/bibliotheque/fils/regions/99/")
    assert response.status_code == 404
    assert "Aucune région ne porte le code « 99 »." in response.content.decode()
    assert client.get("/bibliotheque/fils/regions/%3Cb%3E/").status_code == 404


def test_feed_holds_the_fifty_latest(client, library):
    add_items(library.french_index, 55)
    items = entries(parse(client.get("/bibliotheque/fils/")))
    assert len(items) == 50
    assert items[0]["title"] == "Outil 54"
    assert items[-1]["title"] == "Outil 5"


def test_feed_text_is_escaped_once(client, library):
    page = LibraryItem.objects.get(pk=library.tool.pk).specific
    page.title = "Grille <b>jeu</b> & plus"
    page.summary = "Résumé avec <script>alert(1)</script> & « guillemets »"
    page.save()
    (item,) = [i for i in entries(parse(client.get("/bibliotheque/fils/"))) if "jeu" in i["title"]]
    assert item["title"] == "Grille <b>jeu</b> & plus"
    # The summary is HTML (type="html"): once unescaped by the reader, it is the text again.
    assert item["summary"] == "Résumé avec &lt;script&gt;alert(1)&lt;/script&gt; &amp; « guillemets »"


def test_feeds_cost_constant_queries(client, library, network):
    theme = Theme.objects.get(code="langage")
    urls = ["/bibliotheque/fils/", "/bibliotheque/fils/themes/langage/", "/bibliotheque/fils/regions/01/"]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries.captured_queries))
        return result

    small = counts()
    add_items(
        library.french_index,
        20,
        themes=[theme.pk],
        regions=[network.regions["01"].pk],
        organisations=[network.cpe.pk, network.clsc.pk],
    )
    assert counts() == small


def test_item_pages_announce_the_feeds_of_their_themes(client, library):
    content = client.get(library.learning.url).content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/bibliotheque/fils/"' in content
    theme_feed = "/bibliotheque/fils/themes/eveil-lecture-ecriture/"
    assert f'<link rel="alternate" type="application/atom+xml" href="{theme_feed}"' in content
