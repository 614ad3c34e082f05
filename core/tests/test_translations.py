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


def test_catalogue_holds_every_string_of_the_source(tmp_path):
    """A new interface string without its English entry fails here (needs GNU gettext)."""
    import shutil

    import pytest
    from django.core.management import call_command

    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    original = CATALOGUE.read_bytes()
    try:
        call_command(
            "makemessages",
            locale=["en"],
            ignore_patterns=[".venv/*", "var/*", "bench/*", "node_modules/*"],
            no_obsolete=True,
            verbosity=0,
        )
        extracted = polib.pofile(str(CATALOGUE))
    finally:
        CATALOGUE.write_bytes(original)
    committed = polib.pofile(str(CATALOGUE))
    missing = {(e.msgctxt, e.msgid) for e in extracted} - {(e.msgctxt, e.msgid) for e in committed}
    assert not missing, f"Run `make messages` and translate: {sorted(m[1] for m in missing)[:10]}"
    stale = [e.msgid for e in extracted if e.fuzzy or not e.translated()]
    assert not stale, f"Untranslated after extraction: {stale[:10]}"
