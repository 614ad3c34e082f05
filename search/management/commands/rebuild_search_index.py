"""Index every searchable object again: `python manage.py rebuild_search_index`."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm

from search import index, registry


class Command(BaseCommand):
    help = _("Reconstruit l'index de recherche (bibliothèque, partenaires, regroupements, actions).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--type",
            action="append",
            choices=sorted(registry.SOURCES),
            help=_("Seulement ce type (répétable)."),
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Le confier à un processus de traitement (manage.py worker) plutôt que le faire ici.",
        )

    def handle(self, *args, **options):
        types = options["type"] or list(registry.SOURCES)
        if options.get("enqueue"):
            from core import jobs
            from search.tasks import rebuild_search_index

            job = jobs.start("search.rebuild", rebuild_search_index, params={"types": types})
            self.stdout.write(_("Tâche %(id)s mise en file d'attente.") % {"id": job.pk})
            return
        with tqdm(total=index.count(types), unit=" doc", desc=_("Indexation"), file=self.stderr) as bar:
            total = index.rebuild(types, progress=bar.update)
        self.stdout.write(_("%(n)s documents indexés.") % {"n": f"{total:,}".replace(",", "\u00a0")})
