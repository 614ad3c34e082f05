"""Every HTML page fuzzed: query strings, path ids and form posts, with 0 server errors.

The pages and the data they run against are the permission matrix's
(core/tests/permission_cases.py): every URL name of the site, with each of its variants.
Each page is visited as a visitor, a member and an administrator. From the page as that
person sees it, and from its view's code, come the parameters it reads and the forms it
posts (see core/tests/page_fuzz.py); hypothesis then sends hostile query strings, forms
with fields changed, left out, repeated or added, and path segments no object has. No
answer may be a 5xx, no exception may escape a view.

The run is bounded and replays the same cases every time: hypothesis is derandomised, with
a fixed number of examples per page and person, no shrinking (a failure is recorded, not
minimised) and no example database. Each case runs in a savepoint rolled back after it, so
a post that deletes an action leaves the next case its data. What ran is written to
var/fuzz/pages-report.json.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from core.ids import MAX_ID
from core.tests import page_fuzz as fuzz
from core.tests import permission_cases as matrix
from core.tests.summary import report_at_end

#: Generated cases per page and person, for each kind that applies (query, post, path).
#: Chosen so that the whole module runs in about two minutes on SQLite on two cores;
#: AGIRTOT_PAGE_FUZZ_SCALE=10 multiplies them for a deeper search (other cases, still replayable).
SCALE = max(1, int(os.environ.get("AGIRTOT_PAGE_FUZZ_SCALE", "1")))
QUERY_EXAMPLES = 6 * SCALE
POST_EXAMPLES = 8 * SCALE
PATH_EXAMPLES = 2 * SCALE
#: Cases when the person is refused the page anyway (login, 403, 404, 405).
REFUSED_EXAMPLES = 2 * SCALE
#: Path numbers every id argument is tried with, as an administrator.
EDGE_PATH_IDS = (0, MAX_ID, MAX_ID + 1, 10**30)

ROUTES = {route.key: route for route in matrix.site_routes()}
ENTRIES = [
    pytest.param(key, index, id=f"{key}[{entry.variant}]" if entry.variant else key)
    for key in ROUTES
    for index, entry in enumerate(matrix.CASES.get(key, []))
]
#: What stands for a fuzzed argument while the address is built (then replaced): a number
#: or a word every converter of its kind accepts.
MARKERS = {"number": 987654321987654321, "text": "zzmarqueurzz"}
REFUSED = {matrix.LOGIN, matrix.FORBIDDEN, matrix.HIDDEN, matrix.VERB}

#: Cases sent per page (« plans:plan[public] »), filled as the pages are fuzzed.
CASES: Counter[str] = Counter()
FAILURES: list[str] = []
#: Server errors (5xx or an escaping exception) per page, the figure the summary gives.
SERVER_ERRORS: Counter[str] = Counter()
#: The query parameters and form fields each page was fuzzed with.
READS: dict[str, dict[str, list[str]]] = {}
#: The ten slowest cases (seconds, request), for the report.
SLOWEST: list[tuple[float, str]] = []
#: One test client per person: a client loads the middleware on its first request.
CLIENTS: dict[str, Client] = {}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("page-fuzz-media")
    with matrix.rolled_back_world(django_db_blocker, MEDIA_ROOT=str(media)) as world:
        yield world


class PageFuzzer:
    """Sends the cases of one page (a URL name and variant), records what came back."""

    def __init__(self, world, key: str, index: int) -> None:
        self.world = world
        self.key = key
        self.entry = matrix.CASES[key][index]
        self.route = ROUTES[key]
        self.label = f"{key}[{self.entry.variant}]" if self.entry.variant else key
        self.path = reverse_entry(key, self.entry, world)
        self.failures: list[fuzz.Failure] = []
        self.query_names, self.post_names = fuzz.names_from_code(self.route_callback())
        self.swept_query = self.swept_post = False
        #: What the page was found to read, for the report.
        self.parameters: set[str] = set()
        self.fields: set[str] = set()

    def route_callback(self):
        return resolve(self.path.split("?", 1)[0]).func

    # Sending ------------------------------------------------------------------------------

    def send(
        self, role: str, verb: str, url: str, body: list[tuple[str, str]] | None = None, *, htmx: bool = False
    ):
        """One case in a savepoint rolled back after it; a 5xx or an exception is a failure.
        ``htmx`` sends the header with which htmx asks a list for its results fragment only."""
        CASES[self.label] += 1
        client = CLIENTS.setdefault(role, Client(raise_request_exception=True))
        client.cookies = SimpleCookie()  # nothing kept from the case before
        if self.world.users[role] is not None:
            client.cookies[django_settings.SESSION_COOKIE_NAME] = self.world.sessions[role]
        encoded = fuzz.encode(body or [])
        headers = {"HX-Request": "true"} if htmx else {}
        response = None
        started = time.perf_counter()
        try:
            with transaction.atomic():
                if verb == "GET":
                    response = client.get(url, headers=headers)
                else:
                    response = client.generic(
                        verb,
                        url,
                        data=encoded,
                        content_type="application/x-www-form-urlencoded",
                        headers=headers,
                    )
                transaction.set_rollback(True)
        except Exception as error:  # noqa: BLE001 — every escaping exception is the finding
            frames = traceback.extract_tb(error.__traceback__)
            ours = [f for f in frames if "/.venv/" not in f.filename and "/site-packages/" not in f.filename]
            where = ours[-1] if ours else frames[-1]
            what = f"{type(error).__name__}: {error} ({where.filename}:{where.lineno})"
            self.fail(role, verb, url, encoded, what, htmx=htmx)
            return None
        finally:
            SLOWEST.append((time.perf_counter() - started, fuzz.describe(role, verb, url, encoded, htmx)))
            SLOWEST.sort(reverse=True)
            del SLOWEST[10:]
        if response.status_code >= 500:
            self.fail(role, verb, url, encoded, f"status {response.status_code}", htmx=htmx)
        return response

    def fail(
        self,
        role: str,
        verb: str,
        url: str,
        body: str,
        what: str,
        *,
        htmx: bool = False,
        server_error: bool = True,
    ) -> None:
        failure = fuzz.Failure(role=role, verb=verb, url=url, body=body, what=what, htmx=htmx)
        self.failures.append(failure)
        FAILURES.append(f"{self.label}: {failure.describe()}")
        if server_error:
            SERVER_ERRORS[self.label] += 1

    # Cases --------------------------------------------------------------------------------

    def fuzz(self, role: str) -> None:
        """The page as ``role`` sees it, then its query strings, its forms and its path."""
        expect_get = self.entry.expect.get("GET", {}).get(role, frozenset())
        expect_post = self.entry.expect.get("POST", {}).get(role, frozenset())
        response = self.send(role, "GET", self.path)
        html = ""
        if response is not None and response.status_code == 200 and not response.streaming:
            if response.get("Content-Type", "").startswith("text/html"):
                html = response.content.decode("utf-8", errors="replace")
        base = self.path.split("?", 1)[0]
        forms, offered = fuzz.read_page(html, base)
        names = {name: list(values) for name, values in offered.items()}
        for name in (*self.query_names, *fuzz.COMMON_NAMES):
            names.setdefault(name, [])
        # The variant's own query (format=csv…) stays, the fuzzed parameters come after it.
        prefix = self.path + ("&" if "?" in self.path else "?")
        get_refused = expect_get <= REFUSED
        self.run(
            st.tuples(fuzz.query_strategy(names), st.booleans()),
            lambda case: self.send(role, "GET", prefix + case[0], htmx=case[1]),
            REFUSED_EXAMPLES if get_refused else QUERY_EXAMPLES,
        )
        if not get_refused and not self.swept_query:
            # Once per page, every parameter at once set to each edge value.
            self.swept_query = True
            for value in fuzz.SWEEP_VALUES:
                self.send(role, "GET", prefix + fuzz.encode((name, value) for name in sorted(names)))
        self.parameters |= set(names)
        if self.takes_posts(expect_post):
            targets = fuzz.post_forms(forms, base) or [None]
            self.run(
                st.tuples(
                    st.sampled_from(targets).flatmap(lambda form: fuzz.post_strategy(form, self.post_names)),
                    st.booleans(),
                ),
                lambda case: self.send(role, "POST", self.path, case[0], htmx=case[1]),
                POST_EXAMPLES,
            )
            for form in targets:
                fields = fuzz.form_names(form, self.post_names)
                self.fields |= set(fields)
                # Once per page and form, every field at once set to each edge value.
                for value in fuzz.SWEEP_VALUES if not self.swept_post else ():
                    self.send(role, "POST", self.path, [(name, value) for name in fields])
            self.swept_post = True
        arguments = self.path_arguments()
        if arguments:
            self.run(
                st.sampled_from(sorted(arguments)).flatmap(
                    lambda name: st.tuples(st.just(name), fuzz.path_values(arguments[name]))
                ),
                lambda case: self.send(role, "GET", self.path_with(*case)),
                PATH_EXAMPLES,
            )
            if role == "administrateur":
                for name, kind in arguments.items():
                    if kind == "number":
                        for number in EDGE_PATH_IDS:
                            self.edge_id(role, name, number)

    def edge_id(self, role: str, name: str, number: int) -> None:
        """A path number at an edge; beyond 64 bits it names no row, so the address is not found."""
        url = self.path_with(name, str(number))
        for verb in ("GET", "POST") if "POST" in self.route.verbs else ("GET",):
            response = self.send(role, verb, url, [])
            if number > MAX_ID and response is not None and response.status_code != 404:
                self.fail(
                    role,
                    verb,
                    url,
                    "",
                    f"status {response.status_code} where a number beyond 64 bits should be 404",
                    server_error=False,
                )

    def takes_posts(self, expected: frozenset[str]) -> bool:
        """Whether this person's posts reach the view's form handling: it may change
        something (a redirect or a refused form), or the view declares POST and answers it."""
        if expected & {matrix.REDIRECT, matrix.INVALID}:
            return True
        return matrix.OK in expected and bool(self.route.methods) and "POST" in self.route.methods

    def run(self, strategy, send, examples: int) -> None:
        @settings(
            max_examples=examples,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def cases(value):
            send(value)

        cases()

    # Path arguments -----------------------------------------------------------------------

    def path_arguments(self) -> dict[str, str]:
        """The arguments of the page's address that can be swapped, by name, with their converter."""
        args = self.entry.args(self.world)
        converters = fuzz.path_arguments(self.route.route)
        if not isinstance(args, dict):
            names = list(converters)
            if len(names) != len(args):
                return {}  # a regular-expression route (Wagtail's pages): left to Wagtail
            converters = {str(i): converters[name] for i, name in enumerate(names)}
        else:
            converters = {name: kind for name, kind in converters.items() if name in args}
        return {name: kind for name, kind in converters.items() if kind in MARKERS}

    def path_with(self, name: str, value: str) -> str:
        """The page's address with one argument replaced by ``value`` (quoted as a browser would)."""
        kind = self.path_arguments()[name]
        args = self.entry.args(self.world)
        marked = fuzz.substitute(args, name, MARKERS[kind])
        url = reverse_entry(self.key, self.entry, self.world, marked)
        return url.replace(str(MARKERS[kind]), quote(value, safe=""), 1)


