"""The downloads of the list of plans and of a plan page, as sheets of rows."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.exports import Sheet
from plans.coverage import PlanReport

CENT = Decimal("0.01")


def _names(items) -> list[str]:
    return [str(item) for item in items]


def _amount(value: Decimal | None) -> Decimal | None:
    # Sums come back as 17000 from SQLite and 17000.00 from PostgreSQL: same cents everywhere.
    return None if value is None else Decimal(value).quantize(CENT)


def plan_list_sheet(plans: QuerySet, request: HttpRequest) -> Sheet:
    """One row per plan matching the filters, every page at once, in one query."""
    # The listing already joins the actions to count them; the sum reuses that join.
    plans = plans.annotate(budget_total=Sum("actions__budget"))

    def rows() -> Iterator[list]:
        for plan in plans:
            yield [
                plan.title,
                plan.partnership.name,
                plan.partnership.region.label,
                plan.start_year,
                plan.end_year,
                plan.get_status_display(),
                plan.get_visibility_display(),
                plan.action_count,
                _amount(plan.budget_total),
                request.build_absolute_uri(plan.get_absolute_url()),
            ]

    return Sheet(
        title=_("Plans d'action"),
        headers=[
            _("Titre"),
            _("Regroupement"),
            _("Région"),
            _("Année de début"),
            _("Année de fin"),
            _("Statut"),
            _("Visibilité"),
            _("Nombre d'actions"),
            _("Budget total ($)"),
            _("Adresse de la page"),
        ],
        rows=rows(),
    )


def plan_sheets(report: PlanReport, request: HttpRequest) -> list[Sheet]:
    """The plan page, one sheet per section."""
    return [
        _overview(report, request),
        _portrait(report),
        _objectives(report),
        _actions(report, request),
        _coverage(report),
        _indicators(report),
        _reach(report),
    ]


def _overview(report: PlanReport, request: HttpRequest) -> Sheet:
    plan = report.plan
    partnership = plan.partnership
    rows = [
        (_("Titre"), plan.title),
        (_("Regroupement"), partnership.name),
        (_("Région"), partnership.region.label),
        (_("Année de début"), plan.start_year),
        (_("Année de fin"), plan.end_year),
        (_("Statut"), plan.get_status_display()),
        (_("Visibilité"), plan.get_visibility_display()),
        (_("Résumé"), plan.summary),
        (_("Étape de la démarche du regroupement"), partnership.get_dpe_stage_display()),
        (_("Plan précédent"), report.previous.title if report.previous else ""),
        (_("Plans suivants"), _names(report.next_plans)),
        (_("Nombre d'actions"), len(report.actions)),
        (_("Budget total ($)"), _amount(report.budget)),
        (_("Contributions en nature ($)"), _amount(report.in_kind)),
        (_("Ce qui a fonctionné"), plan.evaluation_worked),
        (_("Ce qui n'a pas fonctionné"), plan.evaluation_not_worked),
        (_("Apprentissages"), plan.evaluation_learnings),
        (_("Adresse de la page"), request.build_absolute_uri(plan.get_absolute_url())),
    ]
    return Sheet(title=_("Aperçu"), headers=[_("Élément"), _("Valeur")], rows=rows)


def _portrait(report: PlanReport) -> Sheet:
    rows = []
    for part in report.portrait:
        for finding in part.findings:
            rows.append([part.system.label, _("Constat"), finding.text, finding.data_source])
        for priority in part.priorities:
            rows.append([part.system.label, _("Priorité"), priority.title, ""])
    return Sheet(
        title=_("Portrait"),
        headers=[_("Système"), _("Type"), _("Texte"), _("Source des données")],
        rows=rows,
    )


def _objectives(report: PlanReport) -> Sheet:
    rows = [
        [
            objective.system.label,
            objective.title,
            objective.description,
            _names(objective.protective_factors.all()),
            _names(objective.priorities.all()),
            _names(objective.action_list),
        ]
        for objective in report.objectives
    ]
    return Sheet(
        title=_("Changements visés"),
        headers=[
            _("Système"),
            _("Changement visé"),
            _("Description"),
            _("Facteurs de protection"),
            _("Priorités visées"),
            _("Actions"),
        ],
        rows=rows,
    )


def _actions(report: PlanReport, request: HttpRequest) -> Sheet:
    years = {row.action.pk: row.years for row in report.timeline.rows}
    rows = [
        [
            action.title,
            action.action_type.label,
            action.lead.name if action.lead else "",
            _names(action.contributors.all()),
            _names(action.objective_list),
            _names(action.age_periods.all()),
            _names(action.populations.all()),
            action.get_status_display(),
            action.progress,
            action.start_date,
            action.end_date,
            action.budget,
            action.in_kind,
            action.in_kind_description,
            [str(year) for year in years[action.pk]],
            request.build_absolute_uri(action.get_absolute_url()),
        ]
        for action in report.actions
    ]
    return Sheet(
        title=_("Actions"),
        headers=[
            _("Action"),
            _("Type d'action"),
            _("Porteur"),
            _("Partenaires contributeurs"),
            _("Changements visés"),
            _("Périodes d'âge"),
            _("Populations"),
            _("Statut"),
            _("Avancement (%)"),
            _("Date de début"),
            _("Date de fin"),
            _("Budget ($)"),
            _("Contributions en nature ($)"),
            _("Nature des contributions"),
            _("Années actives"),
            _("Adresse de la page"),
        ],
        rows=rows,
    )


def _coverage(report: PlanReport) -> Sheet:
    rows = [
        [
            group.system.label,
            row.factor.label,
            cell.system.label,
            cell.count,
            _amount(cell.budget),
            _names(cell.actions),
        ]
        for group in report.matrix.groups
        for row in group.rows
        for cell in row.cells
    ]
    return Sheet(
        title=_("Couverture"),
        headers=[
            _("Système du facteur"),
            _("Facteur de protection"),
            _("Système des changements visés"),
            _("Nombre d'actions"),
            _("Budget ($)"),
            _("Actions"),
        ],
        rows=rows,
    )


def _indicators(report: PlanReport) -> Sheet:
    rows = []
    for item in report.indicators:
        indicator, latest = item.indicator, item.latest
        rows.append(
            [
                indicator.name,
                str(indicator.subject) if indicator.subject else "",
                indicator.unit,
                indicator.baseline,
                indicator.target,
                latest.value if latest else None,
                latest.measured_on if latest else None,
                item.percent,
            ]
        )
    return Sheet(
        title=_("Indicateurs"),
        headers=[
            _("Indicateur"),
            _("Suit"),
            _("Unité"),
            _("Valeur de départ"),
            _("Cible"),
            _("Dernière valeur"),
            _("Date de la dernière mesure"),
            _("Progression vers la cible (%)"),
        ],
        rows=rows,
    )


def _reach(report: PlanReport) -> Sheet:
    rows = [[str(r.year), r.children, r.parents, r.families] for r in report.reach_years]
    total = report.reach_total
    rows.append([_("Total"), total.children, total.parents, total.families])
    return Sheet(
        title=_("Portée"),
        headers=[_("Année"), _("Enfants rejoints"), _("Parents rejoints"), _("Familles rejointes")],
        rows=rows,
    )
