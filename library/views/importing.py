"""The library import from the browser, for knowledge editors: a JSONL file (or a ZIP of one
with its attached files) sent as a job (library/tasks.py), with the command's rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.roles import is_knowledge_editor
from core import jobs
from core.forms import error_summary
from library.tasks import IMPORT_LIBRARY, import_library_job

# A ZIP holds the items and their attached files (20 Mo each at most).
MAX_BYTES = 200 * 1024 * 1024


class LibraryImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier JSON Lines (.jsonl) ou archive ZIP"),
        help_text=gettext_lazy(
            "Un objet JSON par ligne. Pour joindre des fichiers, envoyez une archive ZIP qui contient le "
            ".jsonl et ces fichiers, nommés par leur chemin dans l'archive. 200 Mo au plus."
        ),
        widget=forms.FileInput(attrs={"accept": ".jsonl,.zip"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Vérifier seulement (ne rien enregistrer)"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse la limite de %(max)s Mo.") % {"max": MAX_BYTES // 2**20}
            )
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    if not is_knowledge_editor(request.user):
        raise PermissionDenied(
            _("Seuls les éditeurs des savoirs importent des éléments dans la bibliothèque.")
        )
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        form = LibraryImportForm(request.POST, request.FILES)
        if form.is_valid():
            job = jobs.start_import(
                IMPORT_LIBRARY,
                import_library_job,
                user=request.user,
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
            return redirect("core:job", pk=job.pk)
        errors = error_summary(form)
    else:
        form = LibraryImportForm()
    return render(request, "library/import.html", {"form": form, "errors": errors})
