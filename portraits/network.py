"""The partnership network (« le filet de protection »): who works with whom.

Two organisations are linked when they take part together (as lead or contributor) in an
action of a partnership's public plans; the weight of the link is the number of such
shared actions. A partnership's network is a small graph (tens of members) measured with
networkx. At Québec scale the organisation graph would hold millions of co-membership
edges, so the summary works on the bipartite organisation–partnership structure instead:
aggregate SQL for the organisations, and a partnership-level graph (two partnerships are
linked when they share members) for networkx.

Only public data is read (``portraits.scopes``): active organisations and partnerships,
actions of public plans. Results are plain dataclasses, cached by data version and
language with ``portraits.cache.cached``, and cost a constant number of queries.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
from django.db.models import Count, F, Q, Subquery
from django.urls import reverse
from django.utils.translation import get_language

from partners.models import MemberRole, Membership, Organisation, Partnership
from plans.models import Action
from portraits.cache import cached
from portraits.scopes import QUEBEC, Scope
from taxonomy.models import Sector

# Shapes shared by the server-rendered SVG and Cytoscape (its node shape names), so that a
# sector reads the same in black and white with or without JavaScript. Colours only help.
SHAPES = (
    "ellipse",
    "rectangle",
    "triangle",
    "diamond",
    "pentagon",
    "hexagon",
    "star",
    "octagon",
    "rhomboid",
    "vee",
)
# Okabe–Ito palette (distinguishable with colour-blindness), darkened enough for a black
# outline and white labels not to matter: the shape and the legend carry the meaning.
COLOURS = (
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#f0e442",
    "#0072b2",
    "#d55e00",
    "#cc79a7",
    "#999999",
    "#8c6d31",
    "#ffffff",
)

# Québec summary: how many partnerships and organisations the lists name.
TOP = 10
# Betweenness on the partnership graph is estimated from this many sampled sources once
# the graph is larger: exact betweenness takes seconds on the design size's 1,500 partnerships.
BETWEENNESS_SAMPLES = 64


# Partnership network ------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnershipLink:
    """Another partnership a member also belongs to."""

    id: int
    name: str
    url: str


@dataclass
class SectorStyle:
    """How a sector is drawn: its shape and colour."""

    code: str
    label: str
    shape: str
    colour: str

    @property
    def legend_points(self) -> str:
        """The shape drawn in a 24-pixel legend square."""
        return shape_points(self.shape, 12, 12, 8)


@dataclass
class Node:
    """A member organisation of the partnership, with its measures."""

    id: int
    number: int
    name: str
    url: str
    sector: SectorStyle
    role: str
    role_label: str
    partnerships: int
    other_partnerships: list[PartnershipLink]
    actions: int = 0
    shared_actions: int = 0
    degree: int = 0
    degree_centrality: float = 0.0
    betweenness: float = 0.0
    x: float = 0.0
    y: float = 0.0
    label_x: float = 0.0
    label_y: float = 0.0

    @property
    def points(self) -> str:
        return shape_points(self.sector.shape, self.x, self.y)

    @property
    def isolated(self) -> bool:
        return self.degree == 0

    @property
    def bridging(self) -> bool:
        return bool(self.other_partnerships)


@dataclass
class Edge:
    """Two members working together on ``weight`` actions."""

    source: int
    target: int
    weight: int
    source_name: str = ""
    target_name: str = ""
    x1: float = 0.0
    y1: float = 0.0
    x2: float = 0.0
    y2: float = 0.0


@dataclass
class SectorCount:
    """A sector and how many members (or partnerships) it has."""

    sector: SectorStyle
    count: int
    organisations: int = 0


@dataclass
class Network:
    """A partnership's network: members, links and measures."""

    partnership_id: int
    name: str
    url: str
    nodes: list[Node]
    edges: list[Edge]
    actions: int
    density: float
    components: int
    sectors: list[SectorCount]
    missing_sectors: list[SectorStyle]
    size: float = 0.0

    @property
    def isolated(self) -> list[Node]:
        return [node for node in self.nodes if node.isolated]

    @property
    def bridging(self) -> list[Node]:
        """Members that also belong to other partnerships, the most connected first."""
        return sorted(
            (node for node in self.nodes if node.bridging), key=lambda n: (-n.partnerships, n.name.lower())
        )

    @property
    def central(self) -> list[Node]:
        """Members by betweenness, then degree: those who hold the network together first."""
        return sorted(self.nodes, key=lambda n: (-n.betweenness, -n.degree, n.name.lower()))

    @property
    def density_percent(self) -> float:
        return round(100 * self.density, 1)

    def measures(self) -> dict:
        """The measures as plain data (API, data block of the page)."""
        return {
            "members": len(self.nodes),
            "links": len(self.edges),
            "actions": self.actions,
            "density": round(self.density, 4),
            "components": self.components,
            "isolated": [node.id for node in self.isolated],
            "bridging": [node.id for node in self.bridging],
            "sectors": [
                {"code": s.sector.code, "label": s.sector.label, "count": s.count} for s in self.sectors
            ],
            "missing_sectors": [{"code": s.code, "label": s.label} for s in self.missing_sectors],
        }


