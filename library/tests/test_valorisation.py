"""Valorisation: featured items on the home page, contributions pages and panels, sitemap.xml
and the Open Graph data of item pages."""

import datetime
import html
import re

import pytest
from defusedxml import ElementTree as ET
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from library.bulk import NewItem, create_items
from library.models import LibraryItem, Reinvestment
from library.sitemaps import BilingualSitemap, LibraryItemSitemap
from partners import actions as partner_actions
from partners.models import Organisation
from plans import actions as plan_actions
from plans.models import Visibility
from taxonomy.models import ActionType, Sector, Theme

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def add_items(index, n, *, featured=False, prefix="Élément", **tags):
    """n published items under ``index``, dated one day apart after the fixture's."""
    with transaction.atomic():
        return create_items(
            index,
            [
                NewItem(
                    kind="outil",
                    title=f"{prefix} {i} {LibraryItem.objects.count()}",
                    summary=f"Résumé de l'élément {i}.",
                    published_on=datetime.date(2026, 2, 1) + datetime.timedelta(days=i),
                    featured=featured,
                    tags=tags,
                )
                for i in range(n)
            ],
        )


def unpublish(page):
    # Through Wagtail, as an editor would: the page cache learns of it.
    LibraryItem.objects.get(pk=page.pk).unpublish()


