"""Log administrators' access to people's records in both admins (Québec's Loi 25).

Django's admin (``/django-admin/accounts/user/…``) and Wagtail's users admin
(``/admin/users/…``) show people's personal data. Every answer of those views that
shows or changes it writes an ``AccessLog`` row: who, whose record, what (list, view,
change, delete), when and the address. One middleware covers both admins, since
Wagtail's user views offer no hook on a plain visit; it only looks at requests whose
resolved view is one of those below, so other requests cost nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from accounts.models import AccessKind, AccessLog, User

# (URL namespace, URL name) → (access on a GET or a re-shown form, access on a successful POST)
_VIEWS: dict[tuple[str, str], tuple[str, str]] = {
    ("admin", "accounts_user_changelist"): (AccessKind.LIST, AccessKind.CHANGE),
    ("admin", "accounts_user_change"): (AccessKind.VIEW, AccessKind.CHANGE),
    ("admin", "accounts_user_history"): (AccessKind.VIEW, AccessKind.VIEW),
    ("admin", "accounts_user_delete"): (AccessKind.VIEW, AccessKind.DELETE),
    ("admin", "auth_user_password_change"): (AccessKind.VIEW, AccessKind.CHANGE),
    ("wagtailusers_users", "index"): (AccessKind.LIST, AccessKind.LIST),
    ("wagtailusers_users", "index_results"): (AccessKind.LIST, AccessKind.LIST),
    ("wagtailusers_users", "edit"): (AccessKind.VIEW, AccessKind.CHANGE),
    ("wagtailusers_users", "delete"): (AccessKind.VIEW, AccessKind.DELETE),
    ("wagtailusers_users", "history"): (AccessKind.VIEW, AccessKind.VIEW),
    ("wagtailusers_users", "history_results"): (AccessKind.VIEW, AccessKind.VIEW),
    ("wagtailusers_users", "usage"): (AccessKind.VIEW, AccessKind.VIEW),
    ("wagtailusers_users", "copy"): (AccessKind.VIEW, AccessKind.VIEW),
}
_PREFIXES = ("/django-admin/accounts/user/", "/admin/users/")


def _subject_pk(kwargs: dict) -> int | None:
    value = kwargs.get("object_id", kwargs.get("pk", kwargs.get("id")))
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _access(request: HttpRequest, response: HttpResponse) -> str | None:
    """What the answer did with the data, or ``None`` when it showed or changed nothing."""
    match = request.resolver_match
    if match is None or not request.user.is_authenticated:
        return None
    kinds = _VIEWS.get((match.namespace, match.url_name))
    if kinds is None:
        return None
    shown, changed = kinds
    if response.status_code == 200:
        return shown
    # A redirect after a POST is a change that went through (saved, deleted).
    if request.method == "POST" and response.status_code in (301, 302, 303):
        return changed
    return None


def record_access(request: HttpRequest, kind: str, subject_pk: int | None) -> AccessLog:
    """Write one entry for ``request.user``'s access to the record ``subject_pk`` (or the list)."""
    exists = subject_pk is not None and User.objects.filter(pk=subject_pk).exists()
    request._personal_data_access_logged = True  # the view said what it did: no second entry
    return AccessLog.objects.create(
        actor=request.user,
        subject_id=subject_pk if exists else None,
        subject_pk=subject_pk,
        kind=kind,
        path=request.get_full_path()[: AccessLog._meta.get_field("path").max_length],
    )


class AdminAccessLogMiddleware:
    """Write an ``AccessLog`` entry for each answer of the admins' user views."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(_PREFIXES) and not getattr(request, "_personal_data_access_logged", False):
            kind = _access(request, response)
            if kind is not None:
                record_access(request, kind, _subject_pk(request.resolver_match.kwargs))
        return response
