"""What the pages' fuzzing sends: the parameters each page reads, hostile values for them,
and the forms a page shows, read from its HTML.

The parameter names of a page come from three places, so that a new filter is fuzzed
without being listed here: the FilterSets and forms its view refers to (their fields),
the names its view module reads from ``request.GET`` / ``request.POST``, and the page
itself (the fields of its GET forms and the query strings of its links back to itself).
Common names every list might read (``page``, ``format``, ``q``, ``tri``, ``sort``…) and
made-up ones are added to those.
"""

from __future__ import annotations

import datetime
import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import django_filters
from django import forms
from django.urls.converters import get_converters
from hypothesis import strategies as st

from core.ids import MAX_ID

#: Who fuzzes every page: a visitor, a member of an organisation, an administrator.
ROLES = ("anonyme", "membre", "administrateur")

#: Names any list page might read, whether or not this one does.
COMMON_NAMES = ("page", "format", "q", "tri", "sort", "ordre", "next", "type", "region", "annee")
#: Names no page reads: they must be ignored.
MADE_UP_NAMES = ("zz", "page[]", "q.q", "__proto__", "a" * 300)

#: Path numbers no object has: zero, the edges of 32 and 64 bits, beyond 64 bits.
EDGE_IDS = (0, 1, 2**31 - 1, 2**31, 2**53 + 1, MAX_ID, MAX_ID + 1, 2**64, 10**30, 10**400)

#: Values that broke web applications before: numbers at the edges, text that looks
#: like SQL, HTML or a path, control characters, odd dates.
HOSTILE_VALUES = (
    "",
    " ",
    "0",
    "-1",
    "-0",
    "00001",
    "1.5",
    "-1.5",
    "1e309",
    "1e-309",
    "NaN",
    "inf",
    "-inf",
    "0x1F",
    "١٢",
    "１２",
    str(MAX_ID),
    str(MAX_ID + 1),
    str(2**64),
    str(10**30),
    "-" + str(10**30),
    "9" * 500,
    "\x00",
    "1\x00",
    "a\x00b",
    "\x1b[31m",
    "\r\nSet-Cookie: x=1",
    "'",
    '"',
    "' OR '1'='1",
    "1; DROP TABLE partners_organisation; --",
    "%",
    "_",
    "%_%",
    "\\",
    "../../../etc/passwd",
    "<script>alert(1)</script>",
    "{{ request }}",
    "{% debug %}",
    "${7*7}",
    "2025-02-30",
    "30/02/2025",
    "2025-13-01",
    "0000-00-00",
    "9999-12-31T25:61:61",
    "2025-W01",
    "-2025-01-01",
    "28 novembre 2026",
    "é",
    "ÉCOLE Œuvre ß",
    "\u202eevil",
    "\ufeff",
    "😀",
    "x" * 5000,
    "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 20,
)

#: Values every parameter (and every field of a form) gets at once, once per page.
SWEEP_VALUES = (str(MAX_ID + 1), "-" + str(10**30), "1.5e400", "a\x00b", "x" * 3000)

#: Query strings written by hand: bytes that are not UTF-8, stray separators.
RAW_QUERIES = ("%ff%fe", "%", "a=%zz", "=&=&&", "page", "page=", ";;", "q=%00", "page=1&page=2&page=x")


def hostile_text() -> st.SearchStrategy[str]:
    """A hostile value: from the list above, a number of any size, a float, a date in an
    odd format, or any text (no lone surrogates: they cannot be sent as UTF-8)."""
    dates = st.dates(min_value=datetime.date(1, 1, 1)).flatmap(
        lambda d: st.sampled_from(
            [d.isoformat(), d.strftime("%d/%m/%Y"), d.strftime("%Y%m%d"), f"{d:%d %B %Y}"]
        )
    )
    return st.one_of(
        st.sampled_from(HOSTILE_VALUES),
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        dates,
        st.text(max_size=40),
    )


# Reading a page's HTML --------------------------------------------------------------------


@dataclass
class FormField:
    name: str
    #: The values the page offers (a select's options, a checkbox's value, what is typed in).
    values: list[str] = field(default_factory=list)
    #: Sent as the page shows it (a checked box, a selected option, a filled input).
    initial: list[str] = field(default_factory=list)


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, FormField] = field(default_factory=dict)

    def add(self, name: str, value: str, *, sent: bool) -> None:
        form_field = self.fields.setdefault(name, FormField(name))
        if value not in form_field.values:
            form_field.values.append(value)
        if sent:
            form_field.initial.append(value)


