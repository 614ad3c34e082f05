"""Réinvestissement: a partnership adapts a library item or an action into its plan."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from library.querysets import ReinvestmentQuerySet


class Reinvestment(models.Model):
    """The link kept between a source (item or action) and the action adapted from it."""

    source_item = models.ForeignKey(
        "library.LibraryItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reinvestments",
        verbose_name=_("élément source"),
    )
    source_action = models.ForeignKey(
        "plans.Action",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reinvestments",
        verbose_name=_("action source"),
    )
    action = models.OneToOneField(
        "plans.Action", on_delete=models.CASCADE, related_name="inspiration", verbose_name=_("action créée")
    )
    partnership = models.ForeignKey(
        "partners.Partnership",
        on_delete=models.CASCADE,
        related_name="reinvestments",
        verbose_name=_("regroupement qui adapte"),
    )
    adapted = models.TextField(_("ce qui a été adapté"), blank=True)
    reason = models.TextField(_("pourquoi"), blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )

    objects = ReinvestmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("réinvestissement")
        verbose_name_plural = _("réinvestissements")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(source_item__isnull=False) & models.Q(source_action__isnull=True))
                | (models.Q(source_item__isnull=True) & models.Q(source_action__isnull=False)),
                name="reinvestment_one_source",
            )
        ]

    def __str__(self) -> str:
        return str(self.action)

    @property
    def source(self):
        return self.source_item or self.source_action
