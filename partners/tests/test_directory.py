import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_directory_lists_active_partners(client, network):
    response = client.get(reverse("partners:organisation_list"))
    assert response.status_code == 200
    assert "CPE Les Petits Pas" in response.content.decode()
