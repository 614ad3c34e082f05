"""Shared building blocks of the models of every app."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ReferenceItem(models.Model):
    """A reference-data entry: a stable code and a French label with its English translation."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_fr = models.CharField(_("libellé (français)"), max_length=200)
    label_en = models.CharField(_("libellé (anglais)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the active language, French when no translation exists."""
        if (get_language() or "fr").startswith("en") and self.label_en:
            return self.label_en
        return self.label_fr
