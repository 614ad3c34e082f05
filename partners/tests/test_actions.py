import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partners import actions
from partners.models import Membership

pytestmark = pytest.mark.django_db


def test_join_date_rules_hold_for_every_caller(network):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="ne peut pas être dans le futur"):
        actions.add_membership(network.coordinator, network.rimouski, network.halte, joined_on=tomorrow)
    membership = Membership.objects.get(partnership=network.rimouski, organisation=network.cpe)
    with pytest.raises(ValidationError, match="antérieure au 1er janvier 2000"):
        actions.update_membership(
            network.coordinator, membership, role=membership.role, joined_on=datetime.date(1999, 12, 31)
        )
    assert not Membership.objects.filter(organisation=network.halte, partnership=network.rimouski).exists()


def test_add_membership_defaults_to_today_in_quebec(network):
    membership = actions.add_membership(network.coordinator, network.rimouski, network.halte)
    assert membership.joined_on == timezone.localdate()


def test_search_text_is_kept_folded(network):
    network.cpe.name = "CPE L'Étoile filante"
    actions.save_organisation(network.cpe)
    network.cpe.refresh_from_db()
    assert network.cpe.search_text == "cpe l etoile filante rimouski"
    actions.update_partnership(network.coordinator, network.rimouski, {"territory_name": "Témiscouata"})
    network.rimouski.refresh_from_db()
    assert "temiscouata" in network.rimouski.search_text


def test_coordination_and_affiliation_actions_check_permissions(network, make_user):
    from core.http import Forbidden
    from partners.models import Affiliation

    newcomer = make_user("nouvelle.coordo@agirtot.example")
    with pytest.raises(Forbidden):
        actions.add_coordinator(network.other_coordinator, network.rimouski, newcomer)
    actions.add_coordinator(network.coordinator, network.rimouski, newcomer)
    assert network.rimouski.coordinators.filter(pk=newcomer.pk).exists()
    actions.remove_coordinator(network.admin, network.rimouski, newcomer)
    assert not network.rimouski.coordinators.filter(pk=newcomer.pk).exists()

    with pytest.raises(Forbidden):
        actions.affiliate(network.coordinator, newcomer, network.cpe)
    actions.affiliate(network.admin, newcomer, network.cpe, job_title="Éducatrice")
    actions.affiliate(network.admin, newcomer, network.cpe, job_title="Directrice")
    assert Affiliation.objects.get(user=newcomer).job_title == "Directrice"
