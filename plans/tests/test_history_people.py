"""The plan history and the stage history name people without ever showing an e-mail:
a person without a name reads « Membre de <organisation> » or « Membre d'Agir tôt »."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plans import actions

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


def xlsx_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def test_plan_history_names_a_member_without_a_name_by_their_organisation(client, plans, network):
    member = network.member  # no name, works for the CPE, a member of the partnership
    actions.update_action_progress(member, plans.workshops, progress=70)
    client.force_login(network.coordinator)
    response = client.get(url("plan_history", plans.plan.pk))
    html = response.content.decode()
    assert response.status_code == 200
    newest = html.split("<tr>")[2]
    assert "Membre de CPE Les Petits Pas" in newest and "40 → 70" in newest
    assert member.email not in html
    assert "Julie Gagnon" in html  # a person with a name keeps it

    for export_format in ("csv", "xlsx"):
        export = client.get(reverse("plans:plan", args=[plans.plan.pk]), {"format": export_format})
        assert export.status_code == 200
        text = export.content.decode("utf-8-sig") if export_format == "csv" else xlsx_text(export.content)
        assert member.email not in text
    api = client.get(f"/api/v1/plans/{plans.plan.pk}")
    assert api.status_code == 200
    assert member.email not in json.dumps(api.json(), ensure_ascii=False)


def test_plan_history_of_a_person_without_name_nor_organisation(client, plans, network, make_user):
    helper = make_user("aide@exemple.qc.ca")
    plans.plan.partnership.coordinators.add(helper)
    actions.update_plan(helper, plans.plan, {"summary": "Résumé revu."})
    client.force_login(network.coordinator)
    html = client.get(url("plan_history", plans.plan.pk)).content.decode()
    assert "Membre d&#x27;Agir tôt" in html.split("<tr>")[2]
    assert "aide@exemple.qc.ca" not in html


def test_stage_history_never_shows_an_email(client, network, make_user):
    coordinator = network.other_coordinator  # no name, no organisation
    colleague = make_user("co@hochelaga.qc.ca", first_name="Marc", last_name="Roy")
    network.montreal.coordinators.add(colleague)
    actions.change_stage(coordinator, network.montreal, "planification", changed_on=datetime.date(2025, 3, 1))
    for viewer in (colleague, network.admin):
        client.force_login(viewer)
        response = client.get(url("stage_change", network.montreal.pk))
        html = response.content.decode()
        assert response.status_code == 200
        assert "1er mars 2025" in html and "Membre d&#x27;Agir tôt" in html
        assert coordinator.email not in html
    api = client.get(f"/api/v1/partnerships/{network.montreal.pk}")
    assert coordinator.email not in api.content.decode()


def test_stage_history_of_a_deleted_account(client, network):
    from accounts import actions as account_actions

    actions.change_stage(
        network.coordinator, network.rimouski, "planification", changed_on=datetime.date(2025, 3, 1)
    )
    client.force_login(network.admin)
    account_actions.delete_account(network.coordinator, network.coordinator, "motdepasse-test-123")
    html = client.get(url("stage_change", network.rimouski.pk)).content.decode()
    # Nothing tells a deleted account from a change recorded by the platform: a dash.
    assert "<td>—</td>" in html.split("Historique des étapes")[1]
    assert "Julie Gagnon" not in html and "coordo@rimouski.qc.ca" not in html
