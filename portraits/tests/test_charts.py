"""The portraits' charts: accessible, escaped SVG whose marks match the figures, and their figure tag."""

import math
import re
from decimal import Decimal

import pytest
from defusedxml import ElementTree
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from demo.partners import REGION_LABELS
from portraits.charts import Chart, Series, format_number, nice_ticks, render_svg
from portraits.quebec_map import CENTROIDS, OFFSETS

SVG = "{http://www.w3.org/2000/svg}"
REGIONS = REGION_LABELS


def parse(chart: Chart, **options):
    """The SVG of a chart as an XML tree (it must be well-formed)."""
    markup = str(render_svg(chart, **options))
    if markup.startswith("<?xml"):
        markup = markup.split("\n", 1)[1]
    return ElementTree.fromstring(markup)


def texts(root) -> list[str]:
    """Every visible text of the SVG (not titles), in document order."""
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def bar_chart(values, **extra) -> Chart:
    options = {
        "slug": "actions-par-region",
        "title": "Actions par région",
        "kind": "bar",
        "category_label": "Région",
        "categories": [f"Région {i}" for i in range(len(values))],
        "series": [Series("Actions", values)],
    }
    return Chart(**(options | extra))


def region_map(values: dict[str, int | None]) -> Chart:
    codes = sorted(REGIONS)
    return Chart(
        slug="carte",
        title="Regroupements par région",
        kind="map",
        category_label="Région",
        categories=[REGIONS[c] for c in codes],
        series=[Series("Regroupements", [values.get(c) for c in codes])],
        unit="regroupements",
        codes=codes,
        links=[f"/portraits/regions/{c}/" for c in codes],
    )


def matrix_chart() -> Chart:
    return Chart(
        slug="facteurs",
        title="Actions par facteur de protection",
        kind="matrix",
        category_label="Facteur de protection",
        categories=["Pratiques parentales", "Habiletés cognitives", "Soutien social"],
        series=[Series("Grossesse", [3, 0, 12]), Series("0–1 an", [1250, 7, None])],
        groups=["Famille", "Enfant", "Communauté"],
    )


def line_chart() -> Chart:
    return Chart(
        slug="eqdem",
        title="Enfants vulnérables dans au moins un domaine",
        kind="line",
        category_label="Année",
        categories=["2012", "2017", "2022", "2027", "2032"],
        series=[
            Series(
                "Québec",
                [Decimal("25.6"), Decimal("27.7"), Decimal("28.7"), Decimal("29.0"), Decimal("30.0")],
            ),
            Series("Montréal", [Decimal("28.5"), Decimal("29.2"), None, Decimal("31.0"), Decimal("31.5")]),
        ],
        unit="%",
    )


@pytest.mark.parametrize("make", [lambda: bar_chart([3, 5]), region_map, matrix_chart, line_chart])
@pytest.mark.parametrize("standalone", [False, True])
def test_every_kind_is_well_formed_and_named_for_screen_readers(make, standalone):
    chart = make() if make is not region_map else region_map({"06": 4})
    root = parse(chart, standalone=standalone)
    # Marks that are links (the map's regions) make a graphics document, where links may live.
    assert root.get("role") == ("graphics-document" if chart.links and not standalone else "img")
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.text == chart.title
    assert desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("viewBox").startswith("0 0 ")
    if standalone:
        # A downloaded file has a size of its own and shows its title.
        assert root.get("width").isdigit() and root.get("height").isdigit()
        assert chart.title in texts(root)
    else:
        # Bars and lines fill their column; the matrix and the map keep their own size at most.
        assert root.get("width") == (
            "100%" if chart.kind in ("bar", "line") else root.get("viewBox").split()[2]
        )
        assert chart.title not in texts(root)


def test_the_description_is_the_one_given_or_points_to_the_table():
    described = bar_chart([3], description="Montréal compte le plus d'actions.")
    assert parse(described).find(f"{SVG}desc").text == "Montréal compte le plus d'actions."
    assert "tableau" in parse(bar_chart([3])).find(f"{SVG}desc").text


def test_hostile_labels_are_escaped():
    hostile = '<script>alert("x")</script>'
    chart = Chart(
        slug="hostile",
        title=hostile,
        kind="bar",
        category_label="Organisme",
        categories=[f'Organisme "{hostile}" & cie'],
        series=[Series(hostile, [4]), Series("B", [2])],
        links=['/x/?a=1&b="><script>'],
    )
    markup = str(render_svg(chart))
    assert "<script" not in markup
    root = ElementTree.fromstring(markup)
    assert not list(root.iter(f"{SVG}script"))
    assert root.find(f"{SVG}title").text == hostile
    assert hostile in texts(root)  # the legend shows the series label as text
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == ['/x/?a=1&b="><script>']


