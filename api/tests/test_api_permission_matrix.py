"""Every operation of the API, for every role: what each one gets with its own bearer token
(none for the anonymous visitor). The operations come from the OpenAPI document, so a new
endpoint without an entry in CASES below fails here until someone says who may use it.

Writes send a small body that passes validation, so that the answer is the permission's:
201/200 for who may, 403 for who may not, 404 for what they may not see, 401 without a
token. Every field of a write that names other objects by their number (a lead, contributors,
a plan…) has a case with a value its rule accepts and one it refuses (a lead outside the
partnership, a closed organisation…), so a new field cannot skip its rule unnoticed; the
progress import is tried on a members-only plan's action as on a public one.

The data is the pages' matrix world (core/tests/permission_cases.py), built once per module
and rolled back at its end; each cell runs in its own savepoint.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from api.api import api
from core.tests import permission_cases as pages
from core.tests.summary import report_at_end

ROLES = pages.ROLES
OK, CREATED, NO_CONTENT = "ok", "created", "no_content"
INVALID, UNAUTHORIZED, FORBIDDEN, HIDDEN, VERB = "invalid", "unauthorized", "forbidden", "hidden", "verb"
WORDS = {200: OK, 201: CREATED, 204: NO_CONTENT, 400: INVALID, 401: UNAUTHORIZED, 403: FORBIDDEN}
WORDS.update({404: HIDDEN, 405: VERB})

#: A verb no path of the API takes: every path must answer it 405, whoever asks.
UNDECLARED_VERB = "DELETE"


def outcome(status: int) -> str:
    return WORDS.get(status, str(status))


def roles(default: str, **per_role: str) -> dict[str, frozenset[str]]:
    unknown = set(per_role) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    return {role: frozenset({per_role.get(role, default)}) for role in ROLES}


def write(allowed: tuple[str, ...], granted: str, refused: str = FORBIDDEN) -> dict[str, frozenset[str]]:
    """A write: 401 without a token, ``granted`` for the allowed roles, ``refused`` for the others."""
    return {
        role: frozenset({UNAUTHORIZED if role == "anonyme" else granted if role in allowed else refused})
        for role in ROLES
    }


EVERYONE = roles(OK)
#: Seen only by the Hochelaga partnership's people (its coordinator) and administrators.
MEMBERS_ONLY = roles(HIDDEN, coordonnateur_autre=OK, administrateur=OK)
#: The member works for the CPE, which leads the workshops.
WORKSHOPS_FOLLOW_UP = ("membre", "coordonnateur", "administrateur")
RIMOUSKI_EDITORS = ("coordonnateur", "administrateur")
HOCHELAGA_EDITORS = ("coordonnateur_autre", "administrateur")
SUBMITTERS = ("membre", "coordonnateur", "coordonnateur_autre")
#: The CPE contributes to the members-only plan's action from outside Hochelaga: its member
#: neither sees nor updates it; Hochelaga's coordinator and administrators do.
HIDDEN_ACTION_FOLLOW_UP = pages.HIDDEN_ACTION_FOLLOW_UP
LEAD_NOT_MEMBER = "L'organisme porteur doit être un membre actif du regroupement."


@dataclass(frozen=True)
class Case:
    """One operation on one object, and what each role gets."""

    expect: dict[str, frozenset[str]]
    params: Callable[[Any], dict[str, Any]] = lambda w: {}
    #: The body of a write, built from the world for a role: body(world, role).
    body: Callable[[Any, str], dict[str, Any]] | None = None
    multipart: bool = False
    query: str = ""
    variant: str = ""
    why: str = ""
    #: The fields of the body that name other objects, each with whether its value is one the
    #: rule accepts (True) or refuses (False); a refused value is alone of its case.
    references: dict[str, bool] = field(default_factory=dict)
    #: Texts the answer must contain for a role: shows(world, role).
    shows: Callable[[Any, str], Iterable[str]] = lambda w, role: ()


def _plan(w):
    return {"plan_id": w.plans.plan.pk}


def _workshops(w):
    return {"action_id": w.plans.workshops.pk}


def _hidden_action(w):
    return {"action_id": w.hidden_action.pk}


def _learning(w):
    return {"item_id": w.library.learning.pk}


def _credits(w, role):
    """What each person may credit a submission to: their organisation or their partnership."""
    if role == "membre":
        return {"organisations": [w.network.cpe.pk]}
    if role == "coordonnateur_autre":
        return {"partnerships": [w.network.montreal.pk]}
    return {"partnerships": [w.network.rimouski.pk]}


def _news():
    return {
        "type": "actualite",
        "title": "Portes ouvertes à la halte-garderie",
        "summary": "Les familles visitent la halte-garderie le 1er mai.",
        "body": "Venez nous voir.",
    }


def _into_rimouski(w):
    return {"plan": w.plans.plan.pk, "action_type": "soutien-parental", "lead": w.network.cpe.pk}


def _into_hochelaga(w):
    return {"plan": w.plans.hidden.pk, "action_type": "soutien-parental", "lead": w.network.maison.pk}


def _progress_file(w, role, action=None):
    action = action or w.plans.workshops
    csv = f"action;progression\n{action.pk};55\n"
    return {
        "file": SimpleUploadedFile("avancement.csv", csv.encode("utf-8"), content_type="text/csv"),
        "dry_run": "true",
    }


def _refused_rows(allowed: tuple[str, ...], action):
    """The import's neutral refusal for the roles with a token that may not update the action."""

    def shows(w, role):
        if role == "anonyme" or role in allowed:
            return []
        return [pages.NOT_UPDATABLE.format(id=action(w).pk)]

    return shows


