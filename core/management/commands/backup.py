"""Archive the database and the media files (safe while the site runs)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, create_backup, default_directory


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données et les fichiers média dans une archive "
        "agirtot-AAAAMMJJ-HHMMSS.tar.gz (var/backups/ par défaut). Peut être lancée pendant "
        "que le site fonctionne."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help=f"Dossier où écrire l'archive (par défaut : {default_directory()}).",
        )

    def handle(self, *args, **options) -> None:
        try:
            archive = create_backup(options["output"], progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = f"{archive.stat().st_size / 1024 / 1024:.1f}".replace(".", ",")
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde terminée : {archive} ({size} Mo)."))
