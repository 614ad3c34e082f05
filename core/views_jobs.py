"""The page of a job (core/jobs.py): where it stands, then its result or its errors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import jobs
from core.models import Job

# Seconds between two looks at a job that is not finished (htmx, or the page's own refresh).
REFRESH_SECONDS = 2


@never_cache
@login_required
@require_GET
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    # Only its starter and the administrators see a job; to anyone else it does not exist.
    job = Job.objects.filter(pk=pk).first()
    if job is None or not (request.user.is_superuser or job.user_id == request.user.pk):
        raise Http404
    if jobs.fail_stale_jobs(job_id=job.pk):
        job.refresh_from_db()
    kind = jobs.kind_of(job)
    try:
        back_url = reverse(kind.back_url) if kind.back_url else ""
    except NoReverseMatch:
        back_url = ""
    context = {
        "job": job,
        "label": kind.label,
        "back_url": back_url,
        "refresh_seconds": REFRESH_SECONDS,
        "dry_run": bool(job.params.get("dry_run")),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "core/_job_status.html", context)
    return render(request, "core/job.html", context)
