"""Load test of `make bench`: 50 simulated people for 2 minutes on the loopback server.

A mix of what people do between meetings: browse the directory, the plans, the library
and the portraits, search, download a list, and (5 % of the tasks) coordinators update an
action's progress through the API. The bench prepares `bench/var/load.json` (tokens of demo
coordinators and the addresses to visit) before starting locust.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, events, task

DATA = json.loads(Path(os.environ.get("AGIRTOT_LOAD_DATA", "bench/var/load.json")).read_text())
QUERIES = DATA["queries"]
HEADERS = {"Accept-Language": "fr"}

# How many answers came from the page cache (core/pagecache.py), by its X-Page-Cache header.
CACHE_COUNTS = {"hit": 0, "miss": 0, "none": 0}


@events.request.add_listener
def count_cache(response=None, exception=None, **_kwargs) -> None:
    if response is not None and exception is None:
        state = response.headers.get("X-Page-Cache") or "none"
        CACHE_COUNTS[state if state in CACHE_COUNTS else "none"] += 1


@events.quitting.add_listener
def write_cache_counts(**_kwargs) -> None:
    out = os.environ.get("AGIRTOT_LOAD_CACHE_OUT")
    if out:
        Path(out).write_text(json.dumps(CACHE_COUNTS))


class Person(HttpUser):
    """Someone using the site between two meetings; some are coordinators."""

    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.coordinator = random.choice(DATA["coordinators"])  # noqa: S311 - load mix, not security

    def get(self, path: str, name: str) -> None:
        with self.client.get(path, headers=HEADERS, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")

    @task(14)
    def directory(self) -> None:
        region = random.choice(DATA["regions"])  # noqa: S311
        self.get(f"/partenaires/?region={region}", "/partenaires/?region=…")

    @task(8)
    def partner(self) -> None:
        self.get(f"/partenaires/{random.choice(DATA['organisations'])}/", "/partenaires/<id>/")  # noqa: S311

    @task(12)
    def plans(self) -> None:
        self.get("/plans/", "/plans/")

    @task(10)
    def plan(self) -> None:
        self.get(f"/plans/{random.choice(DATA['plans'])}/", "/plans/<id>/")  # noqa: S311

    @task(4)
    def portrait(self) -> None:
        # Coordinators' writes below move the portraits' data version on, so some of these
        # are computed again (cold), as they would be on the real site.
        if random.random() < 0.5:  # noqa: S311
            self.get("/portraits/", "/portraits/")
        else:
            region = random.choice(DATA["regions"])  # noqa: S311
            self.get(f"/portraits/regions/{region}/", "/portraits/regions/<code>/")

    @task(10)
    def library(self) -> None:
        self.get("/bibliotheque/", "/bibliotheque/")

    @task(10)
    def item(self) -> None:
        self.get(random.choice(DATA["items"]), "/bibliotheque/<item>/")  # noqa: S311

    @task(20)
    def search(self) -> None:
        query = random.choice(QUERIES)  # noqa: S311
        self.get(f"/recherche/?q={query}", "/recherche/?q=…")

    @task(5)
    def api_search(self) -> None:
        query = random.choice(QUERIES)  # noqa: S311
        self.get(f"/api/v1/search?q={query}", "/api/v1/search?q=…")

    @task(3)
    def export(self) -> None:
        region = random.choice(DATA["regions"])  # noqa: S311
        self.get(f"/partenaires/?region={region}&format=csv", "/partenaires/?format=csv")

    @task(2)
    def search_export(self) -> None:
        query = random.choice(QUERIES)  # noqa: S311
        self.get(f"/recherche/?q={query}&format=xlsx", "/recherche/?format=xlsx")

    @task(5)
    def update_progress(self) -> None:
        """A coordinator records the progress of one of their actions (a write)."""
        coordinator = self.coordinator
        action = random.choice(coordinator["actions"])  # noqa: S311
        with self.client.patch(
            f"/api/v1/actions/{action}",
            json={"progress": random.randint(0, 100)},  # noqa: S311
            headers={**HEADERS, "Authorization": f"Bearer {coordinator['token']}"},
            name="PATCH /api/v1/actions/<id>",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:200]}")


class CachedReader(HttpUser):
    """An anonymous visitor reading the pages that every visitor sees, quickly: the page
    cache's throughput (run alone by `make bench`, not in the 50-person mix)."""

    wait_time = between(0.05, 0.15)

    def get(self, path: str, name: str) -> None:
        with self.client.get(path, headers=HEADERS, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")

    @task(4)
    def directory(self) -> None:
        self.get(f"/partenaires/?region={random.choice(DATA['regions'])}", "/partenaires/?region=…")  # noqa: S311

    @task(3)
    def plans(self) -> None:
        self.get("/plans/", "/plans/")

    @task(3)
    def plan(self) -> None:
        self.get(f"/plans/{random.choice(DATA['plans'][:20])}/", "/plans/<id>/")  # noqa: S311

    @task(3)
    def library(self) -> None:
        self.get("/bibliotheque/", "/bibliotheque/")

    @task(3)
    def item(self) -> None:
        self.get(random.choice(DATA["items"][:20]), "/bibliotheque/<item>/")  # noqa: S311

    @task(2)
    def portrait(self) -> None:
        self.get("/portraits/", "/portraits/")

    @task(2)
    def home(self) -> None:
        self.get("/", "/")
