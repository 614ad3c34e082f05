"""Replace the database and the media files with the content of a backup archive."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.backup import BackupError, local_archive, read_manifest, restore_backup, stored_archives


def _when(manifest: dict) -> str:
    try:
        created = datetime.datetime.fromisoformat(manifest["created_at"])
    except (KeyError, TypeError, ValueError):
        return "?"
    return timezone.localtime(created).strftime("%Y-%m-%d à %H:%M")


class Command(BaseCommand):
    help = (
        "Restaure une archive faite par la commande backup : remplace TOUTE la base de données "
        "et TOUS les fichiers média. Exige --yes. L'archive est un fichier local ou le nom d'une "
        "archive du stockage des sauvegardes (sans argument : la liste de celles-ci)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive",
            nargs="?",
            help=(
                "Archive agirtot-….tar.gz à restaurer : chemin d'un fichier, ou nom d'une archive "
                "du stockage des sauvegardes."
            ),
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirmer le remplacement des données actuelles par celles de l'archive.",
        )

    def handle(self, *args, **options) -> None:
        if options["archive"] is None:
            raise CommandError(self._choose())
        try:
            with local_archive(options["archive"]) as archive:
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

    def _choose(self) -> str:
        try:
            names = stored_archives()
        except BackupError as error:
            return str(error)
        if not names:
            return "Indiquez l'archive à restaurer : le stockage des sauvegardes n'en contient aucune."
        shown = "\n".join(f"  {name}" for name in names[:20])
        more = f"\n  … et {len(names) - 20} autre(s)" if len(names) > 20 else ""
        return (
            "Indiquez l'archive à restaurer. Archives du stockage des sauvegardes (la plus récente "
            f"d'abord) :\n{shown}{more}"
        )
