import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners import actions
from partners.models import DpeStage, MemberRole, Membership, Organisation, TerritoryType

pytestmark = pytest.mark.django_db


def edit_data(partnership, **overrides):
    """Every field of the edit form as the browser sends it, with some values changed."""
    data = {
        "name": partnership.name,
        "description": partnership.description,
        "territory_name": partnership.territory_name,
        "territory_type": partnership.territory_type,
        "children_0_5": "" if partnership.children_0_5 is None else str(partnership.children_0_5),
        "dpe_stage": partnership.dpe_stage,
        "website": partnership.website,
        "email": partnership.email,
    }
    data.update(overrides)
    return data


def formset_data(partnership, changes=None):
    """The member list as the browser sends it; changes maps an organisation to its new row values."""
    changes = changes or {}
    memberships = list(
        Membership.objects.filter(partnership=partnership).order_by("organisation__name", "id")
    )
    data = {
        "membres-TOTAL_FORMS": str(len(memberships)),
        "membres-INITIAL_FORMS": str(len(memberships)),
        "membres-MIN_NUM_FORMS": "0",
        "membres-MAX_NUM_FORMS": "1000",
    }
    for index, membership in enumerate(memberships):
        row = {
            "id": str(membership.pk),
            "role": membership.role,
            "joined_on": membership.joined_on.isoformat(),
        }
        row.update(changes.get(membership.organisation, {}))
        for key, value in row.items():
            if value is not None:
                data[f"membres-{index}-{key}"] = value
    return data


