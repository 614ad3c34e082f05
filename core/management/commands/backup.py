"""Archive the database and the media files (safe while the site runs)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, create_backup, default_location


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données et les fichiers média dans une archive "
        "agirtot-AAAAMMJJ-HHMMSS.tar.gz, gardée dans le stockage des sauvegardes (var/backups/, ou "
        "le compartiment S3 configuré, d'où tout serveur peut la restaurer). Peut être lancée "
        "pendant que le site fonctionne."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help=(
                "Dossier local où écrire l'archive, au lieu du stockage des sauvegardes "
                f"({default_location()})."
            ),
        )

    def handle(self, *args, **options) -> None:
        try:
            archive = create_backup(options["output"], progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = f"{archive.size / 1024 / 1024:.1f}".replace(".", ",")
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde terminée : {archive.location} ({size} Mo)."))
        if options["output"] is None:
            self.stdout.write(
                f"Pour la restaurer sur ce serveur ou un autre : manage.py restore {archive.name}"
            )
