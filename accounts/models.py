"""People who sign in."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.people import public_name


class User(AbstractUser):
    """A person with an account; the e-mail address is what they sign in with."""

    email = models.EmailField(_("adresse courriel"), unique=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        # The name others may see, never the address: a forgotten « {{ person }} » in a
        # page, a log or a form's choices must not show it (accounts.people).
        return public_name(self)


class AccessKind(models.TextChoices):
    LIST = "list", _("Liste des personnes")
    VIEW = "view", _("Consultation")
    CHANGE = "change", _("Modification")
    DELETE = "delete", _("Suppression")
    EXPORT = "export", _("Exportation")


class AccessLog(models.Model):
    """An administrator opened, changed or exported a person's data in an admin (Loi 25)."""

    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("administrateur"),
    )
    subject = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne concernée"),
    )
    # The number stays when the account is deleted, so that the entry still tells
    # which record was opened, without the person's name.
    subject_pk = models.PositiveBigIntegerField(_("numéro du compte"), null=True, blank=True)
    kind = models.CharField(_("accès"), max_length=10, choices=AccessKind.choices)
    path = models.CharField(_("adresse"), max_length=300)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("accès aux renseignements personnels")
        verbose_name_plural = _("accès aux renseignements personnels")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_pk", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.path}"
