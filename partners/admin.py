"""Administrators manage the network here; saves go through the partners' actions."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partners import actions
from partners.models import Affiliation, Membership, Organisation, Partnership


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["organisation"]
    extra = 0


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "sector", "scale", "municipality", "is_active"]
    list_filter = ["is_active", "scale", "sector", "regions"]
    search_fields = ["name", "municipality", "search_text"]
    filter_horizontal = ["regions"]
    inlines = [AffiliationInline]
    list_select_related = ["sector"]

    def save_model(self, request, obj, form, change):
        actions.save_organisation(obj, actor=request.user)


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "region", "territory_name", "dpe_stage", "is_active"]
    list_filter = ["is_active", "kind", "dpe_stage", "region"]
    search_fields = ["name", "territory_name", "search_text"]
    autocomplete_fields = ["coordinators"]
    inlines = [MembershipInline]
    list_select_related = ["region"]

    def save_model(self, request, obj, form, change):
        actions.save_partnership(obj, actor=request.user)
