"""The search engine's jobs (core/jobs.py): rebuilding the whole index."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from core import jobs
from core.models import Job
from search import index, registry

REBUILD = "search.rebuild"
jobs.register(REBUILD, gettext_lazy("Reconstruction de l'index de recherche"))


@task(backend="jobs")
def rebuild_search_index(job_id: int) -> dict:
    return jobs.run(job_id, _rebuild)


def _rebuild(job: Job, progress: jobs.Progress) -> Sequence[str]:
    types = job.params.get("types") or list(registry.SOURCES)
    progress.begin(_("Indexation"), index.count(types))
    total = index.rebuild(types, progress=progress.advance)
    return [_("%(n)s documents indexés.") % {"n": number_format(total, force_grouping=True)}]
