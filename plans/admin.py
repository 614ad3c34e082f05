"""Administrators see every plan here; the public site is where partnerships edit them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.actions import action_search_text
from plans.models import (
    Action,
    Finding,
    Indicator,
    Measurement,
    Objective,
    Plan,
    Priority,
    Reach,
    StageChange,
)


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "start_year", "end_year", "status", "visibility"]
    list_filter = ["status", "visibility", "partnership__region"]
    search_fields = ["title", "partnership__name"]
    list_select_related = ["partnership"]
    raw_id_fields = ["partnership", "previous"]
    inlines = [FindingInline, PriorityInline]


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "system"]
    list_filter = ["system"]
    search_fields = ["title", "plan__title"]
    raw_id_fields = ["plan"]
    filter_horizontal = ["protective_factors"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "action_type", "status", "progress"]
    list_filter = ["status", "action_type"]
    search_fields = ["title", "plan__title", "search_text"]
    list_select_related = ["plan", "action_type"]
    raw_id_fields = ["plan", "lead", "copied_from"]
    filter_horizontal = ["contributors", "age_periods", "populations", "objectives"]
    readonly_fields = ["search_text"]

    def save_model(self, request, obj, form, change):
        # Keep the folded search column in step, as plans.actions.save_action does.
        obj.search_text = action_search_text(obj)
        super().save_model(request, obj, form, change)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "unit", "baseline", "target"]
    search_fields = ["name"]
    raw_id_fields = ["plan", "objective", "action"]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "measured_on", "value"]
    raw_id_fields = ["indicator", "recorded_by"]


@admin.register(Reach)
class ReachAdmin(SimpleHistoryAdmin):
    list_display = ["action", "year", "children", "parents", "families"]
    raw_id_fields = ["action"]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ["partnership", "stage", "changed_on", "changed_by"]
    list_filter = ["stage"]
    raw_id_fields = ["partnership", "changed_by"]
