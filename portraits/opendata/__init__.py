"""Open data: full exports of the public network, plans and library, with their data dictionary.

Five datasets (organisations, partnerships, plans, actions, library items) are written in
three formats each — CSV (UTF-8 with BOM, ``;`` separator, decimal comma: what French
Excel opens), XLSX and JSON — to the ``opendata`` storage (``var/opendata/``, or the
bucket's ``opendata/`` prefix shared by every server), with a data dictionary
(``dictionnaire.*``) and a ``manifest.json`` (generation date, row counts, sizes and a
SHA-256 per file). Each dataset declares its fields once (name, type, French and English
description, example); the three formats, the dictionary, the page ``/donnees-ouvertes/``
and the API all read that one declaration.

Only public data is exported, read as the portraits read it (``portraits.scopes``): active
organisations and partnerships, public plans of active partnerships and their actions,
published library items. Personal data is never exported. What each model holds about
people, and why it stays out:

- ``accounts.User`` (names, e-mail addresses) and ``partners.Affiliation`` (who works
  where, job title): not exported at all;
- ``Partnership.coordinators`` and ``Partnership.email``, ``Organisation.email`` (a contact
  address is often a person's own) and ``Organisation.address`` (a home childcare service
  is run from a person's home): left out;
- plans and actions: ``StageChange.changed_by``, ``Measurement.recorded_by``, history
  tables (who changed what) and evaluation texts are left out;
- library: owners, authors of publications (``PublicationPage.authors``), a learning's
  « personnes-ressources » (``LearningPage.contacts``), comments, votes, bookmarks, follows,
  collections and who reinvested: left out; only the summary is exported, not the body.

Free texts that are exported (names, titles, descriptions, summaries) are public on the
site, but anyone may type an e-mail address into them: every e-mail address found in an
exported text is replaced by « [courriel retiré] ».

Files are written to local temporary files and stored only once every requested dataset
has been written, so a failure never leaves a half-written or mismatched file; each
stored file replaces its namesake whole (a rename on disk, one upload to a bucket), and
the manifest is stored last.

Memory stays modest at ten times the real network: rows are read by primary-key ranges
of ``CHUNK_SIZE`` (one query for the rows, one per related list), written to the three
files as they come, and openpyxl's write-only mode streams the XLSX sheet.

One module per job: ``model`` (what a dataset and a field are), ``rows`` (reading rows by
batches), ``datasets`` (the declarations and the dictionary), ``writers`` (the files of one
table), ``build`` (an export run) and ``manifest`` (what was stored, and the catalogue).
"""

from portraits.opendata.build import ExportResult, Progress, export
from portraits.opendata.datasets import DATASETS, DICTIONARY_FIELDS, dictionary_rows
from portraits.opendata.manifest import (
    MANIFEST,
    Catalogue,
    DatasetInfo,
    FileInfo,
    catalogue,
    downloadable,
    file_size_label,
    is_complete,
    read_manifest,
    storage,
)
from portraits.opendata.model import FORMATS, LICENCE, Dataset, Field

__all__ = [
    "DATASETS",
    "DICTIONARY_FIELDS",
    "FORMATS",
    "LICENCE",
    "MANIFEST",
    "Catalogue",
    "Dataset",
    "DatasetInfo",
    "ExportResult",
    "Field",
    "FileInfo",
    "Progress",
    "catalogue",
    "dictionary_rows",
    "downloadable",
    "export",
    "file_size_label",
    "is_complete",
    "read_manifest",
    "storage",
]
