"""Jobs: long and periodic work, run by a worker rather than in a request or in cron.

The queue is Django's task API (django-tasks) with the database backend (django-tasks-db,
alias ``jobs`` in agirtot/settings/jobs.py): enqueuing writes a row in the same transaction
as the ``Job`` that describes it, and each worker claims the next row with
``SELECT … FOR UPDATE SKIP LOCKED`` (an exclusive transaction on SQLite), so a job that two
workers reach at the same moment runs once.

- ``start(kind, task, …)`` records a ``core.Job`` (who, what, which uploaded file) and
  enqueues ``task(job_id)``; the page ``/taches/<id>/`` follows it.
- A task is a small function of its app's ``tasks.py`` that calls ``run(job_id, work)``:
  ``work(job, progress)`` does the work and returns the summary's sentences, or raises
  ``JobFailed`` with the problems (in the job's language); ``run`` records either, and the
  progress (step, done/total) as it goes.
- The worker (``manage.py worker``) runs a ``Ticker`` beside the queue's loop: it writes the
  heartbeat and progress of the jobs this process runs, marks failed the running jobs whose
  heartbeat stopped (their worker was killed: an import's transaction died with it, so
  nothing was written), and enqueues the periodic jobs (``JOBS_PERIODIC``) whose period is
  due, each period claimed once for the whole cluster through ``PeriodicRun``'s unique
  (name, slot).
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.storage import Storage, default_storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.utils import OperationalError
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules, import_string
from django.utils.text import get_valid_filename
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from core.models import Job, JobStatus, PeriodicRun
from core.storage import storage_errors

logger = logging.getLogger("core.jobs")

T = TypeVar("T")

MAX_ERRORS_KEPT = 200
#: Names this process in the jobs it runs (``Job.worker``).
WORKER_NAME = f"{socket.gethostname()}:{os.getpid()}"[:120]


# What each kind of job is called --------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    label: str | Promise
    #: The page to go back to (a URL name), e.g. the upload form of an import.
    back_url: str = ""


_KINDS: dict[str, Kind] = {}
_discovered = False


def register(kind: str, label: str | Promise, back_url: str = "") -> None:
    """Name a kind of job (called by each app's ``tasks.py``)."""
    _KINDS[kind] = Kind(label, back_url)


def kind_of(job: Job) -> Kind:
    global _discovered
    if not _discovered:
        # The apps' tasks.py register their kinds when imported.
        autodiscover_modules("tasks")
        _discovered = True
    return _KINDS.get(job.kind, Kind(job.kind))


# Starting a job -----------------------------------------------------------------------------------


def upload_storage() -> Storage:
    """Where uploaded files wait for their job: the ``imports`` storage (a folder under var/, or
    the bucket shared by every server; agirtot/settings/storage.py), never served."""
    return storages["imports"] if "imports" in settings.STORAGES else default_storage


def save_upload(upload: UploadedFile) -> str:
    """Keep an uploaded file in the storage, where a worker on any server reads it."""
    name = get_valid_filename(os.path.basename(upload.name or "fichier"))[-100:] or "fichier"
    return upload_storage().save(f"{uuid.uuid4().hex}-{name}", upload)


def start(
    kind: str,
    task: Any,
    *,
    user: Any = None,
    params: dict[str, Any] | None = None,
    input_name: str = "",
    input_label: str = "",
) -> Job:
    """Record a job and enqueue ``task(job_id)``, in one transaction: the worker never sees
    a task without its job, nor a job without its task."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            user=user if user is not None and user.is_authenticated else None,
            language=(get_language() or settings.LANGUAGE_CODE)[:8],
            params=params or {},
            input_name=input_name,
            input_label=input_label[:255],
        )
        result = task.enqueue(job.pk)
        job.task_id = str(result.id)
        job.save(update_fields=["task_id"])
    return job


def start_import(kind: str, task: Any, *, user: Any, upload: UploadedFile, dry_run: bool) -> Job:
    """A job for a file sent through an import page: the file waits in the imports storage,
    where the worker reads it, and the job remembers its name for the page."""
    return start(
        kind,
        task,
        user=user,
        params={"dry_run": dry_run},
        input_name=save_upload(upload),
        input_label=upload.name or "",
    )


# Running a job ----------------------------------------------------------------------------------


class JobFailed(Exception):
    """The work was refused (an invalid file…); ``messages`` says why, in the job's language."""

    def __init__(self, messages: Sequence[str], count: int | None = None) -> None:
        self.messages = [str(message) for message in messages]
        self.count = len(self.messages) if count is None else count
        super().__init__("\n".join(self.messages))


class Progress:
    """How far a running job has gone: a step's name and done/total.

    Written to the job's row directly when no transaction is open, at most once a second;
    inside a transaction (an import's writes) the worker's ``Ticker`` writes it from its own
    connection, so the page sees it while the transaction is still open (on PostgreSQL; on
    SQLite the single writer lets it through once the import commits)."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.step = ""
        self.done = 0
        self.total = 0
        self._written = 0.0
        self._logged = -1

    def begin(self, step: str | Promise, total: int) -> None:
        self.step, self.done, self.total, self._logged = str(step)[:120], 0, max(int(total), 0), -1
        self._changed()

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._changed()

    def bar(self, step: str | Promise, total: int, *args: Any) -> _Bar:
        """A tqdm-like bar (``update(n)``, ``close()``) for code that takes one."""
        self.begin(step, total)
        return _Bar(self)

    def wrap(self, items: Iterable[T], total: int, step: str | Promise) -> Iterator[T]:
        self.begin(step, total)
        for item in items:
            yield item
            self.advance()

    def _changed(self) -> None:
        if self.total:
            tenth = min(self.done * 10 // self.total, 10)
            if tenth != self._logged:
                self._logged = tenth
                logger.info("Job %s: %s %s/%s", self.job_id, self.step, self.done, self.total)
        if not connection.in_atomic_block and time.monotonic() - self._written >= 1:
            self.write()

    def write(self) -> None:
        self._written = time.monotonic()
        Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
            step=self.step, done=self.done, total=self.total, heartbeat_at=timezone.now()
        )


class _Bar:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def update(self, count: int = 1) -> None:
        self.progress.advance(count)

    def close(self) -> None:
        return None


#: The jobs this process is running, by id: the ticker writes their heartbeat and progress.
_running: dict[int, Progress] = {}
_running_lock = threading.Lock()

Work = Callable[[Job, Progress], Sequence[str]]


def run(job_id: int, work: Work) -> dict[str, Any]:
    """Run a job's work once and record its outcome; the value is the queue's return value."""
    now = timezone.now()
    # The queue gives a task to one worker; this conditional update also refuses a job that
    # is already running or finished (a task enqueued twice by hand, a retry).
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, worker=WORKER_NAME
    )
    if not claimed:
        logger.warning("Job %s is not waiting to run: skipped", job_id)
        return {"status": "skipped"}
    job = Job.objects.select_related("user").get(pk=job_id)
    progress = Progress(job_id)
    with _running_lock:
        _running[job_id] = progress
    logger.info("Job %s (%s) started", job_id, job.kind)
    try:
        with translation.override(job.language):
            try:
                lines = work(job, progress)
            except JobFailed as failure:
                # A file full of mistakes can have thousands; the first ones are enough to start.
                errors = failure.messages[:MAX_ERRORS_KEPT]
                hidden = failure.count - len(errors)
                if hidden > 0:
                    errors.append(
                        ngettext("… et %(count)s autre erreur.", "… et %(count)s autres erreurs.", hidden)
                        % {"count": hidden}
                    )
                _finish(job, JobStatus.FAILED, errors=errors, error_count=failure.count)
                return {"status": JobStatus.FAILED, "errors": failure.count}
            except Exception:
                logger.exception("Job %s (%s) failed", job_id, job.kind)
                message = _(
                    "Une erreur inattendue a interrompu la tâche ; elle est consignée dans le journal "
                    "du serveur. Une importation interrompue n'enregistre rien."
                )
                _finish(job, JobStatus.FAILED, errors=[message], error_count=1)
                raise
            _finish(job, JobStatus.SUCCEEDED, result=[str(line) for line in lines])
            return {"status": JobStatus.SUCCEEDED}
    finally:
        with _running_lock:
            _running.pop(job_id, None)
        _delete_input(job)


def _finish(job: Job, status: str, **fields: Any) -> None:
    logger.info("Job %s (%s) %s", job.pk, job.kind, status)
    now = timezone.now()
    # Unconditional: the worker knows the outcome, even when a job too slow to beat (SQLite's
    # write lock) was taken for lost in the meantime.
    Job.objects.filter(pk=job.pk).update(status=status, finished_at=now, heartbeat_at=now, **fields)


def _delete_input(job: Job) -> None:
    if not job.input_name:
        return
    try:
        upload_storage().delete(job.input_name)
    except storage_errors():
        logger.warning("Job %s: its uploaded file could not be deleted", job.pk, exc_info=True)


def read_input(job: Job, limit: int) -> bytes:
    """The job's uploaded file, at most ``limit`` bytes."""
    with upload_storage().open(job.input_name, "rb") as handle:
        return handle.read(limit)


# Lost workers -------------------------------------------------------------------------------------


def fail_stale_jobs(*, now: datetime.datetime | None = None, job_id: int | None = None) -> int:
    """Mark failed the running jobs whose heartbeat stopped, and their task in the queue.

    A worker that dies (SIGKILL, a server gone) leaves its job « running » for ever; its
    transaction died with it, so an import wrote nothing. Called by every worker's ticker and
    by the job's page (``job_id``), so the failure shows even when no worker runs."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    limit = now - datetime.timedelta(seconds=settings.JOBS_STALE_SECONDS)
    stale = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=limit)
    if job_id is not None:
        stale = stale.filter(pk=job_id)
    failed = 0
    for job in stale:
        with translation.override(job.language):
            message = _(
                "La tâche s'est interrompue : le serveur qui la traitait s'est arrêté. Une importation "
                "interrompue n'enregistre rien ; soumettez le fichier de nouveau."
            )
        updated = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, heartbeat_at__lt=limit).update(
            status=JobStatus.FAILED, finished_at=now, errors=[message], error_count=1
        )
        if not updated:
            continue
        failed += 1
        logger.warning("Job %s (%s) lost its worker %s: marked failed", job.pk, job.kind, job.worker)
        if job.task_id:
            DBTaskResult.objects.filter(id=job.task_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="core.jobs.WorkerLost",
                traceback=f"The worker {job.worker} stopped beating.",
            )
        _delete_input(job)
    return failed


# Periodic jobs ----------------------------------------------------------------------------------


def due_slot(at: str, now: datetime.datetime) -> str:
    """The latest daily period due at ``now``: today from ``at`` (local time), else yesterday."""
    hour, minute = (int(part) for part in at.split(":"))
    local = timezone.localtime(now)
    day = local.date()
    if (local.hour, local.minute) < (hour, minute):
        day -= datetime.timedelta(days=1)
    return day.isoformat()


def schedule_periodic(*, now: datetime.datetime | None = None) -> list[Job]:
    """Enqueue each periodic job whose period is due and not yet claimed by any worker."""
    now = now or timezone.now()
    started: list[Job] = []
    for name, entry in settings.JOBS_PERIODIC.items():
        slot = due_slot(entry["at"], now)
        if PeriodicRun.objects.filter(name=name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                # The unique (name, slot) lets one worker through; the others get an
                # IntegrityError (PostgreSQL makes them wait for the first one's commit).
                claim = PeriodicRun.objects.create(name=name, slot=slot)
                job = start(name, import_string(entry["task"]), params={"slot": slot})
                claim.job = job
                claim.save(update_fields=["job"])
        except IntegrityError:
            continue
        logger.info("Periodic job %s for %s enqueued (job %s)", name, slot, job.pk)
        started.append(job)
    return started


def beat() -> None:
    """Write the heartbeat and progress of the jobs this process runs."""
    with _running_lock:
        running = list(_running.values())
    for progress in running:
        progress.write()


def tick(*, schedule: bool = True) -> None:
    """One round of the worker's bookkeeping: heartbeats, lost jobs, periodic jobs."""
    beat()
    fail_stale_jobs()
    if schedule:
        schedule_periodic()


class Ticker(threading.Thread):
    """The worker's bookkeeping, beside the queue's loop, on its own database connection."""

    def __init__(self, *, schedule: bool = True) -> None:
        super().__init__(name="jobs-ticker", daemon=True)
        self.schedule = schedule
        self.stopped = threading.Event()

    def run(self) -> None:
        last_round = 0.0
        while not self.stopped.wait(settings.JOBS_HEARTBEAT_SECONDS):
            close_old_connections()
            try:
                beat()
                if time.monotonic() - last_round >= settings.JOBS_SCHEDULER_SECONDS:
                    last_round = time.monotonic()
                    fail_stale_jobs()
                    if self.schedule:
                        schedule_periodic()
            except OperationalError:
                # SQLite's write lock held by a long import: next round.
                logger.info("Jobs ticker: database busy, trying again", exc_info=True)
            except Exception:
                logger.exception("Jobs ticker failed; trying again")
        connection.close()

    def stop(self) -> None:
        self.stopped.set()
