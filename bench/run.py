"""The benchmark: demo data at scale 10, then response times, SQL queries and memory.

`make bench` runs it. It works on its own database (bench/var/, ignored by git), with
the production settings, served by gunicorn on the loopback interface, and writes
bench/results.json. See bench/README.md for what is measured and the targets.

It exits non-zero only when the run itself fails (migration, seeding, server start);
a missed target is reported as FAIL in the table and in the JSON file.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import math
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "bench" / "var"
RESULTS = ROOT / "bench" / "results.json"
PYTHON = sys.executable
GUNICORN = Path(sys.executable).parent / "gunicorn"
SETTINGS = "agirtot.settings.production"
WORKERS = 2

DIRECTORY = [
    "/partenaires/",
    "/partenaires/?region=06",
    "/partenaires/?region=06&region=13&scale=local",
    "/partenaires/?sector=services-de-garde&q=cpe",
    "/partenaires/?page=5",
    "/partenaires/?q=famille",
]
API = [
    "/api/v1/partners",
    "/api/v1/partners?region=06",
    "/api/v1/partners?region=06&region=13&scale=local",
    "/api/v1/partners?sector=services-de-garde&q=cpe",
    "/api/v1/partners?offset=100&limit=25",
    "/api/v1/partners?q=famille",
]
PLANS = [
    "/plans/",
    "/plans/?region=06",
    "/plans/?status=en_cours&system=famille",
]
# Fifty everyday French queries, typed as people type them: often without accents, in
# the singular, with hyphens, elisions or acronyms.
SEARCH_QUERIES = [
    "eveil a la lecture",
    "atelier parent-enfant",
    "halte-garde",
    "transition scolaire",
    "l'éveil",
    "parentalite",
    "educatrice",
    "tout-petits",
    "cpe",
    "clsc",
    "stimulation du langage",
    "saines habitudes",
    "cuisine collective",
    "jeu libre",
    "motricite",
    "developpement moteur",
    "pere",
    "engagement des peres",
    "familles immigrantes",
    "defavorisation",
    "perinatalite",
    "allaitement",
    "grossesse",
    "rentree scolaire",
    "maternelle",
    "bibliotheque",
    "lecture",
    "comptines",
    "competences sociales",
    "emotions",
    "attachement",
    "mobilisation des partenaires",
    "concertation",
    "portrait du territoire",
    "plan d'action",
    "evaluation",
    "acces aux services",
    "soutien social",
    "parc",
    "environnements favorables",
    "alimentation",
    "jeunes parents",
    "autochtones",
    "besoins particuliers",
    "formation",
    "guide d'animation",
    "grille",
    "ocf",
    "mrc",
    "visites a domicile",
]
SEARCH_FACETS = ["type", "system", "factor", "theme", "region", "age"]
SEARCH_PAGES = [
    "/recherche/?q=eveil+a+la+lecture",
    "/recherche/?q=atelier+parent-enfant&region=06",
    "/recherche/?q=halte-garde&type=outil",
    "/bibliotheque/",
    "/bibliotheque/?theme=langage",
    "/api/v1/search?q=transition+scolaire",
]
# Suggestions while typing: two letters, a word and a half, an elision, an acronym; the
# search boxes ask for one at each pause in the typing.
SUGGESTIONS = [
    "/recherche/suggestions/?q=pe",
    "/recherche/suggestions/?q=ha",
    "/recherche/suggestions/?q=halte-gar",
    "/recherche/suggestions/?q=petite+enf",
    "/recherche/suggestions/?q=l%27eveil",
    "/recherche/suggestions/?q=cpe",
    "/recherche/suggestions/?q=transition+sco",
    "/api/v1/search/suggestions?q=atel",
    "/api/v1/search/suggestions?q=regroupement",
]
GROUP_LABELS = {
    "directory": "Directory /partenaires/",
    "api": "API /api/v1/partners",
    "plans": "Plans list /plans/",
    "plan_page": "Largest plan /plans/<id>/",
    "search_pages": "Search pages /recherche/, /bibliotheque/",
    "suggestions": "Suggestions /recherche/suggestions/, API",
}

TARGETS = {
    "seed_seconds": 600,
    "seed_peak_rss_mb": 1536,
    "directory_p95_ms": 150,
    "api_p95_ms": 150,
    # Provisional, until the plan pages have settled.
    "plans_p95_ms": 300,
    "plan_page_p95_ms": 300,
    "search_pages_p95_ms": 300,
    "search_p95_ms": 50,
    "suggestions_p95_ms": 20,
    "portraits_cold_ms": 300,
    "portraits_warm_p95_ms": 50,
    "load_errors": 0,
    # The 50-person mix, and anonymous readers served from the page cache (core/pagecache.py).
    "load_p95_ms": 250,
    "load_p99_ms": 600,
    "cached_reads_p95_ms": 100,
    "cached_reads_rps": 150,
    "serving_peak_rss_mb": 250,
}
# Targets that are a floor, not a ceiling.
AT_LEAST = {"cached_reads_rps"}


def url_groups(largest_plan: int | None) -> dict[str, list[str]]:
    """The URLs measured, by group; the plan page is the one with the most actions."""
    groups = {"directory": DIRECTORY, "api": API, "plans": PLANS}
    # The plan page includes its coverage matrix (objectives × protective factors).
    groups["plan_page"] = [f"/plans/{largest_plan}/"] if largest_plan else []
    groups["search_pages"] = SEARCH_PAGES
    groups["suggestions"] = SUGGESTIONS
    return groups


# Limits per client address are off: every simulated person comes from 127.0.0.1, and the
# limits would measure themselves rather than the servers.
NO_LIMITS = {"API_RATE_LIMIT_ANONYMOUS": "", "API_RATE_LIMIT_AUTHENTICATED": "", "DOWNLOAD_RATE_LIMIT": ""}


def bench_env() -> dict[str, str]:
    """The environment of every process of the run: its own var/ and production settings."""
    env = dict(os.environ)
    if env.get("AGIRTOT_BENCH_STACK") == "1":
        # The stack's run: its settings (var/stack/env) are already in the environment.
        env.update(NO_LIMITS | {"AGIRTOT_VAR_DIR": str(VAR_DIR / "stack"), "PYTHONUNBUFFERED": "1"})
        return env
    env.pop("REDIS_URL", None)  # its own file cache under bench/var/, emptied at the start
    env.update(
        {
            "AGIRTOT_VAR_DIR": str(VAR_DIR),
            # Always the bench's own SQLite database (production settings require it named).
            "DATABASE_URL": f"sqlite:///{VAR_DIR / 'agirtot.sqlite3'}",
            # Every simulated person comes from 127.0.0.1: the per-client limits would
            # measure themselves rather than the servers.
            "API_RATE_LIMIT_ANONYMOUS": "",
            "API_RATE_LIMIT_AUTHENTICATED": "",
            "DOWNLOAD_RATE_LIMIT": "",
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "SECRET_KEY": "bench-only-secret-key-" + "x" * 48,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def manage(*args: str) -> str:
    """Run a management command of the bench installation; fail loudly with its output."""
    result = subprocess.run(  # noqa: S603 - fixed command line
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=bench_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise RuntimeError(f"manage.py {' '.join(args)} failed with code {result.returncode}")
    return result.stdout


def prepare_database() -> None:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    for path in VAR_DIR.glob("agirtot.sqlite3*"):
        path.unlink()
    shutil.rmtree(VAR_DIR / "cache", ignore_errors=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")


def seed(scale: float) -> dict[str, Any]:
    """Seed as a child process; wait4() gives that very process's peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - fixed command line
        [PYTHON, str(ROOT / "manage.py"), "seed_demo", "--scale", str(scale), "--seed", "1"],
        cwd=ROOT,
        env=bench_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    output = process.stdout.read().strip() if process.stdout else ""
    if process.returncode != 0:
        raise RuntimeError(f"seed_demo failed with code {process.returncode}: {output}")
    print(output)
    return {
        "scale": scale,
        "seed": 1,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # kilobytes on Linux
        "summary": output,
    }