def _says(message: str, refused: tuple[str, ...]):
    return lambda w, role: [message] if role in refused else []


def _own_action(w, role):
    """An action the role may name as the origin of a submission: one of its own plans'."""
    return w.hidden_action if role == "coordonnateur_autre" else w.plans.workshops


def _other_action(w, role):
    """An action of somebody else's: the members-only plan's for Rimouski's people (the CPE
    contributes to it, but from outside Hochelaga), the workshops for Hochelaga's coordinator."""
    return w.plans.workshops if role == "coordonnateur_autre" else w.hidden_action


def _other_plan(w, role):
    """A plan of a partnership the role does not coordinate (none exists for administrators)."""
    if role == "coordonnateur_autre":
        return w.plans.plan.pk, w.network.cpe.pk
    if role == "administrateur":
        return 999_999, w.network.cpe.pk
    return w.plans.hidden.pk, w.network.maison.pk


def _into_other_plan(w, role):
    plan, lead = _other_plan(w, role)
    return {"plan": plan, "action_type": "soutien-parental", "lead": lead}


CASES: dict[str, list[Case]] = {
    # Territories and partners: public reads -------------------------------------------------
    "api_territories_list_regions": [Case(EVERYONE)],
    "api_partners_list_partners": [Case(EVERYONE)],
    "api_partners_get_partner": [Case(EVERYONE, params=lambda w: {"partner_id": w.network.cpe.pk})],
    "api_partners_list_partnerships": [Case(EVERYONE)],
    "api_partners_get_partnership": [
        Case(EVERYONE, params=lambda w: {"partnership_id": w.network.rimouski.pk})
    ],
    # Plans and actions ----------------------------------------------------------------------
    "api_plans_list_plans": [Case(EVERYONE)],
    "api_plans_get_plan": [
        Case(EVERYONE, params=_plan, variant="public"),
        Case(MEMBERS_ONLY, params=lambda w: {"plan_id": w.plans.hidden.pk}, variant="reserve_aux_membres"),
    ],
    "api_plans_list_actions": [Case(EVERYONE)],
    "api_plans_get_action": [
        Case(EVERYONE, params=_workshops, variant="public"),
        Case(MEMBERS_ONLY, params=_hidden_action, variant="reserve_aux_membres"),
    ],
    "api_plans_update_action": [
        Case(
            write(WORKSHOPS_FOLLOW_UP, OK),
            params=_workshops,
            body=lambda w, role: {"progress": 55},
            variant="avancement",
        ),
        Case(
            write(RIMOUSKI_EDITORS, OK),
            params=_workshops,
            body=lambda w, role: {"title": "Ateliers d'éveil à la lecture"},
            variant="titre",
            why="Fields other than progress and status are the coordinators'.",
        ),
        Case(
            write(HOCHELAGA_EDITORS, OK, HIDDEN),
            params=_hidden_action,
            body=lambda w, role: {"progress": 10},
            variant="reserve_aux_membres",
            why="The CPE contributes to it from outside Hochelaga: its member does not even see it.",
        ),
        Case(
            write(RIMOUSKI_EDITORS, OK),
            params=_workshops,
            body=lambda w, role: {"lead": w.network.clsc.pk},
            variant="porteur_membre",
            references={"lead": True},
        ),
        Case(
            write(RIMOUSKI_EDITORS, INVALID),
            params=_workshops,
            body=lambda w, role: {"lead": w.network.maison.pk},
            variant="porteur_hors_regroupement",
            references={"lead": False},
            shows=_says(LEAD_NOT_MEMBER, RIMOUSKI_EDITORS),
            why="A lead's people follow up the action: the lead is a member of the partnership.",
        ),
        Case(
            write(HOCHELAGA_EDITORS, INVALID, HIDDEN),
            params=_hidden_action,
            body=lambda w, role: {"lead": w.network.cpe.pk},
            variant="reserve_aux_membres_porteur_hors_regroupement",
            references={"lead": False},
            shows=_says(LEAD_NOT_MEMBER, HOCHELAGA_EDITORS),
        ),
        Case(
            write(RIMOUSKI_EDITORS, OK),
            params=_workshops,
            body=lambda w, role: {"contributors": [w.network.clsc.pk, w.network.maison.pk]},
            variant="contributeurs_actifs",
            references={"contributors": True},
            why="Contributors may come from outside the partnership.",
        ),
        Case(
            write(RIMOUSKI_EDITORS, INVALID),
            params=_workshops,
            body=lambda w, role: {"contributors": [w.network.clsc.pk, w.closed.pk]},
            variant="contributeur_ferme",
            references={"contributors": False},
        ),
        Case(
            write(RIMOUSKI_EDITORS, OK),
            params=_workshops,
            body=lambda w, role: {"objectives": [w.plans.language.pk]},
            variant="changement_du_plan",
            references={"objectives": True},
        ),
        Case(
            write(RIMOUSKI_EDITORS, INVALID),
            params=_workshops,
            body=lambda w, role: {"objectives": [w.hidden_objective.pk]},
            variant="changement_d_un_autre_plan",
            references={"objectives": False},
        ),
    ],
    "api_plans_record_measurement": [
        Case(
            write(WORKSHOPS_FOLLOW_UP, CREATED),
            params=lambda w: {"indicator_id": w.plans.indicator.pk},
            body=lambda w, role: {"value": "42", "date": "2025-09-30"},
            variant="action",
        ),
        Case(
            write(RIMOUSKI_EDITORS, CREATED),
            params=lambda w: {"indicator_id": w.plans.objective_indicator.pk},
            body=lambda w, role: {"value": "22", "date": "2025-09-30"},
            variant="changement_vise",
            why="The indicators of an objective are the coordinators'.",
        ),
        Case(
            write(HOCHELAGA_EDITORS, CREATED, HIDDEN),
            params=lambda w: {"indicator_id": w.hidden_indicator.pk},
            body=lambda w, role: {"value": "5", "date": "2025-09-30"},
            variant="reserve_aux_membres",
        ),
    ],
    "api_plans_save_reach": [
        Case(
            write(WORKSHOPS_FOLLOW_UP, OK),
            params=lambda w: {**_workshops(w), "year": 2025},
            body=lambda w, role: {"children": 81, "parents": 70, "families": 55},
        )
    ],
    "api_plans_change_stage": [
        Case(
            write(RIMOUSKI_EDITORS, CREATED),
            params=lambda w: {"partnership_id": w.network.rimouski.pk},
            body=lambda w, role: {"stage": "evaluation", "date": "2025-09-30"},
        )
    ],
    "api_plans_import_progress": [
        Case(
            write(WORKSHOPS_FOLLOW_UP, OK, INVALID),
            body=_progress_file,
            multipart=True,
            shows=_refused_rows(WORKSHOPS_FOLLOW_UP, lambda w: w.plans.workshops),
            why="The file is refused row by row: a row one may not update is a 400 listing it.",
        ),
        Case(
            write(HIDDEN_ACTION_FOLLOW_UP, OK, INVALID),
            body=lambda w, role: _progress_file(w, role, w.hidden_action),
            multipart=True,
            variant="reserve_aux_membres",
            shows=_refused_rows(HIDDEN_ACTION_FOLLOW_UP, lambda w: w.hidden_action),
            why=(
                "A members-only plan's action: for whoever may not update it, the same refusal as "
                "for a number that does not exist, the CPE's member included although the CPE "
                "contributes to it."
            ),
        ),
        Case(
            write((), OK, INVALID),
            body=lambda w, role: _progress_file(w, role, SimpleNamespace(pk=999_999)),
            multipart=True,
            variant="numero_inconnu",
            shows=_refused_rows((), lambda w: SimpleNamespace(pk=999_999)),
        ),
    ],
    # Library submissions ----------------------------------------------------------------------
    "api_library_write_create_submission": [
        Case(
            write(SUBMITTERS, CREATED),
            body=lambda w, role: {**_news(), **_credits(w, role)},
            references={"organisations": True, "partnerships": True},
            why="Each credits what is theirs: the member their organisation, coordinators their partnership.",
        ),
        Case(
            write(SUBMITTERS, INVALID),
            body=lambda w, role: {**_news(), **_credits(w, role), "organisations": [w.network.maison.pk]},
            variant="organisation_d_autrui",
            references={"organisations": False},
        ),
        Case(
            write(SUBMITTERS, INVALID),
            body=lambda w, role: {
                **_news(),
                **_credits(w, role),
                "partnerships": [
                    (w.network.rimouski if role == "coordonnateur_autre" else w.network.montreal).pk
                ],
            },
            variant="regroupement_d_autrui",
            references={"partnerships": False},
        ),
        Case(
            write(SUBMITTERS, CREATED),
            body=lambda w, role: {
                **_news(),
                **_credits(w, role),
                "source_actions": [_own_action(w, role).pk],
            },
            variant="action_du_demandeur",
            references={"source_actions": True},
        ),
        Case(
            write(SUBMITTERS, INVALID),
            body=lambda w, role: {
                **_news(),
                **_credits(w, role),
                "source_actions": [_other_action(w, role).pk],
            },
            variant="action_d_autrui",
            references={"source_actions": False},
            why="The CPE's member may not name the members-only plan's action, to which the CPE contributes.",
        ),
    ],
    "api_library_write_list_submissions": [Case(write(ROLES[1:], OK))],
    # Search and the library --------------------------------------------------------------------
    "api_search_search": [Case(EVERYONE, query="q=lecture")],
    "api_search_search_suggestions": [Case(EVERYONE, query="q=lecture")],
    "api_library_list_library": [Case(EVERYONE)],
    "api_library_get_library_item": [
        Case(EVERYONE, params=_learning, variant="publie"),
        Case(
            roles(HIDDEN),
            params=lambda w: {"item_id": w.draft.pk},
            variant="proposition",
            why="A submission under review is not in the library, even for its author.",
        ),
    ],
    # Réinvestissement ---------------------------------------------------------------------------
    "api_reuse_reinvest_item": [
        Case(
            write(RIMOUSKI_EDITORS, CREATED),
            params=_learning,
            body=lambda w, role: {
                **_into_rimouski(w),
                "adapted": "Le public visé.",
                "reason": "Nos besoins.",
            },
            variant="plan_public",
            references={"plan": True, "lead": True},
        ),
        Case(
            write(HOCHELAGA_EDITORS, CREATED, HIDDEN),
            params=_learning,
            body=lambda w, role: _into_hochelaga(w),
            variant="plan_reserve_aux_membres",
            why="A plan one may not see is not found, whether it exists or not.",
        ),
        Case(
            roles(HIDDEN, anonyme=UNAUTHORIZED, coordonnateur_autre=FORBIDDEN),
            params=_learning,
            body=_into_other_plan,
            variant="plan_d_un_autre_regroupement",
            references={"plan": False},
            why=(
                "Each names a plan not theirs: Hochelaga's, unseen (404) by Rimouski's people; "
                "Rimouski's, seen but not Hochelaga's coordinator's (403); a number that does not exist."
            ),
        ),
        Case(
            write(RIMOUSKI_EDITORS, INVALID),
            params=_learning,
            body=lambda w, role: {**_into_rimouski(w), "lead": w.network.maison.pk},
            variant="porteur_hors_regroupement",
            references={"lead": False},
            shows=_says(LEAD_NOT_MEMBER, RIMOUSKI_EDITORS),
        ),
        Case(
            write(RIMOUSKI_EDITORS, CREATED),
            params=_learning,
            body=lambda w, role: {**_into_rimouski(w), "objectives": [w.plans.language.pk]},
            variant="changement_du_plan",
            references={"objectives": True},
        ),
        Case(
            write(RIMOUSKI_EDITORS, INVALID),
            params=_learning,
            body=lambda w, role: {**_into_rimouski(w), "objectives": [w.hidden_objective.pk]},
            variant="changement_d_un_autre_plan",
            references={"objectives": False},
        ),
    ],
    "api_reuse_reinvest_action": [
        Case(
            write(HOCHELAGA_EDITORS, CREATED, HIDDEN),
            params=_workshops,
            body=lambda w, role: _into_hochelaga(w),
            variant="action_publique",
            references={"plan": True, "lead": True},
        ),
        Case(
            roles(HIDDEN, anonyme=UNAUTHORIZED, coordonnateur_autre=FORBIDDEN),
            params=lambda w: {"action_id": w.plans.stimulation.pk},
            body=_into_other_plan,
            variant="plan_d_un_autre_regroupement",
            references={"plan": False},
        ),
        Case(
            write(HOCHELAGA_EDITORS, INVALID, HIDDEN),
            params=_workshops,
            body=lambda w, role: {**_into_hochelaga(w), "lead": w.network.cpe.pk},
            variant="porteur_hors_regroupement",
            references={"lead": False},
            shows=_says(LEAD_NOT_MEMBER, HOCHELAGA_EDITORS),
            why="The CPE contributes to Hochelaga's action, but it is not a member: it may not lead.",
        ),
        Case(
            write(HOCHELAGA_EDITORS, CREATED, HIDDEN),
            params=_workshops,
            body=lambda w, role: {**_into_hochelaga(w), "objectives": [w.hidden_objective.pk]},
            variant="changement_du_plan",
            references={"objectives": True},
        ),
        Case(
            write(HOCHELAGA_EDITORS, INVALID, HIDDEN),
            params=_workshops,
            body=lambda w, role: {**_into_hochelaga(w), "objectives": [w.plans.language.pk]},
            variant="changement_d_un_autre_plan",
            references={"objectives": False},
        ),
        Case(
            roles(
                HIDDEN,
                anonyme=UNAUTHORIZED,
                coordonnateur_autre=FORBIDDEN,
                administrateur=CREATED,
            ),
            params=_hidden_action,
            body=lambda w, role: _into_rimouski(w),
            variant="action_reservee_aux_membres",
            why=(
                "Hochelaga's coordinator sees the source but may not write into Rimouski's plan; "
                "Rimouski's coordinator may not see the source."
            ),
        ),
    ],
    "api_reuse_item_reinvestments": [Case(EVERYONE, params=_learning)],
    "api_reuse_action_reinvestments": [
        Case(EVERYONE, params=_workshops, variant="public"),
        Case(MEMBERS_ONLY, params=_hidden_action, variant="reserve_aux_membres"),
    ],
    # Pistes inspirantes of a plan: as visible as the plan itself.
    "api_recommendations_plan_recommendations": [
        Case(EVERYONE, params=_plan, variant="public"),
        Case(MEMBERS_ONLY, params=lambda w: {"plan_id": w.plans.hidden.pk}, variant="reserve_aux_membres"),
    ],
    # Portraits: public figures, the same for everyone ------------------------------------------
    "api_portraits_quebec_portrait": [Case(EVERYONE)],
    "api_portraits_region_portrait": [
        Case(EVERYONE, params=lambda w: {"code": "01"}),
        Case(roles(HIDDEN), params=lambda w: {"code": "99"}, variant="inconnue"),
    ],
    "api_portraits_partnership_portrait": [
        Case(EVERYONE, params=lambda w: {"partnership_id": w.network.rimouski.pk})
    ],
    "api_network_get_partnership_network": [
        Case(EVERYONE, params=lambda w: {"partnership_id": w.network.rimouski.pk}),
        Case(roles(HIDDEN), params=lambda w: {"partnership_id": 999_999}, variant="inconnu"),
    ],
    "api_network_get_quebec_network": [Case(EVERYONE)],
    # Open data ---------------------------------------------------------------------------------
    "api_opendata_list_open_data": [Case(EVERYONE)],
}


