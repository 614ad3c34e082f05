"""The plans' jobs (core/jobs.py): the progress import sent from the upload page."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from core import jobs
from core.models import Job
from plans.imports import MAX_BYTES, ImportFailed, import_progress, summary_lines

IMPORT_PROGRESS = "plans.import_progress"
jobs.register(
    IMPORT_PROGRESS, gettext_lazy("Importation de l'avancement des actions"), "plans:import_progress"
)


@task(backend="jobs")
def import_progress_job(job_id: int) -> dict:
    return jobs.run(job_id, _import_progress)


def _import_progress(job: Job, progress: jobs.Progress) -> Sequence[str]:
    dry_run = bool(job.params.get("dry_run"))
    if job.user is None or not job.user.is_active:
        raise jobs.JobFailed(
            [_("Le compte qui a envoyé le fichier n'est plus actif : rien n'a été enregistré.")]
        )
    progress.begin(_("Vérification"), 0)
    # One byte past the limit is enough for the import to refuse the file.
    content = jobs.read_input(job, MAX_BYTES + 1)
    try:
        result = import_progress(
            job.user,
            content,
            job.input_label,
            dry_run=dry_run,
            progress_bar=lambda items, total: progress.wrap(items, total, _("Enregistrement")),
        )
    except ImportFailed as failure:
        raise jobs.JobFailed([str(issue) for issue in failure.issues]) from None
    return summary_lines(result, dry_run=dry_run)
