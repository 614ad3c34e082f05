"""Editing a plan from the site: forms, rows added and removed, follow-up, history."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners import actions as partner_actions
from partners.models import Affiliation, Membership, Organisation
from plans import actions
from plans.forms import parse_decimal_text
from plans.models import (
    Action,
    ActionStatus,
    Finding,
    Indicator,
    Measurement,
    Objective,
    Plan,
    Priority,
    Reach,
    StageChange,
)
from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, System

pytestmark = pytest.mark.django_db


# What the browser sends -------------------------------------------------------------------


def rows(prefix, existing=(), new=()):
    """A list of rows as the browser sends it: existing rows first (with their id), then new ones."""
    existing, new = list(existing), list(new)
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(existing) + len(new)),
        f"{prefix}-INITIAL_FORMS": str(len(existing)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(existing + new):
        for key, value in row.items():
            if value is not None:
                data[f"{prefix}-{index}-{key}"] = value
    return data


def finding_row(finding, **changes):
    row = {
        "id": str(finding.pk),
        "system": str(finding.system_id),
        "text": finding.text,
        "data_source": finding.data_source,
    }
    row.update(changes)
    return row


def priority_row(priority, **changes):
    row = {"id": str(priority.pk), "system": str(priority.system_id), "title": priority.title}
    row.update(changes)
    return row


def portrait_data(plan, finding_changes=None, new_findings=(), priority_changes=None, new_priorities=()):
    finding_changes, priority_changes = finding_changes or {}, priority_changes or {}
    findings = [finding_row(f, **finding_changes.get(f.pk, {})) for f in plan.findings.order_by("pk")]
    priorities = [priority_row(p, **priority_changes.get(p.pk, {})) for p in plan.priorities.order_by("pk")]
    return {**rows("constats", findings, new_findings), **rows("priorites", priorities, new_priorities)}


def objective_row(objective, **changes):
    row = {
        "id": str(objective.pk),
        "system": str(objective.system_id),
        "title": objective.title,
        "description": objective.description,
        "protective_factors": [str(pk) for pk in objective.protective_factors.values_list("pk", flat=True)],
        "priorities": [str(pk) for pk in objective.priorities.values_list("pk", flat=True)],
    }
    row.update(changes)
    return row


def objectives_data(plan, changes=None, new=()):
    changes = changes or {}
    existing = [objective_row(o, **changes.get(o.pk, {})) for o in plan.objectives.order_by("pk")]
    return rows("changements", existing, new)


def plan_data(plan=None, **overrides):
    data = {
        "title": plan.title if plan else "Plan d'action concerté 2028–2031",
        "start_year": str(plan.start_year if plan else 2028),
        "end_year": str(plan.end_year if plan else 2031),
        "status": plan.status if plan else "brouillon",
        "visibility": plan.visibility if plan else "public",
        "summary": plan.summary if plan else "",
    }
    data.update(overrides)
    return data


def indicator_row(indicator, **changes):
    def text(value):
        return "" if value is None else str(value).replace(".", ",")

    row = {
        "id": str(indicator.pk),
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": text(indicator.baseline),
        "target": text(indicator.target),
    }
    row.update(changes)
    return row


def action_data(plan, action=None, indicator_changes=None, new_indicators=(), **overrides):
    """Every field of the action page as the browser sends it."""
    indicator_changes = indicator_changes or {}
    if action is not None:
        data = {
            "title": action.title,
            "description": action.description,
            "action_type": str(action.action_type_id),
            "lead": str(action.lead_id or ""),
            "contributors": [str(pk) for pk in action.contributors.values_list("pk", flat=True)],
            "age_periods": [str(pk) for pk in action.age_periods.values_list("pk", flat=True)],
            "populations": [str(pk) for pk in action.populations.values_list("pk", flat=True)],
            "objectives": [str(pk) for pk in action.objectives.values_list("pk", flat=True)],
            "start_date": action.start_date.isoformat() if action.start_date else "",
            "end_date": action.end_date.isoformat() if action.end_date else "",
            "budget": "" if action.budget is None else str(action.budget).replace(".", ","),
            "in_kind": "" if action.in_kind is None else str(action.in_kind).replace(".", ","),
            "in_kind_description": action.in_kind_description,
            "status": action.status,
            "progress": str(action.progress),
        }
        existing = [
            indicator_row(i, **indicator_changes.get(i.pk, {})) for i in action.indicators.order_by("pk")
        ]
    else:
        data = {
            "title": "Halte-répit pour les parents",
            "description": "Deux demi-journées par semaine.",
            "action_type": str(ActionType.objects.get(code="soutien-parental").pk),
            "lead": str(plan.partnership.organisations.order_by("name").first().pk),
            "start_date": "2025-09-01",
            "end_date": "2026-06-30",
            "budget": "8 000",
            "in_kind": "",
            "in_kind_description": "",
            "status": ActionStatus.PLANNED,
            "progress": "0",
        }
        existing = []
    data.update(rows("indicateurs", existing, new_indicators))
    data.update(overrides)
    return data


def progress_data(action, **overrides):
    """The follow-up page of an action, with nothing new typed."""
    data = {
        "avancement-status": action.status,
        "avancement-progress": str(action.progress),
        "portee-year": "2025",
        "portee-children": "",
        "portee-parents": "",
        "portee-families": "",
        "evaluation-evaluation_worked": action.evaluation_worked,
        "evaluation-evaluation_not_worked": action.evaluation_not_worked,
        "evaluation-evaluation_learnings": action.evaluation_learnings,
    }
    for indicator in action.indicators.all():
        data[f"mesure-{indicator.pk}-value"] = ""
        data[f"mesure-{indicator.pk}-measured_on"] = timezone.localdate().isoformat()
        data[f"mesure-{indicator.pk}-note"] = ""
    data.update(overrides)
    return data


def evaluation_data(plan, indicator_changes=None, new_indicators=(), **overrides):
    indicator_changes = indicator_changes or {}
    data = {
        "evaluation-evaluation_worked": plan.evaluation_worked,
        "evaluation-evaluation_not_worked": plan.evaluation_not_worked,
        "evaluation-evaluation_learnings": plan.evaluation_learnings,
    }
    existing = []
    for indicator in Indicator.objects.filter(plan=plan, objective__isnull=False).order_by("pk"):
        existing.append(
            {
                **indicator_row(indicator),
                "objective": str(indicator.objective_id),
                **indicator_changes.get(indicator.pk, {}),
            }
        )
        data[f"mesure-{indicator.pk}-value"] = ""
        data[f"mesure-{indicator.pk}-measured_on"] = timezone.localdate().isoformat()
        data[f"mesure-{indicator.pk}-note"] = ""
    data.update(rows("indicateurs-suivi", existing, new_indicators))
    data.update(overrides)
    return data


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


def html_of(response):
    return response.content.decode()


@pytest.fixture
def coordinator_client(client, network):
    client.force_login(network.coordinator)
    return client


@pytest.fixture
def member_client(client, network):
    client.force_login(network.member)
    return client


def systems():
    return {s.code: s for s in System.objects.all()}


# The plan ---------------------------------------------------------------------------------


def test_new_plan_form_proposes_a_three_year_period(coordinator_client, network):
    response = coordinator_client.get(url("plan_create", network.rimouski.pk))
    html = html_of(response)
    year = timezone.localdate().year
    assert response.status_code == 200
    assert "<h1>Nouveau plan d'action concerté</h1>" in html
    assert f'name="start_year" value="{year}"' in html
    assert f'name="end_year" value="{year + 3}"' in html
    assert '<label for="id_title">' in html


def test_coordinator_creates_a_plan(coordinator_client, network):
    response = coordinator_client.post(
        url("plan_create", network.rimouski.pk), plan_data(title="Plan 2028–2031", visibility="membres")
    )
    plan = Plan.objects.get(title="Plan 2028–2031")
    assert response.status_code == 302
    assert response.url == f"/plans/{plan.pk}/"
    assert plan.partnership == network.rimouski
    assert (plan.start_year, plan.end_year, plan.visibility) == (2028, 2031, "membres")
    assert plan.history.first().history_user == network.coordinator


def test_plan_period_must_be_in_order(coordinator_client, plans):
    response = coordinator_client.post(
        url("plan_edit", plans.plan.pk),
        plan_data(plans.plan, start_year="2027", end_year="2024", title="Titre tapé"),
    )
    html = html_of(response)
    assert response.status_code == 200
    assert "L&#x27;année de fin doit être la même que l&#x27;année de début ou plus tard." in html
    assert 'href="#id_end_year"' in html
    assert 'value="Titre tapé"' in html
    assert 'aria-invalid="true"' in html
    plans.plan.refresh_from_db()
    assert (plans.plan.title, plans.plan.start_year, plans.plan.end_year) == (
        "Plan d'action concerté 2024–2027",
        2024,
        2027,
    )


def test_plan_edit_saves_only_what_changed(coordinator_client, plans):
    before = plans.plan.history.count()
    response = coordinator_client.post(url("plan_edit", plans.plan.pk), plan_data(plans.plan), follow=True)
    assert "Aucune modification à enregistrer." in html_of(response)
    assert plans.plan.history.count() == before
    response = coordinator_client.post(
        url("plan_edit", plans.plan.pk), plan_data(plans.plan, summary="Langage, lecture et parents.")
    )
    assert response.status_code == 302 and response.url == f"/plans/{plans.plan.pk}/"
    plans.plan.refresh_from_db()
    assert plans.plan.summary == "Langage, lecture et parents."
    assert plans.plan.history.count() == before + 1


# Portrait: rows added and removed without losing what was typed ---------------------------


def test_add_row_without_javascript_keeps_everything_typed_and_saves_nothing(coordinator_client, plans):
    plan = plans.plan
    data = portrait_data(
        plan,
        finding_changes={plans.finding.pk: {"text": "Constat corrigé, pas encore enregistré"}},
        new_findings=[
            {"system": str(systems()["famille"].pk), "text": "Peu de parents lisent", "data_source": ""}
        ],
        new_priorities=[{"system": "", "title": "Priorité à moitié tapée"}],
    )
    data["ajouter-constats"] = "1"

    response = coordinator_client.post(url("portrait_edit", plan.pk), data)
    html = html_of(response)

    assert response.status_code == 200
    assert "Constat corrigé, pas encore enregistré" in html
    assert "Peu de parents lisent" in html
    assert 'value="Priorité à moitié tapée"' in html
    # One more finding row, numbered after the typed ones, and focused.
    assert 'name="constats-TOTAL_FORMS" value="3"' in html
    assert 'id="constats-2"' in html and "Constat 3" in html
    assert 'name="constats-2-system" autofocus' in html
    # The half-typed priority is not reported yet: the visitor only asked for a row.
    assert "error-summary" not in html
    assert "Choisissez le système" not in html
    # Nothing saved.
    plans.finding.refresh_from_db()
    assert plans.finding.text == "27 % des enfants vulnérables en langage"
    assert plan.findings.count() == 1 and plan.priorities.count() == 1


def test_add_row_then_save_keeps_all_rows(coordinator_client, plans):
    plan = plans.plan
    data = portrait_data(
        plan,
        new_findings=[
            {
                "system": str(systems()["famille"].pk),
                "text": "Peu de parents lisent",
                "data_source": "Sondage",
            },
            {"system": "", "text": "", "data_source": ""},  # the empty row added, left empty
        ],
        new_priorities=[{"system": str(systems()["communaute"].pk), "title": "Des lieux accueillants"}],
    )
    response = coordinator_client.post(url("portrait_edit", plan.pk), data)
    assert response.status_code == 302, html_of(response)[:3000]
    assert response.url == f"/plans/{plan.pk}/"
    assert sorted(plan.findings.values_list("text", flat=True)) == [
        "27 % des enfants vulnérables en langage",
        "Peu de parents lisent",
    ]
    assert plan.priorities.filter(title="Des lieux accueillants", system__code="communaute").exists()
    assert (
        Finding.history.filter(text="Peu de parents lisent").get().history_user
        == plans.plan.partnership.coordinators.get()
    )


def test_htmx_add_row_returns_one_row_with_the_next_index(coordinator_client, plans):
    response = coordinator_client.get(
        url("edit_row", plans.plan.pk, "constats"), {"constats-TOTAL_FORMS": "3"}, HTTP_HX_REQUEST="true"
    )
    html = html_of(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert 'name="constats-3-text"' in html and 'id="id_constats-3-system"' in html
    assert "Constat 4" in html
    assert "constats-2-" not in html
    # TOTAL_FORMS is replaced out of band, so the next row and the save count it.
    assert 'name="constats-TOTAL_FORMS" value="4" id="id_constats-TOTAL_FORMS" hx-swap-oob="true"' in html
    assert 'name="constats-3-DELETE"' in html


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        ("priorites", "title"),
        ("changements", "protective_factors"),
        ("indicateurs", "target"),
        ("indicateurs-suivi", "objective"),
    ],
)
def test_htmx_add_row_for_every_list(coordinator_client, plans, kind, field):
    response = coordinator_client.get(url("edit_row", plans.plan.pk, kind), {f"{kind}-TOTAL_FORMS": "0"})
    html = html_of(response)
    assert response.status_code == 200
    assert f'name="{kind}-0-{field}"' in html
    assert f'name="{kind}-TOTAL_FORMS" value="1"' in html
    assert f'id="{kind}-vide" hx-swap-oob="delete"' in html


@pytest.mark.parametrize("total", ["201", str(10**30)])
def test_a_forged_row_count_builds_no_more_rows_than_a_list_may_have(coordinator_client, plans, total):
    """TOTAL_FORMS comes from the browser: beyond MAX_ROWS the lists are refused with a message,
    without building (and rendering) thousands of empty rows first."""
    from plans.forms import MAX_ROWS

    data = portrait_data(plans.plan)
    data["constats-TOTAL_FORMS"] = data["priorites-TOTAL_FORMS"] = total
    response = coordinator_client.post(url("portrait_edit", plans.plan.pk), data)
    html = html_of(response)
    assert response.status_code == 200
    assert len(re.findall(r'name="constats-\d+-text"', html)) <= MAX_ROWS
    assert len(re.findall(r'name="priorites-\d+-title"', html)) <= MAX_ROWS
    assert f"Veuillez soumettre au plus {MAX_ROWS} formulaires" in html
    assert plans.plan.findings.count() == 1 and plans.plan.priorities.count() == 1


def test_htmx_add_row_of_an_unknown_list_is_not_found(coordinator_client, plans):
    response = coordinator_client.get(url("edit_row", plans.plan.pk, "inconnu"))
    assert response.status_code == 404


def test_portrait_page_has_add_buttons_that_work_with_and_without_htmx(coordinator_client, plans):
    html = html_of(coordinator_client.get(url("portrait_edit", plans.plan.pk)))
    assert 'name="ajouter-constats"' in html
    assert f'hx-get="{url("edit_row", plans.plan.pk, "constats")}"' in html
    assert 'hx-include="#id_constats-TOTAL_FORMS"' in html
    assert 'hx-target="#constats-lignes"' in html
    # Enter in a text box saves the page instead of adding a row.
    assert html.index('class="edit-default-submit"') < html.index('name="ajouter-constats"')


def test_remove_rows(coordinator_client, plans, network):
    plan = plans.plan
    data = portrait_data(
        plan,
        finding_changes={plans.finding.pk: {"DELETE": "on"}},
        priority_changes={plans.priority.pk: {"DELETE": "on"}},
    )
    response = coordinator_client.post(url("portrait_edit", plan.pk), data)
    assert response.status_code == 302
    assert plan.findings.count() == 0 and plan.priorities.count() == 0
    removed = Finding.history.filter(id=plans.finding.pk).first()
    assert removed.history_type == "-" and removed.history_user == network.coordinator


def test_a_new_row_ticked_for_removal_is_not_saved(coordinator_client, plans):
    data = portrait_data(
        plans.plan,
        new_findings=[{"system": str(systems()["enfant"].pk), "text": "Finalement non", "DELETE": "on"}],
    )
    response = coordinator_client.post(url("portrait_edit", plans.plan.pk), data)
    assert response.status_code == 302
    assert not Finding.objects.filter(text="Finalement non").exists()


def test_validation_errors_in_french_keep_every_row_and_save_nothing(coordinator_client, plans):
    plan = plans.plan
    data = portrait_data(
        plan,
        finding_changes={plans.finding.pk: {"text": "Texte modifié"}},
        new_findings=[
            {"system": str(systems()["famille"].pk), "text": "Un constat valide", "data_source": ""},
            {"system": str(systems()["communaute"].pk), "text": "", "data_source": "Source sans constat"},
        ],
        new_priorities=[{"system": "", "title": "Priorité sans système"}],
    )
    response = coordinator_client.post(url("portrait_edit", plan.pk), data)
    html = html_of(response)

    assert response.status_code == 200
    assert "2 erreurs empêchent l'enregistrement" in html
    assert "Inscrivez le constat." in html
    assert 'href="#id_constats-2-text"' in html
    assert "Choisissez le système : enfant, famille ou communauté." in html
    assert 'href="#id_priorites-1-system"' in html
    # Every typed row is still there.
    assert "Texte modifié" in html and "Un constat valide" in html
    assert 'value="Source sans constat"' in html and 'value="Priorité sans système"' in html
    assert 'name="constats-TOTAL_FORMS" value="3"' in html
    # All or nothing: the valid rows were not saved either.
    assert plan.findings.count() == 1 and plan.priorities.count() == 1
    plans.finding.refresh_from_db()
    assert plans.finding.text == "27 % des enfants vulnérables en langage"


def test_portrait_is_saved_all_or_nothing(coordinator_client, plans, monkeypatch):
    calls = {"n": 0}
    real = actions.save_plan_item

    def failing_on_second_row(actor, item, m2m=None):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ValidationError("Refusé par le modèle.")
        return real(actor, item, m2m=m2m)

    monkeypatch.setattr(actions, "save_plan_item", failing_on_second_row)
    data = portrait_data(
        plans.plan,
        new_findings=[{"system": str(systems()["famille"].pk), "text": "Premier", "data_source": ""}],
        new_priorities=[{"system": str(systems()["famille"].pk), "title": "Deuxième"}],
    )
    response = coordinator_client.post(url("portrait_edit", plans.plan.pk), data)
    html = html_of(response)
    assert response.status_code == 200
    assert "Refusé par le modèle." in html
    assert not Finding.objects.filter(text="Premier").exists()
    assert 'value="Deuxième"' in html


def test_a_row_of_another_plan_cannot_be_changed(coordinator_client, plans, network):
    other = actions.save_plan_item(
        network.other_coordinator,
        Finding(plan=plans.hidden, system=systems()["enfant"], text="Constat d'ailleurs"),
    )
    data = portrait_data(plans.plan)
    data["constats-0-id"] = str(other.pk)
    data["constats-0-text"] = "Détourné"
    response = coordinator_client.post(url("portrait_edit", plans.plan.pk), data)
    assert response.status_code == 200
    assert "Cette ligne a été supprimée entre-temps." in html_of(response)
    other.refresh_from_db()
    assert other.text == "Constat d'ailleurs"


# Intended changes -------------------------------------------------------------------------


def test_objective_needs_a_protective_factor(coordinator_client, plans):
    data = objectives_data(
        plans.plan,
        new=[
            {
                "system": str(systems()["communaute"].pk),
                "title": "Des services accessibles",
                "protective_factors": [],
            }
        ],
    )
    response = coordinator_client.post(url("objectives_edit", plans.plan.pk), data)
    html = html_of(response)
    assert response.status_code == 200
    assert "Cochez au moins un facteur de protection." in html
    # The summary links to the group of checkboxes, which carries the field's id.
    assert 'href="#id_changements-2-protective_factors"' in html
    assert 'id="id_changements-2-protective_factors"' in html
    assert 'value="Des services accessibles"' in html
    assert not Objective.objects.filter(title="Des services accessibles").exists()


def test_objectives_are_saved_with_factors_and_priorities(coordinator_client, plans):
    factor = ProtectiveFactor.objects.get(code="accessibilite-continuite")
    data = objectives_data(
        plans.plan,
        changes={
            plans.parents.pk: {
                "protective_factors": [str(ProtectiveFactor.objects.get(code="pratiques-parentales").pk)]
            }
        },
        new=[
            {
                "system": str(systems()["communaute"].pk),
                "title": "Des services accessibles",
                "protective_factors": [str(factor.pk)],
                "priorities": [str(plans.priority.pk)],
            }
        ],
    )
    response = coordinator_client.post(url("objectives_edit", plans.plan.pk), data)
    assert response.status_code == 302, html_of(response)[:3000]
    created = Objective.objects.get(title="Des services accessibles")
    assert list(created.protective_factors.all()) == [factor]
    assert list(created.priorities.all()) == [plans.priority]
    assert list(plans.parents.protective_factors.values_list("code", flat=True)) == ["pratiques-parentales"]


def test_protective_factors_are_grouped_by_system(coordinator_client, plans):
    html = html_of(coordinator_client.get(url("objectives_edit", plans.plan.pk)))
    assert '<fieldset class="choice-subgroup"><legend>Enfant</legend>' in html
    assert '<fieldset class="choice-subgroup"><legend>Famille</legend>' in html
    assert '<fieldset class="choice-subgroup"><legend>Communauté</legend>' in html
    # The factors already chosen are ticked.
    factor = ProtectiveFactor.objects.get(code="habiletes-langagieres")
    assert f'value="{factor.pk}" id="id_changements-0-protective_factors_1" checked' in html


def test_priority_of_another_plan_is_refused(coordinator_client, plans, network):
    foreign = actions.save_plan_item(
        network.other_coordinator, Priority(plan=plans.hidden, system=systems()["enfant"], title="Ailleurs")
    )
    data = objectives_data(plans.plan, changes={plans.language.pk: {"priorities": [str(foreign.pk)]}})
    response = coordinator_client.post(url("objectives_edit", plans.plan.pk), data)
    assert response.status_code == 200
    assert list(plans.language.priorities.all()) == [plans.priority]


# Actions ----------------------------------------------------------------------------------


def test_decimal_comma_and_spaces_in_budgets(coordinator_client, plans):
    data = action_data(plans.plan, plans.workshops, budget="12 000,50", in_kind="1\u00a0234\u202f567,89 $")
    response = coordinator_client.post(url("action_edit", plans.workshops.pk), data)
    assert response.status_code == 302, html_of(response)[:3000]
    assert response.url == f"/actions/{plans.workshops.pk}/"
    plans.workshops.refresh_from_db()
    assert plans.workshops.budget == Decimal("12000.50")
    assert plans.workshops.in_kind == Decimal("1234567.89")


def test_budget_is_shown_the_quebec_way(coordinator_client, plans):
    actions.save_action(
        plans.workshops.plan.partnership.coordinators.get(),
        plans.plan,
        plans.workshops,
        {"budget": Decimal("12000.50")},
    )
    html = html_of(coordinator_client.get(url("action_edit", plans.workshops.pk)))
    assert 'name="budget" value="12\u00a0000,50"' in html
    assert 'name="in_kind" value="3\u00a0000"' in html


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("12 000,50", "12000.50"),
        ("12000.50", "12000.50"),
        ("12,000.50", "12000.50"),
        ("12.000,50", "12000.50"),
        ("1 000 000", "1000000"),
        ("1,000,000", "1000000"),
        ("  450 $ ", "450"),
        ("0,5", "0.5"),
    ],
)
def test_decimal_text_is_read_the_quebec_way(typed, read):
    assert parse_decimal_text(typed) == read


@pytest.mark.parametrize("typed", ["douze mille", "12,000,50.1.2", "-5", "12,345"])
def test_bad_or_negative_budget_is_refused_in_french(coordinator_client, plans, typed):
    response = coordinator_client.post(
        url("action_edit", plans.workshops.pk), action_data(plans.plan, plans.workshops, budget=typed)
    )
    html = html_of(response)
    if typed == "12,345":
        # A single comma is a decimal comma: 12,345 has three decimals.
        assert "Inscrivez au plus deux chiffres après la virgule." in html
    elif typed == "-5":
        assert "Le nombre ne peut pas être négatif." in html
    else:
        assert "Inscrivez un montant en dollars, par exemple 12 000,50." in html
    assert response.status_code == 200
    assert f'name="budget" value="{typed}"' in html
    plans.workshops.refresh_from_db()
    assert plans.workshops.budget == Decimal("12000")


@pytest.mark.parametrize("progress", ["101", "-1", "cinquante"])
def test_progress_above_100_is_refused(coordinator_client, plans, progress):
    response = coordinator_client.post(
        url("action_edit", plans.workshops.pk), action_data(plans.plan, plans.workshops, progress=progress)
    )
    html = html_of(response)
    assert response.status_code == 200
    expected = {
        "101": "L&#x27;avancement doit être entre 0 et 100.",
        "-1": "L&#x27;avancement doit être entre 0 et 100.",
        "cinquante": "Inscrivez l&#x27;avancement en nombre entier, de 0 à 100.",
    }[progress]
    assert expected in html
    assert 'href="#id_progress"' in html
    plans.workshops.refresh_from_db()
    assert plans.workshops.progress == 40


def test_end_before_start_is_refused(coordinator_client, plans):
    data = action_data(
        plans.plan,
        plans.workshops,
        start_date="2025-09-01",
        end_date="2025-06-30",
        title="Titre tapé à garder",
    )
    response = coordinator_client.post(url("action_edit", plans.workshops.pk), data)
    html = html_of(response)
    assert response.status_code == 200
    assert "La date de fin doit être la même que la date de début ou plus tard." in html
    assert 'href="#id_end_date"' in html
    assert 'value="Titre tapé à garder"' in html
    assert 'value="2025-06-30"' in html
    plans.workshops.refresh_from_db()
    assert plans.workshops.end_date == datetime.date(2026, 6, 30)


def test_action_errors_keep_every_indicator_row(coordinator_client, plans):
    data = action_data(
        plans.plan,
        plans.workshops,
        progress="150",
        indicator_changes={plans.indicator.pk: {"target": "75"}},
        new_indicators=[{"name": "Ateliers tenus", "unit": "ateliers", "baseline": "", "target": "10"}],
    )
    response = coordinator_client.post(url("action_edit", plans.workshops.pk), data)
    html = html_of(response)
    assert response.status_code == 200
    assert 'name="indicateurs-0-target" value="75"' in html
    assert 'value="Ateliers tenus"' in html and 'name="indicateurs-1-target" value="10"' in html
    assert plans.workshops.indicators.count() == 1
    assert Indicator.objects.get(pk=plans.indicator.pk).target == Decimal("60")


def test_create_action_with_indicators_and_links(coordinator_client, plans, network):
    data = action_data(
        plans.plan,
        new_indicators=[
            {"name": "Familles inscrites", "unit": "familles", "baseline": "0", "target": "25,5"}
        ],
        lead=str(network.clsc.pk),
        contributors=[str(network.cpe.pk)],
        age_periods=[str(AgePeriod.objects.get(code="0-1").pk)],
        populations=[str(Population.objects.get(code="defavorisation").pk)],
        objectives=[str(plans.parents.pk)],
    )
    response = coordinator_client.post(url("action_create", plans.plan.pk), data)
    action = Action.objects.get(title="Halte-répit pour les parents")
    assert response.status_code == 302 and response.url == f"/actions/{action.pk}/"
    assert action.plan == plans.plan and action.lead == network.clsc
    assert action.budget == Decimal("8000")
    assert list(action.contributors.all()) == [network.cpe]
    assert list(action.objectives.all()) == [plans.parents]
    indicator = action.indicators.get()
    assert (indicator.name, indicator.target, indicator.plan) == (
        "Familles inscrites",
        Decimal("25.5"),
        plans.plan,
    )
    assert action.history.first().history_user == network.coordinator


def test_lead_must_be_a_member_of_the_partnership(coordinator_client, plans, network):
    response = coordinator_client.post(
        url("action_edit", plans.workshops.pk),
        action_data(plans.plan, plans.workshops, lead=str(network.maison.pk)),
    )
    assert response.status_code == 200
    assert "L&#x27;organisme porteur doit être un membre actif du regroupement." in html_of(response)
    plans.workshops.refresh_from_db()
    assert plans.workshops.lead == network.cpe


def test_lead_is_chosen_among_members_only(coordinator_client, plans, network):
    html = html_of(coordinator_client.get(url("action_edit", plans.workshops.pk)))
    lead_select = html[html.index('name="lead"') : html.index("</select>", html.index('name="lead"'))]
    assert "CPE Les Petits Pas" in lead_select and "CLSC de Rimouski" in lead_select
    assert "Maison de la famille" not in lead_select


def test_outside_contributor_found_without_javascript(coordinator_client, plans, network):
    data = action_data(
        plans.plan, plans.workshops, title="Titre en cours", recherche_contributeur="maison famille"
    )
    data["chercher-contributeurs"] = "1"
    response = coordinator_client.post(url("action_edit", plans.workshops.pk), data)
    html = html_of(response)
    assert response.status_code == 200
    assert "1 partenaire trouvé pour « maison famille »" in html
    assert f'value="{network.maison.pk}" id="id_contributors_trouve_{network.maison.pk}"' in html
    assert 'value="Titre en cours"' in html  # what was typed is kept
    assert "error-summary" not in html
    plans.workshops.refresh_from_db()
    assert plans.workshops.title == "Ateliers parents-enfants d'éveil à la lecture"

    # Ticked, then saved: the outside organisation contributes.
    data = action_data(
        plans.plan, plans.workshops, contributors=[str(network.clsc.pk), str(network.maison.pk)]
    )
    response = coordinator_client.post(url("action_edit", plans.workshops.pk), data)
    assert response.status_code == 302
    assert set(plans.workshops.contributors.all()) == {network.clsc, network.maison}
    # It is listed, ticked, under the organisations outside the partnership.
    html = html_of(coordinator_client.get(url("action_edit", plans.workshops.pk)))
    assert f'id="id_contributors_autre_{network.maison.pk}" checked' in html


def test_outside_contributor_search_with_htmx(coordinator_client, plans, network):
    response = coordinator_client.get(
        url("contributor_search", plans.plan.pk),
        {"recherche_contributeur": "garderie", "contributors": [str(network.maison.pk)]},
        HTTP_HX_REQUEST="true",
    )
    html = html_of(response)
    assert response.status_code == 200
    assert "<html" not in html
    # Found outside the partnership, and the one ticked before stays ticked.
    assert f'id="id_contributors_trouve_{network.halte.pk}"' in html
    assert f'id="id_contributors_autre_{network.maison.pk}" checked' in html
    # Members are offered above, not here.
    assert "CPE Les Petits Pas" not in html


def test_large_ids_are_not_written_with_a_thousands_separator(coordinator_client, plans, network):
    # French number formatting would turn 12345 into « 12 345 » and break the form.
    outsider = partner_actions.save_organisation(
        Organisation(pk=12345, name="Bibliothèque Lisette-Morin", sector=network.clsc.sector)
    )
    actions.save_action(network.coordinator, plans.plan, plans.workshops, {}, {"contributors": [outsider]})
    html = html_of(coordinator_client.get(url("action_edit", plans.workshops.pk)))
    assert 'name="affiches" value="12345"' in html
    assert 'name="contributors" value="12345" id="id_contributors_autre_12345" checked' in html
    found = html_of(
        coordinator_client.get(
            url("contributor_search", plans.plan.pk), {"recherche_contributeur": "lisette"}
        )
    )
    assert 'value="12345" id="id_contributors_trouve_12345"' in found


def test_delete_action(coordinator_client, plans, network):
    confirm = coordinator_client.get(url("action_delete", plans.workshops.pk))
    html = html_of(confirm)
    assert "Supprimer définitivement l'action" in html
    assert "(2)" in html  # its two measurements go with it
    response = coordinator_client.post(url("action_delete", plans.workshops.pk))
    assert response.status_code == 302 and response.url == f"/plans/{plans.plan.pk}/"
    assert not Action.objects.filter(pk=plans.workshops.pk).exists()
    assert (
        Action.history.filter(id=plans.workshops.pk, history_type="-").get().history_user
        == network.coordinator
    )


# Follow-up by the organisations involved --------------------------------------------------


def test_member_updates_progress_measurement_reach_and_evaluation(member_client, plans, network):
    action = plans.workshops
    data = progress_data(
        action,
        **{
            "avancement-progress": "65",
            f"mesure-{plans.indicator.pk}-value": "42,5",
            f"mesure-{plans.indicator.pk}-measured_on": "2025-11-30",
            f"mesure-{plans.indicator.pk}-note": "Après l'automne",
            "portee-year": "2025",
            "portee-children": "95",
            "portee-families": "60",
            "evaluation-evaluation_worked": "Les ateliers du samedi.",
        },
    )
    response = member_client.post(url("action_progress", action.pk), data)
    assert response.status_code == 302, html_of(response)[:3000]
    assert response.url == f"/actions/{action.pk}/"
    action.refresh_from_db()
    assert action.progress == 65
    assert action.evaluation_worked == "Les ateliers du samedi."
    latest = plans.indicator.measurements.order_by("-measured_on").first()
    assert (latest.value, latest.measured_on, latest.recorded_by) == (
        Decimal("42.5"),
        datetime.date(2025, 11, 30),
        network.member,
    )
    reach = Reach.objects.get(action=action, year=2025)
    # Parents left empty keeps the number already declared.
    assert (reach.children, reach.parents, reach.families) == (95, 70, 60)
    assert action.history.first().history_user == network.member


def test_member_cannot_follow_up_an_action_of_another_organisation(member_client, plans):
    before = (plans.stimulation.progress, Measurement.objects.count(), Reach.objects.count())
    assert member_client.get(url("action_progress", plans.stimulation.pk)).status_code == 403
    response = member_client.post(
        url("action_progress", plans.stimulation.pk),
        progress_data(plans.stimulation, **{"avancement-progress": "90", "portee-children": "5"}),
    )
    assert response.status_code == 403
    assert "Seuls les coordonnateurs du regroupement et les membres des organismes porteurs" in html_of(
        response
    )
    plans.stimulation.refresh_from_db()
    assert (plans.stimulation.progress, Measurement.objects.count(), Reach.objects.count()) == before
    # Nor edit the action itself, even one their organisation leads.
    assert member_client.get(url("action_edit", plans.workshops.pk)).status_code == 403


def test_progress_page_refuses_more_than_100_and_future_measurements(member_client, plans):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = progress_data(
        plans.workshops,
        **{
            "avancement-progress": "120",
            f"mesure-{plans.indicator.pk}-value": "50",
            f"mesure-{plans.indicator.pk}-measured_on": tomorrow.isoformat(),
            "portee-children": "-3",
            "evaluation-evaluation_learnings": "Apprentissage à garder",
        },
    )
    response = member_client.post(url("action_progress", plans.workshops.pk), data)
    html = html_of(response)
    assert response.status_code == 200
    assert "L&#x27;avancement doit être entre 0 et 100." in html
    assert "La date de la mesure ne peut pas être dans le futur." in html
    assert "Le nombre ne peut pas être négatif." in html
    assert f'href="#id_mesure-{plans.indicator.pk}-measured_on"' in html
    assert "Apprentissage à garder" in html and 'value="120"' in html
    plans.workshops.refresh_from_db()
    assert plans.workshops.progress == 40 and plans.indicator.measurements.count() == 2


def test_done_status_completes_progress(member_client, plans):
    data = progress_data(plans.workshops, **{"avancement-status": ActionStatus.DONE})
    assert member_client.post(url("action_progress", plans.workshops.pk), data).status_code == 302
    plans.workshops.refresh_from_db()
    assert (plans.workshops.status, plans.workshops.progress) == (ActionStatus.DONE, 100)


def test_follow_up_without_change_records_nothing(member_client, plans):
    before = (Action.history.count(), Measurement.objects.count(), Reach.history.count())
    response = member_client.post(
        url("action_progress", plans.workshops.pk), progress_data(plans.workshops), follow=True
    )
    assert "Aucune modification à enregistrer." in html_of(response)
    assert (Action.history.count(), Measurement.objects.count(), Reach.history.count()) == before


# Evaluation of the plan -------------------------------------------------------------------


def test_coordinator_creates_objective_indicators_and_records_values(coordinator_client, plans):
    data = evaluation_data(
        plans.plan,
        new_indicators=[
            {
                "objective": str(plans.parents.pk),
                "name": "Parents qui lisent chaque jour",
                "unit": "%",
                "baseline": "31,5",
                "target": "45",
            }
        ],
        **{
            "evaluation-evaluation_learnings": "Commencer tôt avec les bibliothèques.",
            f"mesure-{plans.objective_indicator.pk}-value": "24,3",
            f"mesure-{plans.objective_indicator.pk}-measured_on": "2025-06-01",
        },
    )
    response = coordinator_client.post(url("plan_evaluation", plans.plan.pk), data)
    assert response.status_code == 302, html_of(response)[:3000]
    assert response.url == f"/plans/{plans.plan.pk}/"
    created = Indicator.objects.get(name="Parents qui lisent chaque jour")
    assert (created.objective, created.action, created.baseline) == (plans.parents, None, Decimal("31.5"))
    assert plans.objective_indicator.measurements.get().value == Decimal("24.3")
    plans.plan.refresh_from_db()
    assert plans.plan.evaluation_learnings == "Commencer tôt avec les bibliothèques."


def test_objective_indicator_needs_an_objective(coordinator_client, plans):
    data = evaluation_data(plans.plan, new_indicators=[{"objective": "", "name": "Sans changement visé"}])
    response = coordinator_client.post(url("plan_evaluation", plans.plan.pk), data)
    assert response.status_code == 200
    assert "Choisissez le changement visé que cet indicateur suit." in html_of(response)
    assert not Indicator.objects.filter(name="Sans changement visé").exists()


# The DPE and the next cycle ---------------------------------------------------------------


def test_stage_change_is_recorded_with_its_history(coordinator_client, network):
    page = url("stage_change", network.rimouski.pk)
    response = coordinator_client.post(
        page, {"stage": "planification", "changed_on": "2025-03-01", "note": "Portrait terminé"}
    )
    assert response.status_code == 302 and response.url == page
    response = coordinator_client.post(
        page, {"stage": "analyse", "changed_on": "2025-05-01", "note": "On revient au portrait"}
    )
    network.rimouski.refresh_from_db()
    assert network.rimouski.dpe_stage == "analyse"
    changes = list(StageChange.objects.filter(partnership=network.rimouski))
    assert [(c.stage, c.changed_on, c.changed_by) for c in changes] == [
        ("analyse", datetime.date(2025, 5, 1), network.coordinator),
        ("planification", datetime.date(2025, 3, 1), network.coordinator),
    ]
    assert network.rimouski.history.first().history_user == network.coordinator
    html = html_of(coordinator_client.get(page))
    assert "1er mai 2025" in html and "1er mars 2025" in html
    assert "On revient au portrait" in html and "Julie Gagnon" in html
    assert '<li aria-current="step" class="current">Analyse de la situation' in html


def test_stage_change_refuses_a_future_date(coordinator_client, network):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = coordinator_client.post(
        url("stage_change", network.rimouski.pk),
        {"stage": "evaluation", "changed_on": tomorrow.isoformat(), "note": "Trop tôt"},
    )
    assert response.status_code == 200
    assert "La date ne peut pas être dans le futur." in html_of(response)
    assert not StageChange.objects.exists()


def test_next_cycle_creates_a_linked_plan(coordinator_client, plans):
    page = coordinator_client.get(url("next_cycle", plans.plan.pk))
    html = html_of(page)
    assert 'name="start_year" value="2027"' in html and 'name="end_year" value="2030"' in html
    response = coordinator_client.post(
        url("next_cycle", plans.plan.pk),
        {"title": "Plan 2027–2030", "start_year": "2027", "end_year": "2030"},
    )
    new_plan = Plan.objects.get(title="Plan 2027–2030")
    assert response.status_code == 302 and response.url == f"/plans/{new_plan.pk}/"
    assert new_plan.previous == plans.plan
    assert new_plan.actions.count() == 2 and new_plan.objectives.count() == 2
    assert set(new_plan.actions.values_list("copied_from", flat=True)) == {
        plans.workshops.pk,
        plans.stimulation.pk,
    }


def test_next_cycle_period_must_be_in_order(coordinator_client, plans):
    response = coordinator_client.post(
        url("next_cycle", plans.plan.pk), {"title": "À l'envers", "start_year": "2030", "end_year": "2027"}
    )
    assert response.status_code == 200
    assert "L&#x27;année de fin doit être la même que l&#x27;année de début ou plus tard." in html_of(
        response
    )
    assert not Plan.objects.filter(title="À l'envers").exists()


# History ----------------------------------------------------------------------------------


def test_history_lists_who_changed_what(client, plans, network):
    client.force_login(network.coordinator)
    client.post(url("plan_edit", plans.plan.pk), plan_data(plans.plan, title="Plan révisé 2024–2027"))
    client.post(
        url("objectives_edit", plans.plan.pk),
        objectives_data(
            plans.plan,
            changes={
                plans.parents.pk: {
                    "protective_factors": [str(ProtectiveFactor.objects.get(code="pratiques-parentales").pk)]
                }
            },
        ),
    )
    client.post(
        url("portrait_edit", plans.plan.pk),
        portrait_data(plans.plan, finding_changes={plans.finding.pk: {"DELETE": "on"}}),
    )
    client.force_login(network.member)
    client.post(
        url("action_progress", plans.workshops.pk),
        progress_data(plans.workshops, **{"avancement-progress": "70"}),
    )

    response = client.get(url("plan_history", plans.plan.pk))
    html = html_of(response)
    assert response.status_code == 200
    rows = html.split("<tr>")[2:]  # after the header row; newest first
    assert "Membre de CPE Les Petits Pas" in rows[0] and "Avancement (%)" in rows[0] and "40 → 70" in rows[0]
    assert "membre@cpe.qc.ca" not in html.split("<main")[1]  # the header shows one's own address
    assert (
        "Julie Gagnon" in rows[1] and "Suppression" in rows[1] and "27 % des enfants vulnérables" in rows[1]
    )
    assert "Facteurs de protection" in rows[2] and "retiré Attitudes parentales" in rows[2]
    assert "Titre" in html and "Plan d&#x27;action concerté 2024–2027 → Plan révisé 2024–2027" in html
    assert "Création" in html


def test_history_is_for_the_people_of_the_partnership(client, plans, network, make_user):
    worker = make_user("intervenante@clsc.example")
    Affiliation.objects.create(user=worker, organisation=network.clsc)
    client.force_login(worker)
    assert client.get(url("plan_history", plans.plan.pk)).status_code == 200
    client.force_login(network.editor)
    response = client.get(url("plan_history", plans.plan.pk))
    assert response.status_code == 403
    assert "réservé aux coordonnateurs et aux membres de son regroupement" in html_of(response)


def test_history_is_paginated(coordinator_client, plans):
    for number in range(60):
        actions.save_plan_item(
            plans.plan.partnership.coordinators.get(),
            Finding(plan=plans.plan, system=systems()["enfant"], text=f"Constat n° {number}"),
        )
    first = html_of(coordinator_client.get(url("plan_history", plans.plan.pk)))
    assert "Page 1 sur 2" in first and "Constat n° 59" in first and "Constat n° 5 " not in first
    second = coordinator_client.get(url("plan_history", plans.plan.pk), {"page": "2"})
    assert second.status_code == 200 and "Constat n° 0" in html_of(second)
    assert coordinator_client.get(url("plan_history", plans.plan.pk), {"page": "9"}).status_code == 404
    assert coordinator_client.get(url("plan_history", plans.plan.pk), {"page": "x"}).status_code == 400


def test_history_shows_deleted_items_by_their_last_name(coordinator_client, plans):
    coordinator_client.post(url("action_delete", plans.stimulation.pk))
    html = html_of(coordinator_client.get(url("plan_history", plans.plan.pk)))
    assert "Suppression" in html and "Formation des éducatrices à la stimulation du langage" in html


# Constant number of queries ---------------------------------------------------------------


def _queries(client, address, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, params or {})
    assert response.status_code == 200
    return len(queries)


def test_action_page_costs_the_same_queries_whatever_its_size(coordinator_client, plans, network):
    address = url("action_edit", plans.workshops.pk)
    outsider = partner_actions.save_organisation(
        Organisation(name="Bibliothèque de Rimouski", sector=network.clsc.sector)
    )
    actions.save_action(
        network.coordinator, plans.plan, plans.workshops, {}, {"contributors": [network.clsc, outsider]}
    )
    small = _queries(coordinator_client, address)
    coordinator = network.coordinator
    for number in range(12):
        organisation = partner_actions.save_organisation(
            Organisation(name=f"Organisme {number:02}", sector=network.clsc.sector)
        )
        Membership.objects.create(
            partnership=network.rimouski, organisation=organisation, joined_on=datetime.date(2021, 1, 1)
        )
        outside = partner_actions.save_organisation(
            Organisation(name=f"Ailleurs {number:02}", sector=network.clsc.sector)
        )
        objective = actions.save_plan_item(
            coordinator,
            Objective(plan=plans.plan, system=systems()["enfant"], title=f"Changement {number}"),
            m2m={"protective_factors": [ProtectiveFactor.objects.first()]},
        )
        actions.save_plan_item(
            coordinator, Indicator(plan=plans.plan, action=plans.workshops, name=f"Indicateur {number}")
        )
        plans.workshops.contributors.add(organisation, outside)
        plans.workshops.objectives.add(objective)
    large = _queries(coordinator_client, address)
    assert plans.workshops.indicators.count() == 13
    assert large == small


def test_portrait_and_objectives_cost_the_same_queries_whatever_their_size(
    coordinator_client, plans, network
):
    portrait, objectives = url("portrait_edit", plans.plan.pk), url("objectives_edit", plans.plan.pk)
    small = (_queries(coordinator_client, portrait), _queries(coordinator_client, objectives))
    factors = list(ProtectiveFactor.objects.all()[:3])
    for number in range(15):
        actions.save_plan_item(
            network.coordinator,
            Finding(plan=plans.plan, system=systems()["famille"], text=f"Constat {number}"),
        )
        priority = actions.save_plan_item(
            network.coordinator,
            Priority(plan=plans.plan, system=systems()["famille"], title=f"Priorité {number}"),
        )
        actions.save_plan_item(
            network.coordinator,
            Objective(plan=plans.plan, system=systems()["famille"], title=f"Changement {number}"),
            m2m={"protective_factors": factors, "priorities": [priority]},
        )
    large = (_queries(coordinator_client, portrait), _queries(coordinator_client, objectives))
    assert plans.plan.findings.count() == 16
    assert large == small


def test_follow_up_and_history_cost_the_same_queries_whatever_their_size(coordinator_client, plans, network):
    def change_every_kind(number):
        # The newest page of history then holds a change of every kind, whatever came before.
        coordinator = network.coordinator
        actions.update_plan(coordinator, plans.plan, {"summary": f"Révisé {number}"})
        plans.finding.text = f"Constat révisé {number}"
        actions.save_plan_item(coordinator, plans.finding)
        plans.priority.title = f"Priorité révisée {number}"
        actions.save_plan_item(coordinator, plans.priority)
        actions.save_plan_item(
            coordinator, plans.language, m2m={"priorities": [] if number % 2 else [plans.priority]}
        )
        actions.save_action(
            coordinator, plans.plan, plans.workshops, {"progress": number}, {"populations": []}
        )
        plans.indicator.target = Decimal(60 + number)
        actions.save_plan_item(coordinator, plans.indicator)
        actions.record_measurement(
            coordinator, plans.indicator, Decimal(number), measured_on=datetime.date(2025, 2, 1)
        )
        actions.save_reach(coordinator, plans.workshops, 2026, children=number, parents=1, families=1)

    progress, history = url("action_progress", plans.workshops.pk), url("plan_history", plans.plan.pk)
    change_every_kind(1)
    small = (_queries(coordinator_client, progress), _queries(coordinator_client, history))
    for number in range(30):
        indicator = actions.save_plan_item(
            network.coordinator,
            Indicator(plan=plans.plan, action=plans.workshops, name=f"Indicateur {number}"),
        )
        actions.record_measurement(
            network.coordinator, indicator, Decimal(number), measured_on=datetime.date(2025, 1, 1)
        )
        actions.save_plan_item(
            network.coordinator,
            Finding(plan=plans.plan, system=systems()["enfant"], text=f"Constat {number}"),
        )
    change_every_kind(2)
    large = (_queries(coordinator_client, progress), _queries(coordinator_client, history))
    assert plans.workshops.indicators.count() == 31
    assert large == small


def test_posts_without_csrf_token_are_refused(client, plans, network):
    client.handler.enforce_csrf_checks = True
    client.force_login(network.coordinator)
    response = client.post(url("plan_edit", plans.plan.pk), plan_data(plans.plan, title="Sans jeton"))
    assert response.status_code == 403
    plans.plan.refresh_from_db()
    assert plans.plan.title == "Plan d'action concerté 2024–2027"