class PageReader(HTMLParser):
    """The forms of a page (their inputs, selects and textareas) and the query strings of its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(method=a.get("method", "get").lower(), action=a.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None or (not a.get("name") and tag != "option"):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit":
                    self._form.add(a["name"], a.get("value", ""), sent=False)
                return
            sent = kind not in ("checkbox", "radio") or "checked" in a
            self._form.add(a["name"], a.get("value", "on" if kind == "checkbox" else ""), sent=sent)
        elif tag == "button" and a.get("name"):
            self._form.add(a["name"], a.get("value", ""), sent=False)
        elif tag == "select":
            self._select = a["name"]
            self._form.fields.setdefault(a["name"], FormField(a["name"]))
        elif tag == "option" and self._select:
            self._form.add(self._select, a.get("value", ""), sent="selected" in a)
        elif tag == "textarea":
            self._textarea = a["name"]
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            self._form.add(self._textarea, "".join(self._text), sent=True)
            self._textarea = None


def read_page(html: str, path: str) -> tuple[list[Form], dict[str, list[str]]]:
    """The page's forms and, for its links back to itself, each query parameter's values."""
    reader = PageReader()
    reader.feed(html)
    reader.close()
    params: dict[str, list[str]] = {}
    for href in reader.links:
        parts = urlsplit(href)
        if parts.query and (not parts.path or parts.path == path):
            for name, value in parse_qsl(parts.query, keep_blank_values=True):
                values = params.setdefault(name, [])
                if value not in values:
                    values.append(value)
    for form in reader.forms:
        if form.method == "get" and (not form.action or urlsplit(form.action).path == path):
            for name, form_field in form.fields.items():
                values = params.setdefault(name, [])
                values.extend(v for v in form_field.values if v not in values)
    return reader.forms, params


def post_forms(forms_: Iterable[Form], path: str) -> list[Form]:
    """The forms of a page that post to the page itself."""
    return [f for f in forms_ if f.method == "post" and (not f.action or urlsplit(f.action).path == path)]


# Reading a view's code --------------------------------------------------------------------

_READS = re.compile(r"""\b(GET|POST)\.get(?:list)?\(\s*f?["']([\w\-\[\]{}]+)["']""")
_TESTS = re.compile(r"""["']([\w\-]+)["']\s+in\s+request\.(GET|POST)\b""")


def view_function(callback: Callable) -> Callable:
    """The view's own function under its decorators."""
    function = callback
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    return function


def _referenced_names(code) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if inspect.iscode(const):
            names |= _referenced_names(const)
    return names


def names_from_code(callback: Callable) -> tuple[set[str], set[str]]:
    """The query and form names a view reads: fields of the FilterSets and forms its
    function refers to, and the names its module reads from request.GET and request.POST."""
    function = view_function(callback)
    module = inspect.getmodule(function)
    query: set[str] = set()
    posted: set[str] = set()
    if module is None:
        return query, posted
    code = getattr(function, "__code__", None)
    for name in _referenced_names(code) if code is not None else ():
        value = getattr(module, name, None)
        if isinstance(value, type) and issubclass(value, django_filters.FilterSet):
            query |= set(value.base_filters)
        elif isinstance(value, type) and issubclass(value, forms.BaseForm):
            posted |= set(value.base_fields)
            query |= set(value.base_fields)
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return query, posted
    for verb, name in _READS.findall(source):
        if "{" not in name:
            (query if verb == "GET" else posted).add(name)
    for name, verb in _TESTS.findall(source):
        (query if verb == "GET" else posted).add(name)
    return query, posted


# What is sent -----------------------------------------------------------------------------


def encode(pairs: Iterable[tuple[str, str]]) -> str:
    return urlencode(list(pairs), quote_via=quote, safe="")


def query_strategy(names: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """A query string: a few of the page's parameters (repeated at times), each with a value
    the page offers or a hostile one, sometimes followed by a hand-written fragment."""
    known = sorted(names)

    def value_for(name: str) -> st.SearchStrategy[str]:
        offered = names.get(name) or []
        if offered:
            return st.one_of(st.sampled_from(offered), hostile_text())
        return hostile_text()

    pair = st.one_of(
        st.sampled_from(known).flatmap(lambda n: st.tuples(st.just(n), value_for(n))),
        st.tuples(
            st.one_of(st.sampled_from(MADE_UP_NAMES), st.text(min_size=1, max_size=12)), hostile_text()
        ),
    )
    pairs = st.lists(pair, min_size=1, max_size=6).map(encode)
    raw = st.sampled_from(RAW_QUERIES)
    return st.one_of(pairs, pairs, pairs, st.tuples(pairs, raw).map("&".join), raw)


def post_strategy(form: Form | None, names: Iterable[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    """A form body: what the page's form would send, with a few fields changed to hostile
    values, left out, repeated or added."""
    fields = dict(form.fields) if form is not None else {}
    for name in names:
        fields.setdefault(name, FormField(name))
    base = [(name, value) for name, f in fields.items() for value in f.initial]
    all_names = sorted(fields) or ["x"]

    def value_for(name: str) -> st.SearchStrategy[str]:
        offered = [v for v in fields[name].values if v] if name in fields else []
        return st.one_of(st.sampled_from(offered), hostile_text()) if offered else hostile_text()

    change = st.one_of(
        st.sampled_from(all_names).flatmap(lambda n: st.tuples(st.just("set"), st.just(n), value_for(n))),
        st.tuples(st.just("drop"), st.sampled_from(all_names), st.just("")),
        st.sampled_from(all_names).flatmap(lambda n: st.tuples(st.just("add"), st.just(n), value_for(n))),
        st.tuples(st.just("add"), st.sampled_from(MADE_UP_NAMES), hostile_text()),
    )

    def apply(changes: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
        body = list(base)
        for action, name, value in changes:
            if action == "set":
                body = [(n, v) for n, v in body if n != name] + [(name, value)]
            elif action == "drop":
                body = [(n, v) for n, v in body if n != name]
            else:
                body.append((name, value))
        return body

    return st.lists(change, min_size=1, max_size=4).map(apply)


def form_names(form: Form | None, names: Iterable[str]) -> list[str]:
    """Every field a form has, and the names its view reads (Django's CSRF token left alone)."""
    found = set(form.fields) if form is not None else set()
    return sorted((found | set(names)) - {"csrfmiddlewaretoken"})


def path_values(kind: str) -> st.SearchStrategy[str]:
    """A path segment for an argument: numbers no object has for an id, hostile text otherwise."""
    numbers = st.one_of(
        st.sampled_from(EDGE_IDS), st.integers(min_value=0, max_value=2**80), st.just(-1)
    ).map(str)
    if kind == "number":
        return numbers
    return st.one_of(numbers, hostile_text().filter(lambda s: s and "/" not in s))


@dataclass
class Failure:
    """A request the page failed (a server error, or a number beyond 64 bits that found
    something): what was sent and what came back."""

    role: str
    verb: str
    url: str
    body: str
    what: str
    htmx: bool = False

    def describe(self) -> str:
        return f"{describe(self.role, self.verb, self.url, self.body, self.htmx)}: {self.what}"


def describe(role: str, verb: str, url: str, body: str, htmx: bool) -> str:
    """A request as a line of the report: enough to send it again."""
    text = f"{verb} {url[:400]} as {role}"
    if htmx:
        text += " (htmx)"
    return f"{text} body={body[:300]!r}" if body else text


def path_arguments(route_pattern: str) -> dict[str, str]:
    """Each named argument of a route: ``number`` when its converter takes digits only
    (``int``, the project's ``id``), ``text`` otherwise (``str``, ``slug``…)."""
    converters = get_converters()
    arguments = {}
    for kind, name in re.findall(r"<(?:(\w+):)?(\w+)>", route_pattern):
        regex = converters[kind or "str"].regex
        arguments[name] = "number" if regex in ("[0-9]+", r"\d+") else "text"
    return arguments


def substitute(args: dict[str, Any] | tuple, name: str | int, marker: Any) -> dict[str, Any] | tuple:
    if isinstance(args, dict):
        return {**args, name: marker}
    values = list(args)
    values[int(name)] = marker
    return tuple(values)