# --- SQL queries, in process -------------------------------------------------------------


def largest_plan() -> int | None:
    """Run in a child process (--largest-plan): the public plan with the most actions."""
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count

    from plans.models import Plan

    plans = Plan.objects.visible_to(AnonymousUser()).annotate(n=Count("actions")).order_by("-n", "pk")
    return plans.values_list("pk", flat=True).first()


def count_queries(urls: list[str]) -> dict[str, Any]:
    """Run in a child process (--queries): Django's test client against the bench database."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="fr")
    results: dict[str, Any] = {}
    for url in urls:
        client.get(url)  # warm caches (templates, translations, SQLite pages)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        # captured_queries reads the connection's log, which the next request clears.
        captured = list(context.captured_queries)
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        queries = sorted(captured, key=lambda q: float(q["time"]), reverse=True)
        results[url] = {
            "status": response.status_code,
            "queries": len(captured),
            "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
            "in_process_median_ms": round(statistics.median(timings), 1),
            "slowest_sql": [
                {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:400]} for q in queries[:3]
            ],
        }
    return results


def portrait_urls() -> dict[str, str]:
    """The portraits the issue names: Québec, the region with the most partnerships, and the
    network of the largest partnership (most active members)."""
    from django.db.models import Count, Q
    from django.urls import NoReverseMatch, reverse

    from partners.models import Partnership
    from territories.models import Region

    region = (
        Region.objects.annotate(n=Count("partnerships", filter=Q(partnerships__is_active=True)))
        .order_by("-n", "code")
        .first()
    )
    largest = (
        Partnership.objects.filter(is_active=True)
        .annotate(n=Count("memberships", filter=Q(memberships__organisation__is_active=True)))
        .order_by("-n", "pk")
        .first()
    )
    wanted = {
        "quebec": ("portraits:index", {}),
        "region": ("portraits:region", {"code": region.code} if region else None),
        "partnership": ("portraits:partnership", {"pk": largest.pk} if largest else None),
        "network": ("portraits:partnership_network", {"pk": largest.pk} if largest else None),
    }
    urls = {}
    for name, (url_name, kwargs) in wanted.items():
        if kwargs is None:
            continue
        try:
            urls[name] = reverse(url_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return urls


def portrait_timings(cold_runs: int = 5, warm_runs: int = 30) -> dict[str, Any]:
    """Run in a child process (--portraits): each portrait page, cold then warm.

    Cold: the portraits' cache is invalidated before the request (as after any change to
    the data), so the page computes every figure. Warm: the same page again, from the cache.
    Django's test client in process, so that the figures are the page's own cost.
    """
    import django

    django.setup()
    from django.test import Client

    from portraits import cache as portrait_cache

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="fr")
    results: dict[str, Any] = {}
    for name, url in portrait_urls().items():
        client.get(url)  # templates, translations, SQLite pages
        cold, warm, statuses = [], [], set()
        for _ in range(cold_runs):
            portrait_cache.invalidate()
            started = time.perf_counter()
            statuses.add(client.get(url).status_code)
            cold.append((time.perf_counter() - started) * 1000)
        for _ in range(warm_runs):
            started = time.perf_counter()
            statuses.add(client.get(url).status_code)
            warm.append((time.perf_counter() - started) * 1000)
        results[name] = {
            "url": url,
            "statuses": sorted(statuses),
            "cold_p50_ms": round(percentile(cold, 50), 1),
            "cold_max_ms": round(max(cold), 1),
            "warm_p50_ms": round(percentile(warm, 50), 1),
            "warm_p95_ms": round(percentile(warm, 95), 1),
        }
    return results


def search_timings(rounds: int = 3) -> dict[str, Any]:
    """Run in a child process (--search): the engine against the plain ORM baseline.

    Each of the fifty queries runs with every facet counted, first without a filter,
    then with a region and a type filter; the baseline runs the ORM's icontains over the
    same fields (title, summary, body) with a count and the first page, in the same process.
    """
    import django

    django.setup()
    from django.db.models import Q

    from search.models import Document
    from search.query import search

    def timed(fn) -> float:
        started = time.perf_counter()
        fn()
        return (time.perf_counter() - started) * 1000

    def engine(query: str, filters: dict[str, list[str]] | None):
        results = search(query, filters=filters, facet_names=SEARCH_FACETS, limit=20)
        return results.count

    def baseline(query: str):
        condition = Q(title__icontains=query) | Q(summary__icontains=query) | Q(body__icontains=query)
        matching = Document.objects.filter(condition, audience__isnull=True)
        return matching.count(), list(matching.order_by("-date")[:20])

    for query in SEARCH_QUERIES:  # warm the page cache and the synonym table
        engine(query, None)
        baseline(query)
    runs: dict[str, list[float]] = {"engine": [], "engine_filtered": [], "baseline": []}
    counts = {}
    for _round in range(rounds):
        for query in SEARCH_QUERIES:
            runs["engine"].append(timed(lambda q=query: engine(q, None)))
            runs["engine_filtered"].append(
                timed(lambda q=query: engine(q, {"region": ["06"], "type": ["apprentissage", "outil"]}))
            )
            runs["baseline"].append(timed(lambda q=query: baseline(q)))
    for query in SEARCH_QUERIES:
        counts[query] = {"engine": engine(query, None), "baseline": baseline(query)[0]}
    summary = {
        name: {
            "n": len(times),
            "p50_ms": round(percentile(times, 50), 2),
            "p95_ms": round(percentile(times, 95), 2),
            "max_ms": round(max(times), 2),
        }
        for name, times in runs.items()
    }
    both = runs["engine"] + runs["engine_filtered"]
    summary["engine_all"] = {
        "n": len(both),
        "p50_ms": round(percentile(both, 50), 2),
        "p95_ms": round(percentile(both, 95), 2),
        "max_ms": round(max(both), 2),
    }
    summary["ratio_p95_baseline_over_engine"] = round(
        summary["baseline"]["p95_ms"] / max(summary["engine_all"]["p95_ms"], 0.01), 1
    )
    summary["documents"] = Document.objects.count()
    summary["hits_per_query"] = counts
    return summary


def relevance() -> dict[str, Any]:
    """The French relevance set (bench/relevance.py) on its own installation at scale 1."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 - fixed command line
        [PYTHON, str(ROOT / "bench" / "relevance.py"), "--json", "--var-dir", str(VAR_DIR / "relevance")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-4000:])
        raise RuntimeError("bench/relevance.py failed")
    for line in reversed(result.stdout.splitlines()):
        if line.startswith(RELEVANCE_MARK):
            return json.loads(line[len(RELEVANCE_MARK) :])
    raise RuntimeError("bench/relevance.py printed no result")