def sector_styles() -> dict[int, SectorStyle]:
    """Each reference sector's shape and colour, by sector id, in reference order (one query)."""
    return {
        sector.pk: SectorStyle(
            code=sector.code,
            label=sector.label,
            shape=SHAPES[index % len(SHAPES)],
            colour=COLOURS[index % len(COLOURS)],
        )
        for index, sector in enumerate(Sector.objects.order_by("position", "code"))
    }


def partnership_network(partnership: Partnership) -> Network:
    """The network of an active partnership's active members (cached; five queries when computed)."""
    return cached("network", str(partnership.pk), lambda: _partnership_network(partnership))


def _partnership_network(partnership: Partnership) -> Network:
    scope = Scope("partnership", partnership=partnership)
    styles = sector_styles()
    roles = dict(MemberRole.choices)
    memberships = (
        Membership.objects.of_active_organisations()
        .filter(partnership=partnership)
        .select_related("organisation")
        .order_by("organisation__name", "organisation__pk")
    )
    members = (
        Membership.objects.of_active_organisations().filter(partnership=partnership).values("organisation_id")
    )
    others: dict[int, list[PartnershipLink]] = defaultdict(list)
    for organisation_id, pk, name in (
        Membership.objects.filter(partnership__is_active=True, organisation_id__in=Subquery(members))
        .exclude(partnership=partnership)
        .order_by("partnership__name", "partnership_id")
        .values_list("organisation_id", "partnership_id", "partnership__name")
    ):
        others[organisation_id].append(PartnershipLink(pk, name, reverse("partners:partnership", args=[pk])))

    nodes: dict[int, Node] = {}
    for number, membership in enumerate(memberships, start=1):
        organisation = membership.organisation
        nodes[organisation.pk] = Node(
            id=organisation.pk,
            number=number,
            name=organisation.name,
            url=organisation.get_absolute_url(),
            sector=styles[organisation.sector_id],
            role=membership.role,
            role_label=str(roles.get(membership.role, membership.role)),
            partnerships=1 + len(others[organisation.pk]),
            other_partnerships=others[organisation.pk],
        )

    # Who takes part in each public action: its lead and its contributors, members only
    # (a non-member contributor is outside this partnership's network).
    actions = scope.actions()
    participants: dict[int, set[int]] = defaultdict(set)
    action_ids = set()
    for action_id, lead_id in actions.values_list("pk", "lead_id"):
        action_ids.add(action_id)
        if lead_id in nodes:
            participants[action_id].add(lead_id)
    for action_id, organisation_id in Action.contributors.through.objects.filter(
        action__in=actions.values("pk")
    ).values_list("action_id", "organisation_id"):
        if organisation_id in nodes:
            participants[action_id].add(organisation_id)

    weights: Counter[tuple[int, int]] = Counter()
    for organisations in participants.values():
        for organisation_id in organisations:
            nodes[organisation_id].actions += 1
            if len(organisations) > 1:
                nodes[organisation_id].shared_actions += 1
        for pair in combinations(sorted(organisations), 2):
            weights[pair] += 1

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
    # Betweenness counts shortest paths in hops: one shared action is already a working tie.
    betweenness = nx.betweenness_centrality(graph) if len(nodes) > 2 else dict.fromkeys(nodes, 0.0)
    degree_centrality = nx.degree_centrality(graph) if len(nodes) > 1 else dict.fromkeys(nodes, 0.0)
    for pk, node in nodes.items():
        node.degree = graph.degree(pk)
        node.betweenness = betweenness[pk]
        node.degree_centrality = degree_centrality[pk]

    counts = Counter(node.sector.code for node in nodes.values())
    sectors = [SectorCount(style, counts[style.code]) for style in styles.values() if counts[style.code]]
    missing = [style for style in styles.values() if not counts[style.code]]
    edges = sorted(
        (
            Edge(a, b, w, source_name=nodes[a].name, target_name=nodes[b].name)
            for (a, b), w in weights.items()
        ),
        key=lambda e: (-e.weight, e.source_name.lower(), e.target_name.lower()),
    )
    network = Network(
        partnership_id=partnership.pk,
        name=partnership.name,
        url=partnership.get_absolute_url(),
        nodes=list(nodes.values()),
        edges=edges,
        actions=len(action_ids),
        density=nx.density(graph) if len(nodes) > 1 else 0.0,
        components=nx.number_connected_components(graph),
        sectors=sectors,
        missing_sectors=missing,
    )
    _circular_layout(network, list(styles.values()))
    return network


