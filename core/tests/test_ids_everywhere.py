"""Numbers no row can have, sent wherever the site takes an id: never a server error.

A number beyond the 64-bit range (``9223372036854775808``, ``99999999999999999999999``)
makes SQLite's driver fail (OverflowError) on any lookup Django does not guard itself
(``__in``, a related or parent-page key). Every id the site takes must be refused before
any query. This module walks what the site exposes instead of listing it by hand, so a
new route, form or filter is covered the day it is added:

- every route of the URL configuration with an id segment (the admins excepted: they are
  Wagtail's and Django's), each id slot in turn, every verb, several roles: 404 or 405;
- every path of the API's OpenAPI document with an integer parameter, every verb,
  anonymous and with tokens: a 4xx;
- every query parameter a page's GET forms and links name, and every query parameter the
  API documents, given those numbers: no 5xx;
- every form a page shows (its own or another view's), posted back with those numbers in
  each field that carries an id (selects, checkboxes, radio buttons, numeric hidden
  fields): no 5xx.

The data is the permission matrix's world (core/tests/permission_cases.py), built once for
the module and rolled back at its end; each write runs in a savepoint rolled back at once.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from itertools import product
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import get_resolver

from core.ids import IdConverter
from core.tests import permission_cases as matrix
from core.tests.summary import report_at_end

HUGE = ("9223372036854775808", "99999999999999999999999")
#: Query strings also get digits that str.isdigit() accepts and int() refuses.
QUERY_VALUES = (*HUGE, "²")
VERBS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
PAGE_ROLES = ("anonyme", "membre", "administrateur")
API_ROLES = ("anonyme", "coordonnateur", "administrateur")
#: Roles whose pages and forms are read and posted back with huge numbers.
FORM_ROLES = ("membre", "coordonnateur", "editeur", "administrateur")
#: Route prefixes that are not the project's: the two admins; the API is walked from its document.
NOT_OURS = ("admin/", "django-admin/", "api/")
PROJECT_PACKAGES = frozenset(
    {"agirtot", "core", "territories", "search", "taxonomy", "accounts", "partners", "plans", "library"}
    | {"portraits", "api"}
)
#: Where a link's query string is not a page's filter.
NOT_PAGES = ("/api/", "/admin/", "/django-admin/", "/static/", "/media/", "/documents/")
#: The floors under which the walk must not pass vacuously (routes with ids, API paths with ids).
MIN_ROUTES_WITH_IDS = 40
MIN_API_PATHS_WITH_IDS = 10
MIN_CHECKS = 2_000

SLOT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
ID_CONVERTERS = ("int", "id")
COUNTS: Counter[str] = Counter()


def summary() -> str:
    checks = COUNTS["route checks"] + COUNTS["api checks"]
    return (
        f"Ids: {checks} routes × verbs checked ({COUNTS['routes']} routes and {COUNTS['api paths']} "
        f"API paths with ids × {len(VERBS)} verbs × {len(HUGE)} numbers × 3 roles; "
        f"{COUNTS['query checks']} query strings, {COUNTS['form checks']} forms posted back)"
    )


@pytest.fixture(scope="module", autouse=True)
def _report(request):
    report_at_end(request.config, "ids-everywhere", summary)


# The routes -------------------------------------------------------------------------------


def _ours(route: str) -> bool:
    return not route.startswith(NOT_OURS)


def routes_with_ids() -> dict[str, str]:
    """URL name (or route) → route, for every route of ours with at least one id segment."""
    found: dict[str, str] = {}
    for entry in matrix.walk_routes():
        if _ours(entry.route) and any(m["converter"] in ID_CONVERTERS for m in SLOT.finditer(entry.route)):
            found.setdefault(entry.key, entry.route)
    return found


ROUTES = routes_with_ids()


def _slot_values(key: str, route: str, world: Any) -> list[dict[str, str]]:
    """The real arguments of the route, one dict per case of the permission matrix (the
    follow route takes several kinds…); a route the matrix does not know gets placeholders."""
    slots = [m["name"] for m in SLOT.finditer(route)]
    found = []
    for entry in matrix.CASES.get(key, []):
        args = entry.args(world)
        values = args if isinstance(args, dict) else dict(zip(slots, args, strict=False))
        found.append({name: str(values.get(name, "x")) for name in slots})
    return found or [{name: "1" if name.endswith(("pk", "id")) else "x" for name in slots}]


def huge_addresses(key: str, route: str, world: Any) -> list[str]:
    """The route's addresses with each id slot in turn given each huge number."""
    ids = [m["name"] for m in SLOT.finditer(route) if m["converter"] in ID_CONVERTERS]
    addresses = []
    for values in _slot_values(key, route, world):
        for name, number in product(ids, HUGE):
            filled = {**values, name: number}
            path = SLOT.sub(lambda m, filled=filled: filled[m["name"]], route)
            addresses.append("/" + path)
    return sorted(set(addresses))