def load_data(path: str) -> dict[str, Any]:
    """Run in a child process (--load-data): tokens and addresses for the load test."""
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser

    from accounts.actions import create_token
    from library.models import LibraryItem
    from partners.models import Organisation, Partnership
    from plans.models import Action, Plan
    from territories.models import Region

    anonymous = AnonymousUser()
    coordinators = []
    partnerships = Partnership.objects.active().filter(plans__visibility="public").distinct().order_by("pk")
    for partnership in partnerships.prefetch_related("coordinators")[:40]:
        actions = list(
            Action.objects.filter(plan__partnership=partnership)
            .order_by("pk")
            .values_list("pk", flat=True)[:20]
        )
        person = partnership.coordinators.order_by("pk").first()
        if person is None or not actions:
            continue
        _token, key = create_token(person, "Test de charge")
        coordinators.append({"token": key, "actions": actions})
    items = [item.url for item in LibraryItem.objects.live().order_by("pk")[:300]]
    data = {
        "coordinators": coordinators,
        "regions": list(Region.objects.values_list("code", flat=True)),
        "organisations": list(
            Organisation.objects.active().order_by("pk").values_list("pk", flat=True)[:500]
        ),
        "plans": list(Plan.objects.visible_to(anonymous).order_by("pk").values_list("pk", flat=True)[:300]),
        "items": items or ["/bibliotheque/"],
        "queries": SEARCH_QUERIES,
    }
    Path(path).write_text(json.dumps(data))
    return {"coordinators": len(coordinators), "items": len(items)}


LOAD_USERS = 50
LOAD_SECONDS = 120
LOAD_VENV = ROOT / "bench" / ".venv-load"
LOAD_REQUIREMENTS = ROOT / "bench" / "requirements-load.lock"


def locust_executable() -> Path:
    """Locust lives in its own virtualenv: it is only for the bench, with many dependencies."""
    marker = LOAD_VENV / ".installed"
    if not marker.exists() or marker.stat().st_mtime < LOAD_REQUIREMENTS.stat().st_mtime:
        subprocess.run([PYTHON, "-m", "venv", str(LOAD_VENV)], check=True)  # noqa: S603 - fixed command
        subprocess.run(  # noqa: S603 - fixed command line
            [str(LOAD_VENV / "bin" / "pip"), "install", "--quiet", "-r", str(LOAD_REQUIREMENTS)], check=True
        )
        marker.touch()
    return LOAD_VENV / "bin" / "locust"


def pinning() -> list[str]:
    """Locust on the last core, away from the server as far as the machine allows (on two
    cores the server keeps both: it would otherwise lose half its capacity)."""
    cores = os.cpu_count() or 1
    taskset = shutil.which("taskset")
    if cores < 2 or not taskset:
        return []
    return [taskset, "-c", str(cores - 1)]


