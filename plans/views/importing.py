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

from core.exports import FORMATS, export_response
from core.http import InvalidRequest
from partners.forms import error_summary
from plans.imports import (
    MAX_BYTES,
    MAX_ROWS,
    ImportFailed,
    ImportIssue,
    import_progress,
    progress_template,
    summary_lines,
)
from plans.models import ActionStatus

# A file full of mistakes can have thousands; the first ones are enough to start fixing.
MAX_ISSUES_SHOWN = 200
RESULT_SESSION_KEY = "plans_import_result"


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


def _issue_items(issues: list[ImportIssue]) -> list[dict[str, str]]:
    return [{"target": "", "label": "", "message": str(issue)} for issue in issues]


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
            upload = form.cleaned_data["file"]
            dry_run = form.cleaned_data["dry_run"]
            try:
                result = import_progress(request.user, upload.read(), upload.name, dry_run=dry_run)
            except ImportFailed as failure:
                errors = _issue_items(failure.issues)
            else:
                # Shown once on the page the browser is sent to, so that reloading it
                # does not send the file again.
                request.session[RESULT_SESSION_KEY] = {
                    "dry_run": dry_run,
                    "filename": upload.name,
                    "lines": summary_lines(result, dry_run=dry_run),
                }
                return redirect("plans:import_progress")
        else:
            errors = error_summary(form)
    else:
        form = ProgressImportForm()

    return render(
        request,
        "plans/import_progress.html",
        {
            "form": form,
            "errors": errors[:MAX_ISSUES_SHOWN],
            "error_count": len(errors),
            "hidden_error_count": max(len(errors) - MAX_ISSUES_SHOWN, 0),
            "result": request.session.pop(RESULT_SESSION_KEY, None) if request.method == "GET" else None,
            "back_url": _back_url(),
            "statuses": ActionStatus.choices,
            "max_rows": MAX_ROWS,
            "max_megabytes": MAX_BYTES // (1024 * 1024),
        },
    )
