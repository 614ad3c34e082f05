"""The portrait pages: what a visitor reads, the 404s, the downloads and the cost in queries."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.core.cache import cache

from plans import actions as plan_actions
from plans.models import Action
from portraits.tests.world import build
from taxonomy.models import ActionType

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(network, plans, library):
    cache.clear()
    yield build(network, plans, library)
    cache.clear()


def _text(response) -> str:
    """The page's text with tags removed and spaces collapsed, for phrases that span elements."""
    html = response.content.decode()
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).replace("\xa0", " ")


def _figure(text: str, value: str, label: str) -> bool:
    return f"{value} {label}" in text


def test_quebec_page_shows_key_figures_regions_and_charts(client, world):
    response = client.get("/portraits/")
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response)
    assert _figure(text, "4", "partenaires actifs")
    assert _figure(text, "3", "regroupements actifs")
    assert _figure(text, "2", "plans d'action publics")
    assert _figure(text, "6", "actions")
    assert _figure(text, "5 000", "enfants de 0 à 5 ans")
    assert _figure(text, "180", "enfants rejoints")
    assert "dont 100 en 2026" in text
    assert _figure(text, "4", "éléments publiés dans la bibliothèque")
    assert _figure(text, "3", "réinvestissements")
    # Every region links to its portrait, from the table, the charts and the list.
    assert html.count('href="/portraits/regions/06/"') >= 3
    for slug in (
        "carte-regroupements",
        "actions-par-region",
        "couverture",
        "types-action",
        "tendances",
        "eqdem",
    ):
        assert f"chart={slug}&amp;format=csv" in html
    assert '<h2 id="angles-morts">' in html
    assert "<script" not in html.split("<main", 1)[1]


def test_region_page_compares_with_quebec_and_lists_partnerships(client, world):
    response = client.get("/portraits/regions/06/")
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response)
    assert "Portrait de la région 06 Montréal" in text
    assert _figure(text, "2", "partenaires actifs")
    assert _figure(text, "3 800", "enfants de 0 à 5 ans")
    assert "1 réinvestissements de ses expériences par d'autres regroupements" in text
    assert f'href="/portraits/regroupements/{world.hochelaga.pk}/"' in html
    assert f'href="/portraits/regroupements/{world.saint_michel.pk}/"' in html
    assert "Comparaison avec l'ensemble du Québec" in text
    assert 'href="/portraits/"' in html
    # Montréal's own EQDEM rates are not entered: Québec's stand in, and the page says so.
    assert "Les taux propres à la région Montréal ne sont pas encore inscrits" in text


def test_partnership_page_links_to_its_sheet_and_region(client, world):
    response = client.get(f"/portraits/regroupements/{world.hochelaga.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response)
    assert "Portrait du regroupement « Concertation petite enfance Hochelaga »" in text
    assert f'href="/regroupements/{world.hochelaga.pk}/"' in html
    assert 'href="/portraits/regions/06/"' in html
    assert _figure(text, "1", "élément publié dans la bibliothèque")
    assert _figure(text, "2", "réinvestissements faits")


def test_partnership_sheet_has_a_panel_to_its_portrait(client, world):
    html = client.get(f"/regroupements/{world.rimouski.pk}/").content.decode()
    assert f'href="/portraits/regroupements/{world.rimouski.pk}/"' in html
    assert "Portrait du territoire" in html


def test_gaps_are_listed_with_their_reasons(client, world):
    # Rimouski's plan has a priority on the child system; the cognitive factor has no action.
    text = _text(client.get(f"/portraits/regroupements/{world.rimouski.pk}/"))
    assert "Habiletés cognitives" in text.split("Angles morts", 1)[1]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/portraits/regions/99/", "Aucune région administrative ne porte le code « 99 »."),
        ("/portraits/regroupements/999999/", "Ce regroupement n'existe pas ou n'est plus actif."),
    ],
)
def test_unknown_scopes_are_french_404s(client, world, url, message):
    response = client.get(url)
    assert response.status_code == 404
    assert message in response.content.decode().replace("&#x27;", "'")


