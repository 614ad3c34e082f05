"""Compile the committed .po catalogues into .mo files (no GNU gettext needed)."""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile les catalogues de traduction (.po) en fichiers .mo."

    def handle(self, *args, **options):
        roots = [Path(p) for p in settings.LOCALE_PATHS]
        roots += [Path(app.path) / "locale" for app in apps.get_app_configs()]
        base = Path(settings.BASE_DIR).resolve()
        compiled = 0
        for root in roots:
            root = root.resolve()
            # Only the project's own catalogues: installed packages ship their .mo files.
            if not root.is_dir() or base not in root.parents or ".venv" in root.parts:
                continue
            for po_path in root.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        self.stdout.write(f"{compiled} catalogue(s) compilé(s).")
