"""Backups of a whole install: the database and the media files in one archive.

An archive (``agirtot-YYYYMMDD-HHMMSS.tar.gz``) holds ``manifest.json`` (engine, date,
applied migrations, file list), the database (``database.sqlite3``, a copy made with
SQLite's online backup API, or ``database.pgdump``, a ``pg_dump --format=custom``) and
``media/`` (the content of ``MEDIA_ROOT``).

Both directions are safe while the site runs: SQLite's backup API copies a consistent
snapshot and writes the restored copy in one transaction; ``pg_dump`` reads one snapshot
and ``pg_restore --single-transaction`` replaces everything or nothing. Messages are in
French, for the administrators who run the commands.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PGDUMP_FILE = "database.pgdump"
MEDIA_DIR = "media"
PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or a restore that could not be done; the message is in French."""


@dataclass
class RestoreResult:
    """What a restore replaced, and whether the database lacks the code's migrations."""

    manifest: dict
    media_files: int
    needs_migrate: bool


def engine_name(alias: str = DEFAULT_DB_ALIAS) -> str:
    """``sqlite`` or ``postgresql``: the vendor of the configured database."""
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Le moteur de base de données « {vendor} » n'est pas pris en charge.")
    return vendor


def default_directory() -> Path:
    return Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var")) / "backups"


def find_pg_tool(name: str) -> str | None:
    """The path of ``pg_dump`` or ``pg_restore``: on PATH, else in Debian's server directory."""
    found = shutil.which(name)
    if found:
        return found
    for directory in PG_BIN_DIRS:
        candidate = directory / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def migration_state(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The applied migrations, by app, in name order."""
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _archive_path(directory: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = directory / f"agirtot-{stamp}.tar.gz"
    counter = 1
    while path.exists():
        counter += 1
        path = directory / f"agirtot-{stamp}-{counter}.tar.gz"
    return path


# Backup -------------------------------------------------------------------------------


def create_backup(
    directory: Path | None = None, *, alias: str = DEFAULT_DB_ALIAS, progress: Progress = print
) -> Path:
    """Write an archive of the database and the media files into ``directory``; return its path."""
    engine = engine_name(alias)
    directory = Path(directory) if directory else default_directory()
    directory.mkdir(parents=True, exist_ok=True)
    archive = _archive_path(directory)
    media_root = _media_root()
    media = _media_files(media_root)
    with tempfile.TemporaryDirectory(prefix="agirtot-backup-", dir=directory) as work:
        work_dir = Path(work)
        progress("Copie de la base de données…")
        if engine == "sqlite":
            db_name = SQLITE_FILE
            _sqlite_copy_out(alias, work_dir / db_name)
        else:
            db_name = PGDUMP_FILE
            _pg_dump(alias, work_dir / db_name)
        manifest = {
            "format": FORMAT_VERSION,
            "application": "agirtot",
            "engine": engine,
            "created_at": timezone.now().isoformat(),
            "database": db_name,
            "migrations": migration_state(alias),
            "media": [
                {"path": path.relative_to(media_root).as_posix(), "size": path.stat().st_size}
                for path in media
            ],
        }
        (work_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
        progress(f"Écriture de l'archive ({len(media)} fichier(s) média)…")
        partial = archive.with_name(archive.name + ".partiel")
        try:
            with tarfile.open(partial, "w:gz") as tar:
                tar.add(work_dir / MANIFEST, arcname=MANIFEST)
                tar.add(work_dir / db_name, arcname=db_name)
                for path in media:
                    arcname = f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}"
                    tar.add(path, arcname=arcname, recursive=False)
            # Renamed only when complete, so an archive with the final name is never partial.
            partial.replace(archive)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise BackupError(f"Impossible d'écrire l'archive « {archive} » : {error}") from error
    return archive


def _sqlite_copy_out(alias: str, target: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent snapshot while others keep writing.
        connection.connection.backup(destination)
    finally:
        destination.close()


def _pg_command(alias: str, tool: str) -> tuple[list[str], dict[str, str]]:
    executable = find_pg_tool(tool)
    if executable is None:
        raise BackupError(
            f"La commande « {tool} » est introuvable : installez les outils clients de PostgreSQL "
            "(paquet postgresql-client) ou ajoutez-les au PATH."
        )
    params = connections[alias].settings_dict
    command = [executable, "--no-password"]
    if params.get("HOST"):
        command += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        command += ["--port", str(params["PORT"])]
    if params.get("USER"):
        command += ["--username", str(params["USER"])]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return command, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except OSError as error:
        raise BackupError(f"{what} : {error}") from error
    if completed.returncode != 0:
        raise BackupError(f"{what} (code {completed.returncode}) : {completed.stderr.strip()}")


def _pg_dump(alias: str, target: Path) -> None:
    command, env = _pg_command(alias, "pg_dump")
    name = str(connections[alias].settings_dict["NAME"])
    command += ["--format=custom", "--file", str(target), "--dbname", name]
    _run(command, env, "Échec de pg_dump")


# Restore ------------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict:
    """The manifest of an archive, checked for the fields a restore needs."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.getmember(MANIFEST)
            handle = tar.extractfile(member)
            manifest = json.loads(handle.read().decode("utf-8")) if handle else None
    except FileNotFoundError:
        raise BackupError(f"L'archive « {archive} » est introuvable.") from None
    except (tarfile.TarError, KeyError, OSError, EOFError, ValueError) as error:
        raise BackupError(
            f"« {archive} » n'est pas une archive de sauvegarde lisible d'Agir tôt ({error})."
        ) from None
    if not isinstance(manifest, dict) or manifest.get("database") not in (SQLITE_FILE, PGDUMP_FILE):
        raise BackupError(f"Le manifeste de « {archive} » est incomplet.")
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"L'archive utilise le format {manifest.get('format')}, cette version lit le format "
            f"{FORMAT_VERSION}."
        )
    return manifest


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"L'archive contient une entrée refusée : « {member.name} ».")
        members.append(member)
    return members