def reverse_entry(key, entry, world, args=None) -> str:
    args = entry.args(world) if args is None else args
    url = reverse(key, kwargs=args) if isinstance(args, dict) else reverse(key, args=args)
    return f"{url}?{entry.query}" if entry.query else url


def fuzzed_routes() -> set[str]:
    """The URL names fuzzed (a page's variants are one route)."""
    return {label.split("[", 1)[0] for label in CASES}


def summary_line() -> str:
    return (
        f"Pages fuzzing: {sum(CASES.values())} cases over {len(fuzzed_routes())} routes, "
        f"{sum(SERVER_ERRORS.values())} server errors"
    )


@pytest.fixture(scope="module", autouse=True)
def _summary(request):
    report_at_end(request.config, "page-fuzz-summary", lambda: summary_line() if CASES else None)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "index"), ENTRIES)
def test_page_survives_fuzzing(world, key, index):
    fuzzer = PageFuzzer(world, key, index)
    for role in fuzz.ROLES:
        fuzzer.fuzz(role)
    READS[fuzzer.label] = {"query": sorted(fuzzer.parameters), "form": sorted(fuzzer.fields)}
    assert not fuzzer.failures, f"{len(fuzzer.failures)} failure(s) on {fuzzer.label}:\n" + "\n".join(
        failure.describe() for failure in fuzzer.failures
    )


def test_pages_fuzzing_report():
    """Runs after the pages (same module, file order): writes what ran and what failed."""
    if not CASES:
        pytest.skip("the pages were not fuzzed in this session")
    report = {
        "routes": len(fuzzed_routes()),
        "pages": len(CASES),
        "cases": sum(CASES.values()),
        "server_errors": sum(SERVER_ERRORS.values()),
        "per_route": {label: {"cases": CASES[label], **READS.get(label, {})} for label in sorted(CASES)},
        "failures": FAILURES,
        "slowest": [f"{seconds:.2f} s {request}" for seconds, request in SLOWEST],
    }
    path = Path(django_settings.BASE_DIR) / "var" / "fuzz" / "pages-report.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n{summary_line()} ({path})")
    # Every page fuzzed got its cases: at least the page itself and one generated query
    # string per person (a page whose discovery broke would stop at the first).
    thin = {label: count for label, count in CASES.items() if count < 2 * len(fuzz.ROLES)}
    assert not thin, f"Pages fuzzed with too few cases: {thin}"
