"""A progress import killed (SIGKILL) in the middle of its writes leaves the database as it
was: the import writes in one transaction, and the engine discards an uncommitted one.

The import runs as a separate process. On SQLite it works on a copy of the test database
in a file (pytest-django's SQLite test database is in memory, out of another process's
reach); on PostgreSQL it connects to the test database itself.
"""

import csv
import datetime
import fcntl
import io
import os
import pty
import re
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROWS = 2_500
# Kill once this many rows of the write loop are done (and before the last one).
KILL_AFTER = 300

# Committed data, visible to the import's process; the serialized rollback puts back the
# reference data that the flush after such a test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def write_import_file(path: Path, plans) -> None:
    """A valid file with ``ROWS`` rows: one progression, then one measurement per day."""
    buffer = io.StringIO()
    out = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    out.writerow(["action", "progression", "statut", "indicateur", "valeur", "date"])
    out.writerow([plans.workshops.pk, "75", "", "", "", ""])
    first = datetime.date(2012, 1, 1)
    for day in range(ROWS - 1):
        measured_on = first + datetime.timedelta(days=day)
        out.writerow([plans.workshops.pk, "", "", plans.indicator.pk, str(day % 90), measured_on.isoformat()])
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode())


def state(fetch):
    """What the import would change, read with ``fetch(sql) -> rows``."""
    return {
        "actions": [
            tuple(row)
            for row in fetch("SELECT id, progress, status, updated_at FROM plans_action ORDER BY id")
        ],
        "measurements": fetch("SELECT COUNT(*) FROM plans_measurement")[0][0],
        "history": fetch("SELECT COUNT(*) FROM plans_historicalmeasurement")[0][0],
    }


def sqlite_copy(tmp_path: Path):
    """A file copy of the in-memory test database: its URL and a reader."""
    path = tmp_path / "agirtot.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()

    def fetch(sql):
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows = db.execute(sql).fetchall()
        db.close()
        return rows

    return f"sqlite:///{path}", fetch


def postgresql_test_database():
    """The test database itself: its URL and a reader."""
    params = connection.settings_dict
    user = quote(params["USER"] or "", safe="")
    password = quote(params["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if user else ""
    url = f"postgres://{credentials}{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}/{params['NAME']}"

    def fetch(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    return url, fetch


def test_an_import_killed_while_writing_changes_nothing(plans, tmp_path):
    if connection.vendor == "sqlite":
        database_url, fetch = sqlite_copy(tmp_path)
    else:
        database_url, fetch = postgresql_test_database()
    import_file = tmp_path / "avancement.csv"
    write_import_file(import_file, plans)
    before = state(fetch)
    assert before["measurements"] == 2

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "agirtot.settings.test",
        "DATABASE_URL": database_url,
        "AGIRTOT_VAR_DIR": str(tmp_path / "var"),
    }
    # The progress bar is drawn only on a terminal: a pseudo-terminal on stderr shows how
    # far the write loop has gone.
    controller, terminal = pty.openpty()
    # A new pseudo-terminal is 0 columns wide, and tqdm draws nothing in 0 columns.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 160, 0, 0))
    command = [
        sys.executable,
        "manage.py",
        "import_progress",
        str(import_file),
        "--user",
        "coordo@rimouski.qc.ca",
    ]
    process = subprocess.Popen(  # noqa: S603
        command,
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=terminal,
    )
    os.close(terminal)
    written = []
    output = []

    def watch():
        while True:
            try:
                chunk = os.read(controller, 4096).decode(errors="replace")
            except OSError:
                return
            if not chunk:
                return
            output.append(chunk)
            counts = re.findall(r"(\d+)/(\d+)", "".join(output)[-400:])
            if counts:
                written.append(tuple(int(n) for n in counts[-1]))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    deadline = time.monotonic() + 90
    try:
        while not (written and written[-1][0] >= KILL_AFTER) and process.poll() is None:
            assert time.monotonic() < deadline, "l'importation n'a pas commencé à écrire"
            time.sleep(0.02)
        done, total = written[-1] if written else (0, 0)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        os.close(controller)

    assert process.returncode == -signal.SIGKILL, "".join(output)[-2000:]
    assert total == ROWS and KILL_AFTER <= done < total
    assert state(fetch) == before

    # The database is usable afterwards (no lock left behind), and the same file, run to
    # the end, does change it: the comparison above could have seen a partial write.
    rerun = subprocess.run(  # noqa: S603
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert rerun.returncode == 0, rerun.stderr
    assert "Importation terminée." in rerun.stdout
    after = state(fetch)
    assert after["measurements"] == before["measurements"] + ROWS - 1
    assert after["actions"] != before["actions"]
