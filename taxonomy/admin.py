from django.contrib import admin

from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, Sector, System, Theme


class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ["label_fr", "label_en", "code", "position"]
    list_editable = ["position"]
    search_fields = ["code", "label_fr", "label_en"]


for model in (System, AgePeriod, Population, Sector, ActionType, Theme):
    admin.site.register(model, ReferenceItemAdmin)


@admin.register(ProtectiveFactor)
class ProtectiveFactorAdmin(ReferenceItemAdmin):
    list_display = ["label_fr", "label_en", "system", "position"]
    list_filter = ["system"]
