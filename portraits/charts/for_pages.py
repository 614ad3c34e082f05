"""The charts of a portrait page, built from its figures (no query: the figures are cached)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from portraits.charts.model import Chart, Series
from portraits.figures import Portrait

#: Bars drawn for the partnerships of a region; the table below the chart lists them all.
MAX_BARS = 30


def areas_chart(p: Portrait) -> Chart:
    """Actions by region (Québec) or by partnership (a region), each bar a link to its portrait.

    A region may hold hundreds of partnerships: its chart keeps the ones with the most
    actions, so that every bar stays readable.
    """
    if p.kind == "quebec":
        rows = p.areas
        slug, title = "actions-par-region", _("Actions par région")
        category_label = _("Région")
        description = _("Nombre d'actions des plans publics dans chacune des 17 régions administratives.")
    else:
        rows = sorted(p.areas, key=lambda row: (-row.figures.actions, row.label))[:MAX_BARS]
        slug, category_label = "actions-par-regroupement", _("Regroupement")
        if len(p.areas) > MAX_BARS:
            title = _("Les %(count)s regroupements qui comptent le plus d'actions") % {"count": MAX_BARS}
        else:
            title = _("Actions par regroupement")
        description = _(
            "Nombre d'actions des plans publics des regroupements de la région %(region)s, du plus grand "
            "au plus petit ; le tableau des chiffres clés par regroupement les donne tous."
        ) % {"region": p.name}
    return Chart(
        slug=slug,
        title=title,
        kind="bar",
        category_label=category_label,
        categories=[row.label for row in rows],
        series=[Series(_("Actions"), [row.figures.actions for row in rows])],
        description=description,
        unit=_("actions"),
        links=[row.url for row in rows],
        empty_message=_("Aucune action n'est inscrite dans un plan public pour le moment."),
    )


def map_chart(p: Portrait) -> Chart:
    """The map of Québec: each region's partnerships, as circles whose area follows the count."""
    return Chart(
        slug="carte-regroupements",
        title=_("Regroupements par région"),
        kind="map",
        category_label=_("Région"),
        categories=[row.label for row in p.areas],
        series=[Series(_("Regroupements"), [row.figures.partnerships for row in p.areas])],
        description=_(
            "Carte du Québec : un cercle par région administrative, dont l'aire est proportionnelle "
            "au nombre de regroupements actifs."
        ),
        unit=_("regroupements"),
        links=[row.url for row in p.areas],
        codes=[row.code for row in p.areas],
        empty_message=_("Aucun regroupement actif pour le moment."),
    )


def matrix_chart(p: Portrait) -> Chart:
    """The coverage matrix: distinct actions per protective factor (rows) and system (columns)."""
    return Chart(
        slug="couverture",
        title=_("Couverture des facteurs de protection par système"),
        kind="matrix",
        category_label=_("Facteur de protection"),
        categories=[row.factor_label for row in p.matrix],
        series=[
            Series(label, [row.counts[index] for row in p.matrix])
            for index, (_code, label) in enumerate(p.systems)
        ],
        description=_(
            "Nombre d'actions des plans publics qui servent un changement visé d'un système (colonnes) "
            "lié à un facteur de protection (lignes) ; une case à 0 est un angle mort."
        ),
        unit=_("actions"),
        groups=[row.system_label for row in p.matrix],
        empty_message=_("Aucune action n'est encore liée à un changement visé."),
    )


def action_types_chart(p: Portrait) -> Chart:
    return Chart(
        slug="types-action",
        title=_("Actions par type"),
        kind="bar",
        category_label=_("Type d'action"),
        categories=[tally.label for tally in p.action_types],
        series=[Series(_("Actions"), [tally.count for tally in p.action_types])],
        description=_(
            "Nombre d'actions des plans publics de chaque type, du plus fréquent au moins fréquent."
        ),
        unit=_("actions"),
        empty_message=_("Aucune action n'est inscrite dans un plan public pour le moment."),
    )


def activity_trends_chart(p: Portrait) -> Chart:
    return Chart(
        slug="tendances",
        title=_("Actions, publications et réinvestissements par année"),
        kind="line",
        category_label=_("Année"),
        categories=[str(t.year) for t in p.trends],
        series=[
            Series(_("Actions commencées"), [t.actions_started for t in p.trends]),
            Series(_("Éléments publiés dans la bibliothèque"), [t.library_items for t in p.trends]),
            Series(_("Réinvestissements"), [t.reinvestments for t in p.trends]),
        ],
        description=_(
            "Par année : actions commencées (selon leur date de début), éléments publiés dans la "
            "bibliothèque et réinvestissements faits."
        ),
        empty_message=_("Aucune donnée datée pour le moment."),
    )


def reach_trends_chart(p: Portrait) -> Chart:
    return Chart(
        slug="enfants-rejoints",
        title=_("Enfants rejoints par année"),
        kind="line",
        category_label=_("Année"),
        categories=[str(t.year) for t in p.trends],
        series=[Series(_("Enfants rejoints"), [t.children_reached for t in p.trends])],
        description=_("Nombre d'enfants rejoints chaque année par les actions des plans publics."),
        unit=_("enfants"),
        empty_message=_("Aucune portée n'est encore inscrite."),
    )


def comparison_charts(p: Portrait) -> list[Chart]:
    """One small chart per measure, the scope beside Québec.

    The measures have different scales (a dozen actions per partnership, a hundred children
    per 1,000): on one axis the small one would read as nothing.
    """
    charts = []
    for c in p.comparisons:
        if c.unit == "%":
            continue
        charts.append(
            Chart(
                slug=f"comparaison-{c.code}",
                title=c.label,
                kind="bar",
                category_label=_("Territoire"),
                categories=[p.name, _("Ensemble du Québec")],
                series=[Series(c.label, [c.value, c.quebec])],
                description=_("%(measure)s : %(name)s comparé à l'ensemble du Québec.")
                % {"measure": c.label, "name": p.name},
                empty_message=_("Aucune donnée à comparer pour le moment."),
            )
        )
    return charts


def systems_comparison_chart(p: Portrait) -> Chart:
    """The share of actions aimed at each system, for the scope and for Québec."""
    rows = [c for c in p.comparisons if c.unit == "%"]
    return Chart(
        slug="comparaison-systemes",
        title=_("Part des actions visant chaque système, comparée au Québec"),
        kind="bar",
        category_label=_("Système"),
        # The comparisons follow the systems' order; the chart names the system alone.
        categories=[label for _code, label in p.systems][: len(rows)],
        series=[
            Series(p.name, [c.value for c in rows]),
            Series(_("Ensemble du Québec"), [c.quebec for c in rows]),
        ],
        description=_(
            "Part des actions qui servent au moins un changement visé de chaque système ; une action "
            "peut viser plusieurs systèmes."
        ),
        unit="%",
        empty_message=_("Aucune action n'est encore liée à un changement visé."),
    )


def portrait_charts(p: Portrait) -> dict[str, Chart]:
    """Every chart of the page, by name; the EQDEM chart is added by the view.

    The comparisons with Québec, one chart per measure, are named ``comparison:<slug>``.
    """
    charts = {
        "matrix": matrix_chart(p),
        "action_types": action_types_chart(p),
        "trends": activity_trends_chart(p),
        "reach": reach_trends_chart(p),
    }
    if p.kind != "partnership":
        charts["areas"] = areas_chart(p)
    if p.kind == "quebec":
        charts["map"] = map_chart(p)
    else:
        for chart in comparison_charts(p):
            charts[f"comparison:{chart.slug}"] = chart
        charts["systems"] = systems_comparison_chart(p)
    return charts
