"""The API fuzzed from its own OpenAPI document (schemathesis, in process).

Every operation of /api/v1/openapi.json gets generated requests, valid and invalid
(schemathesis's examples, coverage and fuzzing phases), against a small network with
plans and library items: no answer may be a 5xx, have an undeclared status code or
content type, or break the schema it declares. Path numbers are drawn in part from the
objects that exist, so that the cases reach past the 404, and in part from numbers no
object can have. Writes carry a coordinator's token; reads whose token is optional
alternate between that token and an anonymous visitor. The run is bounded (at most
MAX_EXAMPLES generated cases per operation beside the coverage cases, derandomised so
that CI replays the same cases) and writes what it ran to var/fuzz/report.json.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from accounts import actions as account_actions

OPENAPI = "/api/v1/openapi.json"
MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# Cases sent per operation ("GET /api/v1/partners": 31, …), filled by the fuzzing test.
CASES: Counter[str] = Counter()


@pytest.fixture
def coordinator_key(network, plans, library):
    """The key of a token owned by Rimouski's coordinator, who may write to its plan."""
    _token, key = account_actions.create_token(network.coordinator, "Fuzzing")
    return key


@pytest.fixture
def in_process_requests():
    """Keep the test's database transaction open across the WSGI requests.

    Django closes the connection at the end of every request it serves; inside a test
    transaction that would roll back the fixtures' data (Django's own test client
    disconnects the same signal handlers).
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def existing_ids(name: str) -> list[int]:
    """Numbers that name real objects, for a path parameter."""
    from library.models import LibraryItem
    from partners.models import Organisation, Partnership
    from plans.models import Action, Indicator, Plan

    if name == "year":
        return [2024, 2025, 2026, 2027]
    models = {
        "partner_id": Organisation,
        "partnership_id": Partnership,
        "plan_id": Plan,
        "action_id": Action,
        "indicator_id": Indicator,
        "item_id": LibraryItem,
    }
    model = models.get(name)
    return sorted(model.objects.values_list("pk", flat=True)) if model else []


schema = schemathesis.openapi.from_wsgi(OPENAPI, get_wsgi_application())


# Numbers no object can have: zero, negative, past the largest database integer.
ABSURD_IDS = st.sampled_from([0, -1, 2**63, 10**23, -(10**23)])


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Some cases keep the generated numbers, some name objects that exist (so that the
    requests reach past the 404), some are absurd (so that they reach the database)."""
    if not path_parameters:
        return st.just(path_parameters)
    real, absurd = {}, {}
    for name in path_parameters:
        values = existing_ids(name)
        if values:
            real[name] = st.sampled_from(values)
            absurd[name] = ABSURD_IDS
    if not real:
        return st.just(path_parameters)
    generated = {name: st.just(value) for name, value in path_parameters.items()}
    return st.one_of(
        st.just(path_parameters),
        st.fixed_dictionaries({**generated, **real}),
        st.fixed_dictionaries({**generated, **absurd}),
    )


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # The database fixtures are shared by all the cases of an operation, on purpose.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_contract(case, coordinator_key, in_process_requests):
    security = case.operation.definition.raw.get("security", [])
    optional = {} in security or not security
    label = case.operation.label
    CASES[label] += 1
    headers = {}
    # A required token is always sent; an optional one every other case.
    if security and (not optional or CASES[label] % 2):
        headers["Authorization"] = f"Bearer {coordinator_key}"
    case.call_and_validate(headers=headers, checks=CHECKS)


def test_every_operation_was_fuzzed():
    """Runs after the fuzzing (same module, file order): records what it ran."""
    if not CASES:
        pytest.skip("the fuzzing test did not run in this session")
    report = {
        "operations": len(CASES),
        "cases": sum(CASES.values()),
        "per_operation": dict(sorted(CASES.items())),
    }
    path = Path(django_settings.BASE_DIR) / "var" / "fuzz" / "report.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nFuzzing: {report['cases']} cases over {report['operations']} operations ({path})")
    documented = {result.ok().label for result in schema.get_all_operations()}
    assert set(CASES) == documented
    assert all(count >= 5 for count in CASES.values()), CASES
