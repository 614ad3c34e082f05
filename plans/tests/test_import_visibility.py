"""The progress import sees what its sender sees: an action of a members-only plan is, for a
contributor outside the partnership, as unknown as a number that does not exist — in the
template, in the refusal, and in the wording of that refusal."""

import pytest
from django.test import Client

from accounts import actions as account_actions
from core.tests.jobs import run_jobs
from plans import actions as plan_actions
from plans.imports import ImportFailed, import_progress, progress_template
from plans.models import Action
from taxonomy.models import ActionType

pytestmark = pytest.mark.django_db

URL = "/plans/importer-avancement/"
SECRET_TITLE = "Projet confidentiel de répit"


@pytest.fixture
def hidden_contributed(plans, network):
    """An action of Hochelaga's members-only plan to which Rimouski's CPE (the member's
    employer, not a member of Hochelaga) contributes."""
    return plan_actions.save_action(
        network.other_coordinator,
        plans.hidden,
        None,
        {
            "title": SECRET_TITLE,
            "action_type": ActionType.objects.get(code="soutien-parental"),
            "lead": network.maison,
            "progress": 10,
        },
        {"contributors": [network.halte, network.cpe]},
    )


def csv_for(*action_ids, progress=55):
    lines = ["action;progression"] + [f"{action_id};{progress}" for action_id in action_ids]
    return ("\n".join(lines) + "\n").encode("utf-8")


def refusal(user, action_id):
    """The message for the one row of a file that updates ``action_id``."""
    with pytest.raises(ImportFailed) as failure:
        import_progress(user, csv_for(action_id), "avancement.csv")
    (issue,) = failure.value.issues
    text = str(issue)
    assert text.endswith(f" {action_id}.")
    return text.removesuffix(f" {action_id}.") + " N."


def test_a_non_member_contributor_cannot_import_into_a_members_only_plan(network, hidden_contributed):
    with pytest.raises(ImportFailed) as failure:
        import_progress(network.member, csv_for(hidden_contributed.pk), "avancement.csv")
    assert [str(issue) for issue in failure.value.issues] == [
        "Ligne 2, colonne action : aucune action que vous pouvez mettre à jour ne porte le numéro "
        f"{hidden_contributed.pk}."
    ]
    assert Action.objects.get(pk=hidden_contributed.pk).progress == 10


def test_the_template_does_not_show_a_members_only_plans_action_to_an_outsider(
    network, plans, hidden_contributed
):
    rows = progress_template(network.member).rows
    assert [row[0] for row in rows] == [plans.workshops.pk]
    assert all(SECRET_TITLE not in str(cell) for row in rows for cell in row)
    # Its own partnership's people get it.
    assert hidden_contributed.pk in [row[0] for row in progress_template(network.other_coordinator).rows]


def test_the_downloaded_template_does_not_contain_the_title(client, network, hidden_contributed):
    client.force_login(network.member)
    response = client.get(URL, {"modele": "csv"})
    assert response.status_code == 200
    assert SECRET_TITLE not in response.content.decode("utf-8-sig")


def test_a_missing_an_invisible_and_a_visible_but_closed_number_read_the_same(
    network, plans, hidden_contributed
):
    missing = Action.objects.order_by("-pk").first().pk + 1000
    messages = {
        "missing": refusal(network.member, missing),
        "members_only": refusal(network.member, hidden_contributed.pk),
        # Public, but led by the CLSC without the CPE: seen, not updatable.
        "not_updatable": refusal(network.member, plans.stimulation.pk),
    }
    assert len(set(messages.values())) == 1, messages
    assert messages["missing"] == (
        "Ligne 2, colonne action : aucune action que vous pouvez mettre à jour ne porte le numéro N."
    )


def test_the_members_only_plans_people_still_import(network, hidden_contributed, make_user):
    result = import_progress(network.other_coordinator, csv_for(hidden_contributed.pk), "avancement.csv")
    assert result.actions_updated == 1
    assert Action.objects.get(pk=hidden_contributed.pk).progress == 55


def test_the_page_and_the_api_give_the_neutral_message(network, hidden_contributed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(network.member)
    upload = SimpleUploadedFile("avancement.csv", csv_for(hidden_contributed.pk), content_type="text/csv")
    response = client.post(URL, {"file": upload})
    run_jobs()
    page = client.get(response["Location"]).content.decode()
    assert "aucune action que vous pouvez mettre à jour ne porte le numéro" in page
    assert SECRET_TITLE not in page

    _token, key = account_actions.create_token(network.member, "Tableur")
    upload = SimpleUploadedFile("avancement.csv", csv_for(hidden_contributed.pk), content_type="text/csv")
    response = Client().post(
        "/api/v1/progress-imports", {"file": upload}, headers={"authorization": f"Bearer {key}"}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "row": 2,
            "column": "action",
            "message": "aucune action que vous pouvez mettre à jour ne porte le numéro "
            f"{hidden_contributed.pk}.",
        }
    ]
    assert Action.objects.get(pk=hidden_contributed.pk).progress == 10
