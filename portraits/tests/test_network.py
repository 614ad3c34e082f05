"""The partnership network: measures against a small known network, the pages, downloads and panel.

The fixture: partnership « Alpha » has five active members A–E (and X, inactive) and a
public plan whose actions link A–B (twice), A–C, B–C and C–D; E acts alone. Its
members-only plan links E and D, which must not count. « Beta » shares A and C with Alpha
and has F; « Gamma » has G alone. So Alpha's graph has 4 links among 5 members
(density 0,4), two components, E isolated, C the only go-between (betweenness 2/6).
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners import actions as partner_actions
from partners.models import MemberRole, Membership, Organisation, Partnership
from plans.models import Action, Plan, PlanStatus, Visibility
from portraits.network import partnership_network, quebec_network, shape_points
from taxonomy.models import ActionType, Sector
from territories.models import Region

JOINED = datetime.date(2021, 9, 1)


class Built:
    pass


def _organisation(name: str, sector: str, region: Region, active: bool = True) -> Organisation:
    organisation = Organisation(name=name, sector=Sector.objects.get(code=sector), is_active=active)
    return partner_actions.save_organisation(organisation, region_ids=[region.pk])


def _partnership(name: str, region: Region, active: bool = True) -> Partnership:
    partnership = Partnership(name=name, region=region, territory_name=name, is_active=active)
    partnership.search_text = partner_actions.partnership_search_text(partnership)
    partnership.save()
    return partnership


def _plan(partnership: Partnership, visibility: str = Visibility.PUBLIC) -> Plan:
    return Plan.objects.create(
        partnership=partnership,
        title=f"Plan {partnership.name}",
        start_year=2024,
        end_year=2027,
        status=PlanStatus.IN_PROGRESS,
        visibility=visibility,
    )


def _action(plan: Plan, title: str, lead: Organisation, *contributors: Organisation) -> Action:
    action = Action.objects.create(
        plan=plan, title=title, action_type=ActionType.objects.get(code="concertation"), lead=lead
    )
    if contributors:
        action.contributors.set(contributors)
    return action


@pytest.fixture(autouse=True)
def empty_cache():
    """Figures cached by an earlier test (whose rows were rolled back) must not show here."""
    cache.clear()


@pytest.fixture
def world(db) -> Built:
    region = Region.objects.get(code="01")
    w = Built()
    w.a = _organisation("A — CPE Les Lucioles", "services-de-garde", region)
    w.b = _organisation("B — CLSC du Fjord", "sante-services-sociaux", region)
    w.c = _organisation("C — École du Ruisseau", "education", region)
    w.d = _organisation("D — Maison de la famille du Fjord", "communautaire-famille", region)
    w.e = _organisation("E — Ville du Fjord", "municipal", region)
    w.x = _organisation("X — Garderie fermée", "services-de-garde", region, active=False)
    w.f = _organisation("F — Halte-garderie du Bassin", "services-de-garde", region)
    w.g = _organisation("G — Chaire de recherche du Fjord", "recherche", region)
    w.alpha = _partnership("Alpha", region)
    w.beta = _partnership("Beta", region)
    w.gamma = _partnership("Gamma", region)
    for organisation in (w.a, w.b, w.c, w.d, w.e, w.x):
        role = MemberRole.STEERING if organisation == w.a else MemberRole.MEMBER
        Membership.objects.create(partnership=w.alpha, organisation=organisation, role=role, joined_on=JOINED)
    for organisation in (w.a, w.c, w.f):
        Membership.objects.create(partnership=w.beta, organisation=organisation, joined_on=JOINED)
    Membership.objects.create(partnership=w.gamma, organisation=w.g, joined_on=JOINED)
    w.plan = _plan(w.alpha)
    _action(w.plan, "Ateliers d'éveil", w.a, w.b, w.c)
    _action(w.plan, "Trousse de lecture", w.a, w.b)
    _action(w.plan, "Passage à l'école", w.c, w.d)
    _action(w.plan, "Parc des familles", w.e)
    _action(w.plan, "Avec un membre inactif", w.a, w.x)
    _action(w.plan, "Avec un non-membre", w.a, w.f)
    hidden = _plan(w.alpha, Visibility.MEMBERS)
    _action(hidden, "Action réservée aux membres", w.e, w.d)
    return w


def _by_name(network) -> dict:
    return {node.name[0]: node for node in network.nodes}


# Measures -----------------------------------------------------------------------------------


def test_members_links_density_and_components(world):
    network = partnership_network(world.alpha)
    nodes = _by_name(network)
    assert sorted(nodes) == ["A", "B", "C", "D", "E"]
    links = {(nodes_name(network, e.source), nodes_name(network, e.target)): e.weight for e in network.edges}
    assert links == {("A", "B"): 2, ("A", "C"): 1, ("B", "C"): 1, ("C", "D"): 1}
    # The strongest link comes first.
    assert network.edges[0].weight == 2
    assert network.density == pytest.approx(0.4)
    assert network.density_percent == 40.0
    assert network.components == 2
    assert network.actions == 6
    assert {name: node.degree for name, node in nodes.items()} == {"A": 2, "B": 2, "C": 3, "D": 1, "E": 0}
    assert {name: node.shared_actions for name, node in nodes.items()} == {
        "A": 2,
        "B": 2,
        "C": 2,
        "D": 1,
        "E": 0,
    }
    assert nodes["A"].actions == 4
    assert nodes["A"].role == MemberRole.STEERING


def nodes_name(network, pk: int) -> str:
    return next(node.name[0] for node in network.nodes if node.id == pk)


def test_isolated_members(world):
    network = partnership_network(world.alpha)
    assert [node.name[0] for node in network.isolated] == ["E"]


def test_centrality_ordering(world):
    network = partnership_network(world.alpha)
    nodes = _by_name(network)
    assert nodes["C"].betweenness == pytest.approx(2 / 6)
    assert all(nodes[name].betweenness == 0 for name in "ABDE")
    assert nodes["C"].degree_centrality == pytest.approx(3 / 4)
    assert [node.name[0] for node in network.central] == ["C", "A", "B", "D", "E"]


def test_sectors_represented_and_missing(world):
    network = partnership_network(world.alpha)
    assert [(s.sector.code, s.count) for s in network.sectors] == [
        ("services-de-garde", 1),
        ("sante-services-sociaux", 1),
        ("education", 1),
        ("communautaire-famille", 1),
        ("municipal", 1),
    ]
    assert [s.code for s in network.missing_sectors] == [
        "bibliotheques-culture",
        "emploi-solidarite",
        "philanthropie",
        "recherche",
        "autre",
    ]
    # Each sector keeps one shape, shared with Cytoscape.
    assert len({s.sector.shape for s in network.sectors}) == 5


def test_bridging_organisations(world):
    network = partnership_network(world.alpha)
    assert [(node.name[0], node.partnerships) for node in network.bridging] == [("A", 2), ("C", 2)]
    assert [link.name for link in _by_name(network)["A"].other_partnerships] == ["Beta"]
    assert _by_name(network)["A"].other_partnerships[0].url == reverse(
        "partners:partnership", args=[world.beta.pk]
    )


def test_an_inactive_partnership_is_no_bridge(world):
    Partnership.objects.filter(pk=world.beta.pk).update(is_active=False)
    partner_actions.save_organisation(world.a)  # a write moves the cache on, as the actions do
    network = partnership_network(world.alpha)
    assert network.bridging == []
    assert _by_name(network)["A"].partnerships == 1


def test_members_only_plans_actions_do_not_link(world):
    network = partnership_network(world.alpha)
    nodes = _by_name(network)
    pairs = {frozenset((e.source, e.target)) for e in network.edges}
    assert frozenset((nodes["D"].id, nodes["E"].id)) not in pairs
    assert nodes["E"].actions == 1


def test_inactive_organisations_are_left_out(world):
    network = partnership_network(world.alpha)
    assert world.x.pk not in {node.id for node in network.nodes}
    assert all(world.x.pk not in (e.source, e.target) for e in network.edges)
    # Nor does a non-member contributor (F) link anyone in Alpha's network.
    assert all(world.f.pk not in (e.source, e.target) for e in network.edges)


def test_cached_until_the_data_changes(world, django_assert_num_queries):
    first = partnership_network(world.alpha)
    with django_assert_num_queries(0):
        partnership_network(world.alpha)
    _action(world.plan, "Nouvelle action commune", world.d, world.e)
    again = partnership_network(world.alpha)
    assert len(again.edges) == len(first.edges) + 1
    assert again.isolated == []


def test_layout_is_inside_the_drawing(world):
    network = partnership_network(world.alpha)
    for node in network.nodes:
        assert 0 < node.x < network.size and 0 < node.y < network.size
    assert shape_points("rectangle", 10, 10, 2) == "8.0,8.0 12.0,8.0 12.0,12.0 8.0,12.0"
    assert shape_points("ellipse", 10, 10) == ""
    assert len(shape_points("star", 0, 0).split()) == 10


# Québec ---------------------------------------------------------------------------------------


def test_quebec_summary(world):
    summary = quebec_network()
    assert summary.organisations == 7
    assert summary.partnerships == 3
    assert summary.memberships == 9
    assert summary.per_partnership_count == [(1, 5), (2, 2)]
    assert summary.bridging_count == 2
    assert [(o.name[0], o.partnerships) for o in summary.bridging] == [("A", 2), ("C", 2)]
    assert summary.links == 1
    assert summary.density == pytest.approx(1 / 3)
    assert summary.components == 2
    assert summary.largest_component == 2
    assert [p.name for p in summary.central] == ["Alpha", "Beta"]
    assert [(p.name, p.degree, p.members) for p in summary.central] == [("Alpha", 1, 5), ("Beta", 1, 3)]
    assert summary.isolated_count == 1
    assert [p.name for p in summary.isolated] == ["Gamma"]
    presence = {s.sector.code: (s.count, s.organisations) for s in summary.sectors}
    assert presence == {
        "services-de-garde": (2, 2),
        "sante-services-sociaux": (1, 1),
        "education": (2, 1),
        "communautaire-famille": (1, 1),
        "municipal": (1, 1),
        "recherche": (1, 1),
    }
    assert [s.code for s in summary.missing_sectors] == [
        "bibliotheques-culture",
        "emploi-solidarite",
        "philanthropie",
        "autre",
    ]


def test_an_organisation_in_no_partnership_counts_as_zero(world):
    _organisation("H — Sans regroupement", "autre", Region.objects.get(code="01"))
    summary = quebec_network()
    assert summary.per_partnership_count == [(0, 1), (1, 5), (2, 2)]


# Pages ----------------------------------------------------------------------------------------


def _page(client, partnership, **params):
    return client.get(reverse("portraits:partnership_network", args=[partnership.pk]), params)


def test_page_shows_measures_drawing_and_every_member_in_the_table(client, world):
    response = _page(client, world.alpha)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Réseau des membres : Alpha" in html
    assert "40,0 %" in html
    assert 'role="img"' in html and '<title id="network-svg-title">' in html
    table = html.split('<table class="portrait-table network-table">')[1].split("</table>")[0]
    for name in ("A — CPE Les Lucioles", "B — CLSC du Fjord", "C — École du Ruisseau", "E — Ville du Fjord"):
        assert name in table
    assert "D — Maison de la famille du Fjord" in table
    assert "X — Garderie fermée" not in html
    assert table.count('<th scope="row">') == 5
    # The drawing holds one shape per member and one line per link.
    svg = html.split('<svg class="network-svg"')[1].split("</svg>")[0]
    assert svg.count("<line ") == 4
    assert svg.count("<circle ") + svg.count("<polygon ") == 5
    # The script's data block, and the vendored library with the page's script.
    assert 'id="network-data"' in html
    assert "portraits/vendor/cytoscape/cytoscape.min.js" in html
    assert "portraits/network.js" in html
    assert "Secteurs absents du regroupement : Bibliothèques et culture" in html


def test_empty_states(client, world):
    empty = _partnership("Sans membres", Region.objects.get(code="01"))
    html = _page(client, empty).content.decode()
    assert "Ce regroupement n'a pas encore de membres." in html
    assert '<svg class="network-svg"' not in html
    alone = _partnership("Sans action", Region.objects.get(code="01"))
    Membership.objects.create(partnership=alone, organisation=world.f, joined_on=JOINED)
    html = _page(client, alone).content.decode()
    assert "Aucune action commune" in html


def test_unknown_or_inactive_partnership_is_a_french_404(client, world):
    inactive = _partnership("Ancien regroupement", Region.objects.get(code="01"), active=False)
    for pk in (inactive.pk, 999_999):
        response = client.get(reverse("portraits:partnership_network", args=[pk]))
        assert response.status_code == 404
        assert "Ce regroupement n&#x27;existe pas ou n&#x27;est plus actif." in response.content.decode()


def test_downloads(client, world):
    response = _page(client, world.alpha, format="csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["# Membres"]
    header = rows[1]
    assert header[:3] == ["N°", "Partenaire", "Secteur"]
    members = rows[2:7]
    assert [row[1][0] for row in members] == ["A", "B", "C", "D", "E"]
    assert members[2][7] == "0,3333"  # C's betweenness, decimal comma
    assert members[0][9] == "Beta"
    links_start = next(i for i, row in enumerate(rows) if row and row[0] == "# Liens")
    assert rows[links_start + 2] == ["A — CPE Les Lucioles", "B — CLSC du Fjord", "2"]
    assert len([row for row in rows[links_start + 2 :] if row]) == 4
    xlsx = _page(client, world.alpha, format="xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = _page(client, world.alpha, format="pdf")
    assert bad.status_code == 400
    assert "choisissez csv ou xlsx" in bad.content.decode()


def test_quebec_page(client, world):
    response = client.get(reverse("portraits:network"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le réseau des partenaires au Québec" in html
    assert '<caption id="distribution-caption">' in html
    # Every column is named, numbers are right-aligned like the portraits' tables.
    assert '<th scope="col">Répartition</th>' in html
    assert '<table class="portrait-table network-distribution">' in html
    assert '<th scope="col" class="number">Intermédiarité</th>' in html
    assert "Gamma" in html  # the isolated partnership
    assert reverse("portraits:partnership_network", args=[world.alpha.pk]) in html
    csv_response = client.get(reverse("portraits:network"), {"format": "csv"})
    assert "# Partenaires passerelles" in csv_response.content.decode("utf-8-sig")


def test_quebec_page_without_partnerships(client, db):
    html = client.get(reverse("portraits:network")).content.decode()
    assert "Aucun regroupement actif pour l'instant." in html


def test_panel_on_the_partnership_page(client, world):
    html = client.get(reverse("partners:partnership", args=[world.alpha.pk])).content.decode()
    assert "Voir le réseau du regroupement" in html
    assert reverse("portraits:partnership_network", args=[world.alpha.pk]) in html
    assert "1 membre isolé" in html


def test_static_files_are_served(client, world):
    for path in (
        "portraits/network.js",
        "portraits/network.css",
        "portraits/vendor/cytoscape/cytoscape.min.js",
        "portraits/vendor/cytoscape/LICENSE",
    ):
        assert finders.find(path), path


# Queries ------------------------------------------------------------------------------------


def _grow(world, n: int) -> None:
    """n more members, each in an action with A and in another partnership."""
    region = Region.objects.get(code="01")
    other = _partnership(f"Autre {n}", region)
    for i in range(n):
        organisation = _organisation(f"Membre {n}-{i}", "philanthropie", region)
        Membership.objects.create(partnership=world.alpha, organisation=organisation, joined_on=JOINED)
        Membership.objects.create(partnership=other, organisation=organisation, joined_on=JOINED)
        _action(world.plan, f"Action {n}-{i}", world.a, organisation, world.b)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["portraits:partnership_network", "portraits:network"])
def test_pages_cost_a_constant_number_of_queries(client, world, url_name):
    url = (
        reverse(url_name, args=[world.alpha.pk])
        if url_name.endswith("partnership_network")
        else reverse(url_name)
    )
    _grow(world, 2)
    small = _count(client, url)
    warm = _count(client, url)
    _grow(world, 12)
    large = _count(client, url)
    assert small == large
    assert warm < small
