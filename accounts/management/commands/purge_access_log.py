"""Delete the entries of the administrators' access log older than two years (docs/privacy.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from accounts.privacy import ACCESS_LOG_RETENTION, purge_access_log


class Command(BaseCommand):
    help = (
        f"Supprime les entrées du journal des accès aux renseignements personnels de plus de "
        f"{ACCESS_LOG_RETENTION.days} jours. À lancer chaque jour (cron, minuterie systemd)."
    )

    def handle(self, *args, **options) -> None:
        deleted = purge_access_log()
        self.stdout.write(self.style.SUCCESS(f"Journal des accès : {deleted} entrée(s) supprimée(s)."))
