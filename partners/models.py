"""The partner network: organisations, partnerships and who belongs to what."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.querysets import MembershipQuerySet, OrganisationQuerySet, PartnershipQuerySet
from partners.validators import validate_join_date
from taxonomy.models import Sector
from territories.models import Region


class Scale(models.TextChoices):
    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Régional")
    NATIONAL = "national", _("National")


class PartnershipKind(models.TextChoices):
    LOCAL = "regroupement_local", _("Regroupement local de partenaires")
    REGIONAL = "instance_regionale", _("Instance régionale")
    NATIONAL = "projet_national", _("Projet national")


class TerritoryType(models.TextChoices):
    MRC = "mrc", _("MRC")
    CITY = "ville", _("Ville ou municipalité")
    NEIGHBOURHOOD = "quartier", _("Quartier")
    REGION = "region", _("Région")
    QUEBEC = "quebec", _("Ensemble du Québec")


class DpeStage(models.TextChoices):
    """The five stages of the démarche partenariale écosystémique, in order."""

    MOBILISATION = "mobilisation", _("Mobilisation")
    ANALYSIS = "analyse", _("Analyse de la situation")
    PLANNING = "planification", _("Planification")
    IMPLEMENTATION = "mise_en_oeuvre", _("Mise en œuvre et suivi")
    EVALUATION = "evaluation", _("Évaluation")


class MemberRole(models.TextChoices):
    MEMBER = "membre", _("Partenaire membre")
    STEERING = "comite", _("Membre du comité de coordination")
    TRUSTEE = "fiduciaire", _("Fiduciaire")
    OBSERVER = "observateur", _("Observateur")


class Organisation(models.Model):
    """A partner organisation (partenaire)."""

    name = models.CharField(_("nom"), max_length=200)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("secteur")
    )
    scale = models.CharField(_("échelle"), max_length=10, choices=Scale.choices, default=Scale.LOCAL)
    regions = models.ManyToManyField(Region, related_name="organisations", verbose_name=_("régions"))
    municipality = models.CharField(_("municipalité"), max_length=120, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    website = models.URLField(_("site Web"), blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("courriel de contact"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    # Folded name and municipality (core.text.fold), kept by the actions, so that
    # the directory's text filter ignores accents and case on every database.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["is_active", "name"]), models.Index(fields=["scale"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:organisation", args=[self.pk])


class Partnership(models.Model):
    """A partnership (regroupement) of organisations acting together on a territory."""

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(
        _("type"), max_length=30, choices=PartnershipKind.choices, default=PartnershipKind.LOCAL
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("région")
    )
    territory_name = models.CharField(_("territoire"), max_length=200)
    territory_type = models.CharField(
        _("type de territoire"), max_length=20, choices=TerritoryType.choices, default=TerritoryType.MRC
    )
    children_0_5 = models.PositiveIntegerField(
        _("nombre d'enfants de 0 à 5 ans sur le territoire"), null=True, blank=True
    )
    dpe_stage = models.CharField(
        _("étape de la démarche"), max_length=20, choices=DpeStage.choices, default=DpeStage.MOBILISATION
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("site Web"), blank=True)
    email = models.EmailField(_("courriel de contact"), blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_partnerships",
        blank=True,
        verbose_name=_("coordonnateurs"),
    )
    organisations = models.ManyToManyField(
        Organisation, through="Membership", related_name="partnerships", verbose_name=_("membres")
    )
    is_active = models.BooleanField(_("actif"), default=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("regroupement")
        verbose_name_plural = _("regroupements")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["is_active", "name"]), models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:partnership", args=[self.pk])


class Membership(models.Model):
    """An organisation's membership of a partnership, with its role and join date."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("regroupement")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("partenaire")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_on = models.DateField(_("date d'adhésion"), validators=[validate_join_date])

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.partnership}"


class Affiliation(models.Model):
    """A person's link to the organisation they work for: it makes them a member."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("personne"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("partenaire")
    )
    job_title = models.CharField(_("fonction"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_affiliation")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"
