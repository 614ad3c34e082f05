"""Update actions' progress and record indicator values from a CSV or XLSX file."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from plans.imports import MAX_BYTES, ImportFailed, import_progress, summary_lines

# Below this many writes the import is instantaneous; a bar would only flicker.
PROGRESS_BAR_FROM = 200


class Command(BaseCommand):
    help = (
        "Met à jour la progression et le statut d'actions et enregistre des valeurs d'indicateurs "
        "à partir d'un fichier CSV ou XLSX (colonnes action, progression, statut, indicateur, "
        "valeur, date). Tout le fichier est vérifié d'abord ; rien n'est enregistré s'il contient "
        "une erreur."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Fichier CSV (UTF-8, séparateur ; ou ,) ou XLSX.")
        parser.add_argument(
            "--user",
            required=True,
            help="Adresse courriel de la personne au nom de qui les changements sont faits.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vérifier le fichier seulement, sans rien enregistrer.",
        )

    def handle(self, *args, **options) -> None:
        user = self._user(options["user"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Le fichier « %(path)s » est introuvable.") % {"path": path})
        with path.open("rb") as handle:
            # One byte past the limit is enough for the import to refuse the file.
            content = handle.read(MAX_BYTES + 1)
        dry_run: bool = options["dry_run"]
        try:
            result = import_progress(
                user, content, path.name, dry_run=dry_run, progress_bar=self._progress_bar
            )
        except ImportFailed as failure:
            for issue in failure.issues:
                self.stderr.write(str(issue))
            count = len(failure.issues)
            raise CommandError(
                ngettext(
                    "%(count)s erreur : rien n'a été enregistré.",
                    "%(count)s erreurs : rien n'a été enregistré.",
                    count,
                )
                % {"count": count}
            ) from None
        # Reached only once the transaction has committed.
        if dry_run:
            self.stdout.write(_("Vérification réussie : rien n'a été enregistré (--dry-run)."))
        else:
            self.stdout.write(_("Importation terminée."))
        for line in summary_lines(result, dry_run=dry_run):
            self.stdout.write(line)

    def _user(self, email: str):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(_("Aucun compte n'a l'adresse courriel « %(email)s ».") % {"email": email})
        if not user.is_active:
            raise CommandError(_("Le compte « %(email)s » est désactivé.") % {"email": user.email})
        return user

    def _progress_bar(self, items, total: int):
        return tqdm(
            items,
            total=total,
            desc=_("Enregistrement"),
            unit=_("ligne"),
            file=sys.stderr,
            disable=total < PROGRESS_BAR_FROM or None,
        )
