"""The job queue: long and periodic work runs in workers (``manage.py worker``), not in a
request and not in cron (core/jobs.py, docs/architecture.md « Jobs »).

Imported at the end of base.py, so every setting module gets it.
"""

import os

from .base import INSTALLED_APPS

# django-tasks is Django's task API (django.tasks from Django 6.0); django-tasks-db keeps
# the queue in the database the site already has, claimed with SELECT … FOR UPDATE SKIP
# LOCKED on PostgreSQL (an exclusive transaction on SQLite).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]

TASKS = {
    # Wagtail's own small follow-ups (reference index, image focal points, its admin's search
    # entries, file deletions) run in the request that causes them, as before: an editor sees
    # their effect at once and the admin never waits on a worker.
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    # The platform's jobs: a row in the database, run by whichever worker claims it first.
    "jobs": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

# Periodic jobs, scheduled once for the whole cluster: each worker looks every
# JOBS_SCHEDULER_SECONDS, and the first to claim the (name, period) row enqueues the job.
# ``at`` is the local time (America/Toronto) from which the day's run is due.
JOBS_PERIODIC = {
    "open-data": {"task": "portraits.tasks.export_open_data", "at": "02:00"},
    "access-log-purge": {"task": "accounts.tasks.purge_access_log", "at": "03:30"},
    "digests": {"task": "library.tasks.send_digests", "at": "07:00"},
}
JOBS_SCHEDULER_SECONDS = int(os.environ.get("JOBS_SCHEDULER_SECONDS", "30"))
# A running job's worker writes its heartbeat this often; a job whose heartbeat is older than
# JOBS_STALE_SECONDS lost its worker (killed, server gone) and is marked failed. On SQLite the
# heartbeat waits while an import holds the write lock, so the margin covers a long import.
JOBS_HEARTBEAT_SECONDS = int(os.environ.get("JOBS_HEARTBEAT_SECONDS", "5"))
JOBS_STALE_SECONDS = int(os.environ.get("JOBS_STALE_SECONDS", "600"))
# Uploaded files wait for their job in the ``imports`` storage (agirtot/settings/storage.py),
# which every server and worker shares when it is a bucket; the job deletes its file once done.
