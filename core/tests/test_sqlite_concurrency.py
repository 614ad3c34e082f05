"""SQLite under concurrent writers: with the project's settings (WAL, BEGIN IMMEDIATE,
busy timeout), eight processes writing at once never get « database is locked » and no
committed write is lost.

The test database of pytest-django is in memory on SQLite, so the processes share a
temporary database file configured with the project's DATABASES options instead.
"""

import multiprocessing
import os
import sqlite3
import time

import pytest
from django.conf import settings

WRITERS = 8
# The issue asks for 30 seconds; AGIRTOT_CONCURRENCY_SECONDS shortens it locally.
DURATION = float(os.environ.get("AGIRTOT_CONCURRENCY_SECONDS", "30"))

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite seulement : le verrouillage de PostgreSQL ne dépend pas de ces réglages.",
)


def writer(database: dict, ready, start, results) -> None:
    """One process: short write transactions for ``DURATION`` seconds once ``start`` is set;
    puts its commits and errors on ``results``."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agirtot.settings.test")
    from django.conf import settings as process_settings

    process_settings.DATABASES = {"default": database}
    django.setup()
    from django.db import OperationalError, connection, transaction

    pid = os.getpid()
    commits, errors, counter = 0, [], 0
    connection.ensure_connection()
    ready.release()
    start.wait()
    stop_at = time.monotonic() + DURATION
    while time.monotonic() < stop_at:
        counter += 1
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM writes WHERE pid = %s", [pid])
                    cursor.execute("INSERT INTO writes (pid, counter) VALUES (%s, %s)", [pid, counter])
            commits += 1
        except OperationalError as error:
            errors.append(str(error))
        # Closing between some transactions also exercises connection set-up (init_command)
        # under contention, as short web requests do.
        if counter % 50 == 0:
            connection.close()
    connection.close()
    results.put({"pid": pid, "commits": commits, "errors": errors[:5], "error_count": len(errors)})


def test_concurrent_writers_never_fail_and_lose_nothing(tmp_path):
    path = tmp_path / "concurrence.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            "CREATE TABLE writes (id INTEGER PRIMARY KEY AUTOINCREMENT, pid INTEGER NOT NULL, "
            "counter INTEGER NOT NULL, UNIQUE (pid, counter))"
        )
    db.close()
    database = {**settings.DATABASES["default"], "NAME": str(path), "TEST": {}}
    # With "DEFERRED" instead, this test fails with thousands of « database is locked ».
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"

    context = multiprocessing.get_context("spawn")
    ready, start, queue = context.Semaphore(0), context.Event(), context.Queue()
    processes = [context.Process(target=writer, args=(database, ready, start, queue)) for _ in range(WRITERS)]
    for process in processes:
        process.start()
    # Starting Python and Django takes a while; every writer starts at the same moment.
    for _ in processes:
        assert ready.acquire(timeout=120), "un processus n'a pas démarré"
    start.set()
    results = [queue.get(timeout=DURATION + 120) for _ in processes]
    for process in processes:
        process.join(timeout=30)

    with sqlite3.connect(path) as db:
        rows = dict(db.execute("SELECT pid, COUNT(*) FROM writes GROUP BY pid").fetchall())
    db.close()
    assert [r for r in results if r["error_count"]] == []
    assert len(results) == WRITERS and all(r["commits"] > 0 for r in results)
    assert rows == {r["pid"]: r["commits"] for r in results}
