"""What a plan's page and its download show, computed in Python from prefetched rows.

Nothing here queries the database: the page loads the plan with everything it needs
(``plans.views.pages.load_plan``), so the page costs the same number of queries
whatever the plan's size.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from plans.models import Action, Indicator, Measurement, Objective, Plan, Reach
from taxonomy.models import ProtectiveFactor, System


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal("0"))


# Links between actions and objectives --------------------------------------------------


def link_actions_and_objectives(actions: Sequence[Action], objectives: Sequence[Objective]) -> None:
    """Give each action its full objectives and each objective its actions.

    Actions are prefetched with their objectives' ids only; the objectives themselves
    (system, protective factors, priorities) are loaded once with the plan.
    """
    by_id = {objective.pk: objective for objective in objectives}
    for objective in objectives:
        objective.action_list = []
    for action in actions:
        action.objective_list = [by_id[o.pk] for o in action.objectives.all() if o.pk in by_id]
        for objective in action.objective_list:
            objective.action_list.append(action)


# Coverage matrix -------------------------------------------------------------------------


@dataclass
class Cell:
    """The plan's actions serving an objective of ``system`` tied to ``factor``."""

    factor: ProtectiveFactor
    system: System
    actions: list[Action] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.actions)

    @property
    def budget(self) -> Decimal:
        return _sum(action.budget for action in self.actions)

    @property
    def in_kind(self) -> Decimal:
        return _sum(action.in_kind for action in self.actions)

    @property
    def is_gap(self) -> bool:
        return not self.actions


@dataclass
class MatrixRow:
    factor: ProtectiveFactor
    cells: list[Cell]


@dataclass
class MatrixGroup:
    """The protective factors of one system, as a group of rows."""

    system: System
    rows: list[MatrixRow]


@dataclass
class CoverageMatrix:
    """Rows: protective factors grouped by their system; columns: the systems."""

    systems: list[System]
    groups: list[MatrixGroup]

    def cells(self) -> list[Cell]:
        return [cell for group in self.groups for row in group.rows for cell in row.cells]

    def cell(self, factor_code: str, system_code: str) -> Cell:
        for cell in self.cells():
            if cell.factor.code == factor_code and cell.system.code == system_code:
                return cell
        raise KeyError((factor_code, system_code))

    @property
    def gap_count(self) -> int:
        return sum(1 for cell in self.cells() if cell.is_gap)


def coverage_matrix(
    actions: Sequence[Action], systems: Sequence[System], factors: Sequence[ProtectiveFactor]
) -> CoverageMatrix:
    """Count each action once per (factor, system) cell it serves, whatever the number of
    its objectives in that cell. Call ``link_actions_and_objectives`` first."""
    served: dict[tuple[int, int], dict[int, Action]] = {}
    for action in actions:
        for objective in action.objective_list:
            for factor in objective.protective_factors.all():
                served.setdefault((factor.pk, objective.system_id), {})[action.pk] = action
    groups = []
    for system in systems:
        rows = []
        for factor in factors:
            if factor.system_id != system.pk:
                continue
            cells = [
                Cell(
                    factor=factor,
                    system=column,
                    actions=list(served.get((factor.pk, column.pk), {}).values()),
                )
                for column in systems
            ]
            rows.append(MatrixRow(factor=factor, cells=cells))
        if rows:
            groups.append(MatrixGroup(system=system, rows=rows))
    return CoverageMatrix(systems=list(systems), groups=groups)


# Timeline --------------------------------------------------------------------------------


def active_years(action: Action, plan: Plan) -> list[int]:
    """The plan's years in which the action runs; a missing date stretches it to the
    plan's first or last year, so an action without dates spans the whole period."""
    first = action.start_date.year if action.start_date else plan.start_year
    last = action.end_date.year if action.end_date else plan.end_year
    return [year for year in plan.years if first <= year <= last]


@dataclass
class TimelineRow:
    action: Action
    years: list[int]
    cells: list[tuple[int, bool]]  # (year, active) for every year of the plan

    @property
    def undated(self) -> bool:
        return self.action.start_date is None and self.action.end_date is None


@dataclass
class TimelineYear:
    year: int
    actions: list[Action]

    @property
    def count(self) -> int:
        return len(self.actions)

    @property
    def budget(self) -> Decimal:
        return _sum(action.budget for action in self.actions)


@dataclass
class Timeline:
    years: list[TimelineYear]
    rows: list[TimelineRow]


def timeline(plan: Plan, actions: Sequence[Action]) -> Timeline:
    rows = []
    by_year: dict[int, list[Action]] = {year: [] for year in plan.years}
    for action in actions:
        years = active_years(action, plan)
        for year in years:
            by_year[year].append(action)
        rows.append(
            TimelineRow(action=action, years=years, cells=[(year, year in years) for year in plan.years])
        )
    return Timeline(years=[TimelineYear(year, by_year[year]) for year in plan.years], rows=rows)


