"""Québec's administrative regions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import ReferenceItem


class Region(ReferenceItem):
    """One of the 17 administrative regions of Québec, with its official two-digit code."""

    code = models.CharField(_("code officiel"), max_length=2, unique=True)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("région administrative")
        verbose_name_plural = _("régions administratives")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"