def load_test(
    port: int, *, user_class: str = "Person", users: int = LOAD_USERS, seconds: int = LOAD_SECONDS
) -> dict[str, Any]:
    """``users`` simulated people for ``seconds`` (locust, headless, loopback only)."""
    data_path = VAR_DIR / "load.json"
    prepared = in_child("--load-data", str(data_path))
    prefix = VAR_DIR / "locust"
    cache_out = VAR_DIR / "locust_cache.json"
    cache_out.unlink(missing_ok=True)
    env = bench_env() | {"AGIRTOT_LOAD_DATA": str(data_path), "AGIRTOT_LOAD_CACHE_OUT": str(cache_out)}
    pin = pinning()
    result = subprocess.run(  # noqa: S603 - fixed command line
        [
            *pin,
            str(locust_executable()),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            "10",
            "--run-time",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            user_class,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    import csv

    rows = list(csv.DictReader((prefix.with_name("locust_stats.csv")).open()))
    per_name = {}
    total: dict[str, Any] = {}
    for row in rows:
        figures = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"] or 0), 1),
            "p50_ms": float(row["50%"] or 0),
            "p95_ms": float(row["95%"] or 0),
            "p99_ms": float(row["99%"] or 0),
            "max_ms": round(float(row["Max Response Time"] or 0), 1),
        }
        if row["Name"] == "Aggregated":
            total = figures
        else:
            per_name[f"{row['Type']} {row['Name']}"] = figures
    failures_path = prefix.with_name("locust_failures.csv")
    failures = list(csv.DictReader(failures_path.open())) if failures_path.exists() else []
    writes = sum(v["requests"] for k, v in per_name.items() if k.startswith("PATCH"))
    cache = json.loads(cache_out.read_text()) if cache_out.exists() else {}
    cached_pages = cache.get("hit", 0) + cache.get("miss", 0)
    return {
        "users": users,
        "seconds": seconds,
        "user_class": user_class,
        "load_generator": " ".join(pin[1:]) or "not pinned",
        "prepared": prepared,
        "total": total,
        "write_share": round(writes / max(total.get("requests", 1), 1) * 100, 1),
        # Of the answers the page cache could serve (anonymous pages of the cached families).
        "page_cache": cache | {"hit_share": round(cache.get("hit", 0) / cached_pages * 100, 1)}
        if cached_pages
        else cache,
        "per_name": per_name,
        "failures": failures[:20],
        "exit_code": result.returncode,
        "stderr_tail": result.stderr[-2000:],
    }


CACHED_READERS = 20
CACHED_SECONDS = 30


RESULT_MARK = "BENCH-RESULT "
RELEVANCE_MARK = "RELEVANCE-RESULT "


def in_child(*args: str) -> Any:
    """Run this script with a hidden option in a child process with Django set up; its JSON output."""
    result = subprocess.run(  # noqa: S603 - fixed command line
        [PYTHON, str(Path(__file__).resolve()), *args],
        cwd=ROOT,
        # In process, the figures are a page's own cost (what a miss of the page cache
        # costs); the page cache is measured over HTTP, as visitors meet it.
        env=bench_env() | {"PAGE_CACHE": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise RuntimeError(f"bench/run.py {' '.join(args)} failed")
    # The production settings log JSON lines on stdout too: the result is the marked line.
    for line in reversed(result.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK) :])
    raise RuntimeError(f"bench/run.py {' '.join(args)} printed no result")


# --- HTTP, through gunicorn --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> tuple[int, float, int]:
    """One request on a fresh connection (gunicorn's sync workers close it after each)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Language": "fr"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return response.status, (time.perf_counter() - started) * 1000, len(body)


def start_server(port: int, log_path: Path, *, workers: int = WORKERS, threads: int = 1) -> subprocess.Popen:
    log = log_path.open("w")
    # Several threads per worker: gunicorn's gthread workers (the comparison of worker models).
    model = ["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else []
    return subprocess.Popen(  # noqa: S603 - fixed command line
        [
            str(GUNICORN),
            "agirtot.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            *model,
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=bench_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until_ready(server: subprocess.Popen, port: int, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (code {server.returncode}):\n{tail(log_path)}")
        try:
            status, _ms, _size = get(port, DIRECTORY[0])
            if status == 200:
                return
            raise RuntimeError(f"{DIRECTORY[0]} answered {status}:\n{tail(log_path)}")
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{tail(log_path)}")


def stop_server(server: subprocess.Popen) -> None:
    """Stop gunicorn and its workers, whatever state they are in."""
    if server.poll() is not None:
        return
    import psutil

    try:
        workers = psutil.Process(server.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        workers = []
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=5)
    for worker in workers:
        try:
            worker.kill()
        except psutil.NoSuchProcess:
            pass


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summarise(samples: list[tuple[str, int, float, int]]) -> dict[str, Any]:
    times = [ms for _path, _status, ms, _size in samples]
    statuses: dict[str, int] = {}
    for _path, status, _ms, _size in samples:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    per_url = {}
    for path in dict.fromkeys(path for path, *_rest in samples):
        url_times = [ms for p, _status, ms, _size in samples if p == path]
        per_url[path] = {
            "n": len(url_times),
            "p50_ms": round(percentile(url_times, 50), 1),
            "p95_ms": round(percentile(url_times, 95), 1),
            "max_ms": round(max(url_times), 1),
            "status": sorted({status for p, status, _ms, _size in samples if p == path}),
        }
    return {
        "requests": len(times),
        "statuses": statuses,
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
        "per_url": per_url,
    }


def measure(port: int, paths: list[str], count: int, budget_s: float) -> dict[str, Any]:
    samples = []
    deadline = time.monotonic() + budget_s
    for i in range(count):
        if time.monotonic() > deadline:
            break
        path = paths[i % len(paths)]
        status, ms, size = get(port, path)
        samples.append((path, status, ms, size))
    return summarise(samples)


def memory(server: subprocess.Popen) -> dict[str, Any]:
    """Current and peak (VmHWM) resident memory of gunicorn's master and workers."""
    import psutil

    def peak_mb(pid: int) -> float:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
        return 0.0

    master = psutil.Process(server.pid)
    processes = {"master": master} | {
        f"worker {n}": worker for n, worker in enumerate(master.children(recursive=True), start=1)
    }
    result = {
        name: {
            "pid": process.pid,
            "rss_mb": round(process.memory_info().rss / 1024 / 1024, 1),
            "peak_rss_mb": peak_mb(process.pid),
        }
        for name, process in processes.items()
    }
    return {"processes": result, "peak_rss_mb": max(p["peak_rss_mb"] for p in result.values())}


def serve_and_measure(
    groups: dict[str, list[str]], count: int, budget_s: float, *, load: bool = True
) -> dict[str, Any]:
    port = free_port()
    log_path = VAR_DIR / "gunicorn.log"
    server = start_server(port, log_path)
    try:
        wait_until_ready(server, port, log_path)
        for paths in groups.values():  # warm up every worker
            for path in paths:
                for _ in range(WORKERS * 2):
                    get(port, path)
        http_results = {}
        for name, paths in groups.items():
            if not paths:
                continue
            step(f"HTTP: {name}, up to {count} requests")
            http_results[name] = measure(port, paths, count, budget_s)
        measured_memory = memory(server)
        load_results = None
        if load:
            step(f"Load test: {LOAD_USERS} simulated people for {LOAD_SECONDS} s (locust, headless)")
            load_results = load_test(port)
            step(f"Cached reads: {CACHED_READERS} quick anonymous readers for {CACHED_SECONDS} s")
            load_results["cached_reads"] = load_test(
                port, user_class="CachedReader", users=CACHED_READERS, seconds=CACHED_SECONDS
            )
        return {
            "server": f"gunicorn, {WORKERS} sync workers, 127.0.0.1:{port}",
            "http": http_results,
            "memory": measured_memory,
            "load": load_results,
        }
    finally:
        stop_server(server)


# --- Report --------------------------------------------------------------------------


def verdict(value: float | None, limit: float, *, available: bool = True, floor: bool = False) -> str:
    if value is None or not available:
        return "N/A"
    return "PASS" if (value >= limit if floor else value <= limit) else "FAIL"


def load_checks(load: dict[str, Any] | None) -> dict[str, tuple[float | None, bool]]:
    """The load targets of a run: the mix's errors, p95 and p99, and the cached readers'."""
    total = (load or {}).get("total") or {}
    cached = ((load or {}).get("cached_reads") or {}).get("total") or {}
    return {
        "load_errors": (total.get("failures"), bool(total)),
        "load_p95_ms": (total.get("p95_ms"), bool(total)),
        "load_p99_ms": (total.get("p99_ms"), bool(total)),
        "cached_reads_p95_ms": (cached.get("p95_ms"), bool(cached)),
        "cached_reads_rps": (cached.get("rps"), bool(cached)),
    }


def judged(checks: dict[str, tuple[float | None, bool]]) -> dict[str, dict[str, Any]]:
    return {
        name: {
            "value": value,
            "target": TARGETS[name],
            "result": verdict(value, TARGETS[name], available=ok, floor=name in AT_LEAST),
        }
        for name, (value, ok) in checks.items()
    }


def evaluate(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    http_results = results["serving"]["http"]
    checks: dict[str, tuple[float | None, bool]] = {
        "seed_seconds": (results["seed"]["seconds"], True),
        "seed_peak_rss_mb": (results["seed"]["peak_rss_mb"], True),
    }
    for name in GROUP_LABELS:
        group = http_results.get(name)
        # A page that is not there yet (404) is not measured rather than failed.
        answered = group is not None and group["statuses"].get("200", 0) > 0
        checks[f"{name}_p95_ms"] = (group["p95_ms"] if group else None, answered)
    checks["search_p95_ms"] = (results["search"]["engine_all"]["p95_ms"], True)
    portraits = [p for p in results.get("portraits", {}).values() if p["statuses"] == [200]]
    checks["portraits_cold_ms"] = (max((p["cold_max_ms"] for p in portraits), default=None), bool(portraits))
    checks["portraits_warm_p95_ms"] = (
        max((p["warm_p95_ms"] for p in portraits), default=None),
        bool(portraits),
    )
    checks.update(load_checks(results["serving"].get("load")))
    checks["serving_peak_rss_mb"] = (results["serving"]["memory"]["peak_rss_mb"], True)
    return judged(checks)


def print_report(results: dict[str, Any]) -> None:
    http_results = results["serving"]["http"]
    seed_result = results["seed"]
    checks = results["checks"]
    rows = [
        (
            f"seed_demo --scale {seed_result['scale']:g}: wall time",
            f"{seed_result['seconds']:.1f} s",
            f"≤ {TARGETS['seed_seconds']} s",
            checks["seed_seconds"]["result"],
        ),
        (
            f"seed_demo --scale {seed_result['scale']:g}: peak RSS",
            f"{seed_result['peak_rss_mb']:.0f} MB",
            f"< {TARGETS['seed_peak_rss_mb']} MB",
            checks["seed_peak_rss_mb"]["result"],
        ),
    ]
    for name, label in GROUP_LABELS.items():
        group = http_results.get(name)
        if group is None:
            rows.append((label, "not measured", f"p95 ≤ {TARGETS[f'{name}_p95_ms']} ms", "N/A"))
            continue
        statuses = ", ".join(f"{code}×{n}" for code, n in sorted(group["statuses"].items()))
        rows.append(
            (
                f"{label} p50/p95/max ({group['requests']} req, {statuses})",
                f"{group['p50_ms']:.0f} / {group['p95_ms']:.0f} / {group['max_ms']:.0f} ms",
                f"p95 ≤ {TARGETS[f'{name}_p95_ms']} ms",
                checks[f"{name}_p95_ms"]["result"],
            )
        )
    found = results["search"]
    rows.append(
        (
            f"Search engine p50/p95 ({found['engine_all']['n']} queries, {found['documents']:,} documents, "
            "all facets counted)",
            f"{found['engine_all']['p50_ms']:.1f} / {found['engine_all']['p95_ms']:.1f} ms",
            f"p95 ≤ {TARGETS['search_p95_ms']} ms",
            checks["search_p95_ms"]["result"],
        )
    )
    for name, label in (("engine", "no filter"), ("engine_filtered", "region + type filters")):
        rows.append(
            (
                f"  search, {label} p50/p95",
                f"{found[name]['p50_ms']:.1f} / {found[name]['p95_ms']:.1f} ms",
                "",
                "",
            )
        )
    rows.append(
        (
            "  baseline ORM icontains (title, summary, body) p50/p95",
            f"{found['baseline']['p50_ms']:.1f} / {found['baseline']['p95_ms']:.1f} ms",
            f"ratio p95 {found['ratio_p95_baseline_over_engine']}×",
            "",
        )
    )
    for name, label in (("site", "/recherche/"), ("library", "/bibliotheque/")):
        figures = results.get("relevance", {}).get(name)
        if figures:
            rows.append(
                (
                    f"Relevance {label} ({figures['queries']} French queries): "
                    "success@5 / MRR@10 / nDCG@10 / kinds@5",
                    " / ".join(
                        f"{figures[key]:.2f}"
                        for key in ("success_at_5", "mrr_at_10", "ndcg_at_10", "kinds_at_5")
                    ),
                    "",
                    "",
                )
            )
    for name, page in results.get("portraits", {}).items():
        rows.append(
            (
                f"Portrait {name} {page['url']} cold p50/max ({', '.join(map(str, page['statuses']))})",
                f"{page['cold_p50_ms']:.0f} / {page['cold_max_ms']:.0f} ms",
                f"≤ {TARGETS['portraits_cold_ms']} ms",
                "",
            )
        )
        rows.append(
            (
                f"  warm p50/p95 ({name})",
                f"{page['warm_p50_ms']:.1f} / {page['warm_p95_ms']:.1f} ms",
                f"p95 ≤ {TARGETS['portraits_warm_p95_ms']} ms",
                "",
            )
        )
    rows.append(
        (
            "Portraits: slowest cold / slowest warm p95",
            " / ".join(
                "n/a" if checks[name]["value"] is None else f"{checks[name]['value']:.0f} ms"
                for name in ("portraits_cold_ms", "portraits_warm_p95_ms")
            ),
            f"≤ {TARGETS['portraits_cold_ms']} / ≤ {TARGETS['portraits_warm_p95_ms']} ms",
            " / ".join(checks[name]["result"] for name in ("portraits_cold_ms", "portraits_warm_p95_ms")),
        )
    )
    load = results["serving"].get("load")
    if load and load.get("total"):
        total = load["total"]
        rows.append(
            (
                f"Load test: {load['users']} people, {load['seconds']} s, {total['requests']} requests "
                f"({load['write_share']} % writes)",
                f"{total['rps']:.1f} req/s, p50 {total['p50_ms']:.0f} / p95 {total['p95_ms']:.0f} / "
                f"p99 {total['p99_ms']:.0f} ms, {total['failures']} errors",
                f"p95 ≤ {TARGETS['load_p95_ms']}, p99 ≤ {TARGETS['load_p99_ms']} ms, 0 errors",
                " / ".join(checks[name]["result"] for name in ("load_p95_ms", "load_p99_ms", "load_errors")),
            )
        )
        share = (load.get("page_cache") or {}).get("hit_share")
        if share is not None:
            rows.append(("  anonymous pages served from the page cache", f"{share} %", "", ""))
        for name, figures in sorted(load["per_name"].items()):
            rows.append(
                (
                    f"  {name}",
                    f"p50 {figures['p50_ms']:.0f} / p95 {figures['p95_ms']:.0f} / "
                    f"p99 {figures['p99_ms']:.0f} ms",
                    "",
                    "",
                )
            )
        readers = load.get("cached_reads") or {}
        cached = readers.get("total")
        if cached:
            rows.append(
                (
                    f"Cached reads: {readers['users']} quick readers, {readers['seconds']} s",
                    f"{cached['rps']:.1f} req/s, p95 {cached['p95_ms']:.0f} ms",
                    f"≥ {TARGETS['cached_reads_rps']} req/s, p95 ≤ {TARGETS['cached_reads_p95_ms']} ms",
                    " / ".join(checks[n]["result"] for n in ("cached_reads_rps", "cached_reads_p95_ms")),
                )
            )
    worker_rss = ", ".join(
        f"{name} {p['peak_rss_mb']:.0f}" for name, p in results["serving"]["memory"]["processes"].items()
    )
    rows.append(
        (
            f"Serving peak RSS (VmHWM: {worker_rss} MB)",
            f"{results['serving']['memory']['peak_rss_mb']:.0f} MB",
            f"< {TARGETS['serving_peak_rss_mb']} MB",
            checks["serving_peak_rss_mb"]["result"],
        )
    )
    widths = [
        max(len(str(row[i])) for row in [("Measure", "Value", "Target", "Result"), *rows]) for i in range(4)
    ]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))

    print()
    print(line(("Measure", "Value", "Target", "Result")))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(line(row))

    print()
    print("Per URL (HTTP p50 / p95 ms; SQL queries per request; SQL ms; in-process median ms):")
    for name in http_results:
        for url, figures in http_results[name]["per_url"].items():
            q = results["queries"].get(url, {})
            print(
                f"  {url:<52} {figures['p50_ms']:>6.0f} / {figures['p95_ms']:>4.0f}  "
                f"{q.get('queries', '?'):>3} queries  {q.get('sql_ms', 0):>6.1f} ms SQL  "
                f"{q.get('in_process_median_ms', 0):>6.1f} ms  status {q.get('status', '?')}"
            )
    models = results.get("worker_models") or {}
    if models:
        print()
        print(f"Worker models, same mix ({LOAD_USERS} people, {LOAD_SECONDS} s):")
        load_total = (results["serving"].get("load") or {}).get("total") or {}
        rows = {f"sync, {WORKERS} workers (above)": {"total": load_total}, **models}
        for label, figures in rows.items():
            total = figures["total"]
            if total:
                print(
                    f"  {label:<34} {total['rps']:6.1f} req/s, p50 {total['p50_ms']:.0f} / p95 "
                    f"{total['p95_ms']:.0f} / p99 {total['p99_ms']:.0f} ms, {total['failures']} errors"
                )
    failed = [name for name, check in checks.items() if check["result"] == "FAIL"]
    print()
    if failed:
        print(f"Targets missed: {', '.join(failed)}")
    unavailable = [name for name, check in checks.items() if check["result"] == "N/A"]
    if unavailable:
        print(f"Not measured (endpoint not answering 200): {', '.join(unavailable)}")
    print(f"Results written to {RESULTS.relative_to(ROOT)}")


