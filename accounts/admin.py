"""People's accounts in Django's admin, and the read-only log of administrators' access to them.

Opening the user list or a person's record here (or in Wagtail's users admin) is
logged by ``accounts.middleware.AdminAccessLogMiddleware``.
"""

import json

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.middleware import record_access
from accounts.models import AccessKind, AccessLog, User
from accounts.privacy import export_personal_data


def _account_label(user: User) -> str:
    """Administrators tell accounts apart by their address (str(user) never shows it)."""
    name = user.get_full_name()
    return f"{name} <{user.email}>" if name else user.email


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    actions = ["download_personal_data"]

    @admin.action(description=_("Télécharger les données personnelles (JSON)"))
    def download_personal_data(self, request, queryset):
        """Answer an access request received by another channel (e-mail, mail): one person at a time."""
        people = list(queryset[:2])
        if len(people) != 1:
            self.message_user(
                request,
                _("Choisissez une seule personne : ses données sont téléchargées dans un fichier à part."),
                messages.WARNING,
            )
            return None
        person = people[0]
        record_access(request, AccessKind.EXPORT, person.pk)
        body = json.dumps(export_personal_data(person), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        filename = f"agirtot-donnees-personnelles-{person.pk}-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes an entry by hand."""

    list_display = ["created_at", "actor_label", "kind", "subject_label", "path"]
    list_filter = ["kind", "created_at"]
    search_fields = ["actor__email", "subject__email", "path"]
    list_select_related = ["actor", "subject"]
    date_hierarchy = "created_at"
    fields = ["created_at", "actor_label", "kind", "subject_label", "path"]
    readonly_fields = fields

    @admin.display(description=_("administrateur"))
    def actor_label(self, entry: AccessLog) -> str:
        return _account_label(entry.actor) if entry.actor_id is not None else "—"

    @admin.display(description=_("personne concernée"))
    def subject_label(self, entry: AccessLog) -> str:
        if entry.subject_id is not None:
            return _account_label(entry.subject)
        if entry.subject_pk is not None:
            return _("Compte n° %(number)s (supprimé)") % {"number": entry.subject_pk}
        return "—"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
