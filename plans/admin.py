"""Administrators see every plan here; the public site is where partnerships edit them."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.roles import is_administrator
from plans import actions as plan_actions
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

    # Through the actions, as every other write to a plan: the administrator's check, the
    # history, and the re-indexing of the plan's actions (its visibility decides who finds
    # them in the search).
    def has_add_permission(self, request):
        return is_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user)

    def save_model(self, request, obj, form, change):
        plan_actions.save_plan_as_administrator(request.user, obj)

    def delete_model(self, request, obj):
        plan_actions.delete_plans(request.user, [obj])

    def delete_queryset(self, request, queryset):
        plan_actions.delete_plans(request.user, queryset)


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "system"]
    list_filter = ["system"]
    search_fields = ["title", "plan__title"]
    raw_id_fields = ["plan"]
    filter_horizontal = ["protective_factors"]


def _action_writes(data: dict) -> tuple[dict, dict]:
    """The fields and the links of an action in the admin form's cleaned data, as save_action takes them."""
    changes = {name: data[name] for name in plan_actions.ACTION_FIELDS if name in data}
    links = {name: data[name] for name in plan_actions.ACTION_M2M_FIELDS if name in data}
    return changes, links


class ActionAdminForm(forms.ModelForm):
    """The admin's action form shows the refusals of plans.actions.save_action as field errors."""

    def clean(self):
        data = super().clean()
        plan = data.get("plan")
        if plan is not None:
            changes, links = _action_writes(data)
            action = self.instance if self.instance.pk is not None else None
            for field, messages in plan_actions.action_link_errors(plan, action, changes, links).items():
                self.add_error(field, messages)
        return data


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    form = ActionAdminForm
    list_display = ["title", "plan", "action_type", "status", "progress"]
    list_filter = ["status", "action_type"]
    search_fields = ["title", "plan__title", "search_text"]
    list_select_related = ["plan", "action_type"]
    raw_id_fields = ["plan", "lead", "copied_from"]
    filter_horizontal = ["contributors", "age_periods", "populations", "objectives"]
    readonly_fields = ["search_text"]

    def save_model(self, request, obj, form, change):
        # Through the action, as every other way of writing an action: its rules, its
        # history, its folded search column and its re-indexing.
        changes, links = _action_writes(form.cleaned_data)
        plan_actions.save_action(request.user, obj.plan, obj, changes, links)

    def delete_model(self, request, obj):
        # The deleted action leaves the search with it.
        plan_actions.delete_plan_item(request.user, obj)

    def delete_queryset(self, request, queryset):
        for action in queryset.select_related("plan__partnership"):
            plan_actions.delete_plan_item(request.user, action)

    def save_related(self, request, form, formsets, change):
        # save_action has set the links already; only the inlines (none today) remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


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
