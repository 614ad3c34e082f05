"""Give every plural message of the interface its French entry (run by ``make messages``).

French is the source language, so its catalogue holds only overrides; but a plural
message without a French entry falls back to the source's « n != 1 » rule and says
« 0 lignes » where French says « 0 ligne ». Each plural message therefore gets a French
entry whose forms are the source's own, under French's ``plural=(n > 1)``.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Ajoute au catalogue français une entrée pour chaque message au pluriel (0 prend le singulier)."

    def handle(self, *args, **options):
        locale = Path(settings.BASE_DIR) / "locale"
        source = polib.pofile(str(locale / "en" / "LC_MESSAGES" / "django.po"))
        french_path = locale / "fr" / "LC_MESSAGES" / "django.po"
        french = polib.pofile(str(french_path))
        wanted = {(e.msgctxt, e.msgid): e for e in source if e.msgid_plural and not e.obsolete}
        removed = 0
        for entry in [e for e in french if e.msgid_plural]:
            if (entry.msgctxt, entry.msgid) not in wanted:
                french.remove(entry)
                removed += 1
        have = {(e.msgctxt, e.msgid): e for e in french if e.msgid_plural}
        added = 0
        for key, entry in wanted.items():
            forms = {0: entry.msgid, 1: entry.msgid_plural}
            current = have.get(key)
            if current is not None:
                current.msgid_plural, current.msgstr_plural = entry.msgid_plural, forms
                continue
            french.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr_plural=forms,
                    flags=[flag for flag in entry.flags if flag.endswith("-format")],
                    occurrences=entry.occurrences,
                )
            )
            added += 1
        french.save(str(french_path))
        self.stdout.write(
            f"Pluriels français : {added} ajouté(s), {removed} retiré(s), {len(wanted)} en tout."
        )
