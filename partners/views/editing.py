"""Pages where a partnership's coordinators edit it and its list of members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.forms import error_summary
from core.http import Forbidden, NotFound
from partners import actions
from partners.forms import (
    BaseMembershipFormSet,
    MembershipAddForm,
    MembershipFormSet,
    PartnershipForm,
)
from partners.models import Organisation, Partnership
from partners.permissions import can_edit_partnership

MAX_CANDIDATES = 20
MAX_QUERY_LENGTH = 100


def _partnership_for_editing(request: HttpRequest, pk: int) -> Partnership:
    """The active partnership the visitor may edit, or the 404 or 403 that explains why not."""
    partnership = Partnership.objects.active().select_related("region").filter(pk=pk).first()
    if partnership is None:
        raise NotFound(_("Aucun regroupement ne porte le numéro %(id)s.") % {"id": pk})
    if not can_edit_partnership(request.user, partnership):
        raise Forbidden(
            _("Seuls les coordonnateurs de ce regroupement peuvent modifier sa fiche et ses membres.")
        )
    return partnership


@login_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_for_editing(request, pk)
    # The form writes the typed values on its instance while validating; keep the
    # saved name for the page title.
    saved_name = partnership.name
    if request.method == "POST":
        form = PartnershipForm(request.POST, instance=partnership)
        if form.is_valid():
            changes = {field: form.cleaned_data[field] for field in form.changed_data}
            if changes:
                actions.update_partnership(request.user, partnership, changes)
                messages.success(request, _("Les modifications du regroupement ont été enregistrées."))
            else:
                messages.info(request, _("Aucune modification à enregistrer."))
            return redirect(partnership)
    else:
        form = PartnershipForm(instance=partnership)
    return render(
        request,
        "partners/partnership_form.html",
        {
            "partnership": partnership,
            "partnership_name": saved_name,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_manage(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_for_editing(request, pk)
    if request.method == "POST":
        formset = MembershipFormSet(request.POST, partnership=partnership)
        if formset.is_valid() and _save_memberships(request, formset):
            return redirect("partners:membership_manage", pk=partnership.pk)
    else:
        formset = MembershipFormSet(partnership=partnership)
    return render(
        request,
        "partners/membership_manage.html",
        {
            "partnership": partnership,
            "formset": formset,
            "errors": _formset_errors(formset) if formset.is_bound else [],
            # The search for new members runs on the add page (or in place with htmx).
            "search": _search_context(partnership, ""),
        },
    )


def _save_memberships(request: HttpRequest, formset: BaseMembershipFormSet) -> bool:
    """Apply every row of the member list, all or nothing; False when a row was refused."""
    updated = removed = 0
    forms = []
    changes = []
    for form in formset.initial_forms:
        membership = form.instance
        if membership.pk is None:
            # A tampered row that names no membership of this partnership.
            continue
        if form in formset.deleted_forms:
            changes.append(actions.MembershipChange(membership, remove=True))
            removed += 1
        elif form.has_changed():
            changes.append(
                actions.MembershipChange(
                    membership, role=form.cleaned_data["role"], joined_on=form.cleaned_data["joined_on"]
                )
            )
            updated += 1
        else:
            continue
        forms.append(form)
    try:
        actions.save_memberships(request.user, changes)
    except actions.MembershipRefused as refused:
        forms[refused.index].add_error(None, refused.error.messages)
        return False
    if updated:
        messages.success(
            request,
            ngettext("%(count)s adhésion a été modifiée.", "%(count)s adhésions ont été modifiées.", updated)
            % {"count": updated},
        )
    if removed:
        messages.success(
            request,
            ngettext(
                "%(count)s membre a été retiré du regroupement.",
                "%(count)s membres ont été retirés du regroupement.",
                removed,
            )
            % {"count": removed},
        )
    if not (updated or removed):
        messages.info(request, _("Aucune modification à enregistrer."))
    return True


def _formset_errors(formset: BaseMembershipFormSet) -> list[dict[str, str]]:
    items = [{"target": "", "label": "", "message": message} for message in formset.non_form_errors()]
    for number, form in enumerate(formset.forms, start=1):
        if form.instance.organisation_id is not None:
            row_label = form.instance.organisation.name
        else:
            row_label = _("Ligne %(number)s") % {"number": number}
        items.extend(error_summary(form, row_label=row_label))
    return items


def _search_context(
    partnership: Partnership, query: str, bound_form: MembershipAddForm | None = None
) -> dict:
    """Active organisations matching the query that are not members yet, each with its add form."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    candidates = []
    more = False
    if query:
        organisations = list(
            Organisation.objects.active()
            .search(query)
            .exclude(memberships__partnership=partnership)
            .select_related("sector")
            .order_by("name", "id")[: MAX_CANDIDATES + 1]
        )
        more = len(organisations) > MAX_CANDIDATES
        for organisation in organisations[:MAX_CANDIDATES]:
            if bound_form is not None and bound_form.data.get("organisation") == str(organisation.pk):
                form = bound_form
            else:
                form = MembershipAddForm(
                    partnership=partnership,
                    initial={"organisation": organisation.pk},
                    auto_id=f"id_ajout_{organisation.pk}_%s",
                )
            candidates.append({"organisation": organisation, "form": form})
    return {"query": query, "candidates": candidates, "more": more, "max": MAX_CANDIDATES}


def _add_errors(form: MembershipAddForm) -> list[dict[str, str]]:
    organisation = form.cleaned_data.get("organisation")
    return error_summary(form, row_label=organisation.name if organisation else "")


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_for_editing(request, pk)
    form = None
    query = request.GET.get("q", "")
    if request.method == "POST":
        query = request.POST.get("q", "")
        organisation_pk = request.POST.get("organisation", "")
        if not organisation_pk.isdigit():
            organisation_pk = "inconnu"
        form = MembershipAddForm(
            request.POST, partnership=partnership, auto_id=f"id_ajout_{organisation_pk}_%s"
        )
        if form.is_valid():
            organisation = form.cleaned_data["organisation"]
            try:
                actions.add_membership(
                    request.user,
                    partnership,
                    organisation,
                    role=form.cleaned_data["role"],
                    joined_on=form.cleaned_data["joined_on"],
                )
            except (ValidationError, IntegrityError):
                # Someone else added it between the check and the write.
                form.add_error(
                    None,
                    _("« %(organisation)s » est déjà membre de ce regroupement.")
                    % {"organisation": organisation.name},
                )
            else:
                messages.success(
                    request,
                    _("Le partenaire « %(organisation)s » a été ajouté au regroupement.")
                    % {"organisation": organisation.name},
                )
                return redirect("partners:membership_manage", pk=partnership.pk)
    search = _search_context(partnership, query, bound_form=form)
    context = {
        "partnership": partnership,
        "search": search,
        "errors": _add_errors(form) if form is not None else [],
    }
    if request.headers.get("HX-Request") == "true" and request.method == "GET":
        # htmx asks for the results only, so the search updates in place.
        response = render(request, "partners/_membership_candidates.html", context)
    else:
        response = render(request, "partners/membership_add.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response
