"""Fixtures shared by every app's tests: one user per role and a small network."""

import datetime

import pytest
from django.contrib.auth.models import Group

from accounts.roles import KNOWLEDGE_EDITORS_GROUP


@pytest.fixture
def make_user(db, django_user_model):
    counter = {"n": 0}

    def make(email=None, **extra):
        counter["n"] += 1
        email = email or f"personne{counter['n']}@exemple.qc.ca"
        return django_user_model.objects.create_user(
            username=email, email=email, password="motdepasse-test-123", **extra
        )

    return make


@pytest.fixture
def network(db, make_user):
    """Two partnerships in two regions, with members, coordinators and one user per role."""
    from partners import actions
    from partners.models import Affiliation, Membership, Organisation, Partnership, Scale
    from taxonomy.models import Sector
    from territories.models import Region

    rimouski = Region.objects.get(code="01")
    montreal = Region.objects.get(code="06")
    garde = Sector.objects.get(code="services-de-garde")
    sante = Sector.objects.get(code="sante-services-sociaux")
    famille = Sector.objects.get(code="communautaire-famille")

    def org(name, sector, region, scale=Scale.LOCAL, municipality=""):
        o = Organisation(name=name, sector=sector, scale=scale, municipality=municipality)
        return actions.save_organisation(o, region_ids=[region.pk])

    cpe = org("CPE Les Petits Pas", garde, rimouski, municipality="Rimouski")
    clsc = org("CLSC de Rimouski", sante, rimouski, Scale.REGIONAL, municipality="Rimouski")
    maison = org("Maison de la famille de l'Éveil", famille, montreal, municipality="Montréal")
    halte = org("Halte-garderie Les Tout-Petits", garde, montreal, municipality="Montréal")

    def partnership(name, region, territory):
        p = Partnership(name=name, region=region, territory_name=territory)
        p.search_text = actions.partnership_search_text(p)
        p.save()
        return p

    rlp_rimouski = partnership(
        "Regroupement Naître et grandir à Rimouski", rimouski, "MRC de Rimouski-Neigette"
    )
    rlp_montreal = partnership("Concertation petite enfance Hochelaga", montreal, "Hochelaga-Maisonneuve")
    joined = datetime.date(2020, 9, 1)
    for o in (cpe, clsc):
        Membership.objects.create(partnership=rlp_rimouski, organisation=o, joined_on=joined)
    for o in (maison, halte):
        Membership.objects.create(partnership=rlp_montreal, organisation=o, joined_on=joined)

    coordinator = make_user("coordo@rimouski.qc.ca", first_name="Julie", last_name="Gagnon")
    rlp_rimouski.coordinators.add(coordinator)
    other_coordinator = make_user("coordo@hochelaga.qc.ca")
    rlp_montreal.coordinators.add(other_coordinator)
    member = make_user("membre@cpe.qc.ca")
    Affiliation.objects.create(user=member, organisation=cpe)
    editor = make_user("editrice@agirtot.example")
    editor.groups.add(Group.objects.get(name=KNOWLEDGE_EDITORS_GROUP))
    admin = make_user("admin@agirtot.example", is_staff=True, is_superuser=True)

    class Network:
        pass

    n = Network()
    n.regions = {"01": rimouski, "06": montreal}
    n.cpe, n.clsc, n.maison, n.halte = cpe, clsc, maison, halte
    n.rimouski, n.montreal = rlp_rimouski, rlp_montreal
    n.coordinator, n.other_coordinator = coordinator, other_coordinator
    n.member, n.editor, n.admin = member, editor, admin
    return n


@pytest.fixture
def role_users(network):
    """Every role the platform knows, keyed by name (anonymous is None)."""
    return {
        "anonyme": None,
        "membre": network.member,
        "coordonnateur": network.coordinator,
        "coordonnateur_autre": network.other_coordinator,
        "editeur": network.editor,
        "administrateur": network.admin,
    }
