"""Map data of Québec shipped with the project: a simplified outline and the regions' centroids.

Points are (latitude, longitude) in degrees, rounded from public geography; the outline is
deliberately coarse (about sixty points) since it only gives the regions' circles a recognisable
background. No tile server or external file is needed.
"""

from __future__ import annotations

import math

# The mainland, clockwise from where the 45th parallel meets the St. Lawrence near Cornwall.
OUTLINE: list[tuple[float, float]] = [
    (45.00, -74.70),
    # Ottawa River up to Lake Timiskaming.
    (45.55, -74.38),
    (45.47, -75.70),
    (45.63, -76.60),
    (45.95, -77.20),
    (46.30, -78.70),
    (46.75, -79.10),
    (47.35, -79.50),
    # The 79.5th meridian north to James Bay.
    (51.45, -79.52),
    # James Bay and Hudson Bay coasts.
    (52.00, -78.85),
    (52.80, -78.75),
    (53.80, -79.05),
    (54.60, -79.55),
    (55.28, -77.75),
    (56.50, -76.55),
    (57.60, -76.85),
    (58.50, -78.25),
    (59.30, -77.60),
    (60.10, -77.55),
    (60.90, -78.15),
    (62.42, -77.90),
    # Hudson Strait.
    (62.20, -75.60),
    (61.60, -71.95),
    (61.05, -69.60),
    # Ungava Bay.
    (59.30, -69.60),
    (58.70, -69.90),
    (58.10, -68.40),
    (58.70, -65.95),
    (59.60, -65.40),
    (60.35, -64.60),
    # The border with Labrador, then the 52nd parallel.
    (59.00, -63.90),
    (57.80, -64.40),
    (56.80, -64.10),
    (55.90, -65.60),
    (55.00, -66.90),
    (54.20, -67.30),
    (53.40, -66.90),
    (52.80, -67.10),
    (52.00, -67.30),
    (51.70, -66.00),
    (52.00, -64.20),
    (52.00, -57.10),
    # Gulf of St. Lawrence north shore, from Blanc-Sablon westward.
    (51.43, -57.13),
    (50.50, -59.50),
    (50.19, -61.82),
    (50.24, -63.60),
    (50.20, -66.38),
    (49.22, -68.15),
    (48.74, -69.10),
    (48.15, -69.70),
    (47.44, -70.50),
    (46.85, -71.20),
    # South shore of the estuary, out to Gaspé.
    (46.98, -70.55),
    (47.83, -69.53),
    (48.45, -68.52),
    (48.85, -67.53),
    (49.12, -66.49),
    (49.10, -65.00),
    (48.75, -64.17),
    (48.35, -64.68),
    (48.00, -65.33),
    (48.10, -66.13),
    (47.97, -67.10),
    # New Brunswick and Maine borders, then the 45th parallel west.
    (47.95, -67.60),
    (47.46, -68.40),
    (47.46, -69.22),
    (46.40, -70.05),
    (45.30, -71.10),
    (45.00, -71.50),
]

ISLANDS: list[list[tuple[float, float]]] = [
    # Anticosti.
    [(49.80, -64.52), (49.95, -63.40), (49.60, -62.20), (49.35, -61.70), (49.10, -62.00), (49.10, -63.00)],
    # Magdalen Islands.
    [(47.62, -61.50), (47.55, -61.40), (47.22, -61.90), (47.30, -62.00)],
]

# Approximate centroids of the 17 administrative regions, by official code.
CENTROIDS: dict[str, tuple[float, float]] = {
    "01": (48.2, -68.3),
    "02": (49.8, -72.0),
    "03": (47.4, -71.3),
    "04": (47.6, -73.4),
    "05": (45.4, -71.8),
    "06": (45.55, -73.65),
    "07": (46.5, -76.2),
    "08": (48.2, -78.6),
    "09": (51.0, -65.5),
    "10": (53.5, -75.0),
    "11": (48.7, -65.5),
    "12": (46.4, -70.7),
    "13": (45.6, -73.75),
    "14": (46.4, -73.7),
    "15": (46.6, -75.0),
    "16": (45.3, -73.0),
    "17": (46.1, -72.3),
}

# Where the tiny regions are drawn instead, with a leader line to their true place.
OFFSETS: dict[str, tuple[float, float]] = {
    "06": (44.05, -74.45),
    "13": (44.75, -76.75),
}

# Regions whose code is written west of their circle: east of it, the coastline would cross it.
LABEL_WEST = frozenset({"11"})

# The projection: equirectangular, longitudes shrunk by the cosine of a middle latitude.
REFERENCE_LATITUDE = 52.0
WEST, EAST, SOUTH, NORTH = -79.8, -57.0, 43.4, 62.7
X_FACTOR = math.cos(math.radians(REFERENCE_LATITUDE))


def project(lat: float, lon: float, scale: float) -> tuple[float, float]:
    """Screen coordinates (x right, y down) of a point, in pixels at ``scale`` pixels per degree."""
    return (lon - WEST) * X_FACTOR * scale, (NORTH - lat) * scale


def size(scale: float) -> tuple[float, float]:
    """Width and height of the projected map frame."""
    return (EAST - WEST) * X_FACTOR * scale, (NORTH - SOUTH) * scale
