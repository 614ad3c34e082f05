"""EQDEM reference data: the share of kindergarten children vulnerable in each domain."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import ReferenceItem
from taxonomy.models import ProtectiveFactor
from territories.models import Region

EQDEM_YEARS = (2012, 2017, 2022)


class EqdemDomain(ReferenceItem):
    """A domain of development measured by the EQDEM, tied to the child's protective factors it reflects."""

    protective_factors = models.ManyToManyField(
        ProtectiveFactor,
        blank=True,
        related_name="eqdem_domains",
        verbose_name=_("facteurs de protection liés"),
        help_text=_("Les facteurs de protection qu'une vulnérabilité dans ce domaine désigne."),
    )
    is_overall = models.BooleanField(
        _("au moins un domaine"),
        default=False,
        help_text=_("La part des enfants vulnérables dans au moins un domaine."),
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("domaine de l'EQDEM")
        verbose_name_plural = _("domaines de l'EQDEM")


class EqdemRate(models.Model):
    """The share (%) of children vulnerable in a domain, for Québec (no region) or a region, in a year."""

    domain = models.ForeignKey(
        EqdemDomain, on_delete=models.CASCADE, related_name="rates", verbose_name=_("domaine")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="eqdem_rates",
        verbose_name=_("région"),
        help_text=_("Laissez vide pour le taux de l'ensemble du Québec."),
    )
    year = models.PositiveSmallIntegerField(
        _("année de l'enquête"), validators=[MinValueValidator(2012), MaxValueValidator(2100)]
    )
    rate = models.DecimalField(
        _("enfants vulnérables (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("taux de l'EQDEM")
        verbose_name_plural = _("taux de l'EQDEM")
        ordering = ["region__code", "domain__position", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain", "region", "year"],
                name="eqdem_rate_unique_region",
                condition=models.Q(region__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["domain", "year"],
                name="eqdem_rate_unique_quebec",
                condition=models.Q(region__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        where = self.region.label if self.region_id else _("Québec")
        return f"{self.domain} {self.year} ({where}) : {self.rate} %"
