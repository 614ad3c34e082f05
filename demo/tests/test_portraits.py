"""Demo portraits: invented EQDEM rates for a few regions, removed by the flush."""

from __future__ import annotations

import pytest

from demo import portraits as demo
from portraits.models import EqdemRate


@pytest.mark.django_db
def test_demo_rates_are_entered_for_some_regions_and_removed_by_flush():
    quebec = EqdemRate.objects.filter(region=None).count()
    figures = demo.generate(1, 1, progress=None)
    assert figures == {"taux régionaux de l'EQDEM": quebec * len(demo.DEMO_REGIONS)}
    regional = EqdemRate.objects.exclude(region=None)
    assert set(regional.values_list("region__code", flat=True)) == set(demo.DEMO_REGIONS)
    assert all(0 <= rate <= 100 for rate in regional.values_list("rate", flat=True))
    demo.flush()
    assert not EqdemRate.objects.exclude(region=None).exists()
    assert EqdemRate.objects.filter(region=None).count() == quebec
