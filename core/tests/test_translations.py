"""The English catalogue is complete and keeps every placeholder."""

import re
from pathlib import Path

import polib
from django.conf import settings

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}")
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_interface_string_has_an_english_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    assert len(catalogue) > 200
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_translations_keep_their_placeholders():
    def names(text):
        return set(PLACEHOLDER.findall(text))

    for entry in polib.pofile(str(CATALOGUE)):
        if not entry.msgid_plural:
            assert names(entry.msgstr) == names(entry.msgid), entry.msgid
            continue
        # A singular form may spell out "one" instead of showing the count.
        assert names(entry.msgstr_plural[0]) <= names(entry.msgid_plural), entry.msgid
        assert names(entry.msgstr_plural[1]) == names(entry.msgid_plural), entry.msgid
