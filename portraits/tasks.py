"""The portraits' jobs (core/jobs.py): the open data files, rebuilt every night."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from core import jobs
from core.models import Job
from core.storage import storage_errors
from portraits import opendata

jobs.register("open-data", gettext_lazy("Exportation des données ouvertes"))


@task(backend="jobs")
def export_open_data(job_id: int) -> dict:
    return jobs.run(job_id, _export_open_data)


def _export_open_data(job: Job, progress: jobs.Progress) -> Sequence[str]:
    try:
        result = opendata.export(
            job.params.get("datasets") or None,
            progress=lambda dataset, total: progress.bar(dataset.title, total),
        )
    except storage_errors() as error:
        raise jobs.JobFailed(
            [
                _(
                    "Les données ouvertes n'ont pas pu être écrites (%(error)s) ; "
                    "les fichiers précédents sont intacts."
                )
                % {"error": error}
            ]
        ) from None
    rows = number_format(sum(result.counts.values()), force_grouping=True)
    return [
        _("Données ouvertes exportées : %(rows)s lignes en %(seconds)s s.")
        % {"rows": rows, "seconds": number_format(result.seconds, 1)}
    ]
