"""The library's jobs (core/jobs.py): the import sent from the browser and the digests."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from core import jobs
from core.models import Job
from library import digests
from library.imports import ImportFailed, import_library, summary_lines

IMPORT_LIBRARY = "library.import"
#: What a ZIP may hold once uncompressed: the JSONL and its attached files (20 Mo each at most).
MAX_UNZIPPED = 1024 * 1024 * 1024
MAX_MEMBERS = 20_000
jobs.register(IMPORT_LIBRARY, gettext_lazy("Importation dans la bibliothèque"), "library:import")
jobs.register("digests", gettext_lazy("Envoi des résumés par courriel"))


@task(backend="jobs")
def import_library_job(job_id: int) -> dict:
    return jobs.run(job_id, _import_library)


@task(backend="jobs")
def send_digests(job_id: int) -> dict:
    return jobs.run(job_id, _send_digests)


def _import_library(job: Job, progress: jobs.Progress) -> Sequence[str]:
    dry_run = bool(job.params.get("dry_run"))
    with tempfile.TemporaryDirectory(prefix="agirtot-import-") as folder:
        # The upload (a JSONL file, or a ZIP of one with its attached files) is copied from
        # the storage, which may be on another server, to this worker's temporary folder.
        try:
            path = unpack_upload(job, Path(folder))
        except ValueError as error:
            raise jobs.JobFailed([str(error)]) from None
        try:
            result = import_library(path, dry_run=dry_run, progress=progress.bar, confined=True)
        except ImportFailed as failure:
            raise jobs.JobFailed([str(issue) for issue in failure.issues], failure.total) from None
    return summary_lines(result)


def _send_digests(job: Job, progress: jobs.Progress) -> Sequence[str]:
    summary = digests.send_digests(progress=lambda total: progress.bar(_("Résumés"), total))
    return [
        _("Résumés : %(due)s dû(s), %(sent)s envoyé(s), %(empty)s sans nouveauté, %(failed)s échec(s).")
        % {"due": summary.due, "sent": summary.sent, "empty": summary.empty, "failed": summary.failed}
    ]


def unpack_upload(job: Job, folder: Path) -> Path:
    """Copy the job's upload into ``folder``: the JSONL file to import, unpacked from its ZIP
    (with the attached files beside it) when it is one. ``ValueError`` (French) if refused."""
    upload = folder / "envoi"
    with jobs.upload_storage().open(job.input_name, "rb") as source, upload.open("wb") as target:
        shutil.copyfileobj(source, target, 1024 * 1024)
    if not zipfile.is_zipfile(upload):
        return upload
    try:
        return _unzip(upload, folder / "archive")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        raise ValueError(
            _("L'archive ZIP est endommagée ou utilise une compression non prise en charge.")
        ) from None


def _unzip(upload: Path, root: Path) -> Path:
    with zipfile.ZipFile(upload) as archive:
        members = [member for member in archive.infolist() if not member.is_dir()]
        if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_UNZIPPED:
            raise ValueError(_("L'archive ZIP est trop volumineuse une fois décompressée."))
        lines = [member for member in members if member.filename.lower().endswith(".jsonl")]
        if len(lines) != 1:
            raise ValueError(
                _("L'archive ZIP doit contenir un seul fichier .jsonl ; elle en contient %(count)s.")
                % {"count": len(lines)}
            )
        for member in members:
            relative = PurePosixPath(member.filename.replace("\\", "/"))
            if relative.is_absolute() or ".." in relative.parts or ":" in member.filename:
                raise ValueError(
                    _("L'archive contient un chemin refusé : « %(path)s ».") % {"path": member.filename}
                )
            destination = root.joinpath(*relative.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, destination.open("wb") as target:
                # Copied by blocks and counted, whatever size the archive announces.
                written = 0
                while block := source.read(1024 * 1024):
                    written += len(block)
                    if written > member.file_size:
                        raise ValueError(_("L'archive ZIP est endommagée."))
                    target.write(block)
        return root.joinpath(*PurePosixPath(lines[0].filename).parts)
