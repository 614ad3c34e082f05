"""python manage.py send_digests [--frequency daily|weekly] [--dry-run]"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from core.dates import long_date
from library import digests
from library.models import DigestFrequency


class Command(BaseCommand):
    help = _(
        "Envoie le résumé par courriel aux personnes qui l'ont demandé et dont la période est écoulée "
        "(à lancer chaque jour; sans effet si on le relance aussitôt)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--frequency",
            choices=[DigestFrequency.DAILY.value, DigestFrequency.WEEKLY.value],
            help=_(
                "Seulement les résumés quotidiens (daily) ou hebdomadaires (weekly); par défaut, les deux."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Montre qui recevrait un résumé, sans rien envoyer ni enregistrer."),
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Le confier à un processus de traitement (manage.py worker) plutôt que le faire ici.",
        )

    def handle(self, *args, frequency: str | None = None, dry_run: bool = False, **options) -> None:
        if options.get("enqueue"):
            # The digest job sends both frequencies, as the daily schedule does.
            from core import jobs
            from library.tasks import send_digests

            job = jobs.start("digests", send_digests)
            self.stdout.write(_("Tâche %(id)s mise en file d'attente.") % {"id": job.pk})
            return
        verbosity = options.get("verbosity", 1)

        def progress(total: int):
            return tqdm(
                total=total, desc=_("Résumés"), unit=_("personne"), file=sys.stderr, disable=not total or None
            )

        def report(digest: digests.Digest) -> None:
            if dry_run or verbosity > 1:
                self.stdout.write(
                    ngettext(
                        "%(email)s : %(count)s nouveauté depuis le %(since)s",
                        "%(email)s : %(count)s nouveautés depuis le %(since)s",
                        digest.size,
                    )
                    % {
                        "email": digest.user.email,
                        "count": digest.size,
                        "since": long_date(digest.since),
                    }
                )

        summary = digests.send_digests(
            frequency=frequency, dry_run=dry_run, progress=progress if verbosity else None, report=report
        )
        values = {"due": summary.due, "sent": summary.sent, "empty": summary.empty, "failed": summary.failed}
        if dry_run:
            line = _(
                "Simulation (--dry-run) : %(due)s résumé(s) dû(s), %(sent)s à envoyer, "
                "%(empty)s sans nouveauté; rien n'a été envoyé ni enregistré."
            )
        else:
            line = _(
                "Résumés : %(due)s dû(s), %(sent)s envoyé(s), %(empty)s sans nouveauté, %(failed)s échec(s)."
            )
        self.stdout.write(line % values)
        if summary.failed:
            raise CommandError(_("Certains envois ont échoué : voyez le journal des erreurs."))
