"""The journeys through the portraits, in Chromium: from the map of Québec to a region's
portrait, a chart's data table and its download, with the keyboard only; and the network
of a partnership, drawn by Cytoscape with JavaScript and by the server without it."""

import re

import pytest
from django.core.cache import cache

from .helpers import assert_accessible, tab_to
from .test_accessibility import build_portraits_world

# The live server's thread must see the data: it is committed, then flushed after each
# test; the serialized rollback puts back the reference data that the flush removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def world(network, plans, library, settings, tmp_path):
    """The portraits' small network: Rimouski (region 01) has one partnership with three public actions."""
    settings.VAR_DIR = tmp_path
    yield build_portraits_world(network, plans, library)
    cache.clear()


def test_a_visitor_goes_from_the_map_to_a_region_and_reads_and_downloads_a_chart(
    page, page_errors, expect, world
):
    page.goto("/portraits/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Québec")
    region_link = page.locator("#chart-carte-regroupements").get_by_role(
        "link", name=re.compile(r"^Bas-Saint-Laurent : 1 regroupement")
    )
    tab_to(page, region_link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/portraits/regions/01/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Portrait de la région 01 Bas-Saint-Laurent")
    assert_accessible(page)

    # The chart's data: a closed disclosure that Enter opens, with the value in its table.
    chart = page.locator("#chart-actions-par-regroupement")
    table = chart.get_by_role("table", name="Actions par regroupement")
    expect(table).to_be_hidden()
    summary = chart.locator("summary", has_text="Données du graphique")
    tab_to(page, summary)
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    row = table.get_by_role("row", name=re.compile("Regroupement Naître et grandir à Rimouski"))
    expect(row.get_by_role("cell")).to_have_text("3")
    assert_accessible(page)

    # The same figures as a CSV file, as French Excel opens it.
    csv_link = chart.get_by_role("link", name="Télécharger « Actions par regroupement » en CSV")
    tab_to(page, csv_link)
    with page.expect_download() as event:
        page.keyboard.press("Enter")
    download = event.value
    assert download.suggested_filename.endswith(".csv")
    lines = open(download.path(), encoding="utf-8-sig").read().splitlines()
    assert lines[0] == "Regroupement;Actions (actions)"
    assert lines[1:] == ["Regroupement Naître et grandir à Rimouski;3"]
    assert page_errors == [], f"Erreurs JavaScript ou violations de la CSP : {page_errors}"


def test_the_network_of_a_partnership_is_interactive_with_javascript(page, page_errors, expect, world):
    page.goto(f"/portraits/regroupements/{world.rimouski.pk}/reseau/")
    view = page.locator("#network-view")
    # Cytoscape draws on canvases in the box that the script adds; the server's drawing is hidden.
    expect(view.locator(".network-canvas canvas").first).to_be_attached()
    expect(view.locator(".network-static")).to_be_hidden()
    expect(page.get_by_label("Mettre un membre en évidence")).to_be_visible()
    assert page.locator("table.network-table tbody tr").count() == 2
    assert_accessible(page)
    assert page_errors == [], f"Erreurs JavaScript ou violations de la CSP : {page_errors}"


def test_the_network_of_a_partnership_is_drawn_by_the_server_without_javascript(
    browser_thread, live_server, expect, world
):
    context = browser_thread.browser.new_context(
        base_url=live_server.url, locale="fr-CA", java_script_enabled=False
    )
    try:
        page = context.new_page()
        response = page.goto(f"/portraits/regroupements/{world.rimouski.pk}/reseau/")
        assert response.status == 200
        drawing = page.locator("#network-view svg.network-svg")
        expect(drawing).to_be_visible()
        expect(drawing.locator("title").first).to_have_text(
            "Réseau des membres : Regroupement Naître et grandir à Rimouski"
        )
        assert page.locator("#network-view canvas").count() == 0
        members = page.get_by_role("table", name=re.compile("Membres du regroupement"))
        expect(members).to_be_visible()
        expect(members.get_by_role("rowheader")).to_have_text(["CLSC de Rimouski", "CPE Les Petits Pas"])
    finally:
        context.close()
