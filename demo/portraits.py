"""Demo data of the portraits: EQDEM rates for some regions, as administrators would enter them.

The rates are invented around Québec's (each region a few points above or below) and say
so in their source, so that a demo region portrait shows the comparison and the gaps it
points to. Québec's own rates are reference data (migration 0002), never touched here.
"""

from __future__ import annotations

import random
from decimal import Decimal

from portraits.models import EqdemRate
from territories.models import Region

DEMO_SOURCE = "Données de démonstration (taux fictifs)"
# Regions whose rates the demo enters; the others show Québec's only, as most will.
DEMO_REGIONS = ("01", "06", "08", "10", "13", "16")


def generate(scale: float, seed: int, progress) -> dict[str, int]:
    """Enter invented rates for a few regions, for every domain and year Québec has."""
    rng = random.Random(f"portraits-{seed}")  # noqa: S311 - demo data, not security
    regions = list(Region.objects.filter(code__in=DEMO_REGIONS).order_by("code"))
    quebec = list(EqdemRate.objects.filter(region=None).select_related("domain"))
    rows = []
    for region in regions:
        shift = Decimal(rng.randint(-30, 40)) / 10  # the region's general level against Québec's
        for rate in quebec:
            noise = Decimal(rng.randint(-8, 8)) / 10
            value = min(max(rate.rate + shift + noise, Decimal("0.0")), Decimal("100.0"))
            rows.append(
                EqdemRate(domain=rate.domain, region=region, year=rate.year, rate=value, source=DEMO_SOURCE)
            )
    EqdemRate.objects.bulk_create(rows)
    return {"taux régionaux de l'EQDEM": len(rows)}


def flush() -> None:
    """Remove the rates the demo entered (an administrator's own rates stay)."""
    EqdemRate.objects.filter(source=DEMO_SOURCE).delete()
