"""Downloads of the directory and of the partnerships list, with their filters."""

import csv
import datetime
import io
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from partners import actions
from partners.models import Membership, Organisation, Partnership
from taxonomy.models import Sector
from territories.models import Region

pytestmark = pytest.mark.django_db

DIRECTORY = "/partenaires/"
PARTNERSHIPS = "/regroupements/"


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response):
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 1
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_directory_csv_holds_the_filtered_partners(client, network):
    response = client.get(DIRECTORY, {"region": "01", "format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="partenaires-')
    rows = csv_rows(response)
    assert rows[0] == [
        "Nom",
        "Secteur",
        "Échelle",
        "Régions",
        "Municipalité",
        "Adresse",
        "Site Web",
        "Courriel",
        "Adresse de la fiche",
    ]
    assert [row[0] for row in rows[1:]] == ["CLSC de Rimouski", "CPE Les Petits Pas"]
    clsc = rows[1]
    assert clsc[1:5] == ["Santé et services sociaux", "Régional", "Bas-Saint-Laurent", "Rimouski"]
    assert clsc[8] == f"http://testserver{network.clsc.get_absolute_url()}"


def test_directory_xlsx_holds_every_page_and_applies_every_filter(client, network, settings):
    settings.PAGE_SIZE = 1
    rows = xlsx_rows(client.get(DIRECTORY, {"format": "xlsx"}))
    assert rows[0][0] == "Nom"
    assert [row[0] for row in rows[1:]] == [
        "CLSC de Rimouski",
        "CPE Les Petits Pas",
        "Halte-garderie Les Tout-Petits",
        "Maison de la famille de l'Éveil",
    ]
    rows = xlsx_rows(
        client.get(DIRECTORY, {"format": "xlsx", "sector": "services-de-garde", "q": "tout petits"})
    )
    assert [row[0] for row in rows[1:]] == ["Halte-garderie Les Tout-Petits"]


def test_directory_export_hides_inactive_partners(client, network):
    network.halte.is_active = False
    actions.save_organisation(network.halte)
    names = [row[0] for row in csv_rows(client.get(DIRECTORY, {"format": "csv"}))[1:]]
    assert "Halte-garderie Les Tout-Petits" not in names and len(names) == 3


def test_partnerships_exports(client, network):
    network.montreal.children_0_5 = 3120
    actions.save_partnership(network.montreal)
    rows = xlsx_rows(client.get(PARTNERSHIPS, {"region": "06", "format": "xlsx"}))
    assert rows[0][:7] == [
        "Nom",
        "Type",
        "Territoire",
        "Type de territoire",
        "Région",
        "Étape de la démarche",
        "Nombre de membres",
    ]
    assert len(rows) == 2
    hochelaga = rows[1]
    assert hochelaga[0] == "Concertation petite enfance Hochelaga"
    assert hochelaga[2] == "Hochelaga-Maisonneuve"
    assert hochelaga[4] == "Montréal"
    assert hochelaga[6] == 2
    assert hochelaga[7] == 3120
    rows = csv_rows(client.get(PARTNERSHIPS, {"format": "csv"}))
    assert [row[0] for row in rows[1:]] == [
        "Concertation petite enfance Hochelaga",
        "Regroupement Naître et grandir à Rimouski",
    ]
    assert rows[2][6] == "2"


def test_bad_export_requests_are_french_400s(client, network):
    response = client.get(DIRECTORY, {"format": "ods"})
    assert response.status_code == 400
    assert "Le format « ods » n'est pas offert" in unescape(response.content.decode())
    response = client.get(PARTNERSHIPS, {"format": "csv", "stage": "inconnue"})
    assert response.status_code == 400
    assert "n'est pas une étape connue" in unescape(response.content.decode())


def test_download_links_keep_the_filters(client, network):
    html = client.get(DIRECTORY, {"region": "01", "q": "cpe", "page": "1"}).content.decode()
    assert 'href="?region=01&amp;q=cpe&amp;format=csv"' in html
    assert 'href="?region=01&amp;q=cpe&amp;format=xlsx"' in html
    html = client.get(PARTNERSHIPS).content.decode()
    assert 'href="?format=csv"' in html and 'href="?format=xlsx"' in html


def _count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url, params",
    [
        (DIRECTORY, {"format": "csv"}),
        (DIRECTORY, {"format": "xlsx", "region": ["01", "13"], "sector": "education"}),
        (PARTNERSHIPS, {"format": "csv", "region": "13"}),
    ],
)
def test_exports_use_a_constant_number_of_queries(client, network, url, params):
    laval = Region.objects.get(code="13")
    education = Sector.objects.get(code="education")

    def grow(partnerships, organisations):
        for k in range(partnerships):
            partnership = actions.save_partnership(
                Partnership(name=f"Regroupement {k}", region=laval, territory_name="Laval")
            )
            for i in range(organisations):
                organisation = actions.save_organisation(
                    Organisation(name=f"Organisme {k}-{i}", sector=education), region_ids=[laval.pk]
                )
                Membership.objects.create(
                    partnership=partnership, organisation=organisation, joined_on=datetime.date(2021, 1, 1)
                )

    grow(1, 1)  # at least one matching row, so that every prefetch runs
    before = _count_queries(client, url, params)
    grow(3, 5)
    assert _count_queries(client, url, params) == before
