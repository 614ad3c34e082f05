"""The page where a signed-in person creates and revokes their API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import actions as account_actions
from accounts import tokens
from core.http import NotFound


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nom du jeton"),
        max_length=tokens.NAME_MAX_LENGTH,
        help_text=gettext_lazy("Pour le reconnaître plus tard, p. ex. « Tableau de bord du regroupement »."),
        error_messages={"required": gettext_lazy("Donnez un nom au jeton.")},
    )


def _page(request: HttpRequest, form: TokenForm, *, new_key: str = "") -> HttpResponse:
    context = {"tokens": tokens.tokens_of(request.user), "form": form, "new_key": new_key}
    return render(request, "accounts/tokens.html", context)


# never_cache: the answer to a creation holds the key, which no cache may keep.
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """The person's tokens, and the form that creates one (its key is shown in this answer only)."""
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = account_actions.create_token(request.user, form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Le jeton « %(name)s » est créé. Copiez sa clé maintenant : elle ne sera plus affichée.")
                % {"name": token.name},
            )
            # No redirect: the key must not outlive this answer (no session, no second page).
            return _page(request, TokenForm(), new_key=key)
    return _page(request, form)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the person's own tokens."""
    # Only the person's own tokens are found here: another's is "not found", not "forbidden".
    token = tokens.tokens_of(request.user).filter(pk=pk).first()
    if token is None:
        raise NotFound(_("Vous n'avez aucun jeton d'API portant le numéro %(id)s.") % {"id": pk})
    if token.revoked_at is None:
        account_actions.revoke_token(request.user, token)
        messages.success(
            request,
            _("Le jeton « %(name)s » est révoqué : il ne donne plus accès à l'API.") % {"name": token.name},
        )
    return redirect("accounts:tokens")
