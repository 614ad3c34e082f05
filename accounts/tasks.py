"""The accounts' jobs (core/jobs.py): the daily purge of the administrators' access log."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from accounts.privacy import purge_access_log as purge
from core import jobs
from core.models import Job

jobs.register("access-log-purge", gettext_lazy("Purge du journal des accès"))


@task(backend="jobs")
def purge_access_log(job_id: int) -> dict:
    return jobs.run(job_id, _purge)


def _purge(job: Job, progress: jobs.Progress) -> Sequence[str]:
    return [_("Journal des accès : %(count)s entrée(s) supprimée(s).") % {"count": purge()}]
