"""Shared building blocks of the models of every app."""

from django.conf import settings
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


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    SUCCEEDED = "succeeded", _("Terminée")
    FAILED = "failed", _("Échouée")


class Job(models.Model):
    """A piece of long or periodic work run by a worker, as its starter and the site see it
    (core/jobs.py); the queue's own row (django-tasks-db) is named by ``task_id``."""

    kind = models.CharField(_("type"), max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("état"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    # The language of the page that started it: its messages are written in that language.
    language = models.CharField(_("langue"), max_length=8, default="fr")
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    # What it reads (the name of an uploaded file in the storage; deleted once it is done).
    input_name = models.CharField(_("fichier reçu"), max_length=255, blank=True)
    input_label = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    task_id = models.CharField(_("tâche de la file"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencée le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finie le"), null=True, blank=True)
    # Moved on by the worker while it runs the job; a running job whose heartbeat stops has lost
    # its worker (core.jobs.fail_stale_jobs).
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), null=True, blank=True)
    worker = models.CharField(_("processus"), max_length=120, blank=True)
    step = models.CharField(_("étape"), max_length=120, blank=True)
    done = models.PositiveIntegerField(_("fait"), default=0)
    total = models.PositiveIntegerField(_("à faire"), default=0)
    # Sentences in the job's language: the summary of a success, the problems of a failure.
    result = models.JSONField(_("résultat"), default=list, blank=True)
    errors = models.JSONField(_("erreurs"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("nombre d'erreurs"), default=0)

    class Meta:
        verbose_name = _("tâche")
        verbose_name_plural = _("tâches")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="core_job_status_heartbeat")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)


class PeriodicRun(models.Model):
    """One period of a periodic job, claimed once for the whole cluster: the unique pair
    (name, slot) lets a single worker enqueue it, however many run the scheduler."""

    name = models.CharField(_("tâche périodique"), max_length=60)
    slot = models.CharField(_("période"), max_length=40)
    job = models.ForeignKey(
        Job, verbose_name=_("tâche"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(_("réservée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("exécution périodique")
        verbose_name_plural = _("exécutions périodiques")
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="core_periodic_run_once")]

    def __str__(self) -> str:
        return f"{self.name} {self.slot}"