# The world --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from accounts.actions import create_token

    media = tmp_path_factory.mktemp("ids-everywhere-media")
    # The test settings switch the API and download limits off (agirtot/settings/test.py).
    with matrix.rolled_back_world(django_db_blocker, MEDIA_ROOT=str(media)) as world:
        world.headers = {"anonyme": {}}
        for role in API_ROLES[1:]:
            _token, key = create_token(world.users[role], "Numéros hors limites")
            world.headers[role] = {"authorization": f"Bearer {key}"}
        yield world


def client_for(world: Any, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if world.users[role] is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def send(client: Client, verb: str, path: str, data: str = "", content_type: str = "", **extra) -> Any:
    """One request whose writes, if any, are rolled back at once."""
    with transaction.atomic():
        response = client.generic(
            verb, path, data=data, content_type=content_type or "application/x-www-form-urlencoded", **extra
        )
        transaction.set_rollback(True)
    cache.clear()  # no rate limit counts from one request to the next
    return response


# Routes with ids --------------------------------------------------------------------------


def test_every_id_segment_is_capped():
    """Every id segment of ours goes through the capped converter, never Django's bare int."""
    bare = []
    for entry in matrix.walk_routes():
        if not _ours(entry.route) or entry.module.split(".")[0] not in PROJECT_PACKAGES:
            continue  # Wagtail's document views and allauth's pages are theirs
        for name, converter in entry.converters:
            if converter.regex == "[0-9]+" and not isinstance(converter, IdConverter):
                bare.append(f"{entry.key} ({entry.route}): <{name}>")
    assert not bare, "These routes take an id with a converter that does not cap it: " + ", ".join(bare)


def _project_classes(base: type) -> list[type]:
    found, pending = [], [base]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in PROJECT_PACKAGES:
            found.append(cls)
    return found


def _checks_ids(field_class: type, to_field_name: str | None) -> bool:
    """A choice of rows by primary key checks the numbers itself, before Django's query
    (its check is ours, not Django's nor django-filter's)."""
    from django import forms

    if to_field_name:
        return True  # a choice by code, never by number
    if issubclass(field_class, forms.ModelMultipleChoiceField):
        method = "_check_values"
    elif issubclass(field_class, forms.ModelChoiceField):
        method = "to_python"
    else:
        return True
    owner = next(cls for cls in field_class.__mro__ if method in cls.__dict__)
    return owner.__module__.split(".")[0] in PROJECT_PACKAGES


def test_every_form_and_filter_caps_its_ids():
    """The fields every form and FilterSet of ours declares (or a ModelForm generates from its
    model's relations) take row numbers through a capped field (core.ids); fields added at
    run time are covered by the walk of the pages' forms below."""
    import django_filters
    from django import forms

    assert get_resolver().url_patterns  # every view, hence every form module, is imported
    form_classes = _project_classes(forms.BaseForm)
    plain = [
        f"{form_class.__module__}.{form_class.__qualname__}.{name}"
        for form_class in form_classes
        for name, field in form_class.base_fields.items()
        if not _checks_ids(type(field), getattr(field, "to_field_name", None))
    ]
    plain += [
        f"{filterset.__module__}.{filterset.__qualname__}.{name}"
        for filterset in _project_classes(django_filters.FilterSet)
        for name, declared in filterset.base_filters.items()
        if not _checks_ids(declared.field_class, declared.extra.get("to_field_name"))
    ]
    assert len(form_classes) >= 20, [c.__qualname__ for c in form_classes]
    assert not plain, "These fields take row numbers without capping them (see core.ids): " + ", ".join(plain)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(ROUTES))
def test_route_refuses_ids_no_row_can_have(world, key):
    """Each verb, as a visitor, a member and an administrator: not found (or not a verb)."""
    route = ROUTES[key]
    wrong = []
    for path in huge_addresses(key, route, world):
        for role, verb in product(PAGE_ROLES, VERBS):
            response = send(client_for(world, role), verb, path)
            COUNTS["route checks"] += 1
            if response.status_code not in (404, 405):
                wrong.append(f"{verb} {path} as {role}: {response.status_code}")
    COUNTS["routes"] += 1
    assert not wrong, "\n".join(wrong)


