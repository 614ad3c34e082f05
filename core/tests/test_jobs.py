"""Jobs (core/jobs.py): the page that follows one, lost workers, periodic jobs claimed once for
the whole cluster, and a job two workers reach at the same moment run once."""

import datetime
import io
import signal
import subprocess
from html import unescape

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import jobs
from core.models import Job, JobStatus, PeriodicRun
from core.tests.jobs import WORKER_COMMAND, keeping_the_test_connection, other_processes_database
from library.tests.test_digests import follow_theme, new_item, subscribe
from plans.tasks import IMPORT_PROGRESS, import_progress_job

pytestmark = pytest.mark.django_db


def start_import(user, **fields):
    job = jobs.start(IMPORT_PROGRESS, import_progress_job, user=user, input_label="avancement.csv")
    Job.objects.filter(pk=job.pk).update(**fields)
    return Job.objects.get(pk=job.pk)


def page(client, job):
    return client.get(f"/taches/{job.pk}/")


# The page -----------------------------------------------------------------------------------------


def test_only_the_starter_and_administrators_see_a_job(client, network):
    job = start_import(network.coordinator)

    response = page(client, job)
    assert response.status_code == 302 and response["Location"].startswith("/comptes/login/")

    client.force_login(network.other_coordinator)
    assert page(client, job).status_code == 404
    assert client.get("/taches/999999/").status_code == 404

    client.force_login(network.coordinator)
    assert page(client, job).status_code == 200
    client.force_login(network.admin)
    assert page(client, job).status_code == 200


def test_a_running_job_shows_its_progress_and_keeps_refreshing(client, network):
    now = timezone.now()
    job = start_import(
        network.coordinator,
        status=JobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        step="Enregistrement",
        done=300,
        total=1200,
    )
    client.force_login(network.coordinator)

    html = page(client, job).content.decode()

    assert "Enregistrement : 300 / 1200" in html
    assert '<progress max="1200" value="300"' in html
    assert 'hx-trigger="every 2s"' in html
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert "Actualiser la page" in html
    # htmx asks for the status only.
    fragment = client.get(f"/taches/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="etat-tache"') and "<h1>" not in fragment


def test_the_page_costs_the_same_queries_whatever_the_result(client, network):
    client.force_login(network.coordinator)
    small = start_import(
        network.coordinator, status=JobStatus.FAILED, errors=["Ligne 2 : non."], error_count=1
    )
    large = start_import(
        network.coordinator,
        status=JobStatus.FAILED,
        errors=[f"Ligne {n} : non." for n in range(2, 202)],
        error_count=200,
    )

    counts = []
    for job in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert page(client, job).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert counts[0] <= 6


# Lost workers ------------------------------------------------------------------------------------------


def test_a_job_whose_worker_stopped_beating_is_shown_failed(client, network, settings):
    settings.JOBS_STALE_SECONDS = 60
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    job = start_import(network.coordinator)
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago)
    fresh = start_import(network.coordinator, status=JobStatus.RUNNING, heartbeat_at=timezone.now())
    client.force_login(network.coordinator)

    html = unescape(page(client, job).content.decode())

    assert "La tâche s'est interrompue : le serveur qui la traitait s'est arrêté." in html
    assert 'role="alert"' in html and "hx-trigger" not in html
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    # A job that beats is left alone, by the page and by the workers' round.
    jobs.fail_stale_jobs()
    assert Job.objects.get(pk=fresh.pk).status == JobStatus.RUNNING


def test_a_job_already_running_or_done_is_not_run_again(network):
    job = start_import(network.coordinator, status=JobStatus.SUCCEEDED)

    assert jobs.run(job.pk, lambda job, progress: pytest.fail("ran twice")) == {"status": "skipped"}


def test_refusals_are_kept_in_the_jobs_language_and_cut_short(network):
    job = start_import(network.coordinator)

    def refuse(job, progress):
        raise jobs.JobFailed([f"Ligne {n} : non." for n in range(2, 302)])

    jobs.run(job.pk, refuse)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error_count == 300
    assert len(job.errors) == 201 and job.errors[-1] == "… et 100 autres erreurs."


# Periodic jobs --------------------------------------------------------------------------------------------


def test_the_due_period_is_today_from_its_hour_and_yesterday_before(settings):
    settings.TIME_ZONE = "America/Toronto"
    before = datetime.datetime(2026, 3, 10, 11, 59, tzinfo=datetime.UTC)  # 07:59 in Québec
    after = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)  # 08:00

    assert jobs.due_slot("08:00", before) == "2026-03-09"
    assert jobs.due_slot("08:00", after) == "2026-03-10"


def test_each_period_is_enqueued_once(settings):
    settings.JOBS_PERIODIC = {"digests": {"task": "library.tasks.send_digests", "at": "07:00"}}

    first = jobs.schedule_periodic()
    second = jobs.schedule_periodic()

    assert [job.kind for job in first] == ["digests"] and second == []
    assert PeriodicRun.objects.get().job == first[0]
    assert DBTaskResult.objects.filter(task_path="library.tasks.send_digests").count() == 1
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert len(jobs.schedule_periodic(now=tomorrow)) == 1


def test_the_worker_command_runs_what_waits_and_schedules_the_periodic_jobs(settings, library, network):
    settings.JOBS_PERIODIC = {"digests": {"task": "library.tasks.send_digests", "at": "00:00"}}
    follow_theme(network.member)
    subscribe(network.member, "daily")
    new_item(library, "Jeux de mots pour les 3 ans", themes=["langage"])
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    out, err = io.StringIO(), io.StringIO()
    try:
        with keeping_the_test_connection():
            call_command("worker", "--batch", "--no-startup-delay", stdout=out, stderr=err)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    job = Job.objects.get(kind="digests")
    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert job.result == ["Résumés : 1 dû(s), 1 envoyé(s), 0 sans nouveauté, 0 échec(s)."]
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_digest_scheduled_while_two_workers_run_is_sent_once(settings, library, network, tmp_path):
    """Two worker processes start together: both look for due periodic jobs and run the queue.
    One claims the day's digests, one job runs, one e-mail is sent."""
    follow_theme(network.member)
    subscription = subscribe(network.member, "daily")
    new_item(library, "Jeux de mots pour les 3 ans", themes=["langage"])
    # The other periodic jobs of the period are done already: the run stays short.
    now = timezone.now()
    for name, entry in settings.JOBS_PERIODIC.items():
        if name != "digests":
            PeriodicRun.objects.create(name=name, slot=jobs.due_slot(entry["at"], now))
    env, read_back = other_processes_database(tmp_path)
    workers = [
        subprocess.Popen(  # noqa: S603
            [*WORKER_COMMAND, "--worker-id", f"serveur-{n}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for n in (1, 2)
    ]
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    read_back()

    assert PeriodicRun.objects.filter(name="digests").count() == 1
    job = Job.objects.get(kind="digests")
    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert job.result == ["Résumés : 1 dû(s), 1 envoyé(s), 0 sans nouveauté, 0 échec(s)."]
    assert DBTaskResult.objects.filter(task_path="library.tasks.send_digests").count() == 1
    assert len(DBTaskResult.objects.get(id=job.task_id).worker_ids) == 1
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None
    # Each process said whether it ran it: exactly one did.
    assert sum(f"Job {job.pk} (digests) started" in output for output in outputs) == 1
