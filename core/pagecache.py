"""Whole pages for anonymous visitors, cached per version of the data they show.

An anonymous visitor's page depends on the data only: the same address, language and
data give the same bytes. ``PageCacheMiddleware`` keeps such pages whole in the ``pages``
cache under a key made of the address (path and query string), the language, whether
htmx asked for a fragment, and the current **version of each domain of data** the page
family shows (``FAMILIES``). A write moves its domain's version on once it is committed
(model signals, ``core.signals.data_changed`` for bulk writes, ``touch()`` for the search
index), so the next visit renders the page again: a cached page never outlives the data
it was drawn from, and a progress update (domain ``progress``) leaves the library's pages
where they are.

What is never cached: signed-in people (a session cookie) and visitors with pending
messages; requests other than GET; pages outside the families; responses other than a
200 HTML page, and any response that sets a cookie (a form's CSRF token, a message, a
session) or says ``Cache-Control: private/no-store``.

Every cached page carries an ``ETag`` (the key's digest) and a ``Last-Modified`` (when it
was rendered), so a repeat visit with ``If-None-Match`` or ``If-Modified-Since`` gets
``304 Not Modified`` without a body.

The versions live in the default cache (shared by every process, and by every server
with ``REDIS_URL``); the pages in the ``pages`` cache (Redis when set, otherwise each
process's memory: a page kept by one process is exact for as long as its versions hold).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from core.signals import data_changed

VERSION_KEY = "pages:version:{}"
# A page is rendered again at least once a day, whatever happens.
TIMEOUT = 24 * 60 * 60
# Longer query strings are left uncached: they are rare, and would only fill the cache.
MAX_QUERY_STRING = 512

# The domains of data, by the app (or app and model) that holds them.
APP_DOMAINS = {
    "partners": "network",
    "territories": "reference",
    "taxonomy": "reference",
    "plans": "plans",
    "library": "library",
    "portraits": "portraits",
    "wagtailcore": "content",
    "wagtailimages": "content",
    "wagtaildocs": "content",
    "taggit": "content",
    "accounts": "people",
    # The search index, its synonyms and suggestions (search/index.py also touches it
    # after its bulk writes, which send no signal).
    "search": "search",
}
MODEL_DOMAINS = {
    ("plans", "measurement"): "progress",
    ("plans", "reach"): "progress",
}
# Saves that change only these fields belong to a narrower domain (an action's progress,
# the most frequent write of all) or to none (a person signing in).
FIELD_DOMAINS: dict[tuple[str, str], tuple[frozenset[str], str | None]] = {
    ("plans", "action"): (frozenset({"progress", "status", "updated_at"}), "progress"),
    ("accounts", "user"): (frozenset({"last_login", "password"}), None),
}
# Models that no anonymous page shows (a person's subscriptions), and the history's copies.
PRIVATE_MODELS = {("library", "follow"), ("library", "digestsubscription"), ("library", "bookmark")}

ALL_DOMAINS = frozenset({*APP_DOMAINS.values(), *MODEL_DOMAINS.values(), "progress", "search", "opendata"})
_EVERYTHING_BUT_PROGRESS = ALL_DOMAINS - {"progress", "search", "opendata"}

# The page families that are cached, by URL namespace (or URL name outside a namespace),
# with the domains each one shows.
FAMILIES: dict[str, frozenset[str]] = {
    "home": _EVERYTHING_BUT_PROGRESS,
    "partners": _EVERYTHING_BUT_PROGRESS,
    "plans": ALL_DOMAINS - {"search", "opendata"},
    "library": _EVERYTHING_BUT_PROGRESS,
    "wagtail_serve": _EVERYTHING_BUT_PROGRESS,
    "search": ALL_DOMAINS - {"opendata"},
    "portraits": _EVERYTHING_BUT_PROGRESS | {"opendata"},
}


# Versions -------------------------------------------------------------------------------


def _start() -> int:
    """A first version from the clock, so that pages cached before a restart never match."""
    return time.time_ns() // 1_000_000


def versions(domains: Iterable[str]) -> dict[str, int]:
    """The current version of each domain, in one read of the cache."""
    keys = {VERSION_KEY.format(domain): domain for domain in sorted(domains)}
    found = cache.get_many(keys)
    for key in keys.keys() - found.keys():
        start = _start()
        # Another process may have started this version first: then its value stands.
        found[key] = start if cache.add(key, start, timeout=None) else cache.get(key, start)
    return {keys[key]: value for key, value in found.items()}


def move_on(*domains: str) -> None:
    """Move these domains' versions on now (atomic in Redis): their cached pages are out of date."""
    for domain in domains:
        key = VERSION_KEY.format(domain)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, _start(), timeout=None)


