"""Pages where people propose library items and follow their review, without Wagtail's admin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import error_summary
from core.http import Forbidden, InvalidRequest, NotFound
from library.actions.submission import (
    Status,
    can_resubmit,
    can_submit,
    current_review,
    editable_version,
    resubmit_item,
    submissions_of,
    submit_item,
)
from library.forms import SubmissionForm
from library.models import LibraryItem
from library.models.items import ItemKind

#: What each kind is, shown where people choose one.
KIND_DESCRIPTIONS = {
    ItemKind.LEARNING: gettext_lazy(
        "Ce que votre regroupement ou votre organisation a appris d'une initiative : le contexte, ce qui "
        "a été fait, les résultats, les conditions de succès, les défis et des conseils pour réinvestir."
    ),
    ItemKind.TOOL: gettext_lazy("Un guide, un gabarit ou une grille d'animation, avec ses fichiers."),
    ItemKind.PUBLICATION: gettext_lazy("Un rapport, une évaluation ou une synthèse de recherche."),
    ItemKind.DOSSIER: gettext_lazy("Une série ordonnée d'éléments déjà publiés dans la bibliothèque."),
    ItemKind.NEWS: gettext_lazy("Une nouvelle du réseau."),
}


def _refused(request: HttpRequest) -> HttpResponse:
    return render(request, "library/submit_refused.html", status=403)


def _kind_or_none(request: HttpRequest) -> str | None:
    kind = request.POST.get("type") or request.GET.get("type")
    if not kind:
        return None
    if kind not in ItemKind.values:
        raise InvalidRequest(
            _("« %(kind)s » n'est pas un type de contenu : choisissez %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(ItemKind.values)}
        )
    return kind


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """/bibliotheque/proposer/: choose a kind, then fill in its form."""
    if not can_submit(request.user):
        return _refused(request)
    kind = _kind_or_none(request)
    if kind is None:
        kinds = [{"value": k.value, "label": k.label, "description": KIND_DESCRIPTIONS[k]} for k in ItemKind]
        return render(request, "library/submit_choose.html", {"kinds": kinds})
    language = get_language() if get_language() in ("fr", "en") else "fr"
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, user=request.user, kind=kind)
        if form.is_valid():
            try:
                page = submit_item(request.user, form.submission_data(), form.uploaded_files())
            except ValidationError as error:
                form.add_action_errors(error)
            else:
                messages.success(
                    request,
                    _(
                        "Merci ! « %(title)s » est envoyé aux éditeurs des savoirs. Vous recevrez un "
                        "courriel à chaque étape de la révision."
                    )
                    % {"title": page.title},
                )
                return redirect("library:my_contributions")
    else:
        form = SubmissionForm(user=request.user, kind=kind, initial={"language": language})
    return render(
        request,
        "library/submit.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": ItemKind(kind).label,
            "errors": error_summary(form) if form.is_bound else [],
        },
    )


@login_required
@require_http_methods(["GET"])
def my_contributions(request: HttpRequest) -> HttpResponse:
    """/bibliotheque/mes-contributions/: the person's items and where each stands."""
    _total, submissions = submissions_of(request.user)
    return render(
        request,
        "library/my_contributions.html",
        {
            "submissions": submissions,
            "can_submit": can_submit(request.user),
            "changes_requested": Status.CHANGES_REQUESTED,
            "published": Status.PUBLISHED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_submission(request: HttpRequest, page_id: int) -> HttpResponse:
    """/bibliotheque/mes-contributions/<id>/modifier/: answer a request for changes."""
    page = LibraryItem.objects.filter(pk=page_id, owner=request.user).select_related("locale").first()
    if page is None:
        # Someone else's item, or none: the same answer, so that drafts do not leak.
        raise NotFound(_("Aucune de vos contributions ne porte le numéro %(id)s.") % {"id": page_id})
    page = page.specific
    review = current_review(page)
    if not can_resubmit(request.user, page, review):
        raise Forbidden(
            _(
                "Ce contenu ne peut pas être modifié maintenant : on le modifie ici seulement quand les "
                "éditeurs des savoirs demandent des modifications."
            )
        )
    draft = editable_version(page)
    kind = page.item_kind
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, user=request.user, kind=kind, editing=draft)
        if form.is_valid():
            try:
                resubmit_item(request.user, page, form.submission_data(), form.uploaded_files())
            except ValidationError as error:
                form.add_action_errors(error)
            else:
                messages.success(
                    request,
                    _("Vos modifications sont envoyées : « %(title)s » est de nouveau en révision.")
                    % {"title": form.cleaned_data["title"]},
                )
                return redirect("library:my_contributions")
    else:
        form = SubmissionForm(user=request.user, kind=kind, editing=draft)
    comment = review.current_task_state.comment if review and review.current_task_state else ""
    return render(
        request,
        "library/submit_edit.html",
        {
            "form": form,
            "page": draft,
            "kind": kind,
            "kind_label": ItemKind(kind).label,
            "comment": comment,
            "errors": error_summary(form) if form.is_bound else [],
        },
    )
