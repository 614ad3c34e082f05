#!/usr/bin/env python3
"""The local stack (`make stack`): the platform as it runs on several servers, on one machine.

It starts, from Debian and PyPI packages only: PostgreSQL 15, Redis, an S3-compatible server
(moto in server mode, the local stand-in for a real bucket), one job worker, two app servers
(gunicorn with the production settings, each with its own state directory, so that they share
no local disk) and nginx in front of them, round robin, on ``$PORT`` (default 8000). It loads
the demo data at ``SCALE`` (default 1) once, prints the address and stops everything on
Ctrl-C. ``STACK_DETACH=1`` leaves it running in the background; ``make stack-stop`` stops it.

What it writes under var/stack/:
- ``env``: one ``KEY=value`` per line, so that ``env $(cat var/stack/env) .venv/bin/python
  manage.py …`` acts on the same stack;
- ``servers``: the base URL of each app server, one a line; ``proxy``: the proxy's base URL;
- ``pid``: the supervisor's process, ``logs/``: each service's output, ``mail/``: the e-mails
  sent (a file each), and the services' data (``postgres/``, ``redis/``, ``app1/``, ``app2/``,
  ``worker/``).

Ports: the proxy on PORT, the app servers on PORT+1 and PORT+2, PostgreSQL on PORT+10,
Redis on PORT+11, the S3 server on PORT+12.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STACK = ROOT / "var" / "stack"
PYTHON = ROOT / ".venv" / "bin" / "python"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
BUCKET = "agirtot"
NGINX_CONF = Path(__file__).with_name("nginx.conf")

# Debian packages and the program each one brings.
PACKAGES = {
    "postgresql-15": PG_BIN / "initdb",
    "redis-server": Path("/usr/bin/redis-server"),
    "nginx-light": Path("/usr/sbin/nginx"),
}


@dataclass(frozen=True)
class Ports:
    proxy: int

    @property
    def apps(self) -> tuple[int, int]:
        return (self.proxy + 1, self.proxy + 2)

    @property
    def postgres(self) -> int:
        return self.proxy + 10

    @property
    def redis(self) -> int:
        return self.proxy + 11

    @property
    def s3(self) -> int:
        return self.proxy + 12


def say(message: str) -> None:
    print(f"[stack] {message}", flush=True)


# What the machine needs --------------------------------------------------------------------


def install_packages() -> None:
    missing = [name for name, program in PACKAGES.items() if not program.exists()]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(
            "Paquets Debian manquants : "
            + " ".join(missing)
            + f"\nInstallez-les (sudo apt-get install {' '.join(missing)}) puis relancez make stack."
        )
    say("installing " + ", ".join(missing) + " (Debian packages)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *missing], check=True, env=env, stdout=subprocess.DEVNULL
    )


# The environment every process of the stack shares --------------------------------------------


def stack_env(ports: Ports) -> dict[str, str]:
    secret_file = STACK / "secret_key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(50))
    return {
        "DJANGO_SETTINGS_MODULE": "agirtot.settings.production",
        "DATABASE_URL": f"postgres://agirtot:agirtot@127.0.0.1:{ports.postgres}/agirtot",
        "REDIS_URL": f"redis://127.0.0.1:{ports.redis}/0",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{ports.s3}",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "stack",
        "AWS_SECRET_ACCESS_KEY": "stack-secret",
        "SECRET_KEY": secret_file.read_text().strip(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # nginx is the one proxy in front of the app servers.
        "TRUSTED_PROXY_COUNT": "1",
        # Plain HTTP on loopback: no redirect to HTTPS, cookies sent over HTTP, no HSTS.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "HTTP_PROTOCOL": "http",
        # E-mails are written to files, one per message, where the tests count them.
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(STACK / "mail"),
        "LOG_LEVEL": "WARNING",
    }


def write_descriptions(ports: Ports, env: dict[str, str]) -> None:
    (STACK / "env").write_text("".join(f"{key}={value}\n" for key, value in env.items()))
    (STACK / "servers").write_text("".join(f"http://127.0.0.1:{port}\n" for port in ports.apps))
    (STACK / "proxy").write_text(f"http://127.0.0.1:{ports.proxy}\n")


# Processes ------------------------------------------------------------------------------------


class Supervisor:
    """Starts the services in order and stops them in reverse order."""

    def __init__(self, ports: Ports, env: dict[str, str]) -> None:
        self.ports = ports
        self.env = env
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.restartable: dict[str, tuple[list[str], dict[str, str] | None]] = {}
        (STACK / "logs").mkdir(parents=True, exist_ok=True)

    def start(
        self, name: str, command: list[str], *, env: dict[str, str] | None = None, restart: bool = False
    ) -> subprocess.Popen:
        """Starts a service; one started with ``restart`` is started again when it dies, as a
        process manager (systemd, a container platform) does for an app server."""
        if restart:
            self.restartable[name] = (command, env)
        log = (STACK / "logs" / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the supervisor only; it stops the others.
        )
        self.processes = [(n, p) for n, p in self.processes if n != name] + [(name, process)]
        (STACK / f"{name}.pid").write_text(str(process.pid))
        return process

    def manage(self, *args: str, var_dir: Path | None = None) -> None:
        env = {**os.environ, **self.env, "AGIRTOT_VAR_DIR": str(var_dir or STACK / "admin")}
        subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)

    def stop(self) -> None:
        for name, process in reversed(self.processes):
            if process.poll() is None:
                try:
                    # PostgreSQL's fast shutdown is SIGINT (SIGTERM waits for every session).
                    os.killpg(process.pid, signal.SIGINT if name == "postgres" else signal.SIGTERM)
                except ProcessLookupError:
                    continue
        deadline = time.monotonic() + 20
        for _name, process in reversed(self.processes):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def check_alive(self) -> str | None:
        """Starts again a dead app server; the name of another service that stopped, if any."""
        for name, process in list(self.processes):
            if process.poll() is None:
                continue
            if name not in self.restartable:
                return name
            say(f"{name} stopped (exit {process.returncode}); starting it again")
            command, env = self.restartable[name]
            self.start(name, command, env=env)
        return None


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its programs as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def postgres_data_dir() -> Path:
    """var/stack/postgres, unless the project lies where the postgres user cannot go (a
    checkout under /root, say): then a private temporary folder given to that user, named in
    var/stack/postgres-data so that the next start finds it."""
    pointer = STACK / "postgres-data"
    if pointer.exists():
        return Path(pointer.read_text().strip())
    data = STACK / "postgres"
    if os.geteuid() == 0 and not _answers(["runuser", "-u", "postgres", "--", "test", "-x", str(STACK)]):
        home = Path(tempfile.mkdtemp(prefix="agirtot-stack-"))  # private (0700), then given to postgres
        shutil.chown(home, "postgres", "postgres")
        data = home / "postgres"
    pointer.write_text(str(data))
    return data


def start_postgres(sup: Supervisor) -> None:
    data = postgres_data_dir()
    port = sup.ports.postgres
    fresh = not (data / "PG_VERSION").exists()
    if fresh:
        data.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(data, "postgres", "postgres")
        subprocess.run(
            as_postgres(
                [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
                + ["--locale=C.UTF-8"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    sup.start(
        "postgres",
        as_postgres(
            [str(PG_BIN / "postgres"), "-D", str(data), "-p", str(port)]
            # TCP on loopback only, no Unix socket.
            + ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="]
        ),
    )
    wait_for(lambda: _pg_ready(port), "PostgreSQL")
    if fresh:
        psql = ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-qc"]
        subprocess.run(psql + ["CREATE ROLE agirtot LOGIN CREATEDB PASSWORD 'agirtot';"], check=True)
        subprocess.run(psql + ["CREATE DATABASE agirtot OWNER agirtot;"], check=True)


def _pg_ready(port: int) -> bool:
    result = subprocess.run(
        [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(port), "-q"], check=False
    )
    return result.returncode == 0


def start_redis(sup: Supervisor) -> None:
    data = STACK / "redis"
    data.mkdir(parents=True, exist_ok=True)
    port = sup.ports.redis
    sup.start(
        "redis",
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data)]
        + ["--save", "", "--appendonly", "no"],
    )
    wait_for(lambda: _answers(["redis-cli", "-p", str(port), "ping"]), "Redis")


def start_s3(sup: Supervisor) -> None:
    port = sup.ports.s3
    sup.start("s3", [str(ROOT / ".venv" / "bin" / "moto_server"), "-H", "127.0.0.1", "-p", str(port)])
    wait_for(lambda: _http_ok(f"http://127.0.0.1:{port}/moto-api/"), "S3 (moto)")
    import boto3  # the stack runs with the project's environment (.venv)

    client = boto3.client(
        "s3",
        endpoint_url=sup.env["AWS_S3_ENDPOINT_URL"],
        region_name=sup.env["AWS_S3_REGION_NAME"],
        aws_access_key_id=sup.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=sup.env["AWS_SECRET_ACCESS_KEY"],
    )
    names = {bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])}
    if BUCKET not in names:
        client.create_bucket(Bucket=BUCKET)


def prepare_data(sup: Supervisor, scale: str) -> None:
    say("migrations, demo data (once), demo accounts, open data")
    sup.manage("migrate", "--noinput", "-v", "0")
    sup.manage("seed_demo", "--scale", scale, "--seed", "1", "--if-empty")
    sup.manage("ensure_demo_accounts", "--force")  # a local stack, never a real server
    sup.manage("export_open_data", "--if-missing")


def start_apps(sup: Supervisor) -> None:
    for index, port in enumerate(sup.ports.apps, start=1):
        var_dir = STACK / f"app{index}"
        # Each server has its own disk: its own copy of the static files, nothing else.
        sup.manage("collectstatic", "--noinput", "-v", "0", var_dir=var_dir)
        sup.start(
            f"app{index}",
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "agirtot.wsgi"],
            env={
                **sup.env,
                "AGIRTOT_VAR_DIR": str(var_dir),
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": os.environ.get("STACK_WEB_CONCURRENCY", "3"),
            },
            restart=True,
        )
    for port in sup.ports.apps:
        wait_for(lambda port=port: _http_ok(f"http://127.0.0.1:{port}/sante/"), f"app server :{port}")


def start_worker(sup: Supervisor) -> None:
    sup.start(
        "worker",
        [str(PYTHON), "manage.py", "worker", "--no-reload"],
        env={**sup.env, "AGIRTOT_VAR_DIR": str(STACK / "worker")},
    )


def start_proxy(sup: Supervisor) -> None:
    directory = STACK / "nginx"
    for sub in ("logs", "temp"):
        (directory / sub).mkdir(parents=True, exist_ok=True)
    config = NGINX_CONF.read_text()
    for key, value in {
        # Started as root, nginx's workers would otherwise become nobody, who cannot write here.
        "USER": "user root;" if os.geteuid() == 0 else "",
        "PROXY_PORT": sup.ports.proxy,
        "APP1": f"127.0.0.1:{sup.ports.apps[0]}",
        "APP2": f"127.0.0.1:{sup.ports.apps[1]}",
        "PREFIX": directory,
    }.items():
        config = config.replace("{{ " + key + " }}", str(value))
    (directory / "nginx.conf").write_text(config)
    sup.start(
        "nginx",
        [
            "nginx",
            "-p",
            str(directory),
            "-e",
            str(directory / "logs" / "error.log"),
            "-c",
            str(directory / "nginx.conf"),
        ],
    )
    wait_for(lambda: _http_ok(f"http://127.0.0.1:{sup.ports.proxy}/sante/"), "nginx")


# Waiting --------------------------------------------------------------------------------------


def wait_for(ready, what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.3)
    raise SystemExit(f"{what} n'a pas démarré en {timeout:.0f} s : voir var/stack/logs/.")


def _answers(command: list[str]) -> bool:
    return (
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False).returncode
        == 0
    )


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  # nosec B310 - http on loopback
            return response.status < 500
    except urllib.error.HTTPError as error:
        return error.code < 500
    except OSError:
        return False


# Commands -------------------------------------------------------------------------------------


def up(ports: Ports, scale: str, detached: bool) -> int:
    install_packages()
    STACK.mkdir(parents=True, exist_ok=True)
    (STACK / "mail").mkdir(exist_ok=True)
    if running_pid():
        sys.exit("Une pile tourne déjà (var/stack/pid) : make stack-stop l'arrête.")
    env = stack_env(ports)
    sup = Supervisor(ports, env)
    stopping = {"now": False}

    def on_signal(signum, frame):
        stopping["now"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    (STACK / "pid").write_text(str(os.getpid()))
    try:
        start_postgres(sup)
        start_redis(sup)
        start_s3(sup)
        prepare_data(sup, scale)
        start_worker(sup)
        start_apps(sup)
        start_proxy(sup)
        write_descriptions(ports, env)
        (STACK / "ready").write_text(str(os.getpid()))
        say(f"Agir tôt (pile locale) : http://127.0.0.1:{ports.proxy}/  —  Ctrl-C pour tout arrêter")
        if detached:
            say("running in the background; make stack-stop stops it")
        while not stopping["now"]:
            dead = sup.check_alive()
            if dead:
                say(f"{dead} stopped on its own: see var/stack/logs/{dead}.log; stopping the stack")
                return 1
            time.sleep(0.5)
        return 0
    except subprocess.CalledProcessError as error:
        say(f"failed: {' '.join(map(str, error.cmd))} (exit {error.returncode}); stopping the stack")
        return 1
    finally:
        say("stopping")
        sup.stop()
        for path in [STACK / "pid", STACK / "ready", *STACK.glob("*.pid")]:
            path.unlink(missing_ok=True)


def running_pid() -> int | None:
    try:
        pid = int((STACK / "pid").read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def detach(argv: list[str]) -> int:
    """Starts the stack in the background and returns once it answers (or failed)."""
    STACK.mkdir(parents=True, exist_ok=True)
    (STACK / "ready").unlink(missing_ok=True)
    log = (STACK / "stack.log").open("ab")
    start = log.tell()
    process = subprocess.Popen(
        [sys.executable, __file__, "up", *argv],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + float(os.environ.get("STACK_TIMEOUT", "1800"))
    while time.monotonic() < deadline:
        if (STACK / "ready").exists():
            print((STACK / "proxy").read_text().strip())
            return 0
        if process.poll() is not None:
            print(
                (STACK / "stack.log").read_bytes()[start:].decode(errors="replace")[-4000:], file=sys.stderr
            )
            return 1
        time.sleep(1)
    return 1


def down() -> int:
    pid = running_pid()
    if not pid:
        say("no stack running")
        return 0
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and running_pid():
        time.sleep(0.5)
    say("stopped")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="Agir tôt: the local stack (make stack).")
    parser.add_argument("command", choices=["up", "start", "stop"], nargs="?", default="start")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--scale", default=os.environ.get("SCALE", "1"))
    args = parser.parse_args()
    if args.command == "stop":
        return down()
    ports = Ports(args.port)
    if args.command == "start" and os.environ.get("STACK_DETACH") == "1":
        return detach(["--port", str(args.port), "--scale", args.scale])
    return up(ports, args.scale, detached=args.command == "up")


if __name__ == "__main__":
    sys.exit(main())