def add_data(organisation, **overrides):
    data = {
        "organisation": str(organisation.pk),
        "role": MemberRole.MEMBER,
        "joined_on": "2024-01-15",
        "q": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def coordinator_client(client, network):
    client.force_login(network.coordinator)
    return client


def urls(partnership):
    return {
        "edit": reverse("partners:partnership_edit", args=[partnership.pk]),
        "manage": reverse("partners:membership_manage", args=[partnership.pk]),
        "add": reverse("partners:membership_add", args=[partnership.pk]),
    }


# The partnership's description


def test_edit_form_shows_the_current_values(coordinator_client, network):
    response = coordinator_client.get(urls(network.rimouski)["edit"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Modifier le regroupement</h1>" in html
    assert 'value="Regroupement Naître et grandir à Rimouski"' in html
    assert 'value="MRC de Rimouski-Neigette"' in html
    assert '<label for="id_name">' in html
    assert f'href="{network.rimouski.get_absolute_url()}"' in html


def test_edit_saves_and_says_so(coordinator_client, network):
    data = edit_data(
        network.rimouski,
        name="Naître et grandir ensemble à Rimouski",
        children_0_5="3150",
        dpe_stage=DpeStage.PLANNING,
        territory_type=TerritoryType.CITY,
        website="https://naitre-rimouski.example",
        email="info@naitre-rimouski.example",
    )
    response = coordinator_client.post(urls(network.rimouski)["edit"], data, follow=True)

    assert response.redirect_chain == [(network.rimouski.get_absolute_url(), 302)]
    assert "Les modifications du regroupement ont été enregistrées." in response.content.decode()
    network.rimouski.refresh_from_db()
    assert network.rimouski.name == "Naître et grandir ensemble à Rimouski"
    assert network.rimouski.children_0_5 == 3150
    assert network.rimouski.dpe_stage == DpeStage.PLANNING
    assert network.rimouski.territory_type == TerritoryType.CITY
    assert network.rimouski.website == "https://naitre-rimouski.example"
    assert network.rimouski.email == "info@naitre-rimouski.example"
    # The action keeps the folded search column in step with the name.
    assert "ensemble" in network.rimouski.search_text


def test_edit_records_who_changed_what(coordinator_client, network):
    coordinator_client.post(urls(network.rimouski)["edit"], edit_data(network.rimouski, name="Nouveau nom"))
    latest = network.rimouski.history.first()
    assert latest.name == "Nouveau nom"
    assert latest.history_user == network.coordinator
    assert latest.history_type == "~"


def test_edit_without_change_saves_nothing(coordinator_client, network):
    before = network.rimouski.history.count()
    response = coordinator_client.post(
        urls(network.rimouski)["edit"], edit_data(network.rimouski), follow=True
    )
    assert "Aucune modification à enregistrer." in response.content.decode()
    assert network.rimouski.history.count() == before


def test_invalid_edit_keeps_what_was_typed_and_explains_in_french(coordinator_client, network):
    data = edit_data(
        network.rimouski,
        name="   ",
        description="Texte tapé qu'il ne faut pas perdre",
        children_0_5="-5",
        email="pas-un-courriel",
        website="pas une adresse",
    )
    response = coordinator_client.post(urls(network.rimouski)["edit"], data)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Inscrivez le nom du regroupement." in html
    assert "Le nombre d&#x27;enfants ne peut pas être négatif." in html
    assert "Saisissez une adresse de courriel valide." in html
    assert "Saisissez une URL valide." in html
    # What was typed is still there.
    assert "Texte tapé qu&#x27;il ne faut pas perdre" in html
    assert 'value="-5"' in html
    assert 'value="pas-un-courriel"' in html
    assert 'value="pas une adresse"' in html
    # The summary at the top links to each field, and each field points to its error.
    assert "4 erreurs empêchent l'enregistrement" in html
    assert 'href="#id_name"' in html
    assert 'href="#id_children_0_5"' in html
    assert 'aria-describedby="id_children_0_5_helptext id_children_0_5_error"' in html
    assert 'id="id_children_0_5_error"' in html
    # The page title keeps the saved name, and nothing was written.
    assert "Regroupement Naître et grandir à Rimouski" in html
    network.rimouski.refresh_from_db()
    assert network.rimouski.name == "Regroupement Naître et grandir à Rimouski"
    assert network.rimouski.description == ""


def test_children_count_has_an_upper_bound(coordinator_client, network):
    response = coordinator_client.post(
        urls(network.rimouski)["edit"], edit_data(network.rimouski, children_0_5="1000001")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le nombre d&#x27;enfants ne peut pas dépasser 1\xa0000\xa0000." in html
    assert 'value="1000001"' in html
    network.rimouski.refresh_from_db()
    assert network.rimouski.children_0_5 is None


def test_children_count_accepts_the_bounds(coordinator_client, network):
    coordinator_client.post(
        urls(network.rimouski)["edit"], edit_data(network.rimouski, children_0_5="1000000")
    )
    network.rimouski.refresh_from_db()
    assert network.rimouski.children_0_5 == 1_000_000


def test_partnership_page_links_to_the_editing_pages_for_its_coordinator(client, network):
    page = network.rimouski.get_absolute_url()
    client.force_login(network.coordinator)
    html = client.get(page).content.decode()
    assert f'href="{urls(network.rimouski)["edit"]}"' in html
    assert f'href="{urls(network.rimouski)["manage"]}"' in html
    client.force_login(network.member)
    assert urls(network.rimouski)["edit"] not in client.get(page).content.decode()


# The member list


def test_member_list_shows_each_membership(coordinator_client, network):
    response = coordinator_client.get(urls(network.rimouski)["manage"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Gérer les membres</h1>" in html
    assert "CPE Les Petits Pas" in html and "CLSC de Rimouski" in html
    assert "Maison de la famille" not in html.split('id="candidats"')[0]
    assert 'value="2020-09-01"' in html
    assert "Retirer" in html
    assert '<th scope="col">Date d\'adhésion</th>' in html


def test_member_list_shows_inactive_organisations_so_they_can_be_removed(coordinator_client, network):
    Organisation.objects.filter(pk=network.clsc.pk).update(is_active=False)
    html = coordinator_client.get(urls(network.rimouski)["manage"]).content.decode()
    assert 'CLSC de Rimouski <span class="meta">(partenaire inactif' in html
    assert network.clsc.get_absolute_url() not in html
    assert f'href="{network.cpe.get_absolute_url()}"' in html


def test_member_list_changes_roles_and_dates(coordinator_client, network):
    data = formset_data(
        network.rimouski,
        {network.cpe: {"role": MemberRole.STEERING}, network.clsc: {"joined_on": "2019-05-01"}},
    )
    response = coordinator_client.post(urls(network.rimouski)["manage"], data, follow=True)

    assert response.redirect_chain == [(urls(network.rimouski)["manage"], 302)]
    assert "2 adhésions ont été modifiées." in response.content.decode()
    cpe = Membership.objects.get(partnership=network.rimouski, organisation=network.cpe)
    clsc = Membership.objects.get(partnership=network.rimouski, organisation=network.clsc)
    assert cpe.role == MemberRole.STEERING
    assert clsc.joined_on == datetime.date(2019, 5, 1)
    assert cpe.history.first().history_user == network.coordinator


def test_member_list_removes_a_member(coordinator_client, network):
    data = formset_data(network.rimouski, {network.clsc: {"DELETE": "on"}})
    response = coordinator_client.post(urls(network.rimouski)["manage"], data, follow=True)

    assert "1 membre a été retiré du regroupement." in response.content.decode()
    assert list(network.rimouski.organisations.all()) == [network.cpe]
    deletion = Membership.history.filter(organisation=network.clsc, history_type="-").get()
    assert deletion.history_user == network.coordinator


def test_future_join_date_is_refused_and_nothing_is_saved(coordinator_client, network):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = formset_data(
        network.rimouski,
        {network.clsc: {"DELETE": "on"}, network.cpe: {"role": MemberRole.TRUSTEE, "joined_on": tomorrow}},
    )
    response = coordinator_client.post(urls(network.rimouski)["manage"], data)
    html = response.content.decode()

    assert response.status_code == 200
    assert "La date d&#x27;adhésion ne peut pas être dans le futur" in html
    assert f'value="{tomorrow}"' in html
    assert '<option value="fiduciaire" selected>' in html
    assert "CPE Les Petits Pas — Date d&#x27;adhésion" in html  # the summary names the row
    assert set(network.rimouski.organisations.all()) == {network.cpe, network.clsc}
    assert Membership.objects.get(organisation=network.cpe, partnership=network.rimouski).role == "membre"


def test_join_date_before_2000_is_refused(coordinator_client, network):
    data = formset_data(network.rimouski, {network.cpe: {"joined_on": "1999-12-31"}})
    response = coordinator_client.post(urls(network.rimouski)["manage"], data)
    assert (
        "La date d&#x27;adhésion ne peut pas être antérieure au 1er janvier 2000."
        in response.content.decode()
    )
    assert Membership.objects.get(organisation=network.cpe, partnership=network.rimouski).joined_on == (
        datetime.date(2020, 9, 1)
    )


def test_member_list_is_saved_all_or_nothing(coordinator_client, network, monkeypatch):
    def refuse(*args, **kwargs):
        raise ValidationError("Refusé par la base.")

    # The CLSC row comes first and is removed; the CPE row then fails.
    monkeypatch.setattr(actions, "update_membership", refuse)
    data = formset_data(
        network.rimouski, {network.clsc: {"DELETE": "on"}, network.cpe: {"role": MemberRole.OBSERVER}}
    )
    response = coordinator_client.post(urls(network.rimouski)["manage"], data)

    assert response.status_code == 200
    assert "Refusé par la base." in response.content.decode()
    assert set(network.rimouski.organisations.all()) == {network.cpe, network.clsc}


def test_member_list_ignores_a_membership_of_another_partnership(coordinator_client, network):
    data = formset_data(network.rimouski, {network.cpe: {"role": MemberRole.TRUSTEE}})
    foreign = Membership.objects.get(partnership=network.montreal, organisation=network.maison)
    data["membres-0-id"] = str(foreign.pk)
    data["membres-0-DELETE"] = "on"
    coordinator_client.post(urls(network.rimouski)["manage"], data)

    assert Membership.objects.filter(pk=foreign.pk).exists()
    foreign.refresh_from_db()
    assert foreign.role == MemberRole.MEMBER


def test_tampered_member_list_is_a_french_error_not_a_crash(coordinator_client, network):
    response = coordinator_client.post(urls(network.rimouski)["manage"], {"membres-0-role": "comite"})
    assert response.status_code == 200
    assert "ManagementForm sont manquantes" in response.content.decode()


@pytest.mark.parametrize("total", ["103", str(10**30)])
def test_a_forged_row_count_builds_no_more_rows_than_the_partnership_has_members(
    coordinator_client, network, total
):
    """TOTAL_FORMS comes from the browser: the list holds the partnership's memberships
    (with a margin for members removed meanwhile), not Django's 2,000 empty rows."""
    data = formset_data(network.rimouski, {network.cpe: {"role": MemberRole.OBSERVER}})
    data["membres-TOTAL_FORMS"] = total
    response = coordinator_client.post(urls(network.rimouski)["manage"], data)
    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'name="membres-\d+-role"', html)) <= 102
    assert "Veuillez soumettre au plus 102 formulaires" in html  # 2 members and the margin
    assert (
        Membership.objects.get(partnership=network.rimouski, organisation=network.cpe).role
        == MemberRole.MEMBER
    )


def test_a_member_removed_meanwhile_does_not_refuse_the_list(coordinator_client, network):
    data = formset_data(network.rimouski, {network.cpe: {"role": MemberRole.OBSERVER}})
    actions.remove_membership(
        network.coordinator, Membership.objects.get(partnership=network.rimouski, organisation=network.clsc)
    )
    response = coordinator_client.post(urls(network.rimouski)["manage"], data)
    assert "Veuillez soumettre au plus" not in response.content.decode()


# Adding members


def test_search_offers_only_organisations_that_are_not_members(coordinator_client, network):
    response = coordinator_client.get(urls(network.rimouski)["add"], {"q": "petits"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Halte-garderie Les Tout-Petits" in html
    assert "CPE Les Petits Pas" not in html  # already a member
    assert "1 partenaire trouvé pour « petits »" in html
    assert 'id="id_recherche_partenaire" value="petits"' in html
    assert f'value="{timezone.localdate().isoformat()}"' in html


def test_search_leaves_out_inactive_organisations(coordinator_client, network):
    Organisation.objects.filter(pk=network.halte.pk).update(is_active=False)
    html = coordinator_client.get(urls(network.rimouski)["add"], {"q": "petits"}).content.decode()
    assert "Halte-garderie" not in html
    assert "Aucun partenaire actif qui n'est pas déjà membre ne correspond à « petits »" in html


def test_search_shows_at_most_twenty_results(coordinator_client, network):
    for number in range(25):
        actions.save_organisation(Organisation(name=f"Bibliothèque {number:02}", sector=network.cpe.sector))
    html = coordinator_client.get(urls(network.rimouski)["add"], {"q": "bibliotheque"}).content.decode()
    assert "Bibliothèque 19" in html
    assert "Bibliothèque 20" not in html
    assert "Seuls les 20 premiers résultats sont affichés" in html


def test_search_with_htmx_returns_the_results_only(coordinator_client, network):
    response = coordinator_client.get(urls(network.rimouski)["add"], {"q": "famille"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="candidats"')
    assert "Maison de la famille de l&#x27;Éveil" in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_manage_page_has_the_search_box(coordinator_client, network):
    html = coordinator_client.get(urls(network.rimouski)["manage"]).content.decode()
    assert '<label for="id_recherche_partenaire">Rechercher un partenaire</label>' in html
    assert f'action="{urls(network.rimouski)["add"]}"' in html


def test_add_member(coordinator_client, network):
    data = add_data(network.maison, role=MemberRole.OBSERVER, joined_on="2023-03-10")
    response = coordinator_client.post(urls(network.rimouski)["add"], data, follow=True)

    assert response.redirect_chain == [(urls(network.rimouski)["manage"], 302)]
    assert (
        "Le partenaire « Maison de la famille de l&#x27;Éveil » a été ajouté au regroupement."
        in response.content.decode()
    )
    membership = Membership.objects.get(partnership=network.rimouski, organisation=network.maison)
    assert membership.role == MemberRole.OBSERVER
    assert membership.joined_on == datetime.date(2023, 3, 10)
    assert membership.history.first().history_user == network.coordinator


def test_adding_twice_is_refused_in_french(coordinator_client, network):
    url = urls(network.rimouski)["add"]
    coordinator_client.post(url, add_data(network.maison))
    response = coordinator_client.post(url, add_data(network.maison, q="famille"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "« Maison de la famille de l&#x27;Éveil » est déjà membre de ce regroupement." in html
    assert Membership.objects.filter(partnership=network.rimouski, organisation=network.maison).count() == 1


def test_adding_with_a_future_date_keeps_the_typed_values(coordinator_client, network):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = add_data(network.maison, q="famille", role=MemberRole.TRUSTEE, joined_on=tomorrow)
    response = coordinator_client.post(urls(network.rimouski)["add"], data)
    html = response.content.decode()

    assert response.status_code == 200
    assert "La date d&#x27;adhésion ne peut pas être dans le futur" in html
    assert f'value="{tomorrow}"' in html
    assert '<option value="fiduciaire" selected>' in html
    assert f'href="#id_ajout_{network.maison.pk}_joined_on"' in html
    assert "Maison de la famille de l&#x27;Éveil — Date d&#x27;adhésion" in html
    assert not Membership.objects.filter(partnership=network.rimouski, organisation=network.maison).exists()


def test_adding_an_inactive_organisation_is_refused(coordinator_client, network):
    Organisation.objects.filter(pk=network.maison.pk).update(is_active=False)
    response = coordinator_client.post(urls(network.rimouski)["add"], add_data(network.maison))
    assert "Ce partenaire n&#x27;existe pas ou n&#x27;est plus actif." in response.content.decode()
    assert not Membership.objects.filter(partnership=network.rimouski, organisation=network.maison).exists()


# Cost and safety


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def test_member_list_costs_the_same_queries_whatever_its_size(coordinator_client, network):
    url = urls(network.rimouski)["manage"]
    small = _count_queries(coordinator_client, url)
    for number in range(23):
        organisation = actions.save_organisation(
            Organisation(name=f"Organisme {number:02}", sector=network.clsc.sector)
        )
        Membership.objects.create(
            partnership=network.rimouski, organisation=organisation, joined_on=datetime.date(2021, 1, 1)
        )
    large = _count_queries(coordinator_client, url)
    assert network.rimouski.memberships.count() == 25
    assert large == small


def test_search_costs_the_same_queries_whatever_the_number_of_results(coordinator_client, network):
    url = urls(network.rimouski)["add"]
    actions.save_organisation(Organisation(name="Organisme témoin", sector=network.clsc.sector))
    one = _count_queries(coordinator_client, url, {"q": "organisme"})
    for number in range(15):
        actions.save_organisation(Organisation(name=f"Organisme {number:02}", sector=network.clsc.sector))
    many = _count_queries(coordinator_client, url, {"q": "organisme"})
    assert one == many


def test_edit_page_of_an_unknown_or_inactive_partnership_is_not_found(coordinator_client, network):
    assert coordinator_client.get(reverse("partners:partnership_edit", args=[999999])).status_code == 404
    network.rimouski.is_active = False
    network.rimouski.save()
    for url in urls(network.rimouski).values():
        response = coordinator_client.get(url)
        assert response.status_code == 404
        assert "Aucun regroupement ne porte le numéro" in response.content.decode()


def test_posts_without_csrf_token_are_refused(client, network):
    client.handler.enforce_csrf_checks = True
    client.force_login(network.coordinator)
    response = client.post(urls(network.rimouski)["edit"], edit_data(network.rimouski, name="Sans jeton"))
    assert response.status_code == 403
    network.rimouski.refresh_from_db()
    assert network.rimouski.name == "Regroupement Naître et grandir à Rimouski"
