"""Replace the database and the media files with the content of a backup archive."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.backup import BackupError, read_manifest, restore_backup


def _when(manifest: dict) -> str:
    try:
        created = datetime.datetime.fromisoformat(manifest["created_at"])
    except (KeyError, TypeError, ValueError):
        return "?"
    return timezone.localtime(created).strftime("%Y-%m-%d à %H:%M")


class Command(BaseCommand):
    help = (
        "Restaure une archive faite par la commande backup : remplace TOUTE la base de données "
        "et TOUS les fichiers média. Exige --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="Archive agirtot-….tar.gz à restaurer.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirmer le remplacement des données actuelles par celles de l'archive.",
        )

    def handle(self, *args, **options) -> None:
        archive: Path = options["archive"]
        try:
            manifest = read_manifest(archive)
            if not options["yes"]:
                raise CommandError(
                    f"La restauration remplace toute la base de données et tous les fichiers média "
                    f"par le contenu de l'archive du {_when(manifest)}. Les données "
                    "actuelles seront perdues : faites d'abord une sauvegarde (manage.py backup), puis "
                    "relancez la commande avec --yes pour confirmer."
                )
            result = restore_backup(archive, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if result.needs_migrate:
            self.stdout.write(
                self.style.WARNING(
                    "La base restaurée n'a pas toutes les migrations du code : lancez « manage.py migrate »."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restauration terminée : base de données et {result.media_files} fichier(s) média."
            )
        )