def machine() -> dict[str, Any]:
    import psutil

    sqlite_version = subprocess.run(  # noqa: S603 - fixed command line
        [PYTHON, "-c", "import sqlite3; print(sqlite3.sqlite_version)"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpu_count": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite_version,
        "commit": commit,
    }


# The worker models compared with the same 50-person mix (docs/architecture.md « Serving »):
# (label, workers, threads per worker). The first is the one `serving` measured above.
WORKER_MODELS = [("gthread, 2 workers × 4 threads", 2, 4), ("sync, 4 workers", 4, 1)]


def compare_worker_models() -> dict[str, Any]:
    """The load mix again on gunicorn with other worker models, for the choice of gunicorn.conf.py."""
    compared = {}
    for label, workers, threads in WORKER_MODELS:
        port = free_port()
        log_path = VAR_DIR / "gunicorn-models.log"
        server = start_server(port, log_path, workers=workers, threads=threads)
        try:
            wait_until_ready(server, port, log_path)
            step(f"Load test with {label}: {LOAD_USERS} people, {LOAD_SECONDS} s")
            load = load_test(port)
            compared[label] = {
                "total": load["total"],
                "page_cache": load["page_cache"],
                "memory": memory(server),
            }
        finally:
            stop_server(server)
    return compared


def run_on_sqlite(args: argparse.Namespace) -> None:
    """The first run: one gunicorn server on SQLite (WAL), as `make run` ships."""
    started = datetime.datetime.now(datetime.UTC)
    results: dict[str, Any] = {
        "date": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": SETTINGS,
        "database": "SQLite (WAL), bench/var/agirtot.sqlite3",
        "targets": TARGETS,
    }
    if args.keep_data and RESULTS.exists() and (VAR_DIR / "agirtot.sqlite3").exists():
        # Measuring again after a change to a page: the seed figures are the last run's.
        step(f"Keeping the database in {VAR_DIR.relative_to(ROOT)} and the last seed figures")
        results["seed"] = json.loads(RESULTS.read_text())["seed"]
        manage("migrate", "--noinput", "-v", "0")
        manage("collectstatic", "--noinput", "-v", "0")
    else:
        step(f"Fresh database in {VAR_DIR.relative_to(ROOT)}: migrate, collectstatic")
        prepare_database()
        step(f"seed_demo --scale {args.scale:g} --seed 1")
        results["seed"] = seed(args.scale)
    results["largest_plan"] = in_child("--largest-plan")
    groups = url_groups(results["largest_plan"])
    results["urls"] = groups
    step("SQL queries per request (Django test client, in process)")
    results["queries"] = in_child("--queries", *(url for paths in groups.values() for url in paths))
    step(f"Search engine: {len(SEARCH_QUERIES)} French queries, with and without filters, vs ORM icontains")
    results["search"] = in_child("--search")
    step("Search relevance: the French set on the demo data at scale 1 (bench/relevance.py)")
    results["relevance"] = relevance()
    step("Portraits: Québec, the largest region, the largest partnership and its network, cold and warm")
    results["portraits"] = in_child("--portraits")
    step(f"gunicorn ({WORKERS} workers) on 127.0.0.1")
    results["serving"] = serve_and_measure(groups, args.requests, args.budget, load=not args.no_load)
    if not args.no_load:
        results["worker_models"] = compare_worker_models()
    results["checks"] = evaluate(results)
    results["children_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    if RESULTS.exists() and "stack" in (previous := json.loads(RESULTS.read_text())):
        results["stack"] = previous["stack"]  # the last run on the stack, until the next one
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_report(results)


def main() -> int:
    parser = argparse.ArgumentParser(description="Agir tôt benchmark (make bench).")
    parser.add_argument("--scale", type=float, default=10, help="demo data scale (default 10)")
    parser.add_argument("--requests", type=int, default=200, help="requests per group (default 200)")
    parser.add_argument("--budget", type=float, default=120, help="seconds at most per group (default 120)")
    parser.add_argument("--queries", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--largest-plan", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--search", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--portraits", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--load-data", help=argparse.SUPPRESS)
    parser.add_argument("--no-load", action="store_true", help="skip the 2-minute load test")
    parser.add_argument(
        "--engines",
        default=os.environ.get("BENCH_ENGINES", "sqlite,stack"),
        help="which runs: sqlite (one server, SQLite), stack (PostgreSQL, two servers); default both",
    )
    parser.add_argument(
        "--keep-data", action="store_true", help="reuse the last run's database and seed figures"
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    if args.queries is not None or args.largest_plan or args.search or args.portraits or args.load_data:
        os.environ.update(bench_env())
        if args.load_data:
            result = load_data(args.load_data)
        elif args.search:
            result = search_timings()
        elif args.portraits:
            result = portrait_timings()
        elif args.queries is not None:
            result = count_queries(args.queries)
        else:
            result = largest_plan()
        print(RESULT_MARK + json.dumps(result))
        return 0

    engines = {engine.strip() for engine in args.engines.split(",") if engine.strip()}
    if "sqlite" in engines:
        run_on_sqlite(args)
    if "stack" in engines:
        result = {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
        }
        result |= run_on_stack(args.scale, args.requests, args.budget, load=not args.no_load)
        results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        results["stack"] = result
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print_stack_report(result)
    return 0


# --- The stack: PostgreSQL, Redis, S3, two app servers behind nginx ------------------------

STACK_DIR = ROOT / "var" / "stack"
STACK_PORT = 8400


def run_on_stack(scale: float, count: int, budget_s: float, *, load: bool) -> dict[str, Any]:
    """`make bench`'s second run: a fresh stack (stack/run.py) at ``scale`` on PostgreSQL, the
    same pages, API, search, portraits and load mix through its proxy, and the load once more
    on one app server alone, to see how throughput grows from one server to two."""
    stack = [PYTHON, str(ROOT / "stack" / "run.py")]
    subprocess.run([*stack, "stop"], cwd=ROOT, check=False)  # noqa: S603 - fixed command line
    # A fresh stack: its database is seeded at this scale, not kept from an earlier start.
    pointer = STACK_DIR / "postgres-data"
    if pointer.exists():
        shutil.rmtree(Path(pointer.read_text().strip()).parent, ignore_errors=True)
    shutil.rmtree(STACK_DIR, ignore_errors=True)
    step(f"Stack: PostgreSQL, Redis, S3, worker, two app servers, nginx; seed_demo --scale {scale:g}")
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - fixed command line
        [*stack, "start", "--port", str(STACK_PORT), "--scale", f"{scale:g}"],
        cwd=ROOT,
        env=os.environ | NO_LIMITS | {"STACK_DETACH": "1"},
        check=True,
    )
    ready_seconds = round(time.perf_counter() - started, 1)
    saved = dict(os.environ)
    try:
        for line in (STACK_DIR / "env").read_text().splitlines():
            key, _, value = line.partition("=")
            os.environ[key] = value
        os.environ["AGIRTOT_BENCH_STACK"] = "1"
        (VAR_DIR / "stack").mkdir(parents=True, exist_ok=True)
        manage("collectstatic", "--noinput", "-v", "0")  # the in-process measures render pages
        proxy = STACK_PORT
        one_server = STACK_PORT + 1
        result: dict[str, Any] = {
            "database": "PostgreSQL 15 (the stack's, var/stack)",
            "servers": "nginx round robin over 2 gunicorn servers × "
            + os.environ.get("STACK_WEB_CONCURRENCY", "3")
            + " sync workers; Redis cache; S3 (moto) files",
            "stack_ready_seconds": ready_seconds,
        }
        result["largest_plan"] = in_child("--largest-plan")
        groups = url_groups(result["largest_plan"])
        step("Stack: search engine on PostgreSQL")
        result["search"] = in_child("--search")
        step("Stack: portraits, cold and warm (Redis cache)")
        result["portraits"] = in_child("--portraits")
        for paths in groups.values():  # warm up every worker of both servers
            for path in paths:
                for _ in range(6):
                    get(proxy, path)
        result["http"] = {}
        for name, paths in groups.items():
            if paths:
                step(f"Stack HTTP through the proxy: {name}, up to {count} requests")
                result["http"][name] = measure(proxy, paths, count, budget_s)
        if load:
            step(f"Stack load through the proxy (two app servers): {LOAD_USERS} people, {LOAD_SECONDS} s")
            result["load_two_servers"] = load_test(proxy)
            step(f"Stack load on one app server alone: {LOAD_USERS} people, {LOAD_SECONDS} s")
            result["load_one_server"] = load_test(one_server)
            step(f"Stack cached reads through the proxy: {CACHED_READERS} readers, {CACHED_SECONDS} s")
            result["cached_reads_two_servers"] = load_test(
                proxy, user_class="CachedReader", users=CACHED_READERS, seconds=CACHED_SECONDS
            )
            step(f"Stack cached reads on one app server: {CACHED_READERS} readers, {CACHED_SECONDS} s")
            result["cached_reads_one_server"] = load_test(
                one_server, user_class="CachedReader", users=CACHED_READERS, seconds=CACHED_SECONDS
            )
        result["checks"] = evaluate_stack(result)
        return result
    finally:
        os.environ.clear()
        os.environ.update(saved)
        subprocess.run([*stack, "stop"], cwd=ROOT, check=False)  # noqa: S603 - fixed command line


def evaluate_stack(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    checks: dict[str, tuple[float | None, bool]] = {}
    for name in GROUP_LABELS:
        group = result["http"].get(name)
        answered = group is not None and group["statuses"].get("200", 0) > 0
        checks[f"{name}_p95_ms"] = (group["p95_ms"] if group else None, answered)
    checks["search_p95_ms"] = (result["search"]["engine_all"]["p95_ms"], True)
    portraits = [p for p in result.get("portraits", {}).values() if p["statuses"] == [200]]
    checks["portraits_cold_ms"] = (max((p["cold_max_ms"] for p in portraits), default=None), bool(portraits))
    checks["portraits_warm_p95_ms"] = (
        max((p["warm_p95_ms"] for p in portraits), default=None),
        bool(portraits),
    )
    load = dict(result.get("load_two_servers") or {})
    load["cached_reads"] = result.get("cached_reads_two_servers")
    checks.update(load_checks(load))
    return judged(checks)


def print_stack_report(result: dict[str, Any]) -> None:
    print(f"\nOn the stack ({result['database']}; {result['servers']}):")
    for name, check in result["checks"].items():
        print(f"  {name:<28} {check['value']!s:>10}  target {check['target']!s:>6}  {check['result']}")
    for key, label in (
        ("load_one_server", "mix, one app server"),
        ("load_two_servers", "mix, two app servers"),
        ("cached_reads_one_server", "cached reads, one server"),
        ("cached_reads_two_servers", "cached reads, two servers"),
    ):
        total = (result.get(key) or {}).get("total") or {}
        if total:
            print(
                f"  {label:<28} {total['rps']:6.1f} requests/s, p50 {total['p50_ms']:.0f} / "
                f"p95 {total['p95_ms']:.0f} / p99 {total['p99_ms']:.0f} ms, {total['failures']} failures"
            )


if __name__ == "__main__":
    sys.exit(main())
