"""Backups of a whole install: the database and the media files in one archive.

An archive (``agirtot-YYYYMMDD-HHMMSS.tar.gz``) holds ``manifest.json`` (engine, date,
applied migrations, file list), the database (``database.sqlite3``, a copy made with
SQLite's online backup API, or ``database.pgdump``, a ``pg_dump --format=custom``) and
``media/`` (every file of the default storage).

Files go through the storage API, never through a path: the media are read from and
written back to the default storage, and an archive is kept in the ``backups`` storage
(``agirtot/settings/storage.py``). With a bucket configured, a backup taken on one server
restores on any other, whose own disk holds nothing of it: ``restore NAME`` fetches the
archive from the bucket. ``backup --output DIR`` and ``restore PATH`` also take a local
folder or file, as before.

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage, storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from core.storage import describe, storage_errors, walk

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
class StoredArchive:
    """An archive written by ``create_backup``: its file name, where it is, and its size."""

    name: str
    location: str
    size: int


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


def archives() -> Storage:
    """Where archives are kept unless a folder is given: the ``backups`` storage."""
    return storages["backups"]


def default_location() -> str:
    """The backups storage as an administrator reads it (a folder, or a bucket's prefix)."""
    return describe(archives(), "")


def _scratch() -> Path:
    # Big temporary files (a database dump) go beside the install's other state, not to a
    # /tmp that may live in memory.
    scratch = Path(settings.VAR_DIR)
    scratch.mkdir(parents=True, exist_ok=True)
    return scratch


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


def _archive_name(taken: Callable[[str], bool]) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    name = f"agirtot-{stamp}.tar.gz"
    counter = 1
    while taken(name):
        counter += 1
        name = f"agirtot-{stamp}-{counter}.tar.gz"
    return name


def stored_archives() -> list[str]:
    """The archives in the backups storage, newest first."""
    try:
        names = list(walk(archives()))
    except storage_errors() as error:
        raise BackupError(f"Le stockage des sauvegardes ne répond pas : {error}") from error
    return sorted(
        (
            name
            for name in names
            if "/" not in name and name.startswith("agirtot-") and name.endswith(".tar.gz")
        ),
        reverse=True,
    )


# Backup -------------------------------------------------------------------------------


def create_backup(
    directory: Path | None = None, *, alias: str = DEFAULT_DB_ALIAS, progress: Progress = print
) -> StoredArchive:
    """Archive the database and the media files, into ``directory`` or the backups storage."""
    engine = engine_name(alias)
    if directory is not None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        name = _archive_name(lambda candidate: (directory / candidate).exists())
    else:
        name = _archive_name(archives().exists)
    media = default_storage
    with tempfile.TemporaryDirectory(prefix="agirtot-backup-", dir=directory or _scratch()) as work:
        work_dir = Path(work)
        progress("Copie de la base de données…")
        if engine == "sqlite":
            db_name = SQLITE_FILE
            _sqlite_copy_out(alias, work_dir / db_name)
        else:
            db_name = PGDUMP_FILE
            _pg_dump(alias, work_dir / db_name)
        progress("Copie des fichiers média…")
        try:
            names = list(walk(media))
            local_media = work_dir / MEDIA_DIR
            for stored in names:
                _fetch(media, stored, local_media / stored)
        except storage_errors() as error:
            raise BackupError(f"Impossible de lire les fichiers média : {error}") from error
        manifest = {
            "format": FORMAT_VERSION,
            "application": "agirtot",
            "engine": engine,
            "created_at": timezone.now().isoformat(),
            "database": db_name,
            "migrations": migration_state(alias),
            "media": [{"path": stored, "size": (local_media / stored).stat().st_size} for stored in names],
        }
        (work_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
        progress(f"Écriture de l'archive ({len(names)} fichier(s) média)…")
        # Written whole before it gets its final name (or is stored), so an archive with
        # that name is never partial.
        partial = work_dir / "archive.tar.gz"
        try:
            with tarfile.open(partial, "w:gz") as tar:
                tar.add(work_dir / MANIFEST, arcname=MANIFEST)
                tar.add(work_dir / db_name, arcname=db_name)
                for stored in names:
                    tar.add(local_media / stored, arcname=f"{MEDIA_DIR}/{stored}", recursive=False)
        except OSError as error:
            raise BackupError(f"Impossible d'écrire l'archive « {name} » : {error}") from error
        size = partial.stat().st_size
        if directory is not None:
            target = directory / name
            partial.replace(target)
            return StoredArchive(name, str(target), size)
        progress("Envoi de l'archive vers le stockage des sauvegardes…")
        try:
            with partial.open("rb") as handle:
                stored = archives().save(name, File(handle, name=name))
        except storage_errors() as error:
            raise BackupError(f"Impossible d'enregistrer l'archive « {name} » : {error}") from error
        return StoredArchive(stored, describe(archives(), stored), size)


def _fetch(storage: Storage, name: str, target: Path) -> None:
    """Copy one stored file to a local path, read through the storage API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with storage.open(name, "rb") as handle, target.open("wb") as out:
        shutil.copyfileobj(handle, out, 1 << 20)


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


@contextmanager
def local_archive(archive: str | Path) -> Iterator[Path]:
    """The archive as a local file: ``archive`` itself when it is one, else the archive of
    that name in the backups storage, fetched for the time of the block."""
    path = Path(archive)
    name = str(archive)
    if path.is_file() or "/" in name or "\\" in name or name.startswith("."):
        yield path
        return
    try:
        found = archives().exists(name)
    except storage_errors() as error:
        raise BackupError(f"Le stockage des sauvegardes ne répond pas : {error}") from error
    if not found:
        yield path  # read_manifest reports it missing
        return
    with tempfile.TemporaryDirectory(prefix="agirtot-restore-", dir=_scratch()) as work:
        local = Path(work) / name
        try:
            _fetch(archives(), name, local)
        except storage_errors() as error:
            raise BackupError(
                f"Impossible de lire « {name} » dans le stockage des sauvegardes : {error}"
            ) from error
        yield local


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
    with tempfile.TemporaryDirectory(prefix="agirtot-restore-", dir=_scratch()) as work:
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
        try:
            count = _replace_media(work_dir / MEDIA_DIR, [f["path"] for f in manifest.get("media", [])])
        except storage_errors() as error:
            raise BackupError(
                f"La base est restaurée, mais pas tous les fichiers média : {error}. Relancez la "
                "restauration quand le stockage répond."
            ) from error
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


def _replace_media(source: Path, names: list[str]) -> int:
    """Make the default storage hold exactly the archive's media files; their count.

    Each file of the archive is written under its own name (a namesake is deleted first, so
    the storage cannot pick another name), then the files the archive does not have are
    deleted: the storage is never emptied in between.
    """
    media = default_storage
    existing = set(walk(media))
    for name in names:
        if name in existing:
            media.delete(name)
        with (source / name).open("rb") as handle:
            stored = media.save(name, File(handle, name=name))
        if stored != name:
            raise OSError(f"« {name} » a été enregistré sous le nom « {stored} »")
    for name in sorted(existing - set(names)):
        media.delete(name)
    return len(names)
