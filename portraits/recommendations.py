"""Pistes inspirantes: for each need of a plan, library items and other territories' actions
that address the same protective factors, ranked by how close their text is and how
often they were reinvested.

A need is a priority of the plan (its system, and the protective factors of the
objectives tied to it), or a gap of the plan (``portraits.gaps.find_plan_gaps``). The
candidates are published library items and actions of other partnerships' public plans
(never the plan's own partnership's, never a members-only plan's) that share at least one
of the need's protective factors, or its system when the need names no factor. What was
already reinvested into this plan is left out.

The candidates are fetched in a fixed number of queries, at most ``CANDIDATES`` items
and ``CANDIDATES`` actions per plan (the most reinvested first), then ranked in Python.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import get_language

from library.models import LibraryItem, Reinvestment
from plans.models import Action, Objective, Plan, Priority
from plans.permissions import can_edit_plan
from plans.querysets import public_plan_q
from portraits.cache import cached
from portraits.gaps import find_plan_gaps
from search.analysis import terms
from taxonomy.models import ProtectiveFactor

#: Candidates fetched per plan, of each kind; enough to rank, few enough to stay fast.
CANDIDATES = 200
#: Recommendations kept per need in the cache; pages show fewer.
KEPT_PER_NEED = 20
#: Characters of a candidate's summary or description read for the similarity.
TEXT_LENGTH = 300
#: Characters of the excerpt shown.
EXCERPT_LENGTH = 220
#: The reuse count from which the reuse part of the score is full.
REUSE_SATURATION = 20

WEIGHT_TEXT = 0.6
WEIGHT_FACTORS = 0.25
WEIGHT_REUSE = 0.15


@dataclass
class FactorRef:
    """A protective factor, by code and label in the active language."""

    code: str
    label: str


@dataclass
class Recommendation:
    """A library item or another territory's action that may answer a need."""

    kind: Literal["item", "action"]
    pk: int
    title: str
    url: str
    summary: str
    origin: str
    shared_factors: list[str]
    similarity: float
    reuse_count: int
    score: float
    reinvest_url: str = ""

    @property
    def similarity_percent(self) -> int:
        return round(self.similarity * 100)


@dataclass
class Need:
    """A priority or a gap of the plan, with the recommendations that answer it."""

    kind: Literal["priority", "gap"]
    key: str
    title: str
    system_code: str
    system_label: str
    factors: list[FactorRef]
    reasons: list[str] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    text: str = ""


@dataclass
class _ItemRow:
    pk: int
    title: str
    summary: str
    url_path: str
    translation_key: object
    language: str
    reuse_count: int

    @property
    def path(self) -> str:
        """The public address, as ``library.text.item_path`` builds it from a page."""
        parts = self.url_path.strip("/").split("/")[1:]
        path = "/" + "/".join(parts) + "/" if parts else "/"
        return path if self.language == "fr" else f"/{self.language}{path}"


@dataclass
class _Candidate:
    kind: Literal["item", "action"]
    pk: int
    title: str
    url: str
    summary: str
    origin: str
    factor_ids: set[int]
    system_ids: set[int]
    terms: Counter
    reuse_count: int


# Scoring ----------------------------------------------------------------------------------


def text_terms(title: str, body: str) -> Counter:
    """The stemmed terms of a candidate; a title's terms count twice."""
    counts = Counter(terms(title))
    for term in list(counts):
        counts[term] *= 2
    counts.update(terms(body[:TEXT_LENGTH]))
    return counts


def similarity(need_terms: set[str], candidate_terms: Counter) -> float:
    """Cosine between the need's terms (each weighing 1) and the candidate's weighted terms."""
    if not need_terms or not candidate_terms:
        return 0.0
    shared = sum(weight for term, weight in candidate_terms.items() if term in need_terms)
    norm = math.sqrt(len(need_terms)) * math.sqrt(sum(w * w for w in candidate_terms.values()))
    return shared / norm


def reuse_boost(reuse_count: int) -> float:
    """0 for a candidate never reinvested, 1 from ``REUSE_SATURATION`` reinvestments, log-scaled."""
    return min(1.0, math.log1p(reuse_count) / math.log1p(REUSE_SATURATION))