def test_an_inactive_partnership_has_no_portrait(client, world):
    response = client.get(f"/portraits/regroupements/{world.closed.pk}/")
    assert response.status_code == 404
    assert "n&#x27;est plus actif" in response.content.decode()


def test_a_region_without_data_says_so(client, world):
    response = client.get("/portraits/regions/17/")
    assert response.status_code == 200
    text = _text(response)
    assert "Aucune donnée pour la région Centre-du-Québec pour le moment" in text
    assert "<svg" not in response.content.decode()


def test_a_partnership_without_plans_shows_empty_charts_messages(client, world):
    text = _text(client.get(f"/portraits/regroupements/{world.saint_michel.pk}/"))
    assert "Aucune action n'est inscrite dans un plan public pour le moment." in text


def test_csv_download_of_a_chart(client, world):
    response = client.get("/portraits/regions/06/", {"chart": "actions-par-regroupement", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "Concertation petite enfance Hochelaga;3" in body
    assert "Table petite enfance Saint-Michel;0" in body


def test_an_unknown_chart_is_a_french_400(client, world):
    response = client.get("/portraits/", {"chart": "inconnu", "format": "csv"})
    assert response.status_code == 400


def test_english_page(client, world):
    response = client.get("/en/portraits/regions/06/")
    assert response.status_code == 200
    assert 'href="/en/portraits/regroupements/' in response.content.decode()


@pytest.mark.parametrize("url", ["/portraits/", "/portraits/regions/06/", "partnership"])
def test_pages_cost_a_constant_number_of_queries(client, world, url, django_assert_max_num_queries):
    if url == "partnership":
        url = f"/portraits/regroupements/{world.hochelaga.pk}/"
    cache.clear()
    with django_assert_max_num_queries(40) as cold_small:
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200
    # More actions, reach and réinvestissements: the same number of queries, cold and warm.
    workshop_type = ActionType.objects.get(code="soutien-parental")
    for index in range(5):
        action = plan_actions.save_action(
            world.network.other_coordinator,
            world.hochelaga_plan,
            None,
            {"title": f"Atelier {index}", "action_type": workshop_type, "lead": world.network.maison},
        )
        plan_actions.save_reach(
            world.network.other_coordinator, action, 2024 + index % 3, children=index, parents=0, families=0
        )
    cache.clear()
    with django_assert_max_num_queries(len(cold_small.captured_queries)) as cold_big:
        assert client.get(url).status_code == 200
    assert len(cold_big.captured_queries) == len(cold_small.captured_queries)
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200


def test_a_change_shows_on_the_next_request(client, world):
    url = f"/portraits/regroupements/{world.hochelaga.pk}/"
    assert _figure(_text(client.get(url)), "3", "actions")
    plan_actions.save_action(
        world.network.other_coordinator,
        world.hochelaga_plan,
        None,
        {"title": "Nouvelle action", "action_type": ActionType.objects.get(code="formation")},
    )
    assert _figure(_text(client.get(url)), "4", "actions")
    Action.objects.filter(title="Nouvelle action").delete()
    assert _figure(_text(client.get(url)), "3", "actions")


def test_a_region_chart_keeps_the_partnerships_with_the_most_actions():
    from portraits.charts.for_pages import MAX_BARS, areas_chart
    from portraits.figures import AreaRow, Figures, Portrait

    areas = [AreaRow(str(n), f"Regroupement {n:02}", f"/p/{n}/", Figures(actions=n)) for n in range(40)]
    portrait = Portrait(
        key="region-06",
        kind="region",
        name="Montréal",
        figures=Figures(),
        reach_latest=None,
        reinvestments_received=0,
        areas=areas,
        systems=[],
        matrix=[],
        action_types=[],
        trends=[],
    )
    chart = areas_chart(portrait)
    assert len(chart.categories) == MAX_BARS == 30
    assert chart.categories[0] == "Regroupement 39" and chart.series[0].values[:2] == [39, 38]
    assert chart.links[0] == "/p/39/"
    assert "30 regroupements" in chart.title
