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


def test_french_plurals_give_zero_the_singular():
    """French says « 0 ligne »: without its own entry, a plural message would fall back to the
    source's « n != 1 » rule and say « 0 lignes ». Every plural message has a French entry
    (plural=(n > 1)) whose forms are the source's own."""
    from django.utils import translation

    french = polib.pofile(str(CATALOGUE.parent.parent.parent / "fr" / "LC_MESSAGES" / "django.po"))
    assert "plural=(n > 1)" in french.metadata["Plural-Forms"]
    forms = {(e.msgctxt, e.msgid): e for e in french if e.msgid_plural}
    missing = []
    for entry in polib.pofile(str(CATALOGUE)):
        if not entry.msgid_plural or entry.obsolete:
            continue
        found = forms.get((entry.msgctxt, entry.msgid))
        if found is None or [found.msgstr_plural[0], found.msgstr_plural[1]] != [
            entry.msgid,
            entry.msgid_plural,
        ]:
            missing.append(entry.msgid)
    assert not missing, f"Plural messages without their French entry (run make messages): {missing}"
    with translation.override("fr"):
        assert translation.ngettext("%(n)s choisi", "%(n)s choisis", 0) == "%(n)s choisi"
        assert translation.ngettext("%(n)s choisi", "%(n)s choisis", 2) == "%(n)s choisis"