def restore_backup(
    archive: Path, *, alias: str = DEFAULT_DB_ALIAS, progress: Progress = print
) -> RestoreResult:
    """Replace the database and the media files with the content of ``archive``."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    engine = engine_name(alias)
    if manifest.get("engine") != engine:
        raise BackupError(
            f"L'archive a été faite avec {manifest.get('engine')} et la base actuelle est {engine} : "
            "restauration refusée."
        )
    media_root = _media_root()
    work_parent = media_root.parent if media_root.parent.is_dir() else None
    with tempfile.TemporaryDirectory(prefix="agirtot-restore-", dir=work_parent) as work:
        work_dir = Path(work)
        progress("Extraction de l'archive…")
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(work_dir, members=_safe_members(tar), filter="data")
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"Impossible d'extraire « {archive} » : {error}") from error
        database = work_dir / manifest["database"]
        if not database.is_file():
            raise BackupError("L'archive ne contient pas la base de données annoncée par son manifeste.")
        missing = [
            f["path"] for f in manifest.get("media", []) if not (work_dir / MEDIA_DIR / f["path"]).is_file()
        ]
        if missing:
            raise BackupError(f"Fichiers média absents de l'archive : {', '.join(missing[:5])}.")

        # Every check is done: only now is anything replaced, the database first (all or
        # nothing), then the media files.
        progress("Restauration de la base de données…")
        connections.close_all()
        if engine == "sqlite":
            _sqlite_copy_in(alias, database)
        else:
            _pg_restore(alias, database)
        connections.close_all()
        progress("Restauration des fichiers média…")
        count = _replace_media(work_dir / MEDIA_DIR, media_root)
    return RestoreResult(manifest=manifest, media_files=count, needs_migrate=_needs_migrate(alias))


def _needs_migrate(alias: str) -> bool:
    """Whether the restored database lacks migrations the code has (as ``migrate --check``)."""
    executor = MigrationExecutor(connections[alias])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _sqlite_copy_in(alias: str, source_path: Path) -> None:
    source = sqlite3.connect(source_path)
    try:
        check = source.execute("PRAGMA integrity_check").fetchone()
        if not check or check[0] != "ok":
            raise BackupError("La copie de la base de données contenue dans l'archive est endommagée.")
        connection = connections[alias]
        connection.ensure_connection()
        # One backup step copies every page under the destination's write lock and commits
        # at the end, so readers see the old database or the new one, never a mixture.
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"Échec de la restauration de la base SQLite : {error}") from error
    finally:
        source.close()
        connections[alias].close()


def _pg_restore(alias: str, dump: Path) -> None:
    command, env = _pg_command(alias, "pg_restore")
    name = str(connections[alias].settings_dict["NAME"])
    command += [
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        name,
        str(dump),
    ]
    _run(command, env, "Échec de pg_restore (rien n'a été modifié dans la base)")


def _replace_media(source: Path, media_root: Path) -> int:
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    count = 0
    if source.is_dir():
        for child in source.iterdir():
            shutil.move(str(child), media_root / child.name)
        count = sum(1 for path in media_root.rglob("*") if path.is_file())
    return count
