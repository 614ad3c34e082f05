"""Reference data shared by the network, the plans and the library."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import ReferenceItem


class System(ReferenceItem):
    """A system of the ecosystemic approach: the child, the family or the community."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("système")
        verbose_name_plural = _("systèmes")


class ProtectiveFactor(ReferenceItem):
    """A protective factor, which shields young children against difficulties."""

    system = models.ForeignKey(
        System, on_delete=models.PROTECT, related_name="protective_factors", verbose_name=_("système")
    )
    description_fr = models.TextField(_("description (français)"), blank=True)
    description_en = models.TextField(_("description (anglais)"), blank=True)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("facteur de protection")
        verbose_name_plural = _("facteurs de protection")

    @property
    def description(self) -> str:
        if (get_language() or "fr").startswith("en") and self.description_en:
            return self.description_en
        return self.description_fr


class AgePeriod(ReferenceItem):
    """A period of early childhood, from pregnancy to the transition to school."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("période d'âge")
        verbose_name_plural = _("périodes d'âge")


class Population(ReferenceItem):
    """A population that actions may aim at."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("population")
        verbose_name_plural = _("populations")


class Sector(ReferenceItem):
    """The sector a partner organisation belongs to."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("secteur")
        verbose_name_plural = _("secteurs")


class ActionType(ReferenceItem):
    """A kind of action partners carry out together."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("type d'action")
        verbose_name_plural = _("types d'action")


class Theme(ReferenceItem):
    """A theme used to classify actions and library items."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
