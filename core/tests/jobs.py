"""Helpers for the tests of jobs: a worker run in the test's own thread and database."""

from __future__ import annotations

import os
import sqlite3
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker

from core import jobs


def make_worker(worker_id: str | None = None) -> Worker:
    """django-tasks-db's worker on the ``jobs`` queue, in batch mode (stops once it is empty)."""
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="jobs",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id or uuid.uuid4().hex,
        excluded_queue_names=[],
    )


@contextmanager
def keeping_the_test_connection() -> Iterator[None]:
    """The worker closes, between two tasks, a connection it finds out of autocommit: the
    test's own is, inside the test's transaction (PostgreSQL would lose it; SQLite's
    in-memory database ignores the close). Here the worker leaves it open."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        yield


def run_jobs(*, schedule: bool = False) -> None:
    """Run every waiting job as ``manage.py worker --batch`` does, without its signal handlers."""
    jobs.tick(schedule=schedule)
    with keeping_the_test_connection():
        make_worker().run()


def other_processes_database(tmp_path: Path) -> tuple[dict[str, str], Callable[[], None]]:
    """The test database for worker processes: their environment, and a function that brings
    their writes back into this test's database.

    pytest-django's SQLite database is in memory, out of another process's reach: they work
    on a file copy, copied back afterwards. On PostgreSQL they use the test database itself
    (the test must be transactional, so that they see its data)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "agirtot.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        url = f"sqlite:///{path}"

        def read_back() -> None:
            source = sqlite3.connect(path)
            source.backup(connection.connection)
            source.close()

    else:
        params = connection.settings_dict
        user = quote(params["USER"] or "", safe="")
        password = quote(params["PASSWORD"] or "", safe="")
        credentials = f"{user}:{password}@" if user else ""
        host = f"{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}"
        url = f"postgres://{credentials}{host}/{params['NAME']}"

        def read_back() -> None:
            return None

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "agirtot.settings.test",
        "DATABASE_URL": url,
        # The same state directory, so that both see the same uploaded files.
        "AGIRTOT_VAR_DIR": str(settings.VAR_DIR),
        "PYTHONUNBUFFERED": "1",
    }
    return env, read_back


WORKER_COMMAND = [sys.executable, "manage.py", "worker", "--batch", "--no-reload", "--no-startup-delay"]
