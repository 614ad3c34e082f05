"""Downloads of the list of plans and of a plan page, opened back as a user would."""

import csv
import datetime
import io
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from plans import actions as plan_actions
from plans.models import Objective, PlanStatus, Visibility
from taxonomy.models import ActionType, ProtectiveFactor, System

pytestmark = pytest.mark.django_db

PLANS = "/plans/"
PLAN_SHEETS = ["Aperçu", "Portrait", "Changements visés", "Actions", "Couverture", "Indicateurs", "Portée"]


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM, for French Excel
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def workbook(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def sheet_rows(book, title):
    return [list(row) for row in book[title].iter_rows(values_only=True)]


def csv_sections(rows):
    """A multi-sheet CSV: '# title' lines start each section."""
    sections, current = {}, None
    for row in rows:
        if row and row[0].startswith("# "):
            current = sections.setdefault(row[0][2:], [])
        elif current is not None and row:
            current.append(row)
    return sections


@pytest.fixture
def second_plan(plans, network):
    plan = plan_actions.create_plan(
        network.other_coordinator,
        network.montreal,
        title="Plan Hochelaga 2021–2023",
        start_year=2021,
        end_year=2023,
        status=PlanStatus.DONE,
    )
    objective = plan_actions.save_plan_item(
        network.other_coordinator,
        Objective(plan=plan, system=System.objects.get(code="communaute"), title="Accès aux services"),
        m2m={"protective_factors": [ProtectiveFactor.objects.get(code="accessibilite-continuite")]},
    )
    plan_actions.save_action(
        network.other_coordinator,
        plan,
        None,
        {
            "title": "Passerelle vers la maternelle",
            "action_type": ActionType.objects.get(code="transition-scolaire"),
            "budget": Decimal("8000.50"),
        },
        {"objectives": [objective]},
    )
    return plan


# The list ------------------------------------------------------------------------------


def test_list_csv_holds_the_filtered_plans(client, plans, second_plan):
    response = client.get(PLANS, {"region": "01", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="plans-d-action-')
    rows = csv_rows(response)
    assert rows[0] == [
        "Titre",
        "Regroupement",
        "Région",
        "Année de début",
        "Année de fin",
        "Statut",
        "Visibilité",
        "Nombre d'actions",
        "Budget total ($)",
        "Adresse de la page",
    ]
    assert len(rows) == 2
    title, partnership, region, start, end, status, visibility, count, budget, url = rows[1]
    assert (title, partnership, region) == (
        "Plan d'action concerté 2024–2027",
        "Regroupement Naître et grandir à Rimouski",
        "Bas-Saint-Laurent",
    )
    assert (start, end, status, visibility, count) == ("2024", "2027", "En cours", "Public", "2")
    assert budget == "17000,00"  # decimal comma
    assert url == f"http://testserver{plans.plan.get_absolute_url()}"


def test_list_xlsx_holds_every_matching_plan_not_only_the_page(client, second_plan, settings):
    settings.PAGE_SIZE = 1
    response = client.get(PLANS, {"region": ["01", "06"], "format": "xlsx"})
    assert response.status_code == 200
    book = workbook(response)
    assert book.sheetnames == ["Plans d'action"]
    rows = sheet_rows(book, "Plans d'action")
    assert [row[0] for row in rows[1:]] == ["Plan d'action concerté 2024–2027", "Plan Hochelaga 2021–2023"]
    hochelaga = rows[2]
    assert hochelaga[1] == "Concertation petite enfance Hochelaga"
    assert hochelaga[3:5] == [2021, 2023]
    assert hochelaga[7] == 1
    assert Decimal(str(hochelaga[8])) == Decimal("8000.50")


def test_list_export_applies_every_filter(client, second_plan):
    rows = csv_rows(client.get(PLANS, {"system": "communaute", "year": "2022", "format": "csv"}))
    assert [row[0] for row in rows[1:]] == ["Plan Hochelaga 2021–2023"]
    rows = csv_rows(client.get(PLANS, {"q": "rimouski", "status": "termine", "format": "csv"}))
    assert rows[1:] == []


@pytest.mark.parametrize(
    "role, sees_hidden",
    [
        ("anonyme", False),
        ("membre", False),
        ("coordonnateur", False),
        ("editeur", False),
        ("coordonnateur_autre", True),
        ("administrateur", True),
    ],
)
def test_exports_respect_visibility(client, plans, role_users, role, sees_hidden):
    if role_users[role] is not None:
        client.force_login(role_users[role])
    titles = [row[0] for row in csv_rows(client.get(PLANS, {"format": "csv"}))[1:]]
    assert ("Plan interne Hochelaga 2025–2028" in titles) is sees_hidden
    for export_format in ("csv", "xlsx"):
        response = client.get(plans.hidden.get_absolute_url(), {"format": export_format})
        assert response.status_code == (200 if sees_hidden else 404)
        if not sees_hidden:
            assert b"Hochelaga" not in response.content


def test_bad_export_requests_are_french_400s(client, plans):
    response = client.get(PLANS, {"format": "pdf"})
    assert response.status_code == 400
    assert "Le format « pdf » n'est pas offert" in unescape(response.content.decode())
    response = client.get(PLANS, {"format": "csv", "region": "99"})
    assert response.status_code == 400
    assert "« 99 » n'est pas un code de région connu." in unescape(response.content.decode())
    assert client.get(plans.plan.get_absolute_url(), {"format": "docx"}).status_code == 400


def test_download_links_keep_the_filters(client, plans):
    html = client.get(PLANS, {"region": "01", "status": "en_cours", "page": "1"}).content.decode()
    assert 'href="?region=01&amp;status=en_cours&amp;format=csv"' in html
    assert 'href="?region=01&amp;status=en_cours&amp;format=xlsx"' in html
    html = client.get(plans.plan.get_absolute_url()).content.decode()
    assert 'href="?format=csv"' in html and 'href="?format=xlsx"' in html


def _count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def test_list_export_uses_a_constant_number_of_queries(client, plans, network):
    params = {"format": "xlsx", "region": "01"}
    before = _count_queries(client, PLANS, params)
    for k in range(5):
        plan = plan_actions.create_plan(
            network.coordinator, network.rimouski, title=f"Plan {k}", start_year=2020, end_year=2022
        )
        for i in range(3):
            plan_actions.save_action(
                network.coordinator,
                plan,
                None,
                {"title": f"Action {i}", "action_type": ActionType.objects.get(code="formation")},
            )
    after = _count_queries(client, PLANS, params)
    assert after == before
    assert len(sheet_rows(workbook(client.get(PLANS, params)), "Plans d'action")) == 7


# A plan --------------------------------------------------------------------------------


def test_plan_xlsx_has_one_sheet_per_section(client, plans, network):
    plan_actions.save_reach(network.coordinator, plans.stimulation, 2026, children=15, parents=10, families=9)
    response = client.get(plans.plan.get_absolute_url(), {"format": "xlsx"})
    assert response.status_code == 200
    book = workbook(response)
    assert book.sheetnames == PLAN_SHEETS

    overview = dict((row[0], row[1]) for row in sheet_rows(book, "Aperçu")[1:])
    assert overview["Titre"] == "Plan d'action concerté 2024–2027"
    assert overview["Regroupement"] == "Regroupement Naître et grandir à Rimouski"
    assert overview["Nombre d'actions"] == 2
    assert Decimal(str(overview["Budget total ($)"])) == Decimal("17000")

    portrait = sheet_rows(book, "Portrait")
    assert ["Enfant", "Constat", "27 % des enfants vulnérables en langage", "EQDEM 2022"] in portrait

    objectives = sheet_rows(book, "Changements visés")
    assert objectives[2][:2] == ["Famille", "Les parents lisent avec leurs enfants"]
    assert objectives[2][3] == "Attitudes parentales | Pratiques parentales"

    actions = {row[0]: row for row in sheet_rows(book, "Actions")[1:]}
    workshops = actions["Ateliers parents-enfants d'éveil à la lecture"]
    assert workshops[2:4] == ["CPE Les Petits Pas", "CLSC de Rimouski"]
    assert workshops[8] == 40
    assert workshops[9].date() == datetime.date(2024, 9, 1)
    assert Decimal(str(workshops[11])) == Decimal("12000")
    assert workshops[14] == "2024 | 2025 | 2026"

    coverage = sheet_rows(book, "Couverture")
    assert len(coverage) == 1 + 30
    cells = {(row[1], row[2]): (row[3], Decimal(str(row[4]))) for row in coverage[1:]}
    assert cells[("Habiletés langagières et de communication", "Enfant")] == (2, Decimal("17000"))
    assert cells[("Pratiques parentales", "Famille")] == (1, Decimal("12000"))
    assert cells[("Pratiques parentales", "Enfant")] == (0, Decimal("0"))
    assert sum(1 for count, _ in cells.values() if count == 0) == 27

    indicators = {row[0]: row for row in sheet_rows(book, "Indicateurs")[1:]}
    families = indicators["Familles participantes"]
    assert families[1] == "Ateliers parents-enfants d'éveil à la lecture"
    assert Decimal(str(families[5])) == Decimal("35")
    assert families[6].date() == datetime.date(2025, 6, 30)
    assert families[7] == 58
    assert indicators["Enfants vulnérables en langage"][5] is None

    reach = sheet_rows(book, "Portée")
    assert reach[1:] == [["2025", 80, 70, 55], ["2026", 15, 10, 9], ["Total", 95, 80, 64]]


def test_plan_csv_has_every_section_with_french_numbers(client, plans):
    response = client.get(plans.plan.get_absolute_url(), {"format": "csv"})
    assert response.status_code == 200
    sections = csv_sections(csv_rows(response))
    assert list(sections) == PLAN_SHEETS
    actions = {row[0]: row for row in sections["Actions"][1:]}
    workshops = actions["Ateliers parents-enfants d'éveil à la lecture"]
    assert workshops[11] == "12000,00" and workshops[12] == "3000,00"
    assert workshops[9] == "2024-09-01"
    coverage = {(row[1], row[2]): row[3:5] for row in sections["Couverture"][1:]}
    assert coverage[("Habiletés langagières et de communication", "Enfant")] == ["2", "17000,00"]
    assert sections["Portée"][1] == ["2025", "80", "70", "55"]


def test_plan_export_uses_a_constant_number_of_queries(client, plans, network):
    url = plans.plan.get_absolute_url()
    before = _count_queries(client, url, {"format": "xlsx"})
    for i in range(8):
        plan_actions.save_action(
            network.coordinator,
            plans.plan,
            None,
            {
                "title": f"Action {i}",
                "action_type": ActionType.objects.get(code="formation"),
                "lead": network.cpe,
            },
            {"objectives": [plans.language], "contributors": [network.clsc]},
        )
    assert _count_queries(client, url, {"format": "xlsx"}) == before


def test_members_only_plan_export_for_its_members(client, plans, network):
    plan_actions.update_plan(network.other_coordinator, plans.hidden, {"visibility": Visibility.MEMBERS})
    client.force_login(network.other_coordinator)
    book = workbook(client.get(plans.hidden.get_absolute_url(), {"format": "xlsx"}))
    overview = dict((row[0], row[1]) for row in sheet_rows(book, "Aperçu")[1:])
    assert overview["Visibilité"] == "Membres du regroupement seulement"
