"""Administrators edit the EQDEM domains and enter a region's rates when they are known."""

from django.contrib import admin

from portraits.models import EqdemDomain, EqdemRate


@admin.register(EqdemDomain)
class EqdemDomainAdmin(admin.ModelAdmin):
    list_display = ("label_fr", "label_en", "code", "is_overall", "position")
    filter_horizontal = ("protective_factors",)


@admin.register(EqdemRate)
class EqdemRateAdmin(admin.ModelAdmin):
    list_display = ("domain", "region", "year", "rate", "source")
    list_filter = ("year", "domain", "region")
    list_select_related = ("domain", "region")
    autocomplete_fields = ()