# The drawing: members on a circle, grouped by sector with a gap between sectors, so that
# the drawing is the same on every visit and a sector's members sit together.
NODE_RADIUS = 10
MARGIN = 40


def _circular_layout(network: Network, styles: list[SectorStyle]) -> None:
    order = {style.code: index for index, style in enumerate(styles)}
    nodes = sorted(network.nodes, key=lambda n: (order.get(n.sector.code, 99), n.name.lower()))
    groups = len({node.sector.code for node in nodes})
    slots = len(nodes) + (groups if groups > 1 else 0)
    radius = max(140.0, slots * 3 * NODE_RADIUS / (2 * math.pi))
    network.size = round(2 * (radius + MARGIN + 2 * NODE_RADIUS), 1)
    centre = network.size / 2
    slot, previous = 0, None
    for node in nodes:
        if previous is not None and node.sector.code != previous and groups > 1:
            slot += 1
        previous = node.sector.code
        angle = 2 * math.pi * slot / max(slots, 1) - math.pi / 2
        node.x = round(centre + radius * math.cos(angle), 1)
        node.y = round(centre + radius * math.sin(angle), 1)
        # The member's number sits outside the circle, beside its shape.
        node.label_x = round(centre + (radius + 2.2 * NODE_RADIUS) * math.cos(angle), 1)
        node.label_y = round(centre + (radius + 2.2 * NODE_RADIUS) * math.sin(angle) + 4, 1)
        slot += 1
    positions = {node.id: node for node in network.nodes}
    for edge in network.edges:
        a, b = positions[edge.source], positions[edge.target]
        edge.x1, edge.y1, edge.x2, edge.y2 = a.x, a.y, b.x, b.y


def shape_points(shape: str, x: float, y: float, r: float = NODE_RADIUS) -> str:
    """The SVG polygon points of a Cytoscape shape around (x, y); empty for the ellipse."""
    if shape == "ellipse":
        return ""
    unit = {
        "rectangle": [(-1, -1), (1, -1), (1, 1), (-1, 1)],
        "diamond": [(0, -1), (1, 0), (0, 1), (-1, 0)],
        "rhomboid": [(-1, -1), (1 / 3, -1), (1, 1), (-1 / 3, 1)],
        "vee": [(-1, -1), (0, -1 / 3), (1, -1), (0, 1)],
    }.get(shape)
    if unit is None:
        sides = {"triangle": 3, "pentagon": 5, "hexagon": 6, "octagon": 8, "star": 10}[shape]
        unit = []
        for i in range(sides):
            angle = 2 * math.pi * i / sides - math.pi / 2
            length = 0.45 if shape == "star" and i % 2 else 1.0
            unit.append((length * math.cos(angle), length * math.sin(angle)))
    return " ".join(f"{x + r * ux:.1f},{y + r * uy:.1f}" for ux, uy in unit)


# Québec summary -----------------------------------------------------------------------------


@dataclass
class PartnershipNode:
    """A partnership in the Québec graph, with its measures."""

    id: int
    name: str
    url: str
    region: str
    members: int
    degree: int = 0
    betweenness: float = 0.0


@dataclass
class BridgingOrganisation:
    """An organisation that belongs to several partnerships."""

    id: int
    name: str
    url: str
    sector: str
    partnerships: int


@dataclass
class NetworkSummary:
    """The network at Québec scale: organisations, partnerships and the links between them."""

    organisations: int
    partnerships: int
    memberships: int
    per_partnership_count: list[tuple[int, int]]
    bridging: list[BridgingOrganisation]
    bridging_count: int
    links: int
    density: float
    components: int
    largest_component: int
    central: list[PartnershipNode]
    isolated: list[PartnershipNode]
    isolated_count: int
    sectors: list[SectorCount]
    missing_sectors: list[SectorStyle]
    betweenness_sampled: bool = False

    def measures(self) -> dict:
        """The summary as plain data (API)."""
        return {
            "organisations": self.organisations,
            "partnerships": self.partnerships,
            "memberships": self.memberships,
            "links": self.links,
            "density": round(self.density, 6),
            "components": self.components,
            "largest_component": self.largest_component,
            "isolated_partnerships": self.isolated_count,
            "bridging_organisations": self.bridging_count,
        }


