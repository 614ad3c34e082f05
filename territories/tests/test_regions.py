import pytest
from django.utils import translation

from territories.models import Region

pytestmark = pytest.mark.django_db


def test_the_17_regions_with_their_official_codes():
    regions = list(Region.objects.order_by("code"))
    assert [r.code for r in regions] == [f"{n:02d}" for n in range(1, 18)]
    labels = {r.code: r.label_fr for r in regions}
    assert labels["02"] == "Saguenay–Lac-Saint-Jean"
    assert labels["06"] == "Montréal"
    assert labels["11"] == "Gaspésie–Îles-de-la-Madeleine"
    assert labels["17"] == "Centre-du-Québec"


def test_label_follows_the_active_language():
    region = Region.objects.get(code="06")
    region.label_en = "Montreal"
    with translation.override("en"):
        assert region.label == "Montreal"
    with translation.override("fr"):
        assert region.label == "Montréal"
