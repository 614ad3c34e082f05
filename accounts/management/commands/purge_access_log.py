"""Delete the entries of the administrators' access log older than two years (docs/privacy.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from accounts.privacy import ACCESS_LOG_RETENTION, purge_access_log


class Command(BaseCommand):
    help = (
        f"Supprime les entrées du journal des accès aux renseignements personnels de plus de "
        f"{ACCESS_LOG_RETENTION.days} jours. Les processus de traitement (manage.py worker) "
        "la lancent chaque jour."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Le confier à un processus de traitement (manage.py worker) plutôt que le faire ici.",
        )

    def handle(self, *args, **options) -> None:
        if options.get("enqueue"):
            from accounts.tasks import purge_access_log as purge_job
            from core import jobs

            job = jobs.start("access-log-purge", purge_job)
            self.stdout.write(_("Tâche %(id)s mise en file d'attente.") % {"id": job.pk})
            return
        deleted = purge_access_log()
        self.stdout.write(self.style.SUCCESS(f"Journal des accès : {deleted} entrée(s) supprimée(s)."))
