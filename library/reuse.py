"""Reads of réinvestissement: who may reinvest where, what a source suggests for the new
action, and the lineage shown on both sides (the item or action reused, the action made).

Every function costs a fixed number of queries whatever the number of reinvestments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Case, Count, QuerySet, Value, When

from accounts.roles import is_administrator
from library.models import LibraryItem, Reinvestment
from library.querysets import reinvestment_visible_to
from library.text import html_to_text
from partners.models import Organisation, Partnership
from plans.models import Action, Objective, Plan, PlanStatus
from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

Source = LibraryItem | Action

#: How many reinvestments a page lists; the count above the list is always complete.
SHOWN = 30


# Who may reinvest, and where ------------------------------------------------------------


def can_reinvest(user: User | AnonymousUser) -> bool:
    """Coordinators of an active partnership, and administrators, reinvest into plans."""
    if not (user.is_authenticated and user.is_active):
        return False
    return is_administrator(user) or Partnership.objects.active().filter(coordinators=user).exists()


def coordinated_partnerships(user: User | AnonymousUser) -> QuerySet[Partnership]:
    if not (user.is_authenticated and user.is_active):
        return Partnership.objects.none()
    return Partnership.objects.active().filter(coordinators=user).order_by("name", "id")


def reinvestable_plans(user: User | AnonymousUser) -> QuerySet[Plan]:
    """The plans of the partnerships the user coordinates: the ones offered as targets.

    Administrators may reinvest into any plan, but only their own partnerships' plans
    are listed; another plan is chosen by its number.
    """
    if not (user.is_authenticated and user.is_active):
        return Plan.objects.none()
    return (
        Plan.objects.filter(partnership__in=coordinated_partnerships(user).values("pk"))
        .select_related("partnership")
        # Plans still running first, the most recent first.
        .order_by(
            Case(When(status=PlanStatus.DONE, then=Value(1)), default=Value(0)),
            "-start_year",
            "partnership__name",
            "id",
        )
    )


def published_items() -> QuerySet[LibraryItem]:
    """Items anyone may read, hence reinvest."""
    return LibraryItem.objects.published()


# What a source suggests ----------------------------------------------------------------


@dataclass
class Suggestion:
    """The new action as the source suggests it, before the coordinator adapts it."""

    title: str
    description: str
    action_type: ActionType | None
    lead: Organisation | None
    age_periods: list[AgePeriod] = field(default_factory=list)
    populations: list[Population] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)

    def initial(self) -> dict:
        """The form's initial values."""
        return {
            "title": self.title,
            "description": self.description,
            "action_type": self.action_type.pk if self.action_type else None,
            "lead": self.lead.pk if self.lead else None,
            "age_periods": [p.pk for p in self.age_periods],
            "populations": [p.pk for p in self.populations],
            "objectives": [o.pk for o in self.objectives],
        }


def item_description(item: LibraryItem) -> str:
    """The summary, then what was done (a learning) or the body (other items), as plain text."""
    specific = item.specific
    detail = html_to_text(getattr(specific, "what_was_done", "") or item.body)
    return "\n\n".join(part for part in (item.summary.strip(), detail) if part)


def suggest(source: Source, plan: Plan) -> Suggestion:
    """Title, description, type, ages and populations from the source; the lead among the
    target partnership's members who worked on the source; the target plan's intended
    changes that share a protective factor with the source."""
    members = Organisation.objects.active().filter(memberships__partnership_id=plan.partnership_id)
    if isinstance(source, Action):
        factors = ProtectiveFactor.objects.filter(objectives__actions=source)
        authors = [source.lead_id] if source.lead_id else []
        return Suggestion(
            title=source.title,
            description=source.description,
            action_type=source.action_type,
            lead=members.filter(pk__in=authors).first(),
            age_periods=list(source.age_periods.all()),
            populations=list(source.populations.all()),
            objectives=_objectives_sharing(plan, factors),
        )
    return Suggestion(
        title=source.title,
        description=item_description(source),
        action_type=source.action_types.order_by("position", "code").first(),
        lead=members.filter(pk__in=source.organisations.values("pk")).order_by("name", "id").first(),
        age_periods=list(source.age_periods.all()),
        populations=list(source.populations.all()),
        objectives=_objectives_sharing(plan, source.protective_factors.all()),
    )


def _objectives_sharing(plan: Plan, factors: QuerySet[ProtectiveFactor]) -> list[Objective]:
    return list(Objective.objects.filter(plan=plan, protective_factors__in=factors.values("pk")).distinct())


# Lineage ---------------------------------------------------------------------------------


@dataclass
class Lineage:
    """How often a source was reinvested, and the reinvestments the viewer may see."""

    total: int
    partnership_count: int
    visible_count: int
    shown: list[Reinvestment]

    @property
    def hidden_count(self) -> int:
        """Reinvestments into plans the viewer may not see: counted, never named."""
        return self.total - self.visible_count

    @property
    def more_count(self) -> int:
        return self.visible_count - len(self.shown)


def _of_source(source: Source) -> QuerySet[Reinvestment]:
    """Every reinvestment of the source, visible or not."""
    if isinstance(source, Action):
        return Reinvestment.objects.filter(source_action=source)
    return Reinvestment.objects.filter(source_item_id=source.pk)


def visible_reinvestments(source: Source, user: User | AnonymousUser) -> QuerySet[Reinvestment]:
    """The reinvestments of the source the user may see (the rule of
    ``Reinvestment.objects.visible_to``), the most recent first, with what their lines show."""
    return _lines(_of_source(source).visible_to(user))


def _lines(reinvestments: QuerySet[Reinvestment]) -> QuerySet[Reinvestment]:
    return reinvestments.select_related("action__plan", "partnership").order_by("-created_at", "-id")


def lineage(source: Source, user: User | AnonymousUser, shown: int = SHOWN) -> Lineage:
    """Three queries: the library's view restrictions (whether a source item is published),
    the counts (all and visible), then the most recent visible ones."""
    visible = reinvestment_visible_to(user)
    counts = _of_source(source).aggregate(
        total=Count("pk"),
        partnerships=Count("partnership", distinct=True),
        visible=Count("pk", filter=visible),
    )
    rows = list(_lines(_of_source(source).filter(visible))[:shown]) if counts["visible"] and shown else []
    return Lineage(
        total=counts["total"],
        partnership_count=counts["partnerships"],
        visible_count=counts["visible"],
        shown=rows,
    )


@dataclass
class Inspiration:
    """Where an action comes from: the reinvestment that created it and whether its source
    may be shown to the viewer."""

    reinvestment: Reinvestment
    source_visible: bool


def inspiration(action: Action, user: User | AnonymousUser) -> Inspiration | None:
    """The source of an action made by reinvestment; one query (two for an action source)."""
    reinvestment = (
        Reinvestment.objects.select_related(
            "source_item__locale", "source_action__plan__partnership", "partnership"
        )
        .filter(action=action)
        .first()
    )
    if reinvestment is None:
        return None
    if reinvestment.source_action_id:
        visible = Action.objects.visible_to(user).filter(pk=reinvestment.source_action_id).exists()
    else:
        # An unpublished item is named without a link.
        visible = reinvestment.source_item.live
    return Inspiration(reinvestment, visible)
