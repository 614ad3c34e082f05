"""Helpers for the tests of jobs: a worker run in the test's own thread and database."""

from __future__ import annotations

import uuid

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


def run_jobs(*, schedule: bool = False) -> None:
    """Run every waiting job as ``manage.py worker --batch`` does, without its signal handlers."""
    jobs.tick(schedule=schedule)
    make_worker().run()