def test_bar_lengths_are_proportional_to_values_and_labelled_in_french():
    root = parse(bar_chart([1000, 2000, 4000, Decimal("12.5")]))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    widths = [float(b.get("width")) for b in bars]
    assert widths[1] / widths[0] == pytest.approx(2, rel=0.01)
    assert widths[2] / widths[0] == pytest.approx(4, rel=0.01)
    assert widths[3] / widths[0] == pytest.approx(0.0125, rel=0.05)
    values = [t for t in texts(root) if t[0].isdigit()]
    assert {"1\xa0000", "2\xa0000", "4\xa0000", "12,5"} <= set(values)


def test_grouped_bars_differ_by_pattern_and_missing_values_say_so():
    chart = Chart(
        slug="domaines",
        title="Vulnérabilité par domaine",
        kind="bar",
        category_label="Domaine",
        categories=["Santé physique", "Communication"],
        series=[Series("2012", [Decimal("9.5"), Decimal("10.8")]), Series("2017", [Decimal("10.6"), None])],
        unit="%",
    )
    root = parse(chart)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == 3  # no bar for the missing value
    fills = {b.get("fill") for b in bars}
    assert len(fills) == 2 and any(f.startswith("url(#chart-domaines-") for f in fills)
    assert "n.d." in texts(root)
    assert {"2012", "2017", "9,5\xa0%", "10,6\xa0%"} <= set(texts(root))


def test_line_series_differ_by_marker_and_dash_and_break_on_missing_years():
    root = parse(line_chart())
    series = [g for g in root.iter(f"{SVG}g") if g.get("class") == "series"]
    assert len(series) == 2
    points = [[p for p in s.iter(f"{SVG}g") if p.get("class") == "point"] for s in series]
    assert [len(p) for p in points] == [5, 4]
    paths = [[p for p in s.findall(f"{SVG}path") if p.get("fill") == "none"] for s in series]
    assert len(paths[0]) == 1 and len(paths[1]) == 2  # Montréal's line stops at the missing year
    assert paths[0][0].get("stroke-dasharray") != paths[1][0].get("stroke-dasharray")
    shapes = [next(iter(p[0])).tag for p in points]
    assert shapes[0] != shapes[1] or points[0][0][1].get("fill") != points[1][0][1].get("fill")
    labels = texts(root)
    assert "0\xa0%" in labels  # the axis starts at zero
    assert "Montréal 31,5\xa0%" in labels  # direct label with the last value


def test_matrix_writes_every_number_and_marks_gaps():
    root = parse(matrix_chart())
    cells = [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("cell")]
    assert ["".join(c.find(f"{SVG}text").itertext()) for c in cells] == [
        "3",
        "1\xa0250",
        "0",
        "7",
        "12",
        "n.d.",
    ]
    gap = cells[2]
    assert gap.get("class") == "cell gap"
    assert gap.find(f"{SVG}rect").get("fill") == "url(#chart-facteurs-gap)"
    assert {"Famille", "Enfant", "Communauté"} <= set(texts(root))
    # Darker grey for larger numbers, and white text only on the darkest ones.
    greys = {c.get("data-value"): c.find(f"{SVG}rect").get("fill") for c in cells}
    assert greys["1250"] != greys["3"]
    assert cells[1].find(f"{SVG}text").get("fill") == "#ffffff"


def test_map_draws_each_region_with_an_area_proportional_to_its_value():
    values = {code: index + 1 for index, code in enumerate(sorted(REGIONS))}
    values["06"] = 68
    root = parse(region_map(values))
    regions = [g for g in root.iter(f"{SVG}g") if g.get("class") == "region"]
    assert sorted(g.get("data-code") for g in regions) == sorted(CENTROIDS)
    area = {g.get("data-code"): float(g.get("data-radius")) ** 2 for g in regions}
    assert area["06"] / area["01"] == pytest.approx(68, rel=0.01)
    assert area["17"] / area["01"] == pytest.approx(17, rel=0.01)
    circle = next(g for g in regions if g.get("data-code") == "06").find(f".//{SVG}circle")
    assert float(circle.get("r")) == pytest.approx(math.sqrt(area["06"]), rel=0.01)
    links = {a.get("href"): a.find(f"{SVG}title").text for a in root.iter(f"{SVG}a")}
    assert set(links) == {f"/portraits/regions/{c}/" for c in REGIONS}
    assert links["/portraits/regions/06/"] == "Montréal : 68\xa0regroupements"
    # A downloaded map leaves the site: no links to follow there.
    assert not list(parse(region_map(values), standalone=True).iter(f"{SVG}a"))
    titles = {t.text for g in regions for t in g.iter(f"{SVG}title")}
    assert "Montréal : 68\xa0regroupements" in titles
    # Montréal and Laval are drawn away from their place, with a line back to it.
    leaders = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "leaders")
    assert len(leaders.findall(f"{SVG}line")) == len(OFFSETS) == 2


