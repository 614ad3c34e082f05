"""Rebuild the open data files (CSV, XLSX, JSON, dictionary, manifest) in the open data storage."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from core.storage import storage_errors
from portraits import opendata


def count_text(key: str, count: int) -> str:
    """« 3 000 organisations », « 1 regroupement »… for the summary line."""
    shown = number_format(count, force_grouping=True)
    texts = {
        "organisations": ngettext("%(count)s organisation", "%(count)s organisations", count),
        "partnerships": ngettext("%(count)s regroupement", "%(count)s regroupements", count),
        "plans": ngettext("%(count)s plan d'action", "%(count)s plans d'action", count),
        "actions": ngettext("%(count)s action", "%(count)s actions", count),
        "library": ngettext(
            "%(count)s élément de la bibliothèque", "%(count)s éléments de la bibliothèque", count
        ),
    }
    return texts[key] % {"count": shown}


class _Bar(opendata.Progress):
    def __init__(self, dataset: opendata.Dataset, total: int) -> None:
        self.bar = tqdm(total=total, desc=dataset.title, unit=_("ligne"), file=sys.stderr)

    def update(self, rows: int) -> None:
        self.bar.update(rows)

    def close(self) -> None:
        self.bar.close()


class Command(BaseCommand):
    help = (
        "Produit les fichiers de données ouvertes (partenaires, regroupements, plans, actions, "
        "bibliothèque) en CSV, XLSX et JSON, avec le dictionnaire des données et le manifeste, "
        "dans var/opendata/ (ou dans le compartiment S3 configuré, partagé par tous les serveurs). "
        "Aucune donnée personnelle n'y figure. Les fichiers précédents restent en place si "
        "l'exportation échoue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dataset",
            action="append",
            choices=list(opendata.DATASETS),
            help="Ne reconstruire que ce jeu de données (répétable).",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Ne rien faire si tous les fichiers existent déjà.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Le confier à un processus de traitement (manage.py worker) plutôt que le faire ici.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_missing"] and opendata.is_complete():
            self.stdout.write(_("Les données ouvertes existent déjà : rien à faire."))
            return
        if options.get("enqueue"):
            from core import jobs
            from portraits.tasks import export_open_data

            job = jobs.start("open-data", export_open_data, params={"datasets": options["dataset"] or []})
            self.stdout.write(_("Tâche %(id)s mise en file d'attente.") % {"id": job.pk})
            return
        try:
            result = opendata.export(options["dataset"], progress=_Bar)
        except storage_errors() as error:
            raise CommandError(
                _(
                    "Les données ouvertes n'ont pas pu être écrites (%(error)s) ; "
                    "les fichiers précédents sont intacts."
                )
                % {"error": error}
            ) from error
        counts = ", ".join(count_text(key, n) for key, n in result.counts.items())
        seconds = number_format(result.seconds, 1)
        self.stdout.write(
            self.style.SUCCESS(
                _("Données ouvertes exportées : %(counts)s en %(seconds)s s.")
                % {"counts": counts, "seconds": seconds}
            )
        )
