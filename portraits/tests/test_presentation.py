"""How the portrait pages present their figures: titles, links between pages, comparisons
with Québec one measure at a time, the map's labels, and pistes folded and never repeated."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from portraits.charts import render_svg
from portraits.recommendations import Need, Recommendation
from portraits.tests.test_charts import region_map
from portraits.tests.world import build
from portraits.views import recommendations as recommendation_views
from portraits.views.recommendations import need_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(network, plans, library):
    cache.clear()
    yield build(network, plans, library)
    cache.clear()


def _csv(client, url: str, chart: str) -> list[str]:
    response = client.get(url, {"chart": chart, "format": "csv"})
    assert response.status_code == 200
    return response.content.decode("utf-8-sig").splitlines()


def test_partnership_portrait_is_titled_by_its_name_and_links_to_its_network(client, world):
    html = client.get(f"/portraits/regroupements/{world.hochelaga.pk}/").content.decode()
    assert "<h1>Portrait du regroupement « Concertation petite enfance Hochelaga »</h1>" in html
    assert "<title>Portrait du regroupement « Concertation petite enfance Hochelaga »" in html
    # One partnership's portrait does not count « 1 regroupement actif » among its key figures.
    assert "regroupement actif" not in html
    see_also = html.split('<nav class="portrait-see-also"', 1)[1].split("</nav>", 1)[0]
    assert f'href="/portraits/regroupements/{world.hochelaga.pk}/reseau/"' in see_also
    assert "Réseau des membres : Concertation petite enfance Hochelaga" in see_also
    assert 'href="/portraits/regions/06/"' in see_also


def test_region_portrait_still_counts_its_partnerships(client, world):
    html = client.get("/portraits/regions/06/").content.decode()
    assert re.search(r'<span class="figure">2</span> <span>regroupements actifs</span>', html)


def test_quebec_portrait_links_to_the_network_and_the_open_data(client, world):
    html = client.get("/portraits/").content.decode()
    see_also = html.split('<nav class="portrait-see-also"', 1)[1].split("</nav>", 1)[0]
    assert '<h2 id="voir-aussi">Voir aussi</h2>' in see_also
    assert 'href="/portraits/reseau/"' in see_also
    assert 'href="/donnees-ouvertes/"' in see_also


def test_each_measure_is_compared_with_quebec_in_its_own_chart(client, world):
    url = "/portraits/regions/06/"
    html = client.get(url).content.decode()
    assert 'id="chart-comparaison-actions-par-regroupement"' in html
    assert 'id="chart-comparaison-enfants-rejoints-par-1000"' in html
    assert 'id="chart-comparaison"' not in html
    # Each chart has the region and Québec on its own scale.
    assert _csv(client, url, "comparaison-actions-par-regroupement") == [
        "Territoire;Actions par regroupement",
        "Montréal;1,5",
        "Ensemble du Québec;2,0",
    ]
    reach = _csv(client, url, "comparaison-enfants-rejoints-par-1000")
    assert reach[1:] == ["Montréal;26,3", "Ensemble du Québec;20,0"]


def test_the_legend_gives_a_long_name_in_full(client, world):
    html = client.get(f"/portraits/regroupements/{world.hochelaga.pk}/").content.decode()
    systems = html.split('id="chart-comparaison-systemes"', 1)[1].split("</svg>", 1)[0]
    legend = systems.split('class="legend"', 1)[1].split("</g>", 1)[0]
    assert ">Concertation petite enfance Hochelaga</text>" in legend


def test_the_gaspesie_label_is_written_west_of_its_circle():
    svg = str(render_svg(region_map({"11": 1, "06": 30})))
    label = re.search(r'<g class="region" data-code="11".*?</g>', svg, flags=re.S).group(0)
    assert re.search(r'<text [^>]*text-anchor="end"[^>]*>11</text>', label)
    other = re.search(r'<g class="region" data-code="09".*?</g>', svg, flags=re.S).group(0)
    assert 'text-anchor="end"' not in other


def _recommendation(pk: int, title: str) -> Recommendation:
    return Recommendation(
        kind="action",
        pk=pk,
        title=title,
        url=f"/plans/actions/{pk}/",
        summary="",
        origin="Ailleurs",
        shared_factors=["Pratiques parentales"],
        similarity=0.5,
        reuse_count=0,
        score=1.0,
    )


def _needs() -> list[Need]:
    first = [_recommendation(pk, f"Piste {pk}") for pk in (1, 2, 3, 4, 5)]
    second = [_recommendation(pk, f"Piste {pk}") for pk in (2, 6, 5)]
    return [
        Need(
            "priority", "priorite-1", "Lire avec son enfant", "famille", "Famille", [], recommendations=first
        ),
        Need("gap", "ecart-2", "Pratiques parentales", "famille", "Famille", [], recommendations=second),
    ]


def test_sections_fold_after_three_and_mark_repeats():
    sections = need_sections(_needs())
    first, second = sections
    assert [e["recommendation"].pk for e in first["shown"]] == [1, 2, 3]
    assert [e["recommendation"].pk for e in first["more"]] == [4, 5]
    assert [(e["recommendation"].pk, e["repeated"]) for e in second["shown"]] == [
        (2, True),
        (6, False),
        (5, True),
    ]
    assert second["more"] == []
    # A repeat points at the first card, even when that card is folded.
    assert second["shown"][0]["anchor"] == "priorite-1-action-2"
    assert second["shown"][2]["anchor"] == "priorite-1-action-5"


def test_the_page_folds_pistes_and_does_not_repeat_them(client, plans, monkeypatch):
    monkeypatch.setattr(recommendation_views, "recommend", lambda *args, **kwargs: _needs())
    response = client.get(f"/portraits/plans/{plans.plan.pk}/pistes/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<details class="more-pistes">') == 1
    assert "Voir 2 autres pistes" in html
    # Six distinct pistes, each with one full card; the two repeats only name theirs.
    assert html.count("<h3>") == 6
    assert html.count("Déjà proposée plus haut") == 2
    assert 'href="#priorite-1-action-5">Déjà proposée plus haut</a>' in html
    assert '<li id="priorite-1-action-5">' in html