def section(content: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by ``heading_id``."""
    start = content.index(f'aria-labelledby="{heading_id}"')
    end = content.find("</section>", start)
    return content[start:end]


def public_plan(coordinator, partnership, title="Plan public Hochelaga 2025–2028"):
    return plan_actions.create_plan(
        coordinator,
        partnership,
        title=title,
        start_year=2025,
        end_year=2028,
        visibility=Visibility.PUBLIC,
    )


def new_action(coordinator, plan, title):
    return plan_actions.save_action(
        coordinator, plan, None, {"title": title, "action_type": ActionType.objects.get(code="formation")}
    )


def reinvest(source, action, partnership, **fields):
    key = "source_item" if isinstance(source, LibraryItem) else "source_action"
    return Reinvestment.objects.create(action=action, partnership=partnership, **{key: source}, **fields)


# --- Home page ----------------------------------------------------------------------


def test_home_shows_featured_items_latest_first(client, library):
    later = add_items(library.french_index, 1, featured=True, prefix="Guide à la une")
    content = client.get("/").content.decode()
    featured = section(content, "a-la-une")
    assert library.news.title in featured
    assert library.learning.title not in featured  # published, not featured
    newest = LibraryItem.objects.get(pk=later[0])
    assert featured.index(newest.title) < featured.index(library.news.title)
    assert f'href="{library.news.url}"' in featured


def test_home_leaves_out_unpublished_and_other_languages(client, library):
    LibraryItem.objects.filter(pk=library.learning.pk).update(featured=True)
    unpublish(library.learning)
    LibraryItem.objects.filter(pk=library.translation.pk).update(featured=True)
    french = section(client.get("/").content.decode(), "a-la-une")
    assert library.learning.title not in french
    assert library.translation.title not in french
    english = section(client.get("/en/").content.decode(), "a-la-une")
    assert library.translation.title in english
    assert library.news.title not in english


def test_english_home_falls_back_to_french_featured_items(client, library):
    content = section(client.get("/en/").content.decode(), "a-la-une")
    assert library.news.title in content
    assert '<article lang="fr">' in content


def test_home_without_featured_items_says_so(client, library):
    LibraryItem.objects.update(featured=False)
    assert "Aucun élément n'est à la une pour le moment." in client.get("/").content.decode()


def test_home_keeps_the_network_figures_and_adds_the_library(client, library, plans, network):
    plan = public_plan(network.other_coordinator, network.montreal)
    reinvest(
        library.learning, new_action(network.other_coordinator, plan, "Ateliers adaptés"), network.montreal
    )
    content = client.get("/").content.decode()
    assert "<strong>4</strong> partenaires actifs" in content
    assert "<strong>2</strong> regroupements" in content
    assert "<strong>4</strong> éléments publiés dans la bibliothèque" in content
    assert "<strong>1</strong> réinvestissements dans les plans d'action" in content
    assert 'href="/bibliotheque/fils/"' in content
    assert f'action="{reverse("search:search")}"' in content


def test_home_open_graph(client, library):
    content = client.get("/").content.decode()
    assert '<meta property="og:type" content="website">' in content
    assert '<meta property="og:url" content="http://testserver/">' in content
    assert '<meta property="og:locale" content="fr_CA">' in content
    english = client.get("/en/").content.decode()
    assert '<meta property="og:url" content="http://testserver/en/">' in english
    assert '<meta property="og:locale" content="en_CA">' in english


def test_home_costs_constant_queries(client, library, settings):
    settings.PAGE_CACHE_ENABLED = False  # the page's own cost, not the page cache's
    client.get("/")
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    add_items(library.french_index, 12, featured=True)
    with CaptureQueriesContext(connection) as large:
        content = client.get("/").content.decode()
    assert content.count("<article>") == 6
    assert len(large.captured_queries) == len(small.captured_queries)


# --- Contributions ------------------------------------------------------------------


def test_organisation_contributions_list_its_published_items(client, library, network):
    url = reverse("library:organisation_contributions", args=[network.cpe.pk])
    assert url == f"/partenaires/{network.cpe.pk}/contributions/"
    content = client.get(url).content.decode()
    assert "Contributions de CPE Les Petits Pas à la bibliothèque" in content
    assert "1 élément publié" in content
    assert f'href="{library.learning.url}"' in content
    assert library.tool.title not in content  # credited to the halte-garderie
    unpublish(library.learning)
    content = client.get(url).content.decode()
    assert '<h2 id="elements-publies">Éléments publiés</h2>' in content
    assert "Ce partenaire n'a encore rien publié dans la bibliothèque." in content


def test_contributions_show_the_version_in_the_visitors_language(client, library, network):
    # Only the French learning is credited; its English translation stands for it in English.
    organisation_url = reverse("library:organisation_contributions", args=[network.cpe.pk])
    partnership_url = reverse("library:partnership_contributions", args=[network.montreal.pk])
    content = client.get("/en" + organisation_url).content.decode()
    assert library.translation.title in content
    assert library.learning.title.replace("'", "&#x27;") not in content
    # An item without translation is listed in its own language, marked as such.
    content = client.get("/en" + partnership_url).content.decode()
    assert '<li lang="fr">' in content
    assert library.publication.title in content


def test_partnership_contributions_are_paginated_newest_first(client, library, network):
    add_items(library.french_index, 21, partnerships=[network.rimouski.pk])
    url = reverse("library:partnership_contributions", args=[network.rimouski.pk])
    first = client.get(url).content.decode()
    assert "22 éléments publiés" in first
    titles = re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", first)
    assert len(titles) == 20
    assert titles[0].startswith("Élément 20 ")  # the latest published
    second = client.get(url + "?page=2").content.decode()
    assert "Ateliers parents-enfants d&#x27;éveil à la lecture" in second
    assert client.get(url + "?page=abc").status_code == 400
    missing = client.get(url + "?page=9")
    assert missing.status_code == 404
    assert "La page 9 n&#x27;existe pas : cette liste compte 2 page(s)." in missing.content.decode()


def test_unknown_or_inactive_subjects_are_french_404s(client, library, network):
    response = client.get(reverse("library:organisation_contributions", args=[999999]))
    assert response.status_code == 404
    assert "Aucun partenaire ne porte le numéro 999999." in response.content.decode()
    response = client.get(reverse("library:partnership_contributions", args=[999999]))
    assert response.status_code == 404
    assert "Aucun regroupement ne porte le numéro 999999." in response.content.decode()
    Organisation.objects.filter(pk=network.cpe.pk).update(is_active=False)
    assert client.get(reverse("library:organisation_contributions", args=[network.cpe.pk])).status_code == 404


def test_reinvestments_by_others_and_from_others(client, library, plans, network):
    hochelaga = public_plan(network.other_coordinator, network.montreal)
    adapted = new_action(network.other_coordinator, hochelaga, "Lecture en famille à Hochelaga")
    reinvest(library.learning, adapted, network.montreal, adapted="Horaire du samedi")
    # Rimouski's own action reinvested by Hochelaga, and Rimouski reusing its own learning.
    from_action = new_action(network.other_coordinator, hochelaga, "Formation inspirée de Rimouski")
    reinvest(plans.stimulation, from_action, network.montreal)
    own = new_action(network.coordinator, plans.plan, "Ateliers, deuxième année")
    reinvest(library.learning, own, network.rimouski)

    rimouski = client.get(reverse("library:partnership_contributions", args=[network.rimouski.pk]))
    by_others = section(rimouski.content.decode(), "reinvestissements-par-d-autres")
    assert "2 réinvestissements de ses contributions et de ses actions." in by_others
    assert f'href="{adapted.get_absolute_url()}"' in by_others
    assert f'href="{from_action.get_absolute_url()}"' in by_others
    assert "Ateliers, deuxième année" not in by_others  # not by another partnership
    from_others = section(rimouski.content.decode(), "reinvestis-d-autres")
    assert "Ateliers, deuxième année" not in from_others  # its own learning
    assert "Ce regroupement n'a encore rien réinvesti" in from_others

    montreal = client.get(reverse("library:partnership_contributions", args=[network.montreal.pk]))
    from_others = section(montreal.content.decode(), "reinvestis-d-autres")
    assert "2 réinvestissements dans ses plans d'action." in from_others
    assert f'href="{library.learning.url}"' in from_others
    assert "(action de Regroupement Naître et grandir à Rimouski)" in from_others

    # The organisation credited with the learning sees both réinvestissements of it.
    cpe = client.get(reverse("library:organisation_contributions", args=[network.cpe.pk])).content.decode()
    assert "2 réinvestissements de ses contributions" in cpe
    # The CLSC leads the reinvested action.
    clsc = client.get(reverse("library:organisation_contributions", args=[network.clsc.pk])).content.decode()
    assert "Formation inspirée de Rimouski" in clsc


def test_reinvestments_into_members_only_plans_stay_hidden(client, library, plans, network):
    secret = new_action(network.other_coordinator, plans.hidden, "Action interne de Hochelaga")
    reinvest(library.learning, secret, network.montreal)
    url = reverse("library:organisation_contributions", args=[network.cpe.pk])
    assert "Action interne de Hochelaga" not in client.get(url).content.decode()
    client.force_login(network.other_coordinator)
    assert "Action interne de Hochelaga" in client.get(url).content.decode()


def test_many_reinvestments_show_the_latest_and_the_total(client, library, plans, network):
    hochelaga = public_plan(network.other_coordinator, network.montreal)
    for i in range(23):
        reinvest(
            library.learning,
            new_action(network.other_coordinator, hochelaga, f"Adaptation {i}"),
            network.montreal,
        )
    content = client.get(
        reverse("library:organisation_contributions", args=[network.cpe.pk])
    ).content.decode()
    assert "23 réinvestissements de ses contributions et de ses actions." in content
    assert "Et 3 autres, plus anciens." in content
    assert "Adaptation 22" in content and "Adaptation 0<" not in content


def test_contributions_pages_cost_constant_queries(client, library, plans, network):
    hochelaga = public_plan(network.other_coordinator, network.montreal)
    urls = [
        reverse("library:organisation_contributions", args=[network.cpe.pk]),
        reverse("library:partnership_contributions", args=[network.rimouski.pk]),
        reverse("library:partnership_contributions", args=[network.montreal.pk]),
        reverse("partners:organisation", args=[network.cpe.pk]),
        reverse("partners:partnership", args=[network.rimouski.pk]),
    ]

    def grow(n):
        theme = Theme.objects.get(code="langage")
        ids = add_items(
            library.french_index,
            n,
            organisations=[network.cpe.pk],
            partnerships=[network.rimouski.pk],
            themes=[theme.pk],
        )
        for pk in ids:
            item = LibraryItem.objects.get(pk=pk)
            reinvest(
                item, new_action(network.other_coordinator, hochelaga, f"Adaptation {pk}"), network.montreal
            )

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries.captured_queries))
        return result

    grow(1)
    small = counts()
    grow(25)
    assert counts() == small


def test_panels_on_the_partners_pages(client, library, network):
    content = client.get(reverse("partners:organisation", args=[network.cpe.pk])).content.decode()
    link = reverse("library:organisation_contributions", args=[network.cpe.pk])
    assert f'<a href="{link}">1 contribution à la bibliothèque</a>' in content
    add_items(library.french_index, 11, partnerships=[network.rimouski.pk])
    content = client.get(reverse("partners:partnership", args=[network.rimouski.pk])).content.decode()
    link = reverse("library:partnership_contributions", args=[network.rimouski.pk])
    assert f'<a href="{link}">12 contributions à la bibliothèque</a>' in content
    # Nothing to show, no panel.
    content = client.get(reverse("partners:organisation", args=[network.clsc.pk])).content.decode()
    assert "Contributions à la bibliothèque" not in content


def test_panel_counts_a_translated_item_once(client, library, network):
    translation = LibraryItem.objects.get(pk=library.translation.pk)
    translation.organisations.add(network.cpe)
    translation.save()  # modelcluster writes parental relations on save
    add_items(library.english_index, 1, organisations=[network.cpe.pk])
    content = client.get(reverse("partners:organisation", args=[network.cpe.pk])).content.decode()
    assert "2 contributions à la bibliothèque" in content


def test_panel_counts_reinvestments(client, library, plans, network):
    hochelaga = public_plan(network.other_coordinator, network.montreal)
    reinvest(library.learning, new_action(network.other_coordinator, hochelaga, "Adaptée"), network.montreal)
    content = client.get(reverse("partners:partnership", args=[network.rimouski.pk])).content.decode()
    assert "1 réinvestissement par d'autres regroupements" in content


def test_names_are_escaped_on_the_contributions_page(client, library, network):
    sector = Sector.objects.get(code="communautaire-famille")
    organisation = partner_actions.save_organisation(
        Organisation(name='<script>alert("x")</script> & cie', sector=sector),
        region_ids=[network.regions["01"].pk],
    )
    content = client.get(
        reverse("library:organisation_contributions", args=[organisation.pk])
    ).content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; cie" in content


# --- sitemap.xml --------------------------------------------------------------------


def sitemap_locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        entry.findtext(f"{SITEMAP}loc"): {
            "lastmod": entry.findtext(f"{SITEMAP}lastmod"),
            "alternates": {link.get("hreflang"): link.get("href") for link in entry.findall(f"{XHTML}link")},
        }
        for entry in root.findall(f"{SITEMAP}url")
    }


def test_sitemap_index_points_to_every_section(client, library, plans):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [entry.findtext(f"{SITEMAP}loc") for entry in root.findall(f"{SITEMAP}sitemap")]
    assert locations == [
        f"http://testserver/sitemap-{name}.xml"
        for name in ("bibliotheque", "partenaires", "regroupements", "plans", "actions")
    ]


def test_sitemap_lists_published_items_in_both_languages(client, library):
    unpublish(library.tool)
    entries = sitemap_locations(client, "/sitemap-bibliotheque.xml")
    learning = f"http://testserver{library.learning.url}"
    translation = f"http://testserver{library.translation.url}"
    assert learning in entries and translation in entries
    assert f"http://testserver{library.news.url}" in entries
    assert f"http://testserver{library.tool.url}" not in entries
    assert entries[learning]["lastmod"] == "2025-03-01"
    assert entries[learning]["alternates"] == {"fr": learning, "en": translation}
    assert entries[translation]["alternates"] == {"fr": learning, "en": translation}
    assert entries[f"http://testserver{library.news.url}"]["alternates"] == {}


def test_sitemap_lists_public_plans_and_their_actions_only(client, library, plans, network):
    hidden_action = new_action(network.other_coordinator, plans.hidden, "Action interne")
    entries = sitemap_locations(client, "/sitemap-plans.xml")
    public = f"http://testserver/plans/{plans.plan.pk}/"
    assert set(entries) == {public, f"http://testserver/en/plans/{plans.plan.pk}/"}
    assert entries[public]["alternates"] == {
        "fr": public,
        "en": f"http://testserver/en/plans/{plans.plan.pk}/",
        "x-default": public,
    }
    actions = sitemap_locations(client, "/sitemap-actions.xml")
    assert f"http://testserver/actions/{plans.workshops.pk}/" in actions
    assert f"http://testserver/en/actions/{plans.workshops.pk}/" in actions
    assert f"http://testserver/actions/{hidden_action.pk}/" not in actions


def test_sitemap_lists_active_organisations_and_partnerships(client, library, network):
    Organisation.objects.filter(pk=network.halte.pk).update(is_active=False)
    entries = sitemap_locations(client, "/sitemap-partenaires.xml")
    assert f"http://testserver/partenaires/{network.cpe.pk}/" in entries
    assert f"http://testserver/en/partenaires/{network.cpe.pk}/" in entries
    assert f"http://testserver/partenaires/{network.halte.pk}/" not in entries
    assert len(entries) == 6
    partnerships = sitemap_locations(client, "/sitemap-regroupements.xml")
    assert f"http://testserver/regroupements/{network.montreal.pk}/" in partnerships


def test_sitemap_sections_are_cut_into_files(client, library, network, monkeypatch):
    monkeypatch.setattr(BilingualSitemap, "limit", 3)
    monkeypatch.setattr(LibraryItemSitemap, "limit", 2)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [entry.findtext(f"{SITEMAP}loc") for entry in root.findall(f"{SITEMAP}sitemap")]
    assert "http://testserver/sitemap-partenaires.xml?p=3" in locations
    assert "http://testserver/sitemap-partenaires.xml?p=4" not in locations
    assert "http://testserver/sitemap-bibliotheque.xml?p=3" in locations
    # Four organisations in two languages: eight addresses over three files, each once.
    seen = []
    for page in (1, 2, 3):
        seen += list(sitemap_locations(client, f"/sitemap-partenaires.xml?p={page}"))
    expected = {
        f"http://testserver{prefix}/partenaires/{o.pk}/"
        for o in (network.cpe, network.clsc, network.maison, network.halte)
        for prefix in ("", "/en")
    }
    assert len(seen) == 8 and set(seen) == expected
    items = []
    for page in (1, 2, 3):
        items += list(sitemap_locations(client, f"/sitemap-bibliotheque.xml?p={page}"))
    assert len(items) == len(set(items)) == 5
    assert client.get("/sitemap-partenaires.xml?p=4").status_code == 404
    assert client.get("/sitemap-partenaires.xml?p=abc").status_code == 404
    assert client.get("/sitemap-inconnu.xml").status_code == 404


def test_sitemap_costs_constant_queries(client, library, plans, network):
    def counts():
        result = []
        for url in (
            "/sitemap.xml",
            "/sitemap-bibliotheque.xml",
            "/sitemap-partenaires.xml",
            "/sitemap-actions.xml",
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries.captured_queries))
        return result

    small = counts()
    add_items(library.french_index, 30)
    sector = Sector.objects.get(code="communautaire-famille")
    for i in range(20):
        partner_actions.save_organisation(
            Organisation(name=f"Organisme {i}", sector=sector), region_ids=[network.regions["01"].pk]
        )
    for i in range(10):
        new_action(network.coordinator, plans.plan, f"Action {i}")
    assert counts() == small


# --- Open Graph and alternates of item pages -----------------------------------------


def test_item_page_open_graph(client, library):
    content = client.get(library.learning.url).content.decode()
    url = f"http://testserver{library.learning.url}"
    assert f'<link rel="canonical" href="{url}">' in content
    assert '<meta property="og:type" content="article">' in content
    assert (
        '<meta property="og:title" content="Ateliers parents-enfants d&#x27;éveil à la lecture">' in content
    )
    assert (
        '<meta property="og:description" content="Dix ateliers à la bibliothèque municipale '
        'pour lire avec les tout-petits.">'
    ) in content
    assert f'<meta property="og:url" content="{url}">' in content
    assert '<meta property="og:locale" content="fr_CA">' in content
    assert '<meta property="og:locale:alternate" content="en_CA">' in content
    assert '<meta property="article:published_time" content="2025-03-01">' in content
    translation = f"http://testserver{library.translation.url}"
    assert f'<link rel="alternate" hreflang="en" href="{translation}">' in content
    assert f'<link rel="alternate" hreflang="fr" href="{url}">' in content
    assert 'href="/bibliotheque/fils/themes/eveil-lecture-ecriture/"' in content


def test_english_item_page_open_graph(client, library):
    content = client.get(library.translation.url).content.decode()
    assert '<meta property="og:locale" content="en_CA">' in content
    assert f'<link rel="alternate" hreflang="fr" href="http://testserver{library.learning.url}">' in content
    assert 'href="/en/bibliotheque/fils/themes/eveil-lecture-ecriture/"' in content


def test_item_without_translation_has_no_alternates(client, library):
    content = client.get(library.tool.url).content.decode()
    assert 'rel="alternate" hreflang' not in content
    assert "og:locale:alternate" not in content
    unpublish(library.translation)
    assert 'rel="alternate" hreflang' not in client.get(library.learning.url).content.decode()


def test_open_graph_values_are_escaped(client, library):
    page = LibraryItem.objects.get(pk=library.tool.pk).specific
    page.title = 'Grille "jeu libre" <b>& plus</b>'
    page.summary = 'Un résumé avec "guillemets" et <script>alert(1)</script>'
    page.save()
    content = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in content
    title = re.search(r'<meta property="og:title" content="([^"]*)">', content).group(1)
    assert html.unescape(title) == 'Grille "jeu libre" <b>& plus</b>'
    description = re.search(r'<meta property="og:description" content="([^"]*)">', content).group(1)
    assert html.unescape(description) == 'Un résumé avec "guillemets" et <script>alert(1)</script>'


@pytest.mark.parametrize("path", ["/", "/partenaires/"])
def test_every_page_announces_the_library_feed(client, library, path):
    content = client.get(path).content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/bibliotheque/fils/"' in content


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