_pending = threading.local()


def touch(*domains: str) -> None:
    """These domains change with the current transaction: their versions move on once it
    commits (at once outside a transaction). A transaction that rolls back leaves them alone.

    Every call queues a callback, but the first one to run after a commit moves every
    domain queued by this thread at once, and the others find nothing left to do: a
    transaction that writes a thousand rows moves each version on once. Domains queued by
    a transaction that rolled back move on with the next commit, which costs a page render,
    never a stale page."""
    queued = getattr(_pending, "domains", None)
    if queued is None:
        queued = _pending.domains = set()
    queued.update(domains)
    transaction.on_commit(_flush)


def _flush() -> None:
    queued = getattr(_pending, "domains", None)
    if queued:
        _pending.domains = set()
        move_on(*sorted(queued))


def domain_of(sender, update_fields=None) -> str | None:
    """The domain a write to ``sender`` (a model) changes, or None."""
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return None
    key = (meta.app_label, meta.model_name)
    if key in PRIVATE_MODELS or meta.model_name.startswith("historical"):
        return None
    narrow = FIELD_DOMAINS.get(key)
    if narrow and update_fields and set(update_fields) <= narrow[0]:
        return narrow[1]
    return MODEL_DOMAINS.get(key) or APP_DOMAINS.get(meta.app_label)


def _on_write(sender, update_fields=None, **_kwargs) -> None:
    domain = domain_of(sender, update_fields)
    if domain:
        touch(domain)


def _on_bulk_write(sender=None, **_kwargs) -> None:
    # Bulk writes (imports, demo data) may reach any table: every domain moves on.
    touch(*sorted(ALL_DOMAINS))


def connect_signals() -> None:
    post_save.connect(_on_write, dispatch_uid="page-cache-save")
    post_delete.connect(_on_write, dispatch_uid="page-cache-delete")
    m2m_changed.connect(_on_write, dispatch_uid="page-cache-m2m")
    data_changed.connect(_on_bulk_write, dispatch_uid="page-cache-bulk")


# Pages ----------------------------------------------------------------------------------


def family_of(request: HttpRequest) -> str | None:
    """The cached family this address belongs to, or None."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    for name in (*match.namespaces[:1], match.url_name):
        if name in FAMILIES:
            return name
    return None


def is_anonymous(request: HttpRequest) -> bool:
    """No session and no pending message: the visitor sees what every visitor sees."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


@dataclass(frozen=True)
class Entry:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    rendered_at: float

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        return response


# Headers worth keeping with a page; the others are set again by the outer middleware.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Vary",
    "X-Frame-Options",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "Link",
)


def _key(request: HttpRequest, family: str) -> str:
    current = versions(FAMILIES[family])
    parts = [
        request.path,
        request.META.get("QUERY_STRING", ""),
        get_language() or "",
        "htmx" if request.headers.get("HX-Request") else "page",
        *(f"{domain}={version}" for domain, version in sorted(current.items())),
    ]
    return "pages:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def _finish(
    request: HttpRequest, response: HttpResponse, etag: str, rendered_at: float, state: str
) -> HttpResponse:
    # Whether the page came from the cache: for the benchmark's count and for curious eyes.
    response["X-Page-Cache"] = state
    response["ETag"] = etag
    response["Last-Modified"] = http_date(rendered_at)
    # Browsers keep the page but ask each time whether it changed (a 304 costs nothing).
    patch_cache_control(response, no_cache=True)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=int(rendered_at), response=response
    )
    # Given a response, Django answers with it or with a 304 or 412, never None.
    return response if conditional is None else conditional


class PageCacheMiddleware:
    """Serve anonymous visitors' pages from the ``pages`` cache (see the module's docstring).

    After the locale middleware (the key holds the page's language) and before the
    session, CSRF and message middleware, which a cached page does not need."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE_ENABLED or request.method != "GET":
            return self.get_response(request)
        if not is_anonymous(request) or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            return self.get_response(request)
        family = family_of(request)
        if family is None:
            return self.get_response(request)
        pages = caches["pages"]
        key = _key(request, family)
        entry = pages.get(key)
        if entry is not None:
            return _finish(request, entry.response(), entry.etag, entry.rendered_at, "hit")
        response = self.get_response(request)
        if not _cacheable_response(response):
            return response
        etag = f'"{key[6:38]}"'
        entry = Entry(
            content=response.content,
            headers=tuple((name, response[name]) for name in KEPT_HEADERS if response.has_header(name)),
            etag=etag,
            rendered_at=time.time(),
        )
        pages.set(key, entry, timeout=TIMEOUT)
        return _finish(request, response, etag, entry.rendered_at, "miss")