def test_map_regions_without_data_stay_visible():
    root = parse(region_map({"06": 10, "13": 0}))
    regions = {g.get("data-code"): g for g in root.iter(f"{SVG}g") if g.get("class") == "region"}
    assert len(regions) == 17
    assert regions["13"].find(f".//{SVG}title").text == "Laval : 0\xa0regroupements"
    assert regions["01"].find(f".//{SVG}title").text == "Bas-Saint-Laurent : données non disponibles"
    assert regions["01"].find(f".//{SVG}circle").get("stroke-dasharray")


def test_table_keeps_numbers_and_missing_values():
    chart = line_chart()
    header, rows = chart.table()
    assert header == ["Année", "Québec (%)", "Montréal (%)"]
    assert rows[2] == ["2022", Decimal("28.7"), None]


def test_empty_charts_and_bad_definitions():
    assert bar_chart([None, 0]).is_empty
    assert Chart("vide", "Vide", "bar", "Région", [], []).is_empty
    assert not bar_chart([None, 1]).is_empty
    with pytest.raises(ValueError):
        bar_chart([1], slug="Pas un slug")
    with pytest.raises(ValueError):
        Chart("x", "X", "bar", "Région", ["A", "B"], [Series("S", [1])])


def test_numbers_follow_the_language():
    assert format_number(3000) == "3\xa0000"
    assert format_number(Decimal("12.50")) == "12,5"
    assert format_number(2.0 / 3) == "0,67"
    assert format_number(None) == ""
    with translation.override("en"):
        assert format_number(3000) == "3,000"
        assert format_number(Decimal("12.5")) == "12.5"


def test_axis_ticks_are_round_and_start_at_zero():
    assert nice_ticks(0, 42) == [0, 10, 20, 30, 40, 50]
    assert nice_ticks(0, 104) == [0, 25, 50, 75, 100, 125]
    assert nice_ticks(0, 9) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(0, 28.7) == [0, 10, 20, 30]
    assert nice_ticks(3, 5) == [0, 1, 2, 3, 4, 5]
    assert nice_ticks(0, 2) == [0, 1, 2]
    assert nice_ticks(-3, 5) == [-4, -2, 0, 2, 4, 6]


def render_tag(chart: Chart, query: str = "") -> str:
    request = RequestFactory().get("/portraits/regions/06/" + query)
    return Template("{% load portraits_charts %}{% chart chart %}").render(
        Context({"chart": chart, "request": request})
    )


def test_the_figure_shows_the_chart_its_table_and_its_downloads():
    chart = Chart(
        slug="domaines",
        title="Vulnérabilité par domaine",
        kind="bar",
        category_label="Domaine",
        categories=["Santé physique", "Communication"],
        series=[Series("2012", [Decimal("9.5"), 3000]), Series("2017", [Decimal("10.6"), None])],
        unit="%",
        links=["/a/", ""],
    )
    html = render_tag(chart, "?annee=2022&format=csv")
    assert (
        '<figcaption id="chart-domaines-caption" class="chart-title">Vulnérabilité par domaine</figcaption>'
        in html
    )
    assert 'aria-describedby="chart-domaines-summary"' in html
    assert html.count("<svg") == 1
    assert "<summary>Données du graphique</summary>" in html
    assert "<caption>Vulnérabilité par domaine</caption>" in html
    assert '<th scope="col" class="number">2012 (%)</th>' in html
    assert '<th scope="row"><a href="/a/">Santé physique</a></th>' in html
    assert '<th scope="row">Communication</th>' in html
    assert '<td class="number">9,5</td>' in html
    assert '<td class="number">3\xa0000</td>' in html
    assert '<abbr title="non disponible">n.d.</abbr>' in html
    links = re.findall(r'<a href="([^"]+)" download aria-label="([^"]+)">([^<]+)</a>', html)
    assert [(href, text) for href, _label, text in links] == [
        ("?annee=2022&amp;chart=domaines&amp;format=csv", "CSV"),
        ("?annee=2022&amp;chart=domaines&amp;format=xlsx", "Excel (XLSX)"),
        ("?annee=2022&amp;chart=domaines&amp;format=svg", "Image SVG"),
        ("?annee=2022&amp;chart=domaines&amp;format=png", "Image PNG"),
    ]
    assert links[0][1] == "Télécharger « Vulnérabilité par domaine » en CSV"


def test_the_figure_of_an_empty_chart_shows_its_message_instead():
    html = render_tag(bar_chart([0, None], empty_message="Aucune action publiée dans cette région."))
    assert '<p class="chart-empty">Aucune action publiée dans cette région.</p>' in html
    assert "<svg" not in html


def test_the_matrix_table_groups_its_rows():
    html = render_tag(matrix_chart())
    assert html.count("<tbody>") == 3
    assert '<th scope="rowgroup" colspan="3">Famille</th>' in html
