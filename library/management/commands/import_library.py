"""Migrate existing content into the library from a JSON Lines file (library.imports)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from library.imports import ImportFailed, import_library, summary_lines

# Below these sizes the work is instantaneous; a bar would only flicker.
BAR_FROM_BYTES = 256 * 1024
BAR_FROM_ITEMS = 200


class Command(BaseCommand):
    help = (
        "Importe des éléments dans la bibliothèque à partir d'un fichier JSON Lines (un objet JSON "
        "par ligne : kind, title, summary, body, thèmes, régions, organisations, fichiers…). Ils "
        "sont publiés directement. Tout le fichier est vérifié d'abord ; rien n'est enregistré "
        "s'il contient une erreur."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="Fichier .jsonl ; les chemins des fichiers joints sont relatifs à son dossier."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifier le fichier seulement, sans rien enregistrer."
        )

    def handle(self, *args, **options) -> None:
        dry_run: bool = options["dry_run"]
        try:
            result = import_library(options["file"], dry_run=dry_run, progress=self._progress_bar)
        except ImportFailed as failure:
            for issue in failure.issues:
                self.stderr.write(str(issue))
            hidden = failure.total - len(failure.issues)
            if hidden:
                self.stderr.write(
                    ngettext("… et %(count)s autre erreur.", "… et %(count)s autres erreurs.", hidden)
                    % {"count": hidden}
                )
            raise CommandError(
                ngettext(
                    "%(count)s erreur : rien n'a été enregistré.",
                    "%(count)s erreurs : rien n'a été enregistré.",
                    failure.total,
                )
                % {"count": failure.total}
            ) from None
        if dry_run:
            self.stdout.write(_("Vérification réussie : rien n'a été enregistré (--dry-run)."))
        for line in summary_lines(result):
            self.stdout.write(line)

    def _progress_bar(self, label: str, total: int, unit: str):
        if unit == "bytes":
            return tqdm(
                total=total,
                desc=label,
                unit="o",
                unit_scale=True,
                unit_divisor=1024,
                file=sys.stderr,
                disable=total < BAR_FROM_BYTES or None,
            )
        return tqdm(
            total=total,
            desc=label,
            unit=_(" éléments"),
            file=sys.stderr,
            disable=total < BAR_FROM_ITEMS or None,
        )
