"""Every page of the site, for every role and every verb: who gets the page, the login, a
403 or a 404. The pages come from the URL configuration, so a new view without an entry
in core/tests/permission_cases.py fails here until someone says who may use it.

A case may also name texts the answer must show or hide to a role: the import's neutral
refusal, the title of a members-only plan's action.

One test per cell (URL name and variant, role, verb). The data is built once for the
module inside a transaction that is rolled back at its end; each cell runs in its own
savepoint, so a cell that deletes or changes something leaves the next one untouched.
"""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.test import Client

from core.tests import permission_cases as matrix
from core.tests.summary import report_at_end

ROUTES = {route.key: route for route in matrix.site_routes()}
MISSING = sorted(set(ROUTES) - set(matrix.CASES))
STALE = sorted(set(matrix.CASES) - set(ROUTES))


def _cells() -> list:
    cells = []
    for key, route in ROUTES.items():
        for index, entry in enumerate(matrix.CASES.get(key, [])):
            label = f"{key}[{entry.variant}]" if entry.variant else key
            for verb in route.verbs:
                for role in matrix.ROLES:
                    cells.append(pytest.param(key, index, verb, role, id=f"{label}-{verb}-{role}"))
    return cells


CELLS = _cells()
RESULTS = {"passed": 0}


def _line():
    return (
        f"Pages: permission cells tested: {RESULTS['passed']} passed of {len(CELLS)} "
        f"({len(ROUTES)} URL names, {len(matrix.ROLES)} roles)"
    )


@pytest.fixture(scope="module", autouse=True)
def _report_cells(request):
    report_at_end(request.config, "permission-matrix-pages", _line)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("permission-matrix-media")
    with matrix.rolled_back_world(django_db_blocker, MEDIA_ROOT=str(media)) as world:
        yield world


def test_every_page_has_an_entry():
    """A view added to the URL configuration needs its row in the matrix."""
    assert not MISSING, (
        "These URL names have no entry in core/tests/permission_cases.py CASES: say who may use "
        f"them (or, for a third-party area with its own permissions, add it to EXCLUDED): {MISSING}"
    )


def test_every_entry_has_a_page():
    assert not STALE, f"These entries of CASES name no URL of the site any more: {STALE}"


def test_every_accepted_verb_has_expectations():
    """Each case says what each role gets for each verb the view takes, and for no other."""
    problems = []
    for key, route in ROUTES.items():
        for entry in matrix.CASES.get(key, []):
            label = f"{key}[{entry.variant}]" if entry.variant else key
            if set(entry.expect) != set(route.verbs):
                problems.append(f"{label}: verbs {sorted(route.verbs)}, expectations {sorted(entry.expect)}")
            for verb, outcomes in entry.expect.items():
                if set(outcomes) != set(matrix.ROLES):
                    problems.append(f"{label} {verb}: roles {sorted(outcomes)}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "index", "verb", "role"), CELLS)
def test_permission(world, key, index, verb, role):
    entry = matrix.CASES[key][index]
    client = Client()
    if world.users[role] is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    path = entry.path(key, world)
    if entry.multipart and verb == "POST":
        response = client.post(path, entry.data(world))
    else:
        response = client.generic(
            verb,
            path,
            data=_encoded(entry.data(world)) if verb != "GET" else "",
            content_type="application/x-www-form-urlencoded",
        )
    got = matrix.outcome(response.status_code, response.get("Location", ""))
    expected = entry.expect[verb][role]
    assert got in expected, (
        f"{verb} {path} as {role}: got {got} ({response.status_code}"
        f"{' → ' + response['Location'] if response.has_header('Location') else ''}), "
        f"expected {' or '.join(sorted(expected))}"
    )
    shown, hidden = list(entry.shows(world, role, verb)), list(entry.hides(world, role, verb))
    if shown or hidden:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = html.unescape(body.decode("utf-8", errors="replace"))
        for wanted in shown:
            assert wanted in text, f"{verb} {path} as {role}: « {wanted} » is missing"
        for secret in hidden:
            assert secret not in text, f"{verb} {path} as {role}: « {secret} » is shown"
    RESULTS["passed"] += 1


def _encoded(data: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


def test_cells_counted():
    """The matrix is not empty: every URL name, every role, both verbs at least."""
    print(f"\npermission cells tested (pages): {RESULTS['passed']} of {len(CELLS)}")
    assert len(CELLS) >= len(ROUTES) * len(matrix.ROLES) * len(matrix.BASE_VERBS)