def score(text_similarity: float, factor_share: float, reuse_count: int) -> float:
    """How well a candidate answers a need, between 0 and 1::

        score = 0.6 × cosine(need terms, candidate terms)
              + 0.25 × shared factors / the need's factors (1 when the need has no factor)
              + 0.15 × min(1, ln(1 + reuse count) / ln(1 + 20))

    The terms are French stems (``search.analysis.terms``): the need's are its title (a
    priority's, with its objectives' titles; a gap's factor label and description); the
    candidate's are its title, counted twice, and the beginning of its summary or
    description. Equal scores are ordered by reuse count, then title.
    """
    return (
        WEIGHT_TEXT * text_similarity
        + WEIGHT_FACTORS * factor_share
        + WEIGHT_REUSE * reuse_boost(reuse_count)
    )


# Needs ------------------------------------------------------------------------------------


def plan_needs(plan: Plan, factors: dict[int, ProtectiveFactor]) -> list[Need]:
    """The plan's priorities, then its gaps, each with the protective factors it is about."""
    priorities = list(Priority.objects.filter(plan=plan).select_related("system"))
    links = Objective.priorities.through.objects.filter(priority__plan=plan).values_list(
        "priority_id", "objective_id", "objective__title"
    )
    objectives_of: dict[int, list[tuple[int, str]]] = {}
    for priority_id, objective_id, title in links:
        objectives_of.setdefault(priority_id, []).append((objective_id, title))
    factors_of: dict[int, list[int]] = {}
    for objective_id, factor_id in Objective.protective_factors.through.objects.filter(
        objective__plan=plan
    ).values_list("objective_id", "protectivefactor_id"):
        factors_of.setdefault(objective_id, []).append(factor_id)

    needs = []
    for priority in priorities:
        tied = sorted(objectives_of.get(priority.pk, []), key=lambda pair: pair[1])
        factor_ids = sorted(
            {factor_id for objective_id, _title in tied for factor_id in factors_of.get(objective_id, [])},
            key=lambda pk: (factors[pk].system.position, factors[pk].position),
        )
        needs.append(
            Need(
                kind="priority",
                key=f"priorite-{priority.pk}",
                title=priority.title,
                system_code=priority.system.code,
                system_label=priority.system.label,
                factors=[FactorRef(factors[pk].code, factors[pk].label) for pk in factor_ids],
                reasons=[title for _objective_id, title in tied],
                text=" ".join([priority.title] + [title for _objective_id, title in tied]),
            )
        )
    by_code = {factor.code: factor for factor in factors.values()}
    for gap in find_plan_gaps(plan):
        factor = by_code.get(gap.factor_code)
        if factor is None:
            continue
        needs.append(
            Need(
                kind="gap",
                key=f"ecart-{gap.factor_code}",
                title=gap.factor_label,
                system_code=gap.system_code,
                system_label=gap.system_label,
                factors=[FactorRef(factor.code, factor.label)],
                reasons=list(gap.reasons),
                text=f"{factor.label} {factor.description}",
            )
        )
    return needs


# Candidates -------------------------------------------------------------------------------


