import pytest
from django.utils import translation

from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, Sector, System, Theme

pytestmark = pytest.mark.django_db


def test_three_systems_and_ten_protective_factors_tied_to_them():
    assert list(System.objects.values_list("code", flat=True)) == ["enfant", "famille", "communaute"]
    per_system = {s.code: s.protective_factors.count() for s in System.objects.all()}
    assert per_system == {"enfant": 4, "famille": 3, "communaute": 3}
    factor = ProtectiveFactor.objects.get(code="pratiques-parentales")
    assert factor.system.code == "famille"
    assert "lecture partagée" in factor.description_fr


def test_reference_lists_have_their_expected_size():
    assert AgePeriod.objects.count() == 7
    assert Population.objects.count() == 6
    assert Sector.objects.count() == 10
    assert ActionType.objects.count() == 8
    assert Theme.objects.count() >= 10


def test_every_entry_has_an_english_translation():
    for model in (System, ProtectiveFactor, AgePeriod, Population, Sector, ActionType, Theme):
        for item in model.objects.all():
            assert item.label_en, f"{model.__name__} {item.code} lacks an English label"
    with translation.override("en"):
        assert Sector.objects.get(code="recherche").label == "Research"
        assert AgePeriod.objects.get(code="grossesse").label == "Pregnancy"


def test_reference_data_is_editable_by_administrators(admin_client):
    sector = Sector.objects.get(code="autre")
    url = f"/django-admin/taxonomy/sector/{sector.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"code": "autre", "label_fr": "Autres secteurs", "label_en": "Other sectors", "position": 10}
    )
    assert response.status_code == 302
    sector.refresh_from_db()
    assert sector.label_fr == "Autres secteurs"
