"""Privacy pages: the public notice, and a person's own data (download, delete the account)."""

from __future__ import annotations

import json

from allauth.core import ratelimit
from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts import actions as account_actions
from accounts import privacy
from core import panels

#: The person in charge of the protection of personal information (Loi 25, art. 3.1).
PRIVACY_OFFICER_EMAIL = "responsable.vie-privee@agirtot.example"


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("Tapez-le de nouveau pour confirmer que c'est bien vous."),
        error_messages={"required": gettext_lazy("Tapez votre mot de passe pour confirmer la suppression.")},
    )


@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The public privacy notice (politique de confidentialité)."""
    return render(request, "accounts/privacy_notice.html", {"officer_email": PRIVACY_OFFICER_EMAIL})


def _page(request: HttpRequest, form: DeleteAccountForm, *, status: int = 200) -> HttpResponse:
    user = request.user
    context = {
        "form": form,
        "officer_email": PRIVACY_OFFICER_EMAIL,
        "is_last_administrator": privacy.is_last_administrator(user),
        # What higher apps add about their own data (the library's e-mail digest).
        "panels": panels.render("accounts.personal_data", request, user),
    }
    return render(request, "accounts/privacy_data.html", context, status=status)


@never_cache
@login_required
@require_GET
def personal_data(request: HttpRequest) -> HttpResponse:
    """What is kept about the person, the download button and the account deletion form."""
    return _page(request, DeleteAccountForm())


@never_cache
@login_required
@require_GET
def personal_data_download(request: HttpRequest) -> HttpResponse:
    """Everything kept about the person, as one UTF-8 JSON file."""
    data = privacy.export_personal_data(request.user)
    body = json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    filename = f"agirtot-donnees-personnelles-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_POST
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete the person's account once they typed their password again; then sign them out."""
    form = DeleteAccountForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    # The same limit as allauth's re-authentication: a stolen session cannot guess the password.
    if not ratelimit.consume(request, action="reauthenticate", user=request.user):
        form.add_error(None, _("Trop d'essais de mot de passe : attendez quelques minutes, puis réessayez."))
        return _page(request, form, status=429)
    try:
        account_actions.delete_account(request.user, request.user, form.cleaned_data["password"])
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, form, status=400)
    logout(request)
    return redirect("accounts:account_deleted")


@require_GET
def account_deleted(request: HttpRequest) -> HttpResponse:
    """Confirmation shown after the deletion, once the person is signed out."""
    return render(request, "accounts/privacy_deleted.html", {"officer_email": PRIVACY_OFFICER_EMAIL})