def _reuse_count(field_name: str) -> Coalesce:
    """How many times each row was reinvested, as a subquery (no join to multiply rows)."""
    counts = (
        Reinvestment.objects.filter(**{field_name: OuterRef("pk")})
        .order_by()
        .values(field_name)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def _item_candidates(
    plan: Plan, factor_ids: set[int], system_ids: set[int], excluded: set[int]
) -> list[_Candidate]:
    """Published items sharing a factor (or a system), in the page's language or French."""
    language = (get_language() or "fr")[:2]
    languages = {language, "fr"}
    through = LibraryItem.protective_factors.through.objects
    matching = Q(pk__in=through.filter(protectivefactor_id__in=factor_ids).values("libraryitem_id"))
    if system_ids:
        matching |= Q(
            pk__in=LibraryItem.systems.through.objects.filter(system_id__in=system_ids).values(
                "libraryitem_id"
            )
        )
    rows = (
        LibraryItem.objects.published()
        .filter(matching, locale__language_code__in=languages)
        .exclude(pk__in=excluded)
        .annotate(reuse_count=_reuse_count("source_item"))
        .order_by("-reuse_count", "-first_published_at", "-pk")
        .values_list(
            "pk", "title", "summary", "url_path", "translation_key", "locale__language_code", "reuse_count"
        )
    )
    # Plain rows, not pages: a page object costs more to build than everything else here.
    items = [_ItemRow(*row) for row in rows[:CANDIDATES]]
    # One version per item: the page's language when translated, French otherwise.
    chosen: dict = {}
    for item in items:
        kept = chosen.get(item.translation_key)
        if kept is None or (item.language == language and kept.language != language):
            chosen[item.translation_key] = item
    items = [item for item in items if chosen.get(item.translation_key) is item]
    ids = [item.pk for item in items]
    item_factors: dict[int, set[int]] = {}
    item_systems: dict[int, set[int]] = {}
    origins: dict[int, list[str]] = {}
    if ids:
        for item_id, factor_id in through.filter(libraryitem_id__in=ids).values_list(
            "libraryitem_id", "protectivefactor_id"
        ):
            item_factors.setdefault(item_id, set()).add(factor_id)
        for item_id, system_id in LibraryItem.systems.through.objects.filter(
            libraryitem_id__in=ids
        ).values_list("libraryitem_id", "system_id"):
            item_systems.setdefault(item_id, set()).add(system_id)
        for item_id, name in (
            LibraryItem.partnerships.through.objects.filter(libraryitem_id__in=ids)
            .order_by("partnership__name")
            .values_list("libraryitem_id", "partnership__name")
        ):
            origins.setdefault(item_id, []).append(name)
    return [
        _Candidate(
            kind="item",
            pk=item.pk,
            title=item.title,
            url=item.path,
            summary=item.summary,
            origin=", ".join(origins.get(item.pk, [])),
            factor_ids=item_factors.get(item.pk, set()),
            system_ids=item_systems.get(item.pk, set()),
            terms=text_terms(item.title, item.summary),
            reuse_count=item.reuse_count,
        )
        for item in items
    ]


def _action_candidates(
    plan: Plan, factor_ids: set[int], system_ids: set[int], excluded: set[int]
) -> list[_Candidate]:
    """Actions of other partnerships' public plans sharing a factor (or a system)."""
    links = Action.objectives.through.objects
    matching = Q(objective__protective_factors__in=factor_ids)
    if system_ids:
        matching |= Q(objective__system_id__in=system_ids)
    actions = list(
        Action.objects.filter(public_plan_q("plan__"), pk__in=links.filter(matching).values("action_id"))
        .exclude(plan__partnership_id=plan.partnership_id)
        .exclude(pk__in=excluded)
        .select_related("plan__partnership__region")
        .only(
            "id",
            "title",
            "description",
            "plan__partnership__name",
            "plan__partnership__region__label_fr",
            "plan__partnership__region__label_en",
        )
        .annotate(reuse_count=_reuse_count("source_action"))
        .order_by("-reuse_count", "-pk")[:CANDIDATES]
    )
    ids = [action.pk for action in actions]
    action_factors: dict[int, set[int]] = {}
    action_systems: dict[int, set[int]] = {}
    if ids:
        for action_id, system_id, factor_id in links.filter(action_id__in=ids).values_list(
            "action_id", "objective__system_id", "objective__protective_factors"
        ):
            action_systems.setdefault(action_id, set()).add(system_id)
            if factor_id is not None:
                action_factors.setdefault(action_id, set()).add(factor_id)
    candidates = []
    for action in actions:
        partnership = action.plan.partnership
        origin = partnership.name
        if partnership.region_id:
            origin = f"{partnership.name} — {partnership.region.label}"
        candidates.append(
            _Candidate(
                kind="action",
                pk=action.pk,
                title=action.title,
                url=action.get_absolute_url(),
                summary=action.description,
                origin=origin,
                factor_ids=action_factors.get(action.pk, set()),
                system_ids=action_systems.get(action.pk, set()),
                terms=text_terms(action.title, action.description),
                reuse_count=action.reuse_count,
            )
        )
    return candidates


# Ranking ----------------------------------------------------------------------------------


def rank(
    need: Need,
    need_factor_ids: set[int],
    system_id: int,
    candidates: list[_Candidate],
    labels: dict[int, str],
) -> list[Recommendation]:
    """The candidates that answer the need, best first."""
    need_terms = set(terms(need.text))
    ranked = []
    for candidate in candidates:
        shared = need_factor_ids & candidate.factor_ids
        if need_factor_ids:
            if not shared:
                continue
            factor_share = len(shared) / len(need_factor_ids)
        else:
            if system_id not in candidate.system_ids:
                continue
            factor_share = 1.0
        text_similarity = similarity(need_terms, candidate.terms)
        ranked.append(
            Recommendation(
                kind=candidate.kind,
                pk=candidate.pk,
                title=candidate.title,
                url=candidate.url,
                summary=candidate.summary,  # shortened once the need's list is chosen
                origin=candidate.origin,
                shared_factors=[labels[pk] for pk in sorted(shared, key=lambda pk: labels[pk])],
                similarity=text_similarity,
                reuse_count=candidate.reuse_count,
                score=score(text_similarity, factor_share, candidate.reuse_count),
            )
        )
    ranked.sort(key=lambda r: (-r.score, -r.reuse_count, r.title.casefold(), r.kind, r.pk))
    # Many territories run an action of the same name: the best-ranked one stands for them.
    seen: set[tuple[str, str]] = set()
    distinct = []
    for recommendation in ranked:
        name = (recommendation.kind, recommendation.title.casefold())
        if name not in seen:
            seen.add(name)
            distinct.append(recommendation)
    kept = distinct[:KEPT_PER_NEED]
    for recommendation in kept:
        recommendation.summary = Truncator(recommendation.summary).chars(EXCERPT_LENGTH)
    return kept


def compute(plan: Plan) -> list[Need]:
    """Every need of the plan with its ranked recommendations, in a fixed number of queries."""
    factors = {factor.pk: factor for factor in ProtectiveFactor.objects.select_related("system")}
    needs = plan_needs(plan, factors)
    if not needs:
        return []
    ids_by_code = {factor.code: factor.pk for factor in factors.values()}
    system_ids_by_code = {factor.system.code: factor.system_id for factor in factors.values()}
    factor_ids: set[int] = set()
    system_ids: set[int] = set()
    need_factors: list[set[int]] = []
    for need in needs:
        wanted = {ids_by_code[ref.code] for ref in need.factors}
        need_factors.append(wanted)
        factor_ids |= wanted
        if not wanted:
            system_ids.add(system_ids_by_code.get(need.system_code, 0))
    already = Reinvestment.objects.filter(action__plan=plan).values_list("source_item_id", "source_action_id")
    excluded_items: set[int] = set()
    excluded_actions: set[int] = set()
    for item_id, action_id in already:
        if item_id:
            excluded_items.add(item_id)
        if action_id:
            excluded_actions.add(action_id)
    candidates = _item_candidates(plan, factor_ids, system_ids, excluded_items) + _action_candidates(
        plan, factor_ids, system_ids, excluded_actions
    )
    labels = {pk: factor.label for pk, factor in factors.items()}
    for need, wanted in zip(needs, need_factors, strict=True):
        need.recommendations = rank(
            need, wanted, system_ids_by_code.get(need.system_code, 0), candidates, labels
        )
    return needs


def reinvest_url(recommendation: Recommendation, plan: Plan) -> str:
    """The library's réinvestissement form for this source, already aimed at the plan."""
    name = "library:reinvest_item" if recommendation.kind == "item" else "library:reinvest_action"
    return f"{reverse(name, args=[recommendation.pk])}?plan={plan.pk}"


def recommend(plan: Plan, user, limit_per_need: int = 5) -> list[Need]:
    """The plan's needs with at most ``limit_per_need`` recommendations each; a
    réinvestir link on each when the user may reinvest into the plan.

    The caller checks that the user may see the plan (``Plan.objects.visible_to``).
    """
    needs = cached("recommendations", f"plan-{plan.pk}", lambda: compute(plan))
    may_reinvest = can_edit_plan(user, plan)
    for need in needs:
        need.recommendations = need.recommendations[:limit_per_need]
        for recommendation in need.recommendations:
            recommendation.reinvest_url = reinvest_url(recommendation, plan) if may_reinvest else ""
    return needs
