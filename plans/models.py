"""Shared action plans (plans d'action concertés) and the DPE cycle of each partnership."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import DpeStage, Organisation, Partnership
from plans.querysets import ActionQuerySet, PlanQuerySet, Visibility
from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, System


class PlanStatus(models.TextChoices):
    DRAFT = "brouillon", _("Brouillon")
    ADOPTED = "adopte", _("Adopté")
    IN_PROGRESS = "en_cours", _("En cours")
    DONE = "termine", _("Terminé")


class ActionStatus(models.TextChoices):
    PLANNED = "planifiee", _("Planifiée")
    IN_PROGRESS = "en_cours", _("En cours")
    DONE = "realisee", _("Réalisée")
    POSTPONED = "reportee", _("Reportée")
    ABANDONED = "abandonnee", _("Abandonnée")


class StageChange(models.Model):
    """A dated step of a partnership's DPE cycle; going back to an earlier stage is allowed."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="stage_changes", verbose_name=_("regroupement")
    )
    stage = models.CharField(_("étape"), max_length=20, choices=DpeStage.choices)
    changed_on = models.DateField(_("date du changement"))
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modifié par"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("changement d'étape")
        verbose_name_plural = _("changements d'étape")
        ordering = ["-changed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.partnership} — {self.get_stage_display()} ({self.changed_on})"


class Plan(models.Model):
    """A partnership's shared action plan for a period of years."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="plans", verbose_name=_("regroupement")
    )
    title = models.CharField(_("titre"), max_length=200)
    start_year = models.PositiveSmallIntegerField(
        _("année de début"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("année de fin"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    visibility = models.CharField(
        _("visibilité"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    summary = models.TextField(_("résumé"), blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_plans",
        verbose_name=_("plan précédent"),
    )
    evaluation_worked = models.TextField(_("ce qui a fonctionné"), blank=True)
    evaluation_not_worked = models.TextField(_("ce qui n'a pas fonctionné"), blank=True)
    evaluation_learnings = models.TextField(_("apprentissages"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan d'action")
        verbose_name_plural = _("plans d'action")
        ordering = ["-start_year", "partnership__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="plan_period_in_order"
            )
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["start_year", "end_year"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class Finding(models.Model):
    """A finding (constat) of the territory's portrait, for one system, with its data source."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="findings", verbose_name=_("plan"))
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="+", verbose_name=_("système"))
    text = models.TextField(_("constat"))
    data_source = models.CharField(_("source des données"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("constat")
        verbose_name_plural = _("constats")
        ordering = ["system__position", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Priority(models.Model):
    """A priority chosen from the portrait, for one system."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("plan")
    )
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="+", verbose_name=_("système"))
    title = models.CharField(_("priorité"), max_length=300)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priorité")
        verbose_name_plural = _("priorités")
        ordering = ["system__position", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Objective(models.Model):
    """An intended change (changement visé), tied to one system and protective factors."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("plan")
    )
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="+", verbose_name=_("système"))
    title = models.CharField(_("changement visé"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    protective_factors = models.ManyToManyField(
        ProtectiveFactor, related_name="objectives", verbose_name=_("facteurs de protection")
    )
    priorities = models.ManyToManyField(
        Priority, related_name="objectives", blank=True, verbose_name=_("priorités visées")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords(m2m_fields=[protective_factors, priorities])

    class Meta:
        verbose_name = _("changement visé")
        verbose_name_plural = _("changements visés")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    """An action of the plan, led by one organisation with contributors."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan"))
    title = models.CharField(_("titre"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    action_type = models.ForeignKey(
        ActionType, on_delete=models.PROTECT, related_name="actions", verbose_name=_("type d'action")
    )
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_actions",
        verbose_name=_("porteur"),
    )
    contributors = models.ManyToManyField(
        Organisation,
        related_name="contributed_actions",
        blank=True,
        verbose_name=_("partenaires contributeurs"),
    )
    age_periods = models.ManyToManyField(
        AgePeriod, related_name="actions", blank=True, verbose_name=_("périodes d'âge")
    )
    populations = models.ManyToManyField(
        Population, related_name="actions", blank=True, verbose_name=_("populations")
    )
    objectives = models.ManyToManyField(
        Objective, related_name="actions", blank=True, verbose_name=_("changements visés")
    )
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    budget = models.DecimalField(_("budget ($)"), max_digits=12, decimal_places=2, null=True, blank=True)
    in_kind = models.DecimalField(
        _("contributions en nature ($)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    in_kind_description = models.CharField(_("nature des contributions"), max_length=300, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    evaluation_worked = models.TextField(_("ce qui a fonctionné"), blank=True)
    evaluation_not_worked = models.TextField(_("ce qui n'a pas fonctionné"), blank=True)
    evaluation_learnings = models.TextField(_("apprentissages"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("action d'origine"),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["search_text"], m2m_fields=[contributors, age_periods, populations, objectives]
    )
    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="action_progress_at_most_100"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="action_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["plan", "position"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:action", args=[self.pk])


class Indicator(models.Model):
    """Something measured to follow an objective or an action, with its baseline and target."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("plan")
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("changement visé"),
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("action"),
    )
    name = models.CharField(_("indicateur"), max_length=300)
    unit = models.CharField(_("unité"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("valeur de départ"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("cible"), max_digits=14, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["id"]
        constraints = [
            # An indicator follows exactly one objective or one action.
            models.CheckConstraint(
                condition=(models.Q(objective__isnull=False) & models.Q(action__isnull=True))
                | (models.Q(objective__isnull=True) & models.Q(action__isnull=False)),
                name="indicator_has_one_subject",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    """A dated measured value of an indicator."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("indicateur")
    )
    measured_on = models.DateField(_("date de la mesure"))
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisie par"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")
        ordering = ["measured_on", "id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"


class Reach(models.Model):
    """How many children, parents and families an action reached in a year."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="reach", verbose_name=_("action")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    children = models.PositiveIntegerField(_("enfants rejoints"), default=0)
    parents = models.PositiveIntegerField(_("parents rejoints"), default=0)
    families = models.PositiveIntegerField(_("familles rejointes"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("portée")
        verbose_name_plural = _("portées")
        ordering = ["year", "id"]
        constraints = [models.UniqueConstraint(fields=["action", "year"], name="one_reach_per_action_year")]

    def __str__(self) -> str:
        return f"{self.action} — {self.year}"
