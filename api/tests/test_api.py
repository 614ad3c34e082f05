"""The public API under /api/v1/: shapes, filters, pages, errors, documentation, query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners import actions
from partners.models import (
    DpeStage,
    MemberRole,
    Membership,
    Organisation,
    Partnership,
    PartnershipKind,
    Scale,
)
from taxonomy.models import Sector
from territories.models import Region

pytestmark = pytest.mark.django_db

API = "/api/v1"


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body


# Regions -----------------------------------------------------------------------------


def test_regions_are_listed_by_code_with_both_labels(client, db):
    body = client.get(f"{API}/regions").json()
    assert body["count"] == 17
    assert len(body["items"]) == 17
    assert body["items"][5] == {
        "code": "06",
        "label_fr": "Montréal",
        "label_en": "Montréal",
        "label": "Montréal",
    }
    page = client.get(f"{API}/regions", {"limit": 2, "offset": 12}).json()
    assert page["count"] == 17
    assert [r["code"] for r in page["items"]] == ["13", "14"]


def test_region_label_follows_accept_language(client, db):
    Region.objects.filter(code="01").update(label_en="Lower St. Lawrence")
    first = client.get(f"{API}/regions", {"limit": 1}, headers={"accept-language": "en"}).json()["items"][0]
    assert first["label"] == "Lower St. Lawrence"
    assert first["label_fr"] == "Bas-Saint-Laurent"
    french = client.get(f"{API}/regions", {"limit": 1}).json()["items"][0]
    assert french["label"] == "Bas-Saint-Laurent"


# Partners ----------------------------------------------------------------------------


def test_partner_list_shape(client, network):
    body = client.get(f"{API}/partners").json()
    assert set(body) == {"count", "items"}
    assert body["count"] == 4
    cpe = next(item for item in body["items"] if item["name"] == "CPE Les Petits Pas")
    assert cpe == {
        "id": network.cpe.pk,
        "name": "CPE Les Petits Pas",
        "sector": {"code": "services-de-garde", "label": "Services de garde éducatifs"},
        "scale": "local",
        "regions": ["01"],
        "municipality": "Rimouski",
        "website": "",
        "url": f"/partenaires/{network.cpe.pk}/",
        "api_url": f"/api/v1/partners/{network.cpe.pk}",
    }
    assert client.get(cpe["url"]).status_code == 200
    assert client.get(cpe["api_url"]).json()["id"] == network.cpe.pk


def test_partner_list_is_ordered_by_name_and_shows_active_partners_only(client, network):
    network.halte.is_active = False
    actions.save_organisation(network.halte)
    response = client.get(f"{API}/partners")
    assert names(response) == ["CLSC de Rimouski", "CPE Les Petits Pas", "Maison de la famille de l'Éveil"]
    assert response.json()["count"] == 3


def test_each_partner_filter(client, network):
    assert names(client.get(f"{API}/partners", {"region": "06"})) == [
        "Halte-garderie Les Tout-Petits",
        "Maison de la famille de l'Éveil",
    ]
    assert names(client.get(f"{API}/partners", {"scale": "regional"})) == ["CLSC de Rimouski"]
    assert names(client.get(f"{API}/partners", {"sector": "services-de-garde"})) == [
        "CPE Les Petits Pas",
        "Halte-garderie Les Tout-Petits",
    ]
    assert names(client.get(f"{API}/partners", {"q": "eveil"})) == ["Maison de la famille de l'Éveil"]
    assert names(client.get(f"{API}/partners", {"q": "TOUT petits"})) == ["Halte-garderie Les Tout-Petits"]
    assert names(client.get(f"{API}/partners", {"region": "13"})) == []


def test_partner_filters_or_within_and_across(client, network):
    both_regions = client.get(f"{API}/partners?region=01&region=06")
    assert both_regions.json()["count"] == 4
    assert names(client.get(f"{API}/partners?region=01&sector=services-de-garde")) == ["CPE Les Petits Pas"]
    two_sectors = client.get(
        f"{API}/partners?region=06&sector=services-de-garde&sector=communautaire-famille"
    )
    assert names(two_sectors) == ["Halte-garderie Les Tout-Petits", "Maison de la famille de l'Éveil"]
    local_or_regional = client.get(f"{API}/partners?scale=local&scale=regional&q=rimouski")
    assert names(local_or_regional) == ["CLSC de Rimouski", "CPE Les Petits Pas"]
    assert names(client.get(f"{API}/partners?scale=regional&region=06")) == []


def test_partner_in_several_regions_is_listed_once(client, network):
    national = Organisation(
        name="Fondation nationale des tout-petits",
        sector=Sector.objects.get(code="philanthropie"),
        scale=Scale.NATIONAL,
    )
    actions.save_organisation(national, region_ids=list(Region.objects.values_list("pk", flat=True)))
    body = client.get(f"{API}/partners?region=01&region=06").json()
    assert body["count"] == 5
    assert [item["name"] for item in body["items"]].count("Fondation nationale des tout-petits") == 1
    national_item = next(item for item in body["items"] if item["scale"] == "national")
    assert len(national_item["regions"]) == 17


def test_partner_list_limit_and_offset(client, network):
    first = client.get(f"{API}/partners", {"limit": 1}).json()
    assert first["count"] == 4
    assert [item["name"] for item in first["items"]] == ["CLSC de Rimouski"]
    third = client.get(f"{API}/partners", {"limit": 2, "offset": 2}).json()
    assert third["count"] == 4
    assert [item["name"] for item in third["items"]] == [
        "Halte-garderie Les Tout-Petits",
        "Maison de la famille de l'Éveil",
    ]
    past_the_end = client.get(f"{API}/partners", {"offset": 10**30}).json()
    assert past_the_end == {"count": 4, "items": []}


def test_default_limit_is_25(client, network):
    sector = Sector.objects.get(code="services-de-garde")
    for n in range(30):
        actions.save_organisation(
            Organisation(name=f"Organisme {n:02d}", sector=sector), region_ids=[network.regions["06"].pk]
        )
    body = client.get(f"{API}/partners").json()
    assert body["count"] == 34
    assert len(body["items"]) == 25
    assert len(client.get(f"{API}/partners", {"limit": 100}).json()["items"]) == 34


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"limit": 0}, "limit", ["limit", "au moins 1"]),
        ({"limit": 101}, "limit", ["limit", "au plus 100"]),
        ({"limit": "beaucoup"}, "limit", ["limit", "nombre entier", "beaucoup"]),
        ({"offset": -1}, "offset", ["offset", "au moins 0"]),
    ],
)
def test_limit_and_offset_out_of_range_answer_400_in_french(client, network, params, field, words):
    body = error(client.get(f"{API}/partners", params), 400)
    for word in words:
        assert word in body["detail"]
    assert body["errors"][0]["field"] == field


def test_unknown_filter_values_answer_400_naming_them(client, network):
    body = error(client.get(f"{API}/partners", {"region": "99"}), 400)
    assert body["detail"] == "Région : « 99 » n'est pas un code de région connu."
    assert body["errors"] == [{"field": "region", "message": "« 99 » n'est pas un code de région connu."}]
    body = error(client.get(f"{API}/partners", {"scale": "huge", "sector": "inconnu"}), 400)
    assert "« huge » n'est pas une échelle connue." in body["detail"]
    assert "« inconnu » n'est pas un secteur connu." in body["detail"]
    assert {e["field"] for e in body["errors"]} == {"scale", "sector"}


def test_partner_detail(client, network):
    body = client.get(f"{API}/partners/{network.clsc.pk}").json()
    assert body["name"] == "CLSC de Rimouski"
    assert body["scale"] == "regional"
    assert body["regions"] == ["01"]
    assert body["is_active"] is True
    assert {"address", "description", "email"} <= set(body)
    assert body["partnerships"] == [
        {
            "id": network.rimouski.pk,
            "name": "Regroupement Naître et grandir à Rimouski",
            "role": "membre",
            "joined_on": "2020-09-01",
        }
    ]


def test_partner_detail_hides_inactive_partnerships(client, network):
    network.rimouski.is_active = False
    network.rimouski.save()
    assert client.get(f"{API}/partners/{network.clsc.pk}").json()["partnerships"] == []


def test_unknown_or_inactive_partner_answers_404_in_french(client, network):
    body = error(client.get(f"{API}/partners/123456"), 404)
    assert body == {"detail": "Aucun partenaire ne porte le numéro 123456.", "errors": []}
    network.halte.is_active = False
    actions.save_organisation(network.halte)
    body = error(client.get(f"{API}/partners/{network.halte.pk}"), 404)
    assert body["detail"] == f"Aucun partenaire ne porte le numéro {network.halte.pk}."
    # Larger than any database integer: still a plain 404, never a 500.
    error(client.get(f"{API}/partners/99999999999999999999999"), 404)


@pytest.mark.parametrize("path", ["partners/abc", "partners/1.5", "partnerships/abc"])
def test_malformed_id_answers_400_in_french(client, network, path):
    body = error(client.get(f"{API}/{path}"), 400)
    bad = path.split("/")[1]
    assert body["detail"] == f"« {bad} » n'est pas un numéro valide : un numéro est un nombre entier positif."
    assert "Input should be" not in str(body)


# Partnerships ------------------------------------------------------------------------


def test_partnership_list_shape(client, network):
    body = client.get(f"{API}/partnerships").json()
    assert body["count"] == 2
    assert body["items"][0] == {
        "id": network.montreal.pk,
        "name": "Concertation petite enfance Hochelaga",
        "kind": "regroupement_local",
        "region": "06",
        "territory_name": "Hochelaga-Maisonneuve",
        "territory_type": "mrc",
        "children_0_5": None,
        "dpe_stage": "mobilisation",
        "member_count": 2,
        "url": f"/regroupements/{network.montreal.pk}/",
        "api_url": f"/api/v1/partnerships/{network.montreal.pk}",
    }


def test_partnership_filters(client, network):
    network.rimouski.kind = PartnershipKind.REGIONAL
    network.rimouski.dpe_stage = DpeStage.PLANNING
    network.rimouski.save()
    assert names(client.get(f"{API}/partnerships", {"region": "01"})) == [
        "Regroupement Naître et grandir à Rimouski"
    ]
    assert names(client.get(f"{API}/partnerships", {"kind": "instance_regionale"})) == [
        "Regroupement Naître et grandir à Rimouski"
    ]
    assert names(client.get(f"{API}/partnerships", {"stage": "mobilisation"})) == [
        "Concertation petite enfance Hochelaga"
    ]
    assert names(client.get(f"{API}/partnerships", {"q": "hochelaga maisonneuve"})) == [
        "Concertation petite enfance Hochelaga"
    ]
    either_stage = client.get(f"{API}/partnerships?stage=mobilisation&stage=planification")
    assert either_stage.json()["count"] == 2
    assert names(client.get(f"{API}/partnerships?stage=mobilisation&stage=planification&region=01")) == [
        "Regroupement Naître et grandir à Rimouski"
    ]
    assert names(client.get(f"{API}/partnerships?kind=instance_regionale&region=06")) == []


def test_partnership_list_pages_and_errors(client, network):
    page = client.get(f"{API}/partnerships", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2
    assert [item["name"] for item in page["items"]] == ["Regroupement Naître et grandir à Rimouski"]
    body = error(client.get(f"{API}/partnerships", {"stage": "finie", "region": "99"}), 400)
    assert "« finie » n'est pas une étape connue." in body["detail"]
    assert "« 99 » n'est pas un code de région connu." in body["detail"]
    error(client.get(f"{API}/partnerships", {"limit": 500}), 400)


def test_partnership_detail_counts_coordinators_without_naming_them(client, network, make_user):
    network.rimouski.coordinators.add(make_user("deuxieme@rimouski.qc.ca", first_name="Marc"))
    Membership.objects.filter(organisation=network.cpe).update(role=MemberRole.TRUSTEE)
    response = client.get(f"{API}/partnerships/{network.rimouski.pk}")
    body = response.json()
    assert body["coordinator_count"] == 2
    assert body["member_count"] == 2
    assert body["region"] == "01"
    assert {"description", "website", "email"} <= set(body)
    assert body["members"] == [
        {
            "id": network.clsc.pk,
            "name": "CLSC de Rimouski",
            "sector": "sante-services-sociaux",
            "role": "membre",
            "joined_on": "2020-09-01",
        },
        {
            "id": network.cpe.pk,
            "name": "CPE Les Petits Pas",
            "sector": "services-de-garde",
            "role": "fiduciaire",
            "joined_on": "2020-09-01",
        },
    ]
    text = response.content.decode()
    for personal in ("coordo@rimouski.qc.ca", "Julie", "Gagnon", "deuxieme@rimouski.qc.ca", "Marc"):
        assert personal not in text


def test_unknown_or_inactive_partnership_answers_404_in_french(client, network):
    body = error(client.get(f"{API}/partnerships/987"), 404)
    assert body["detail"] == "Aucun regroupement ne porte le numéro 987."
    network.montreal.is_active = False
    network.montreal.save()
    error(client.get(f"{API}/partnerships/{network.montreal.pk}"), 404)
    assert client.get(f"{API}/partnerships").json()["count"] == 1


# Errors outside the operations -------------------------------------------------------


def test_unknown_address_and_wrong_method_answer_json(client, db):
    body = error(client.get(f"{API}/inconnu"), 404)
    assert body["detail"] == "Aucune ressource de l'API à cette adresse."
    error(client.get("/api/v2/partners"), 404)
    error(client.get(f"{API}/"), 404)
    body = error(client.post(f"{API}/partners"), 405)
    assert "POST" in body["detail"]


# Documentation -----------------------------------------------------------------------


def test_openapi_document_lists_every_endpoint_and_parameter(client, db):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "API Agir tôt"
    assert document["info"]["version"] == "1"
    expected = {
        "/api/v1/regions": {"limit", "offset"},
        "/api/v1/partners": {"region", "scale", "sector", "q", "limit", "offset"},
        "/api/v1/partners/{partner_id}": {"partner_id"},
        "/api/v1/partnerships": {"region", "kind", "stage", "q", "limit", "offset"},
        "/api/v1/partnerships/{partnership_id}": {"partnership_id"},
    }
    # The network's endpoints; the plans' are checked in test_plans_api.py.
    assert set(expected) <= set(document["paths"])
    for path, parameters in expected.items():
        operation = document["paths"][path]["get"]
        assert {p["name"] for p in operation["parameters"]} == parameters
        assert operation["description"]
        assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }
    scale = next(
        p for p in document["paths"]["/api/v1/partners"]["get"]["parameters"] if p["name"] == "scale"
    )
    assert scale["schema"]["items"]["enum"] == ["local", "regional", "national"]
    assert "404" in document["paths"]["/api/v1/partners/{partner_id}"]["get"]["responses"]


def test_docs_page_loads_nothing_from_another_host(client, db):
    url = reverse("api-1.0.0:openapi-view")
    assert url == "/api/v1/docs"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert len(sources) >= 3
    for source in sources:
        assert source.startswith("/static/ninja/"), source
        asset = client.get(source)
        assert asset.status_code == 200, source
        assert b"".join(asset.streaming_content)
    assert '"validatorUrl": null' in html
    assert "/api/v1/openapi.json" in html


# Query counts ------------------------------------------------------------------------


def _grow(network, how_many=30):
    """Add organisations in several regions, each a member of both partnerships."""
    sectors = list(Sector.objects.all())
    regions = list(Region.objects.all())
    for n in range(how_many):
        organisation = Organisation(name=f"Organisme {n:02d}", sector=sectors[n % len(sectors)])
        actions.save_organisation(organisation, region_ids=[regions[n % 17].pk, regions[(n + 5) % 17].pk])
        for partnership in (network.rimouski, network.montreal):
            Membership.objects.create(
                partnership=partnership, organisation=organisation, joined_on=datetime.date(2021, 1, 1)
            )
    for n in range(how_many):
        Partnership.objects.create(name=f"Regroupement {n:02d}", region=regions[n % 17], territory_name="MRC")


def _queries(client, urls):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        counts[url] = len(context.captured_queries)
    return counts


def test_query_count_does_not_grow_with_the_data(client, network):
    urls = [
        f"{API}/regions",
        f"{API}/partners?limit=100",
        f"{API}/partners?region=01&region=06&sector=services-de-garde&q=e&limit=100",
        f"{API}/partners/{network.cpe.pk}",
        f"{API}/partnerships?limit=100",
        f"{API}/partnerships?region=01&stage=mobilisation&limit=100",
        f"{API}/partnerships/{network.rimouski.pk}",
    ]
    small = _queries(client, urls)
    _grow(network)
    large = _queries(client, urls)
    assert client.get(f"{API}/partners?limit=100").json()["count"] == 34
    assert len(client.get(f"{API}/partnerships/{network.rimouski.pk}").json()["members"]) == 32
    assert large == small
    # And small in absolute terms: count, page, then one query per prefetched relation.
    assert small[f"{API}/partners?limit=100"] == 3
    assert small[f"{API}/partnerships?limit=100"] == 2
