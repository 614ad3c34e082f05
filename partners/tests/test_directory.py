"""The public directory of partners and the list of partnerships."""

import datetime
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners import actions
from partners.models import Membership, Organisation, Partnership, Scale
from taxonomy.models import Sector
from territories.models import Region

pytestmark = pytest.mark.django_db

DIRECTORY = "/partenaires/"
PARTNERSHIPS = "/regroupements/"


def text(response):
    return unescape(response.content.decode())


def names(response):
    return [o.name for o in response.context["listing"].page.object_list]


def facet(response, name):
    facets = {f.name: f for f in response.context["listing"].facets}
    return {o.value: o.count for o in facets[name].options}


def test_directory_lists_active_partners_only(client, network):
    network.halte.is_active = False
    actions.save_organisation(network.halte)
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert names(response) == ["CLSC de Rimouski", "CPE Les Petits Pas", "Maison de la famille de l'Éveil"]
    assert "3 partenaires trouvés" in text(response)


def test_or_within_a_filter_and_across_filters(client, network):
    both_regions = client.get(DIRECTORY, {"region": ["01", "06"]})
    assert len(names(both_regions)) == 4
    rimouski_garde = client.get(DIRECTORY, {"region": ["01"], "sector": ["services-de-garde"]})
    assert names(rimouski_garde) == ["CPE Les Petits Pas"]
    two_sectors = client.get(
        DIRECTORY, {"region": "06", "sector": ["services-de-garde", "communautaire-famille"]}
    )
    assert names(two_sectors) == ["Halte-garderie Les Tout-Petits", "Maison de la famille de l'Éveil"]
    regional = client.get(DIRECTORY, {"scale": "regional"})
    assert names(regional) == ["CLSC de Rimouski"]


def test_facet_counts_ignore_their_own_filter(client, network):
    response = client.get(DIRECTORY, {"region": "01"})
    regions = facet(response, "region")
    # Counting regions ignores the region filter, so the other region still shows its count.
    assert regions["01"] == 2 and regions["06"] == 2 and regions["13"] == 0
    sectors = facet(response, "sector")
    assert sectors["services-de-garde"] == 1 and sectors["sante-services-sociaux"] == 1
    assert sectors["communautaire-famille"] == 0
    assert facet(response, "scale") == {"local": 1, "regional": 1, "national": 0}
    html = text(response)
    assert 'name="region" value="01" checked' in html


def test_national_partner_counts_in_each_of_its_regions(client, network):
    national = Organisation(
        name="Fondation nationale des tout-petits",
        sector=Sector.objects.get(code="philanthropie"),
        scale=Scale.NATIONAL,
    )
    actions.save_organisation(national, region_ids=list(Region.objects.values_list("pk", flat=True)))
    response = client.get(DIRECTORY, {"region": ["01", "06"]})
    assert names(response).count("Fondation nationale des tout-petits") == 1
    assert response.context["listing"].count == 5
    assert facet(response, "region")["13"] == 1


def test_text_filter_ignores_accents_case_and_punctuation(client, network):
    assert names(client.get(DIRECTORY, {"q": "eveil"})) == ["Maison de la famille de l'Éveil"]
    assert names(client.get(DIRECTORY, {"q": "TOUT petits"})) == ["Halte-garderie Les Tout-Petits"]
    assert names(client.get(DIRECTORY, {"q": "rimouski cpe"})) == ["CPE Les Petits Pas"]
    empty = client.get(DIRECTORY, {"q": "introuvable"})
    assert names(empty) == []
    assert "Aucun partenaire ne correspond" in text(empty)


def test_unknown_filter_value_is_a_french_400(client, network):
    response = client.get(DIRECTORY, {"region": "99"})
    assert response.status_code == 400
    assert "« 99 » n'est pas un code de région connu." in text(response)
    response = client.get(DIRECTORY, {"scale": "galactique"})
    assert response.status_code == 400
    assert "n'est pas une échelle connue" in text(response)
    response = client.get(PARTNERSHIPS, {"stage": "inconnue"})
    assert response.status_code == 400


def test_pagination_and_its_errors(client, network, settings):
    settings.PAGE_SIZE = 2
    first = client.get(DIRECTORY, {"region": ["01", "06"]})
    assert len(names(first)) == 2
    assert "Page 1 sur 2" in text(first)
    assert "?region=01&amp;region=06&amp;page=2" in first.content.decode()
    second = client.get(DIRECTORY, {"region": ["01", "06"], "page": "2"})
    assert names(second) == ["Halte-garderie Les Tout-Petits", "Maison de la famille de l'Éveil"]
    out_of_range = client.get(DIRECTORY, {"page": "9"})
    assert out_of_range.status_code == 404
    assert "La page 9 n'existe pas" in text(out_of_range)
    not_a_number = client.get(DIRECTORY, {"page": "deux"})
    assert not_a_number.status_code == 400
    assert "n'est pas un nombre" in text(not_a_number)


def test_htmx_request_gets_only_the_results(client, network):
    response = client.get(DIRECTORY, {"region": "01"}, HTTP_HX_REQUEST="true")
    html = text(response)
    assert html.lstrip().startswith('<div id="listing"')
    assert "<html" not in html


