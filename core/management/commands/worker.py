"""Run jobs: ``python manage.py worker`` (``--batch`` to run what is waiting, then stop).

django-tasks-db's ``db_worker`` on the ``jobs`` queue, plus the bookkeeping of
``core.jobs.Ticker``: heartbeats of the running jobs, jobs whose worker was lost, and the
periodic jobs (digests, access-log purge, open data), enqueued once for the whole cluster.
Run one or more per deployment, on any server (docs/deployment.md).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from core import jobs


class Command(db_worker.Command):
    help = (
        "Exécute les tâches (importations, exportations, résumés…) de la file « jobs » et planifie "
        "les tâches périodiques, une seule fois pour tous les serveurs."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(backend_name="jobs")
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Ne pas planifier les tâches périodiques (elles le sont par les autres processus).",
        )

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        # The jobs' start, progress (each tenth) and outcome in the worker's output.
        job_logger = logging.getLogger("core.jobs")
        job_logger.setLevel(logging.WARNING if verbosity == 0 else logging.INFO)
        if not job_logger.hasHandlers():
            job_logger.addHandler(logging.StreamHandler(self.stderr))

    def handle(self, *args: Any, **options: Any) -> None:
        # Taken from the options rather than named in the signature: db_worker types its
        # extra options as dicts, and ours is a flag that its handle() must not receive.
        schedule: bool = options.pop("schedule", True)
        reloading = options["reload"] and not options["batch"]
        if reloading and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's parent only restarts the child, which does the work.
            super().handle(*args, **options)
            return
        self.configure_logging(options["verbosity"])
        if options["batch"]:
            # One round first: the due periodic jobs join the batch, lost jobs are closed.
            jobs.tick(schedule=schedule)
            super().handle(*args, **options)
            return
        ticker = jobs.Ticker(schedule=schedule)
        ticker.start()
        try:
            super().handle(*args, **options)
        finally:
            ticker.stop()
