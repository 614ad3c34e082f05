"""A progress import sent from the browser, whose worker is killed (SIGKILL) in the middle of
its writes: the database is unchanged, and the job's page reports the failure once the
worker's heartbeat is seen to have stopped."""

import re
import signal
import subprocess
import threading
import time
from html import unescape

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from core.models import Job, JobStatus
from core.tests.jobs import WORKER_COMMAND, other_processes_database
from plans.tests.test_import_kill import ROWS, state, write_import_file

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Kill once the write loop has gone at least this far (the worker logs each tenth).
KILL_FROM = ROWS // 10


def fetch(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_an_import_job_killed_while_writing_changes_nothing_and_says_so(client, plans, network, tmp_path):
    import_file = tmp_path / "avancement.csv"
    write_import_file(import_file, plans)
    client.force_login(network.coordinator)
    response = client.post(
        "/plans/importer-avancement/",
        {"file": SimpleUploadedFile("avancement.csv", import_file.read_bytes())},
    )
    job = Job.objects.get()
    assert response["Location"] == f"/taches/{job.pk}/"
    before = state(fetch)

    env, read_back = other_processes_database(tmp_path)
    process = subprocess.Popen(  # noqa: S603
        WORKER_COMMAND,
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    output: list[str] = []
    written: list[tuple[int, int]] = []

    def watch():
        for line in process.stderr:
            output.append(line)
            found = re.search(rf"Job {job.pk}: Enregistrement (\d+)/(\d+)", line)
            if found:
                written.append((int(found[1]), int(found[2])))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    deadline = time.monotonic() + 120
    try:
        while not (written and written[-1][0] >= KILL_FROM) and process.poll() is None:
            assert time.monotonic() < deadline, "l'importation n'a pas commencé à écrire"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    watcher.join(timeout=10)

    assert process.returncode == -signal.SIGKILL, "".join(output)[-2000:]
    done, total = written[-1]
    assert total == ROWS and KILL_FROM <= done < total
    read_back()
    assert state(fetch) == before
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # as the killed worker left it

    # Once its heartbeat is older than the limit, the page says what happened.
    settings.JOBS_STALE_SECONDS = 1
    time.sleep(1.5)
    page = unescape(client.get(f"/taches/{job.pk}/").content.decode())
    assert "La tâche s'est interrompue : le serveur qui la traitait s'est arrêté." in page
    assert "Une importation interrompue n'enregistre rien" in page
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    assert state(fetch) == before
