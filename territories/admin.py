from django.contrib import admin

from territories.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "label_fr", "label_en"]
    search_fields = ["code", "label_fr", "label_en"]