# The OpenAPI document --------------------------------------------------------------------------

SCHEMA = api.get_openapi_schema()
OPERATIONS = {
    operation["operationId"]: (method.upper(), path)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
}
PATHS = sorted(SCHEMA["paths"])
MISSING = sorted(set(OPERATIONS) - set(CASES))
STALE = sorted(set(CASES) - set(OPERATIONS))


# Fields that name other objects ----------------------------------------------------------------

#: Integer fields of write bodies that are quantities, not numbers of objects.
NOT_REFERENCES = {
    ("api_plans_update_action", "progress"): "a percentage",
    ("api_plans_save_reach", "children"): "a count of children",
    ("api_plans_save_reach", "parents"): "a count of parents",
    ("api_plans_save_reach", "families"): "a count of families",
}


def _resolved(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMA["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _names_objects(prop: dict[str, Any]) -> bool:
    """An integer, or a list of integers: the numbers of other objects (codes are public lists)."""
    for option in prop.get("anyOf", [prop]):
        option = _resolved(option)
        if option.get("type") == "integer":
            return True
        if option.get("type") == "array" and _resolved(option.get("items", {})).get("type") == "integer":
            return True
    return False


def _body_fields(operation_id: str) -> dict[str, dict[str, Any]]:
    method, template = OPERATIONS[operation_id]
    operation = SCHEMA["paths"][template][method.lower()]
    fields: dict[str, dict[str, Any]] = {}
    for content in operation.get("requestBody", {}).get("content", {}).values():
        fields.update(_resolved(content["schema"]).get("properties", {}))
    return fields


REFERENCES = {
    operation_id: {
        name
        for name, prop in _body_fields(operation_id).items()
        if _names_objects(prop) and (operation_id, name) not in NOT_REFERENCES
    }
    for operation_id in OPERATIONS
}


def _cells() -> list:
    cells = []
    for operation_id in OPERATIONS:
        for index, entry in enumerate(CASES.get(operation_id, [])):
            label = f"{operation_id}[{entry.variant}]" if entry.variant else operation_id
            for role in ROLES:
                cells.append(pytest.param(operation_id, index, role, id=f"{label}-{role}"))
    return cells


CELLS = _cells()
RESULTS = {"passed": 0}


def _line():
    return (
        f"API: permission cells tested: {RESULTS['passed']} passed of {_total()} "
        f"({len(OPERATIONS)} operations on {len(PATHS)} paths, {len(ROLES)} roles)"
    )


@pytest.fixture(scope="module", autouse=True)
def _report_cells(request):
    report_at_end(request.config, "permission-matrix-api", _line)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.contrib.auth import get_user_model

    from accounts.actions import create_token, revoke_token

    media = tmp_path_factory.mktemp("api-permission-matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        with transaction.atomic():
            with translation.override("fr"):
                world = pages.build_world(get_user_model())
            world.headers = {"anonyme": {}}
            for role, user in world.users.items():
                if user is not None:
                    _token, key = create_token(user, "Matrice des permissions")
                    world.headers[role] = {"authorization": f"Bearer {key}"}
            revoked, key = create_token(world.network.member, "Jeton révoqué")
            revoke_token(world.network.member, revoked)
            world.revoked_headers = {"authorization": f"Bearer {key}"}
            former = get_user_model().objects.create_user(
                username="ancien@exemple.qc.ca", email="ancien@exemple.qc.ca", password="x"
            )
            _token, key = create_token(former, "Compte désactivé")
            former.is_active = False
            former.save(update_fields=["is_active"])
            world.deactivated_headers = {"authorization": f"Bearer {key}"}
            yield world
            transaction.set_rollback(True)
    # Nothing of this module's data may outlive it, not even in the cache.
    cache.clear()


def test_every_operation_has_an_entry():
    """An endpoint added to the API needs its row in the matrix."""
    assert not MISSING, f"These operations have no entry in CASES: say who may use them: {MISSING}"


def test_every_entry_has_an_operation():
    assert not STALE, f"These entries of CASES name no operation of the API any more: {STALE}"


def test_every_reference_field_has_an_accepted_and_a_refused_value():
    """Each field of a write that names other objects is tried with a value its rule accepts
    and with one it refuses: a new field without its rule fails here, or in its refused cell."""
    problems = []
    for operation_id, fields in sorted(REFERENCES.items()):
        tried = {pair for entry in CASES.get(operation_id, []) for pair in entry.references.items()}
        for name in sorted(fields):
            for accepted, word in ((True, "accepts"), (False, "refuses")):
                if (name, accepted) not in tried:
                    problems.append(f"{operation_id}: no case with a value the rule of « {name} » {word}")
    assert not problems, "\n".join(problems)
    assert sum(len(fields) for fields in REFERENCES.values()) >= 12


def test_references_are_fields_that_name_objects():
    problems = []
    for operation_id, entries in CASES.items():
        for entry in entries:
            unknown = set(entry.references) - REFERENCES.get(operation_id, set())
            if unknown:
                problems.append(
                    f"{operation_id}[{entry.variant}]: not fields naming objects: {sorted(unknown)}"
                )
            refused = [name for name, accepted in entry.references.items() if not accepted]
            if refused and len(entry.references) != 1:
                problems.append(f"{operation_id}[{entry.variant}]: a refused value goes alone")
    for (operation_id, name), _why in NOT_REFERENCES.items():
        if name not in _body_fields(operation_id):
            problems.append(f"NOT_REFERENCES names {operation_id}.{name}, which no longer exists")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_reference_cases_send_their_fields(world):
    for operation_id, entries in CASES.items():
        for entry in entries:
            if entry.references:
                sent = {name for role in ROLES for name in entry.body(world, role)}
                assert set(entry.references) <= sent, f"{operation_id}[{entry.variant}]"


def test_every_case_names_every_role():
    problems = [
        f"{operation_id}[{entry.variant}]"
        for operation_id, entries in CASES.items()
        for entry in entries
        if set(entry.expect) != set(ROLES)
    ]
    assert not problems


@pytest.mark.django_db
@pytest.mark.parametrize(("operation_id", "index", "role"), CELLS)
def test_permission(world, operation_id, index, role):
    entry = CASES[operation_id][index]
    method, template = OPERATIONS[operation_id]
    path = template.format(**entry.params(world))
    if entry.query:
        path = f"{path}?{entry.query}"
    client = Client()
    headers = world.headers[role]
    if entry.body is None:
        response = client.generic(method, path, headers=headers)
    elif entry.multipart:
        assert method == "POST", "multipart bodies are sent with POST"
        response = client.post(path, entry.body(world, role), headers=headers)
    else:
        response = client.generic(
            method,
            path,
            json.dumps(entry.body(world, role)),
            content_type="application/json",
            headers=headers,
        )
    got = outcome(response.status_code)
    expected = entry.expect[role]
    assert got in expected, (
        f"{method} {path} as {role}: got {got} ({response.status_code}: {response.content[:300]!r}), "
        f"expected {' or '.join(sorted(expected))}"
    )
    wanted = list(entry.shows(world, role))
    if wanted:
        text = json.dumps(response.json(), ensure_ascii=False)
        for message in wanted:
            assert message in text, f"{method} {path} as {role}: « {message} » is missing from {text}"
    RESULTS["passed"] += 1


#: Authorization headers that name nobody: each must be refused (401), never ignored.
BAD_TOKENS = {
    "revoque": lambda w: w.revoked_headers,
    "inconnu": lambda w: {"authorization": "Bearer pas-une-cle-connue"},
    "compte_desactive": lambda w: w.deactivated_headers,
    "mal_forme": lambda w: {"authorization": "n'importe quoi"},
    "autre_schema": lambda w: {"authorization": "Basic dXNlcjpwYXNz"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("state", sorted(BAD_TOKENS))
@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_bad_token(world, operation_id, state):
    """A revoked, unknown or malformed token never acts as its owner, nor silently as a
    visitor: every operation, public data included, answers 401 with the French error."""
    method, template = OPERATIONS[operation_id]
    headers = BAD_TOKENS[state](world)
    entries = CASES.get(operation_id) or [Case(EVERYONE)]
    entry = entries[0]
    path = template.format(**entry.params(world))
    if entry.query:
        path = f"{path}?{entry.query}"
    if entry.body is None:
        response = Client().generic(method, path, headers=headers)
    elif entry.multipart:
        response = Client().post(path, entry.body(world, "membre"), headers=headers)
    else:
        body = json.dumps(entry.body(world, "membre"))
        response = Client().generic(method, path, body, content_type="application/json", headers=headers)
    assert outcome(response.status_code) == UNAUTHORIZED, f"{method} {path}: got {response.status_code}"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response["Content-Type"].startswith("application/json")
    assert "inconnu ou révoqué" in response.json()["detail"]
    RESULTS["passed"] += 1


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_every_operation_documents_the_token(operation_id):
    """The document says that every operation reads the token and may answer 401; what an
    anonymous visitor may read also works without one (the empty requirement)."""
    method, template = OPERATIONS[operation_id]
    operation = SCHEMA["paths"][template][method.lower()]
    assert {"BearerToken": []} in operation["security"]
    assert "401" in {str(code) for code in operation["responses"]}
    anonymous = any(OK in entry.expect["anonyme"] for entry in CASES.get(operation_id, []))
    assert ({} in operation["security"]) == anonymous


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("template", PATHS)
def test_undeclared_verb_is_refused(world, template, role):
    """No path answers a verb its document does not declare, whoever asks."""
    assert UNDECLARED_VERB.lower() not in SCHEMA["paths"][template]
    path = template.format(**_sample_params(world))
    response = Client().generic(UNDECLARED_VERB, path, headers=world.headers[role])
    assert outcome(response.status_code) == VERB, (
        f"{UNDECLARED_VERB} {path} as {role}: got {response.status_code}"
    )
    RESULTS["passed"] += 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("address", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_documentation_is_public(world, address, role):
    """The OpenAPI document and its viewer, outside the operations: the same for everyone."""
    response = Client().get(address, headers=world.headers[role])
    assert outcome(response.status_code) == OK, f"GET {address} as {role}: got {response.status_code}"
    RESULTS["passed"] += 1


def _sample_params(w) -> dict[str, int | str]:
    return {
        "partner_id": w.network.cpe.pk,
        "partnership_id": w.network.rimouski.pk,
        "plan_id": w.plans.plan.pk,
        "action_id": w.plans.workshops.pk,
        "indicator_id": w.plans.indicator.pk,
        "item_id": w.library.learning.pk,
        "year": 2025,
        "code": "01",
    }


def _total() -> int:
    # Operations, the undeclared verb on every path, the documentation, the bad tokens.
    return len(CELLS) + (len(PATHS) + 2) * len(ROLES) + len(OPERATIONS) * len(BAD_TOKENS)


def test_cells_counted():
    total = _total()
    print(f"\npermission cells tested (API): {RESULTS['passed']} of {total}")
    assert len(CELLS) >= len(OPERATIONS) * len(ROLES)