# Indicators ------------------------------------------------------------------------------


@dataclass
class IndicatorProgress:
    """An indicator with its latest measured value and how far it went toward its target."""

    indicator: Indicator
    measurements: list[Measurement]

    @property
    def latest(self) -> Measurement | None:
        # Prefetched in date order.
        return self.measurements[-1] if self.measurements else None

    @property
    def percent(self) -> int | None:
        """Share of the way from the baseline to the target (may pass 100 or go below 0)."""
        latest, baseline, target = self.latest, self.indicator.baseline, self.indicator.target
        if latest is None or baseline is None or target is None or target == baseline:
            return None
        share = (latest.value - baseline) / (target - baseline) * 100
        return int(share.quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    @property
    def bar_percent(self) -> int:
        return max(0, min(100, self.percent or 0))

    @property
    def reached(self) -> bool:
        return self.percent is not None and self.percent >= 100


def indicator_progress(indicators: Iterable[Indicator]) -> list[IndicatorProgress]:
    return [IndicatorProgress(indicator, list(indicator.measurements.all())) for indicator in indicators]


# Reach -----------------------------------------------------------------------------------


@dataclass
class ReachTotal:
    year: int | None  # None for the total over every year
    children: int = 0
    parents: int = 0
    families: int = 0

    def add(self, reach: Reach) -> None:
        self.children += reach.children
        self.parents += reach.parents
        self.families += reach.families


def reach_by_year(actions: Iterable[Action]) -> tuple[list[ReachTotal], ReachTotal]:
    """Children, parents and families reached per year by the plan's actions, and in all."""
    years: dict[int, ReachTotal] = {}
    total = ReachTotal(year=None)
    for action in actions:
        for reach in action.reach.all():
            years.setdefault(reach.year, ReachTotal(year=reach.year)).add(reach)
            total.add(reach)
    return [years[year] for year in sorted(years)], total


# Everything the plan page shows ----------------------------------------------------------


@dataclass
class SystemPortrait:
    system: System
    findings: list
    priorities: list


@dataclass
class PlanReport:
    """The plan with its sections, ready for the page and the download."""

    plan: Plan
    actions: list[Action]
    objectives: list[Objective]
    portrait: list[SystemPortrait]
    matrix: CoverageMatrix
    timeline: Timeline
    indicators: list[IndicatorProgress]
    reach_years: list[ReachTotal]
    reach_total: ReachTotal
    previous: Plan | None = None
    next_plans: list[Plan] = field(default_factory=list)
    stage_since: datetime.date | None = None

    @property
    def budget(self) -> Decimal:
        return _sum(action.budget for action in self.actions)

    @property
    def in_kind(self) -> Decimal:
        return _sum(action.in_kind for action in self.actions)

    @property
    def has_evaluation(self) -> bool:
        plan = self.plan
        return bool(plan.evaluation_worked or plan.evaluation_not_worked or plan.evaluation_learnings)


def plan_report(
    plan: Plan,
    systems: Sequence[System],
    factors: Sequence[ProtectiveFactor],
    *,
    neighbours: Iterable[Plan] = (),
    stage_since: datetime.date | None = None,
) -> PlanReport:
    """Build every section from a plan loaded with its prefetches."""
    actions = list(plan.actions.all())
    objectives = list(plan.objectives.all())
    link_actions_and_objectives(actions, objectives)
    findings = list(plan.findings.all())
    priorities = list(plan.priorities.all())
    portrait = [
        SystemPortrait(
            system=system,
            findings=[f for f in findings if f.system_id == system.pk],
            priorities=[p for p in priorities if p.system_id == system.pk],
        )
        for system in systems
    ]
    reach_years, reach_total = reach_by_year(actions)
    indicators = list(plan.indicators.all())
    objectives_by_id = {o.pk: o for o in objectives}
    actions_by_id = {a.pk: a for a in actions}
    for indicator in indicators:
        # What the indicator follows, taken from the rows already loaded.
        indicator.subject = objectives_by_id.get(indicator.objective_id) or actions_by_id.get(
            indicator.action_id
        )
    neighbours = list(neighbours)
    return PlanReport(
        plan=plan,
        actions=actions,
        objectives=objectives,
        portrait=portrait,
        matrix=coverage_matrix(actions, systems, factors),
        timeline=timeline(plan, actions),
        indicators=indicator_progress(indicators),
        reach_years=reach_years,
        reach_total=reach_total,
        previous=next((p for p in neighbours if p.pk == plan.previous_id), None),
        next_plans=[p for p in neighbours if p.previous_id == plan.pk],
        stage_since=stage_since,
    )