# The API ----------------------------------------------------------------------------------


def _openapi(world: Any) -> dict:
    if not hasattr(world, "openapi"):
        world.openapi = json.loads(Client().get("/api/v1/openapi.json").content)
    return world.openapi


def _api_sample(world: Any) -> dict[str, str]:
    """Real values for the API's path parameters, so that only one at a time is absurd."""
    return {
        "partner_id": str(world.network.cpe.pk),
        "partnership_id": str(world.network.rimouski.pk),
        "plan_id": str(world.plans.plan.pk),
        "action_id": str(world.plans.workshops.pk),
        "indicator_id": str(world.plans.indicator.pk),
        "item_id": str(world.library.learning.pk),
        "year": "2025",
        "code": "01",
    }


def _integer(schema: dict) -> bool:
    kinds = [schema.get("type")] + [s.get("type") for s in schema.get("anyOf", [])]
    items = schema.get("items", {})
    return "integer" in kinds or items.get("type") == "integer"


def _parameters(document: dict, template: str, where: str) -> list[dict]:
    found: dict[str, dict] = {}
    for operation in document["paths"][template].values():
        for parameter in operation.get("parameters", []):
            if parameter["in"] == where:
                found[parameter["name"]] = parameter
    return list(found.values())


@pytest.mark.django_db
def test_api_refuses_ids_no_row_can_have(world):
    """Every path of the OpenAPI document with an integer parameter, every verb, a 4xx."""
    document = _openapi(world)
    sample = _api_sample(world)
    wrong, paths = [], 0
    for template in sorted(document["paths"]):
        integers = [p["name"] for p in _parameters(document, template, "path") if _integer(p["schema"])]
        if not integers:
            continue
        paths += 1
        for name, number in product(integers, HUGE):
            path = re.sub(
                r"{(\w+)}", lambda m, n=name, v=number: v if m[1] == n else sample.get(m[1], "1"), template
            )
            for role, verb in product(API_ROLES, VERBS):
                client = Client(raise_request_exception=False)
                body = "{}" if verb in ("POST", "PUT", "PATCH") else ""
                response = send(client, verb, path, body, "application/json", headers=world.headers[role])
                COUNTS["api checks"] += 1
                if not 400 <= response.status_code < 500:
                    wrong.append(
                        f"{verb} {path} as {role}: {response.status_code} {response.content[:200]!r}"
                    )
    COUNTS["api paths"] = paths
    assert paths >= MIN_API_PATHS_WITH_IDS, f"only {paths} API paths with an integer parameter"
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_api_query_parameters_refuse_ids_no_row_can_have(world):
    """Every query parameter the API documents, given a huge number: no server error."""
    document = _openapi(world)
    sample = _api_sample(world)
    wrong = []
    for template in sorted(document["paths"]):
        if "get" not in document["paths"][template]:
            continue
        path = re.sub(r"{(\w+)}", lambda m: sample.get(m[1], "1"), template)
        for parameter, number in product(_parameters(document, template, "query"), HUGE):
            for role in API_ROLES:
                address = f"{path}?{urlencode({parameter['name']: number})}"
                response = send(
                    Client(raise_request_exception=False), "GET", address, headers=world.headers[role]
                )
                COUNTS["query checks"] += 1
                if response.status_code >= 500:
                    wrong.append(f"GET {address} as {role}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


# Pages: their filters and their forms ------------------------------------------------------


class Forms(HTMLParser):
    """The forms of a page (method, action, fields) and the query parameters of its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self.links: list[str] = []
        self._form: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "method": a.get("method", "get").lower(),
                "action": a.get("action", ""),
                "fields": [],
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            self._form["fields"].append(
                {
                    "tag": "input",
                    "type": a.get("type", "text").lower(),
                    "name": a["name"],
                    "value": a.get("value", ""),
                    "checked": "checked" in a,
                }
            )
        elif tag == "select" and a.get("name"):
            self._select = {"tag": "select", "name": a["name"], "options": [], "selected": []}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a:
                self._select["selected"].append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"tag": "textarea", "name": a["name"], "value": ""}
            self._form["fields"].append(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


def _with_huge_ids(fields: list[dict[str, Any]], number: str) -> tuple[list[tuple[str, str]], int]:
    """The form's own values, with ``number`` in every field that carries an id."""
    data, swapped = [], 0
    for f in fields:
        name = f["name"]
        if f["tag"] == "select":
            if any(v.isdigit() for v in f["options"]):
                data.append((name, number))
                swapped += 1
            else:
                data.extend((name, v) for v in f["selected"][:1] or f["options"][:1])
        elif f["tag"] == "textarea":
            data.append((name, f["value"]))
        elif f["type"] in ("checkbox", "radio"):
            if f["value"].isdigit():
                data.append((name, number))
                swapped += 1
            elif f["checked"]:
                data.append((name, f["value"] or "on"))
        elif f["type"] in ("submit", "button", "image", "file", "reset"):
            continue
        elif f["type"] == "hidden" and f["value"].isdigit() and not name.endswith(MANAGEMENT):
            data.append((name, number))
            swapped += 1
        else:
            data.append((name, f["value"]))
    return data, swapped


def _pages(world: Any) -> Iterator[tuple[str, str]]:
    """(role, address) of every page of the matrix that the role reads, once each."""
    seen = set()
    for key, entries in matrix.CASES.items():
        for entry, role in product(entries, FORM_ROLES):
            if "GET" not in entry.expect or matrix.OK not in entry.expect["GET"].get(role, ()):
                continue
            if key.startswith("wagtaildocs") or "format=" in entry.query:
                continue  # files, not pages
            address = entry.path(key, world)
            if (role, address) not in seen:
                seen.add((role, address))
                yield role, address


def _read(world: Any, role: str, address: str) -> Forms | None:
    response = client_for(world, role).get(address)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return None
    page = Forms()
    page.feed(response.content.decode())
    return page


def _query_names(address: str, page: Forms) -> set[tuple[str, str]]:
    """(path, parameter) of the page's GET forms and of its links within the site's pages."""
    found = set()
    for form in page.forms:
        if form["method"] == "get":
            path = urlsplit(urljoin(address, form["action"] or address)).path
            found.update((path, f["name"]) for f in form["fields"] if f["name"] != "csrfmiddlewaretoken")
    for href in page.links:
        target = urlsplit(urljoin(address, href))
        if target.netloc in ("", "testserver") and target.query and not target.path.startswith(NOT_PAGES):
            found.update((target.path, name) for name, _value in parse_qsl(target.query))
    return found


@pytest.mark.django_db
def test_page_filters_refuse_ids_no_row_can_have(world):
    """Every parameter a page's GET forms and links name (?partnership=, ?region=, ?plan=…),
    given a huge number, as a visitor and as the role that reads the page: no server error."""
    wrong, checked = [], set()
    for role, address in _pages(world):
        page = _read(world, role, address)
        if page is None:
            continue
        for (path, name), number in product(sorted(_query_names(address, page)), QUERY_VALUES):
            for who in sorted({role, "anonyme"}):
                query = urlencode({name: number})
                if (who, path, name, number) in checked:
                    continue
                checked.add((who, path, name, number))
                response = send(client_for(world, who), "GET", f"{path}?{query}")
                COUNTS["query checks"] += 1
                if response.status_code >= 500:
                    wrong.append(f"GET {path}?{query} as {who}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    names = {name for _who, _path, name, _number in checked}
    assert {"partnership", "region", "plan"} <= names, sorted(names)


@pytest.mark.django_db
def test_forms_refuse_ids_no_row_can_have(world):
    """Every form of every page, posted back with huge numbers in its id fields: no server error."""
    wrong, posted = [], set()
    for role, address in _pages(world):
        page = _read(world, role, address)
        if page is None:
            continue
        for form in page.forms:
            if form["method"] != "post":
                continue
            action = urlsplit(urljoin(address, form["action"] or address))
            target = action.path + (f"?{action.query}" if action.query else "")
            for number in HUGE:
                data, swapped = _with_huge_ids(form["fields"], number)
                signature = (role, target, tuple(sorted(name for name, _ in data)), number)
                if not swapped or signature in posted:
                    continue
                posted.add(signature)
                response = send(client_for(world, role), "POST", target, urlencode(data))
                COUNTS["form checks"] += 1
                if response.status_code >= 500:
                    names = sorted({name for name, value in data if value == number})
                    wrong.append(f"POST {target} as {role} (from {address}; {names}): {response.status_code}")
    assert len(posted) >= 30, f"only {len(posted)} forms posted back"
    assert not wrong, "\n".join(wrong)


def test_checks_counted():
    """The walk found enough to check: it cannot pass by finding nothing."""
    print("\n" + summary())
    assert len(ROUTES) >= MIN_ROUTES_WITH_IDS, f"only {len(ROUTES)} routes with an id segment"
    if COUNTS["route checks"]:  # the whole module ran, not a selection of it
        assert COUNTS["route checks"] + COUNTS["api checks"] >= MIN_CHECKS, summary()