def quebec_network() -> NetworkSummary:
    """The Québec-wide summary (cached; seven queries when computed)."""
    return cached("network-quebec", QUEBEC.key, _quebec_network)


def _quebec_network() -> NetworkSummary:
    styles = sector_styles()
    active = Q(partnership__is_active=True, organisation__is_active=True)
    memberships = Membership.objects.filter(active)

    # Organisations by number of partnerships: one count per organisation in a partnership;
    # the active organisations in none make the zero row.
    per_organisation = list(
        memberships.order_by().values("organisation_id").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    organisations = Organisation.objects.filter(is_active=True).count()
    histogram = Counter(per_organisation)
    if organisations > len(per_organisation):
        histogram[0] = organisations - len(per_organisation)
    distribution = sorted(histogram.items())
    bridging_count = sum(count for n, count in distribution if n >= 2)
    bridging = [
        BridgingOrganisation(pk, name, reverse("partners:organisation", args=[pk]), styles[sector].label, n)
        for pk, name, sector, n in memberships.order_by()
        .values("organisation_id", "organisation__name", "organisation__sector_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .order_by("-n", "organisation__name", "organisation_id")
        .values_list("organisation_id", "organisation__name", "organisation__sector_id", "n")[:TOP]
    ]

    english = (get_language() or "fr").startswith("en")
    partnerships = {
        pk: PartnershipNode(
            pk, name, reverse("partners:partnership", args=[pk]), (english and label_en) or label_fr, members
        )
        for pk, name, label_fr, label_en, members in Partnership.objects.filter(is_active=True)
        .annotate(members=Count("memberships", filter=Q(memberships__organisation__is_active=True)))
        .order_by("name", "pk")
        .values_list("pk", "name", "region__label_fr", "region__label_en", "members")
    }
    # Two partnerships are linked by the active organisations they share (one self-join).
    pairs = (
        memberships.filter(
            organisation__memberships__partnership__is_active=True,
            organisation__memberships__partnership_id__gt=F("partnership_id"),
        )
        .order_by()
        .values("partnership_id", "organisation__memberships__partnership_id")
        .annotate(shared=Count("organisation_id"))
        .values_list("partnership_id", "organisation__memberships__partnership_id", "shared")
    )
    graph = nx.Graph()
    graph.add_nodes_from(partnerships)
    graph.add_weighted_edges_from(pairs)
    # Isolated partnerships lie on no path: betweenness is measured on the linked ones only, so
    # that every sampled source counts (normalised within that subgraph).
    linked = graph.subgraph([pk for pk in partnerships if graph.degree(pk)])
    sampled = linked.number_of_nodes() > BETWEENNESS_SAMPLES
    betweenness = dict.fromkeys(partnerships, 0.0)
    if linked.number_of_nodes() > 2:
        betweenness.update(
            nx.betweenness_centrality(
                linked, k=BETWEENNESS_SAMPLES if sampled else None, seed=1 if sampled else None
            )
        )
    for pk, node in partnerships.items():
        node.degree = graph.degree(pk)
        node.betweenness = betweenness[pk]
    components = list(nx.connected_components(graph))
    isolated = [node for node in partnerships.values() if node.degree == 0]
    central = sorted(
        (node for node in partnerships.values() if node.degree),
        key=lambda n: (-n.betweenness, -n.degree, n.name.lower()),
    )[:TOP]

    presence = {
        sector: (partnership_count, organisation_count)
        for sector, partnership_count, organisation_count in memberships.order_by()
        .values("organisation__sector")
        .annotate(
            partnerships=Count("partnership", distinct=True),
            organisations=Count("organisation", distinct=True),
        )
        .values_list("organisation__sector", "partnerships", "organisations")
    }
    sectors = [
        SectorCount(style, presence[pk][0], presence[pk][1]) for pk, style in styles.items() if pk in presence
    ]
    missing = [style for pk, style in styles.items() if pk not in presence]
    return NetworkSummary(
        organisations=organisations,
        partnerships=len(partnerships),
        memberships=sum(per_organisation),
        per_partnership_count=distribution,
        bridging=bridging,
        bridging_count=bridging_count,
        links=graph.number_of_edges(),
        density=nx.density(graph) if len(partnerships) > 1 else 0.0,
        components=len(components),
        largest_component=max((len(c) for c in components), default=0),
        central=central,
        isolated=isolated[:TOP],
        isolated_count=len(isolated),
        sectors=sectors,
        missing_sectors=missing,
        betweenness_sampled=sampled,
    )