def _grow(n, region, sector, partnership):
    joined = datetime.date(2021, 1, 1)
    for i in range(n):
        org = actions.save_organisation(
            Organisation(name=f"Organisme {i}", sector=sector, municipality="Laval"), region_ids=[region.pk]
        )
        Membership.objects.create(partnership=partnership, organisation=org, joined_on=joined)


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_name, params",
    [
        ("organisation_list", {}),
        ("organisation_list", {"region": ["01", "13"], "sector": "education", "q": "organisme"}),
        ("partnership_list", {}),
        ("partnership_list", {"region": "13", "kind": "regroupement_local"}),
    ],
)
def test_list_pages_use_a_constant_number_of_queries(client, network, url_name, params):
    url = reverse(f"partners:{url_name}")
    laval = Region.objects.get(code="13")
    education = Sector.objects.get(code="education")
    first = actions.save_partnership(
        Partnership(name="Regroupement de Laval", region=laval, territory_name="Laval")
    )
    _grow(2, laval, education, first)
    before = _count_queries(client, url, params)
    for k in range(3):
        partnership = actions.save_partnership(
            Partnership(name=f"Regroupement {k}", region=laval, territory_name="Laval")
        )
        _grow(15, laval, education, partnership)
    after = _count_queries(client, url, params)
    assert after == before


def test_detail_pages_use_a_constant_number_of_queries(client, network):
    organisation_url = network.cpe.get_absolute_url()
    partnership_url = network.rimouski.get_absolute_url()
    before = (_count_queries(client, organisation_url), _count_queries(client, partnership_url))
    _grow(20, network.regions["01"], Sector.objects.get(code="education"), network.rimouski)
    for k in range(5):
        partnership = actions.save_partnership(
            Partnership(name=f"Autre {k}", region=network.regions["01"], territory_name="Bic")
        )
        Membership.objects.create(
            partnership=partnership, organisation=network.cpe, joined_on=datetime.date(2022, 1, 1)
        )
    after = (_count_queries(client, organisation_url), _count_queries(client, partnership_url))
    assert after == before


def test_organisation_page_lists_its_partnerships(client, network):
    response = client.get(network.cpe.get_absolute_url())
    html = text(response)
    assert response.status_code == 200
    assert "<h1>CPE Les Petits Pas</h1>" in html
    assert "Regroupement Naître et grandir à Rimouski" in html
    assert "1er septembre 2020" in html
    assert "Services de garde éducatifs" in html


def test_partnership_page_shows_territory_stage_and_members_by_sector(client, network):
    network.rimouski.children_0_5 = 4250
    actions.save_partnership(network.rimouski)
    response = client.get(network.rimouski.get_absolute_url())
    html = text(response)
    assert "MRC de Rimouski-Neigette" in html
    assert "Mobilisation" in html
    assert "4\xa0250" in html
    assert "2 membres, par secteur" in html
    assert "Services de garde éducatifs" in html and "Santé et services sociaux" in html
    assert "Julie Gagnon" in html
    assert "coordo@rimouski.qc.ca" not in html  # no personal e-mail on a public page


@pytest.mark.parametrize(
    "url, message",
    [
        ("/partenaires/999999/", "Aucun partenaire ne porte le numéro 999999."),
        ("/regroupements/999999/", "Aucun regroupement ne porte le numéro 999999."),
        ("/partenaires/abc/", "La page demandée n'existe pas"),
        ("/regroupements/12x/", "La page demandée n'existe pas"),
    ],
)
def test_unknown_or_malformed_ids_give_a_french_404(client, network, url, message):
    response = client.get(url)
    assert response.status_code == 404
    assert message in text(response)


def test_inactive_partnership_is_not_shown(client, network):
    network.montreal.is_active = False
    actions.save_partnership(network.montreal)
    assert client.get(network.montreal.get_absolute_url()).status_code == 404
    listing = client.get(PARTNERSHIPS)
    assert [p.name for p in listing.context["listing"].page.object_list] == [network.rimouski.name]


def test_partnership_filters(client, network):
    response = client.get(PARTNERSHIPS, {"region": "06"})
    assert [p.name for p in response.context["listing"].page.object_list] == [network.montreal.name]
    assert facet(response, "region")["01"] == 1
    assert facet(response, "stage")["mobilisation"] == 1
    assert client.get(PARTNERSHIPS, {"q": "hochelaga"}).context["listing"].count == 1
    assert client.get(PARTNERSHIPS, {"kind": "projet_national"}).context["listing"].count == 0


def test_inactive_organisations_are_hidden_from_partnerships(client, network):
    network.clsc.is_active = False
    actions.save_organisation(network.clsc)
    page = client.get(network.rimouski.get_absolute_url())
    assert "CLSC de Rimouski" not in text(page)
    assert "1 membre, par secteur" in text(page)
    listing = client.get(PARTNERSHIPS, {"region": "01"})
    assert listing.context["listing"].page.object_list[0].member_count == 1
