"""The EQDEM context of a portrait: Québec's rates by domain and, when known, the region's.

Québec's rates for 2012, 2017 and 2022 are reference data; a region's own rates are
entered by administrators when the survey published them. A region portrait compares
its region with Québec; a partnership's portrait uses its partnership's region; the
Québec portrait shows Québec's rates alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from portraits.cache import cached
from portraits.models import EQDEM_YEARS, EqdemDomain, EqdemRate
from portraits.scopes import Scope
from territories.models import Region

if TYPE_CHECKING:
    from portraits.charts import Chart


@dataclass
class EqdemRow:
    """One EQDEM domain: Québec's rates and the region's, one per year (None = not available)."""

    code: str
    label: str
    is_overall: bool
    factor_codes: list[str]
    quebec: list[Decimal | None]
    region: list[Decimal | None]

    @property
    def differences(self) -> list[Decimal | None]:
        """The region's rate minus Québec's, in percentage points, for each year."""
        return [
            None if mine is None or reference is None else mine - reference
            for mine, reference in zip(self.region, self.quebec, strict=True)
        ]

    @property
    def has_region_rates(self) -> bool:
        return any(rate is not None for rate in self.region)


@dataclass
class EqdemContext:
    """The EQDEM rates a portrait shows; picklable, so that the cache can keep it."""

    years: tuple[int, ...]
    rows: list[EqdemRow] = field(default_factory=list)
    region_code: str = ""
    region_name: str = ""

    @property
    def has_region_rates(self) -> bool:
        """Whether administrators entered any rate for the scope's region."""
        return any(row.has_region_rates for row in self.rows)

    def row(self, code: str) -> EqdemRow:
        for row in self.rows:
            if row.code == code:
                return row
        raise KeyError(code)

    def chart(self) -> Chart:
        """Grouped bars by domain: one series per year for Québec, and for the region when
        its rates are known (only the years in which it has some)."""
        from portraits.charts import Chart, Series

        series = []
        region_years = [
            index
            for index, _year in enumerate(self.years)
            if any(row.region[index] is not None for row in self.rows)
        ]
        for index, year in enumerate(self.years):
            if region_years and index not in region_years:
                continue
            series.append(
                Series(
                    label=_("Québec %(year)s") % {"year": year},
                    values=[row.quebec[index] for row in self.rows],
                )
            )
            if index in region_years:
                series.append(
                    Series(
                        label=_("%(region)s %(year)s") % {"region": self.region_name, "year": year},
                        values=[row.region[index] for row in self.rows],
                    )
                )
        if self.has_region_rates:
            title = _("Enfants de maternelle vulnérables : %(region)s et ensemble du Québec") % {
                "region": self.region_name
            }
            description = _(
                "Part des enfants de maternelle vulnérables dans chaque domaine de développement, "
                "selon l'EQDEM, pour la région %(region)s comparée à l'ensemble du Québec."
            ) % {"region": self.region_name}
        else:
            title = _("Enfants de maternelle vulnérables au Québec, par domaine")
            description = _(
                "Part des enfants de maternelle vulnérables dans chaque domaine de développement, "
                "selon l'EQDEM, pour l'ensemble du Québec en %(years)s."
            ) % {"years": ", ".join(str(year) for year in self.years)}
        return Chart(
            slug="eqdem",
            title=title,
            kind="bar",
            category_label=_("Domaine de développement"),
            categories=[row.label for row in self.rows],
            series=series,
            description=description,
            unit="%",
            empty_message=_("Aucun taux de l'EQDEM n'est enregistré."),
        )


def scope_region(scope: Scope) -> Region | None:
    """The region whose rates a scope shows: the region, or the partnership's region."""
    if scope.kind == "region":
        return scope.region
    if scope.kind == "partnership":
        return scope.partnership.region
    return None


def build_context(region: Region | None) -> EqdemContext:
    """Québec's rates and, for a region, its own rates, in two queries."""
    years = tuple(EQDEM_YEARS)
    domains = list(EqdemDomain.objects.prefetch_related("protective_factors").order_by("position", "code"))
    rates = EqdemRate.objects.filter(region=None)
    if region is not None:
        rates = EqdemRate.objects.filter(region=None) | EqdemRate.objects.filter(region=region)
    values: dict[tuple[int, int | None, int], Decimal] = {
        (domain_id, region_id, year): rate
        for domain_id, region_id, year, rate in rates.values_list("domain_id", "region_id", "year", "rate")
    }
    region_id = region.pk if region is not None else None
    rows = [
        EqdemRow(
            code=domain.code,
            label=domain.label,
            is_overall=domain.is_overall,
            factor_codes=[factor.code for factor in domain.protective_factors.all()],
            quebec=[values.get((domain.pk, None, year)) for year in years],
            region=[
                values.get((domain.pk, region_id, year)) if region_id is not None else None for year in years
            ],
        )
        for domain in domains
    ]
    return EqdemContext(
        years=years,
        rows=rows,
        region_code=region.code if region is not None else "",
        region_name=region.label if region is not None else "",
    )


def context(scope: Scope) -> EqdemContext:
    """The EQDEM context of a portrait, cached with the portrait's data."""
    return cached("eqdem", scope.key, lambda: build_context(scope_region(scope)))
