"""The page where coordinators and members update many actions at once from a file."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core import jobs
from core.exports import FORMATS, export_response
from core.forms import error_summary
from core.http import InvalidRequest
from plans.imports import MAX_BYTES, MAX_ROWS, progress_template
from plans.models import ActionStatus
from plans.tasks import IMPORT_PROGRESS, import_progress_job


class ProgressImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV ou XLSX"),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Vérifier seulement (ne rien enregistrer)"),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV en UTF-8 (séparateur point-virgule ou virgule) ou classeur Excel .xlsx, "
            "%(max)s Mo et %(rows)s lignes au plus."
        ) % {"max": MAX_BYTES // (1024 * 1024), "rows": number_format(MAX_ROWS, force_grouping=True)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Checked on the size Django measured while receiving it, before reading it.
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse la limite de %(max)s Mo.") % {"max": MAX_BYTES // (1024 * 1024)}
            )
        return upload


def _back_url() -> str:
    # The list of plans is where progress is read; the home page until it exists.
    try:
        return reverse("plans:plan_list")
    except NoReverseMatch:
        return reverse("home")


@login_required
@require_http_methods(["GET", "POST"])
def import_progress_page(request: HttpRequest) -> HttpResponse:
    template_format = request.GET.get("modele")
    if request.method == "GET" and template_format is not None:
        if template_format not in FORMATS:
            raise InvalidRequest(
                _("Le modèle « %(format)s » n'est pas offert : choisissez csv ou xlsx.")
                % {"format": template_format}
            )
        return export_response(template_format, _("modele-avancement"), [progress_template(request.user)])

    errors: list[dict[str, str]] = []
    if request.method == "POST":
        form = ProgressImportForm(request.POST, request.FILES)
        if form.is_valid():
            # The import runs as a job (plans/tasks.py): the browser follows the job's page,
            # where its result or its errors appear.
            job = jobs.start_import(
                IMPORT_PROGRESS,
                import_progress_job,
                user=request.user,
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
            return redirect("core:job", pk=job.pk)
        errors = error_summary(form)
    else:
        form = ProgressImportForm()

    return render(
        request,
        "plans/import_progress.html",
        {
            "form": form,
            "errors": errors,
            "error_count": len(errors),
            "back_url": _back_url(),
            "statuses": ActionStatus.choices,
            "max_rows": MAX_ROWS,
            "max_megabytes": MAX_BYTES // (1024 * 1024),
        },
    )
