"""What the action plans keep about a person: stage changes and measurements recorded, their edits."""

from __future__ import annotations

from typing import Any

from core import personal_data
from core.personal_data import iso
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

HISTORY_MODELS = {
    "plans": Plan,
    "findings": Finding,
    "priorities": Priority,
    "objectives": Objective,
    "actions": Action,
    "indicators": Indicator,
    "measurements": Measurement,
    "reach": Reach,
}


def collect(user: Any) -> dict[str, Any]:
    """Stage changes the person recorded, how many measurements, and the count of their plan changes."""
    return {
        "stage_changes": [
            {
                "partnership_id": partnership_id,
                "partnership": partnership,
                "stage": stage,
                "changed_on": iso(changed_on),
                "note": note,
            }
            for partnership_id, partnership, stage, changed_on, note in StageChange.objects.filter(
                changed_by=user
            )
            .order_by("changed_on", "id")
            .values_list("partnership_id", "partnership__name", "stage", "changed_on", "note")
        ],
        "measurements_recorded": Measurement.objects.filter(recorded_by=user).count(),
        "changes": {key: personal_data.history_counts(model, user) for key, model in HISTORY_MODELS.items()},
    }


def forget(user: Any) -> None:
    """The measurements' history copies who recorded each value: that copy goes with the account."""
    # The live rows' ``recorded_by`` is SET_NULL; the history's copy is a plain column.
    Measurement.history.model.objects.filter(recorded_by_id=user.pk).update(recorded_by=None)


personal_data.register("plans", collect, forget=forget)
