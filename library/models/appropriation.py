"""Appropriation: collections of bookmarks, comments, « utile » votes, follows, digests."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Collection(models.Model):
    """A named set of bookmarks, private or shared with one of my partnerships."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="collections",
        verbose_name=_("propriétaire"),
    )
    name = models.CharField(_("nom"), max_length=120)
    partnership = models.ForeignKey(
        "partners.Partnership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collections",
        verbose_name=_("partagée avec le regroupement"),
        help_text=_("Laissez vide pour une collection privée."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="collection_unique_name")]

    def __str__(self) -> str:
        return self.name


class Bookmark(models.Model):
    """A library item saved in a collection, with an optional private note."""

    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="bookmarks", verbose_name=_("collection")
    )
    item = models.ForeignKey(
        "library.LibraryItem", on_delete=models.CASCADE, related_name="bookmarks", verbose_name=_("élément")
    )
    note = models.TextField(_("note"), blank=True, max_length=2_000)
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("signet")
        verbose_name_plural = _("signets")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["collection", "item"], name="bookmark_unique_item")]

    def __str__(self) -> str:
        return f"{self.collection} — {self.item_id}"


class Comment(models.Model):
    """A comment or a question on a library item; editors may hide it."""

    item = models.ForeignKey(
        "library.LibraryItem", on_delete=models.CASCADE, related_name="comments", verbose_name=_("élément")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="library_comments",
        verbose_name=_("auteur"),
    )
    # Kept so that a deleted account's comment stays credited to its organisation.
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("en réponse à"),
    )
    is_question = models.BooleanField(_("question"), default=False)
    body = models.TextField(_("commentaire"), max_length=5_000)
    hidden = models.BooleanField(_("masqué"), default=False, db_index=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("masqué par"),
    )
    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)
    created_at = models.DateTimeField(_("publié le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class CommentReport(models.Model):
    """Someone reports a comment to the editors."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("commentaire")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("signalé par"),
    )
    reason = models.CharField(_("raison"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)
    resolved = models.BooleanField(_("traité"), default=False)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_person")]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.reason}"


class UsefulVote(models.Model):
    """« Utile »: a person found this item useful."""

    item = models.ForeignKey(
        "library.LibraryItem",
        on_delete=models.CASCADE,
        related_name="useful_votes",
        verbose_name=_("élément"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="useful_votes",
        verbose_name=_("personne"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote « utile »")
        verbose_name_plural = _("votes « utile »")
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="useful_vote_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.item_id}"


class Follow(models.Model):
    """A person follows an item, a theme or a partnership, for the digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows", verbose_name=_("personne")
    )
    item = models.ForeignKey(
        "library.LibraryItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("élément"),
    )
    theme = models.ForeignKey(
        "taxonomy.Theme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("thème"),
    )
    partnership = models.ForeignKey(
        "partners.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("regroupement"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(item__isnull=False, theme__isnull=True, partnership__isnull=True)
                    | models.Q(item__isnull=True, theme__isnull=False, partnership__isnull=True)
                    | models.Q(item__isnull=True, theme__isnull=True, partnership__isnull=False)
                ),
                name="follow_one_target",
            ),
            models.UniqueConstraint(fields=["user", "item"], name="follow_item_once"),
            models.UniqueConstraint(fields=["user", "theme"], name="follow_theme_once"),
            models.UniqueConstraint(fields=["user", "partnership"], name="follow_partnership_once"),
        ]

    def __str__(self) -> str:
        return str(self.target)

    @property
    def target(self):
        return self.item or self.theme or self.partnership


class DigestFrequency(models.TextChoices):
    NEVER = "never", _("Jamais")
    DAILY = "daily", _("Chaque jour")
    WEEKLY = "weekly", _("Chaque semaine")


class DigestSubscription(models.Model):
    """A person's consent to the digest e-mail and its frequency (never by default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest", verbose_name=_("personne")
    )
    frequency = models.CharField(
        _("fréquence"), max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.NEVER
    )
    consented_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("dernier envoi"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonnement au résumé")
        verbose_name_plural = _("abonnements au résumé")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"
