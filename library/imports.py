"""Migrating existing content into the library from a JSON Lines file.

``import_library(path, *, dry_run=False, progress=None)`` is the one entry point (the
``import_library`` management command calls it). The file is read twice, line by line,
never whole: a first pass validates every line and reports every problem by line and
field in French (``ImportFailed.issues``); only when there is none does the second pass
write everything in one transaction — themes, documents, published pages (through
``library.bulk.create_items``) and their search documents — or nothing at all.

The format: one JSON object per line, UTF-8, blank lines ignored.

- ``kind`` (required): ``apprentissage``, ``outil``, ``publication``, ``dossier`` or
  ``actualite`` (case and accents ignored, so ``Actualité`` works).
- ``title`` (required, at most 255 characters) and ``summary`` (required, plain text,
  at most 1,000 characters).
- ``body``: HTML when it starts with a tag, Markdown (CommonMark) otherwise. Markdown
  headings move one level down (the page title is the only ``h1``) and everything is
  sanitised (``library.text.sanitise_html``): no script, style or event handler survives.
- ``systems``, ``protection_factors``, ``themes``, ``age_periods``, ``populations``,
  ``action_types``, ``regions``: lists of codes or French labels, compared without case,
  accents or punctuation (``core.text.fold``); a region also by its official code
  (``"06"``, or ``6``). An unknown theme is created (its label in both languages, a code
  made from it); any other unknown value is an error.
- ``organisations``: names of existing organisations, compared the same way.
- ``published_at``: an ISO date (``2024-05-31``; a date-time keeps its date).
- ``language``: ``fr`` (default) or ``en``: the item goes under that language's library.
- ``files``: paths relative to the JSONL file. A tool gets each as one of its documents,
  a publication its one document; other kinds have none. Each file is checked by its
  content (``library.uploads.check_upload``); a path used twice gives one document.

A field set to ``null`` counts as absent. Any other field is an error rather than
silently ignored: a misspelt ``theme`` must not drop the data. Items are published
directly, without revisions (the first edit in the admin creates one).
"""

from __future__ import annotations

import codecs
import datetime
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markdown_it import MarkdownIt
from wagtail.documents import get_document_model

from core.text import fold
from partners.models import Organisation
from search import index as search_index
from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, System, Theme
from territories.models import Region

from .bulk import NewItem, create_items
from .models import ItemKind, LibraryIndexPage, ToolDocument
from .text import sanitise_html
from .uploads import check_upload

# Field names are part of the file format, like API field names: not translated.
KIND, TITLE, SUMMARY, BODY = "kind", "title", "summary", "body"
PUBLISHED_AT, LANGUAGE, FILES, ORGANISATIONS = "published_at", "language", "files", "organisations"
#: JSON field -> (tag of library.bulk.NewItem, reference model).
TAG_FIELDS: dict[str, tuple[str, type]] = {
    "systems": ("systems", System),
    "protection_factors": ("protective_factors", ProtectiveFactor),
    "themes": ("themes", Theme),
    "age_periods": ("age_periods", AgePeriod),
    "populations": ("populations", Population),
    "action_types": ("action_types", ActionType),
    "regions": ("regions", Region),
}
FIELDS = (KIND, TITLE, SUMMARY, BODY, *TAG_FIELDS, ORGANISATIONS, PUBLISHED_AT, LANGUAGE, FILES)
LANGUAGES = ("fr", "en")
_KINDS = {fold(kind.value): kind.value for kind in ItemKind}

MAX_TITLE = 255
MAX_SUMMARY = 1_000
MAX_THEME_LABEL = 200
# A line holds one item; its body may be long, but not this long.
MAX_LINE_BYTES = 5 * 1024 * 1024
#: Problems kept for the report; the others are only counted.
MAX_REPORTED = 200
BATCH = 500

_markdown = MarkdownIt("commonmark", {"html": True})
_STARTS_WITH_TAG = re.compile(r"\s*<[a-zA-Z][a-zA-Z0-9]*[\s/>]")
_HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])", re.IGNORECASE)


def _unknown_messages() -> dict[str, str]:
    # Built when needed, so that the messages follow the active language.
    return {
        "systems": _("système inconnu « %(value)s »."),
        "protection_factors": _("facteur de protection inconnu « %(value)s »."),
        "age_periods": _("période d'âge inconnue « %(value)s »."),
        "populations": _("population inconnue « %(value)s »."),
        "action_types": _("type d'action inconnu « %(value)s »."),
        "regions": _("région inconnue « %(value)s »."),
        ORGANISATIONS: _("organisation inconnue « %(value)s »."),
    }


# Results and errors ----------------------------------------------------------------------


@dataclass
class ImportIssue:
    """One problem: its line (0 for the whole file), the field as named in the file, a
    French sentence."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        if not self.line:
            return self.message
        if not self.field:
            return _("Ligne %(line)s : %(message)s") % {"line": self.line, "message": self.message}
        return _("Ligne %(line)s, champ « %(field)s » : %(message)s") % {
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


class ImportFailed(Exception):
    """The file was refused; nothing was written. ``issues`` holds the first problems
    (at most ``MAX_REPORTED``), ``total`` counts them all."""

    def __init__(self, issues: list[ImportIssue], total: int | None = None) -> None:
        self.issues = issues
        self.total = len(issues) if total is None else total
        super().__init__("\n".join(str(issue) for issue in issues))


@dataclass
class ImportResult:
    """What an import wrote (or, in a dry run, would write)."""

    items: int
    by_language: dict[str, int]
    themes_created: list[str]
    files: int
    dry_run: bool = False
    ids: list[int] = field(default_factory=list)


class Bar(Protocol):
    def update(self, n: int = 1) -> Any: ...

    def close(self) -> Any: ...


#: (label, total, unit: "bytes" or "items") -> a bar with update() and close(), as tqdm's.
ProgressBar = Callable[[str, int, str], Bar]


class _NoBar:
    def update(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


def _no_progress(label: str, total: int, unit: str) -> Bar:
    return _NoBar()


# The entry point ----------------------------------------------------------------------------


def import_library(
    path: str | Path, *, dry_run: bool = False, progress: ProgressBar | None = None, confined: bool = False
) -> ImportResult:
    """Validate the whole file, then create and index its items in one transaction;
    raise ``ImportFailed`` (nothing written) on any problem. ``dry_run`` validates only.
    ``confined`` refuses attached files outside the JSONL file's folder (a file sent from the
    browser must not name the server's own files)."""
    path = Path(path)
    progress = progress or _no_progress
    if not path.is_file():
        raise ImportFailed(
            [ImportIssue(0, "", _("Le fichier « %(path)s » est introuvable.") % {"path": path})]
        )
    reader = _Reader(path, confined=confined)
    counts = reader.validate(progress)
    total = sum(counts.values())
    if dry_run:
        return ImportResult(total, counts, list(reader.lookups.new_themes.values()), reader.attachments, True)
    stored: list[str] = []
    try:
        with transaction.atomic():
            ids = reader.write(counts, progress, stored)
    except BaseException:
        # The rows are rolled back; the files written to the storage are not.
        storage = get_document_model()._meta.get_field("file").storage
        for name in stored:
            storage.delete(name)
        raise
    return ImportResult(
        total, counts, list(reader.lookups.new_themes.values()), reader.attachments, False, ids
    )


def body_html(body: str) -> str:
    """Safe HTML from a body written in HTML or Markdown."""
    if not body.strip():
        return ""
    if _STARTS_WITH_TAG.match(body):
        # The page title is the h1: headings in the body start at h2 and stop at h4.
        html = _HEADING.sub(lambda m: f"<{m[1]}h{min(max(int(m[2]), 2), 4)}", body)
    else:
        html = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 4)}", _markdown.render(body))
    return sanitise_html(html).strip()


def summary_lines(result: ImportResult) -> list[str]:
    """The counts of an import, one French sentence each, for the command."""
    if result.dry_run:
        items = ngettext(
            "%(count)s élément serait importé et publié (%(french)s en français, %(english)s en anglais).",
            "%(count)s éléments seraient importés et publiés (%(french)s en français, "
            "%(english)s en anglais).",
            result.items,
        )
    else:
        items = ngettext(
            "%(count)s élément importé et publié (%(french)s en français, %(english)s en anglais).",
            "%(count)s éléments importés et publiés (%(french)s en français, %(english)s en anglais).",
            result.items,
        )
    lines = [
        items
        % {
            "count": _number(result.items),
            "french": _number(result.by_language.get("fr", 0)),
            "english": _number(result.by_language.get("en", 0)),
        }
    ]
    if result.themes_created:
        count = len(result.themes_created)
        themes = (
            ngettext(
                "%(count)s thème serait créé : %(names)s.",
                "%(count)s thèmes seraient créés : %(names)s.",
                count,
            )
            if result.dry_run
            else ngettext("%(count)s thème créé : %(names)s.", "%(count)s thèmes créés : %(names)s.", count)
        )
        lines.append(themes % {"count": _number(count), "names": ", ".join(result.themes_created)})
    if result.files:
        files = (
            ngettext("%(count)s fichier serait joint.", "%(count)s fichiers seraient joints.", result.files)
            if result.dry_run
            else ngettext("%(count)s fichier joint.", "%(count)s fichiers joints.", result.files)
        )
        lines.append(files % {"count": _number(result.files)})
    return lines


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True, use_l10n=True)


# Lookups, resolved once so that no line costs a query -----------------------------------------


class _Lookups:
    """Folded codes and labels -> ids, for every tag field and the organisations."""

    def __init__(self) -> None:
        self.tags: dict[str, dict[str, int | None]] = {}
        for name, (_tag, model) in TAG_FIELDS.items():
            table: dict[str, int | None] = {}
            for pk, code, label in model.objects.values_list("pk", "code", "label_fr"):
                keys = {fold(code), fold(label)}
                if model is Region:
                    keys.add(str(int(code)))
                for key in keys:
                    # The same words naming two entries name neither.
                    table[key] = pk if table.get(key, pk) == pk else None
            self.tags[name] = table
        organisations: dict[str, int | None] = {}
        for pk, name in Organisation.objects.values_list("pk", "name"):
            key = fold(name)
            organisations[key] = None if key in organisations else pk
        self.tags[ORGANISATIONS] = organisations
        #: Folded label -> label as first written, for the themes to create.
        self.new_themes: dict[str, str] = {}

    def create_themes(self) -> None:
        """Create the new themes and make them resolvable like the others."""
        if not self.new_themes:
            return
        taken = set(Theme.objects.values_list("code", flat=True))
        position = (Theme.objects.aggregate(top=Max("position"))["top"] or 0) + 1
        themes = []
        for offset, label in enumerate(self.new_themes.values()):
            base = slugify(label)[:40].strip("-") or "theme"
            code, n = base, 2
            while code in taken:
                suffix = f"-{n}"
                code, n = base[: 40 - len(suffix)] + suffix, n + 1
            taken.add(code)
            themes.append(Theme(code=code, label_fr=label, label_en=label, position=position + offset))
        Theme.objects.bulk_create(themes)
        for key, theme in zip(self.new_themes, themes, strict=True):
            self.tags["themes"][key] = theme.pk


# Reading and validating ----------------------------------------------------------------------


@dataclass
class _Row:
    """One valid line, its references resolved to ids."""

    line: int
    kind: str
    title: str
    summary: str
    body: str
    language: str
    published_on: datetime.date | None
    tags: dict[str, list[int]]
    files: list[Path]


class _Reader:
    def __init__(self, path: Path, *, confined: bool = False) -> None:
        self.path = path
        self.base = path.resolve().parent
        self.confined = confined
        self.lookups = _Lookups()
        self.issues: list[ImportIssue] = []
        self.issue_count = 0
        self.attachments = 0
        # Path -> error message (None when the file is acceptable), each file read once.
        self._checked: dict[Path, str | None] = {}
        self._unknown = _unknown_messages()

    def _problem(self, line: int, field_name: str, message: str) -> None:
        self.issue_count += 1
        if len(self.issues) < MAX_REPORTED:
            self.issues.append(ImportIssue(line, field_name, message))

    def _failed(self) -> ImportFailed:
        return ImportFailed(self.issues, self.issue_count)

    # The two passes

    def validate(self, progress: ProgressBar) -> dict[str, int]:
        counts = dict.fromkeys(LANGUAGES, 0)
        bar = progress(_("Vérification"), self.path.stat().st_size, "bytes")
        try:
            for row in self._rows(bar):
                counts[row.language] += 1
                self.attachments += len(row.files)
        finally:
            bar.close()
        if not self.issue_count and not sum(counts.values()):
            self._problem(0, "", _("Le fichier ne contient aucun élément à importer."))
        if self.issue_count:
            raise self._failed()
        return counts

    def write(self, counts: dict[str, int], progress: ProgressBar, stored: list[str]) -> list[int]:
        # Read again inside the transaction, so that what is written refers to what exists
        # now; a value that vanished since the first pass becomes a problem of its line.
        fresh = _Lookups()
        fresh.new_themes = {
            key: label for key, label in self.lookups.new_themes.items() if key not in fresh.tags["themes"]
        }
        self.lookups = fresh
        self.lookups.create_themes()
        indexes = {
            language: LibraryIndexPage.objects.get(locale__language_code=language)
            for language, count in counts.items()
            if count
        }
        documents: dict[Path, int] = {}
        ids: list[int] = []
        bar = progress(_("Enregistrement"), sum(counts.values()), "items")
        try:
            for language, index in indexes.items():
                tool_files: list[list[int]] = []
                items = self._new_items(language, documents, stored, tool_files, bar)
                created = create_items(index, items, batch=BATCH)
                ToolDocument.objects.bulk_create(
                    [
                        ToolDocument(page_id=page_id, document_id=document_id, sort_order=position)
                        for page_id, document_ids in zip(created, tool_files, strict=True)
                        for position, document_id in enumerate(document_ids)
                    ],
                    batch_size=BATCH,
                )
                ids.extend(created)
        finally:
            bar.close()
        if self.issue_count:
            # The file changed between the two passes; the transaction rolls back.
            raise self._failed()
        bar = progress(_("Indexation"), len(ids), "items")
        try:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                search_index.update("library", chunk)
                bar.update(len(chunk))
        finally:
            bar.close()
        return ids

    def _new_items(
        self,
        language: str,
        documents: dict[Path, int],
        stored: list[str],
        tool_files: list[list[int]],
        bar: Bar,
    ) -> Iterator[NewItem]:
        for row in self._rows():
            if row.language != language:
                continue
            document_ids = [self._document(row.line, path, documents, stored) for path in row.files]
            specific: dict[str, Any] = {}
            if row.kind == ItemKind.PUBLICATION and document_ids:
                specific["document_id"] = document_ids[0]
            tool_files.append(document_ids if row.kind == ItemKind.TOOL else [])
            yield NewItem(
                kind=row.kind,
                title=row.title,
                summary=row.summary,
                body=body_html(row.body),
                published_on=row.published_on,
                specific=specific,
                tags=row.tags,
            )
            bar.update(1)

    def _document(self, line: int, path: Path, documents: dict[Path, int], stored: list[str]) -> int:
        if path in documents:
            return documents[path]
        # Read and checked again: the file may have changed since the first pass.
        try:
            data = path.read_bytes()
            check_upload(path.name, data)
        except (OSError, ValidationError) as error:
            message = (
                " ".join(error.messages)
                if isinstance(error, ValidationError)
                else _("le fichier « %(path)s » ne peut pas être lu.") % {"path": path.name}
            )
            raise ImportFailed([ImportIssue(line, FILES, message)]) from None
        document = get_document_model()(
            title=path.stem,
            file=ContentFile(data, name=path.name),
            file_size=len(data),
            file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
        )
        document.save()
        stored.append(document.file.name)
        documents[path] = document.pk
        return document.pk

    # Lines

    def _rows(self, bar: Bar | None = None) -> Iterator[_Row]:
        """The valid rows of the file; the problems of the others go to ``issues``."""
        for number, text in self._lines(bar):
            row = self._parse(number, text)
            if row is not None:
                yield row

    def _lines(self, bar: Bar | None) -> Iterator[tuple[int, str]]:
        with self.path.open("rb") as handle:
            number = 0
            while raw := handle.readline(MAX_LINE_BYTES + 1):
                number += 1
                if bar is not None:
                    bar.update(len(raw))
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    while (rest := handle.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                        if bar is not None:
                            bar.update(len(rest))
                    if bar is not None:
                        bar.update(len(rest))
                    self._problem(
                        number,
                        "",
                        _("la ligne dépasse %(max)s Mo : un élément ne peut pas être aussi long.")
                        % {"max": _number(MAX_LINE_BYTES // (1024 * 1024))},
                    )
                    continue
                if number == 1:
                    raw = raw.removeprefix(codecs.BOM_UTF8)
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    self._problem(number, "", _("le texte n'est pas encodé en UTF-8."))
                    continue
                if text.strip():
                    # Without its line break, so that a JSON error's column is on this line.
                    yield number, text.rstrip("\r\n")

    def _parse(self, line: int, text: str) -> _Row | None:
        try:
            data = json.loads(text)
        except RecursionError:
            self._problem(line, "", _("l'objet JSON est trop imbriqué."))
            return None
        except json.JSONDecodeError as error:
            self._problem(
                line,
                "",
                _(
                    "JSON invalide à la colonne %(column)s : vérifiez les guillemets, les virgules "
                    "et les accolades."
                )
                % {"column": error.colno},
            )
            return None
        if not isinstance(data, dict):
            self._problem(line, "", _("chaque ligne doit être un objet JSON, entre accolades { }."))
            return None
        before = self.issue_count
        for key in data:
            if key not in FIELDS:
                self._problem(
                    line,
                    str(key)[:60],
                    _("champ inconnu ; les champs possibles sont %(fields)s.")
                    % {"fields": ", ".join(FIELDS)},
                )
        values = {key: value for key, value in data.items() if value is not None}
        kind = self._kind(line, values.get(KIND))
        title = self._text(line, values, TITLE, MAX_TITLE, required=True)
        summary = self._text(line, values, SUMMARY, MAX_SUMMARY, required=True)
        body = self._text(line, values, BODY, None, required=False)
        language = self._language(line, values.get(LANGUAGE, "fr"))
        published_on = self._date(line, values.get(PUBLISHED_AT))
        tags: dict[str, list[int]] = {}
        for name, (tag, _model) in TAG_FIELDS.items():
            tags[tag] = self._references(line, name, values.get(name, []))
        tags[ORGANISATIONS] = self._references(line, ORGANISATIONS, values.get(ORGANISATIONS, []))
        files = self._files(line, kind, values.get(FILES, []))
        if self.issue_count > before:
            return None
        return _Row(
            line=line,
            kind=kind,
            title=" ".join(title.split()),
            summary=summary.strip(),
            body=body,
            language=language,
            published_on=published_on,
            tags=tags,
            files=files,
        )

    # Fields

    def _kind(self, line: int, value: Any) -> str:
        if value is None:
            self._problem(line, KIND, _("ce champ est obligatoire."))
            return ""
        if not isinstance(value, str) or fold(value) not in _KINDS:
            self._problem(
                line,
                KIND,
                _("type inconnu « %(value)s » ; les types sont %(kinds)s.")
                % {"value": _shown(value), "kinds": ", ".join(_KINDS.values())},
            )
            return ""
        return _KINDS[fold(value)]

    def _text(self, line: int, values: dict, name: str, limit: int | None, *, required: bool) -> str:
        value = values.get(name, "")
        if not isinstance(value, str):
            self._problem(line, name, _("ce champ doit être un texte entre guillemets."))
            return ""
        if required and not value.strip():
            self._problem(line, name, _("ce champ est obligatoire."))
            return ""
        if limit is not None and len(value.strip()) > limit:
            self._problem(
                line,
                name,
                _("le texte compte %(length)s caractères ; le maximum est de %(max)s.")
                % {"length": _number(len(value.strip())), "max": _number(limit)},
            )
        return value

    def _language(self, line: int, value: Any) -> str:
        if isinstance(value, str) and value.strip().lower() in LANGUAGES:
            return value.strip().lower()
        self._problem(
            line,
            LANGUAGE,
            _("langue inconnue « %(value)s » ; les langues sont fr et en.") % {"value": _shown(value)},
        )
        return "fr"

    def _date(self, line: int, value: Any) -> datetime.date | None:
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                try:
                    return datetime.datetime.fromisoformat(value.strip()).date()
                except ValueError:
                    pass
        self._problem(
            line,
            PUBLISHED_AT,
            _("date invalide « %(value)s » ; écrivez-la AAAA-MM-JJ, par exemple 2024-05-31.")
            % {"value": _shown(value)},
        )
        return None

    def _list(self, line: int, name: str, value: Any) -> list[Any] | None:
        if not isinstance(value, list):
            self._problem(
                line, name, _('ce champ doit être une liste entre crochets, par exemple ["Famille"].')
            )
            return None
        return value

    def _references(self, line: int, name: str, value: Any) -> list[int]:
        values = self._list(line, name, value)
        if values is None:
            return []
        table = self.lookups.tags[name]
        ids: list[int] = []
        for entry in values:
            if isinstance(entry, int) and not isinstance(entry, bool) and name == "regions":
                entry = str(entry)
            if not isinstance(entry, str) or not fold(entry):
                self._problem(line, name, _("chaque valeur doit être un texte non vide."))
                continue
            key = fold(entry)
            if key in table:
                pk = table[key]
                if pk is None:
                    message = (
                        _(
                            "plusieurs organisations s'appellent « %(value)s » ; "
                            "renommez-les pour les distinguer."
                        )
                        if name == ORGANISATIONS
                        else _("« %(value)s » désigne plusieurs valeurs ; écrivez plutôt leur code.")
                    )
                    self._problem(line, name, message % {"value": entry})
                else:
                    ids.append(pk)
            elif name == "themes":
                if len(entry.strip()) > MAX_THEME_LABEL:
                    self._problem(
                        line,
                        name,
                        _("un thème compte au plus %(max)s caractères.") % {"max": _number(MAX_THEME_LABEL)},
                    )
                else:
                    # Created in the second pass, under the label as first written.
                    self.lookups.new_themes.setdefault(key, " ".join(entry.split()))
            else:
                self._problem(line, name, self._unknown[name] % {"value": entry})
        return ids

    def _files(self, line: int, kind: str, value: Any) -> list[Path]:
        values = self._list(line, FILES, value)
        if not values:
            return []
        if kind and kind not in (ItemKind.TOOL, ItemKind.PUBLICATION):
            self._problem(line, FILES, _("seuls les outils et les publications ont des fichiers joints."))
            return []
        if kind == ItemKind.PUBLICATION and len(values) > 1:
            self._problem(line, FILES, _("une publication a un seul document : donnez un seul fichier."))
            return []
        paths: list[Path] = []
        for entry in values:
            if not isinstance(entry, str) or not entry.strip():
                self._problem(line, FILES, _("chaque valeur doit être un texte non vide."))
                continue
            path = (self.base / entry.strip()).resolve()
            if self.confined and not path.is_relative_to(self.base):
                self._problem(
                    line, FILES, _("« %(path)s » sort du dossier de l'archive.") % {"path": entry.strip()}
                )
                continue
            if path not in self._checked:
                self._checked[path] = self._check_file(path, entry.strip())
            if self._checked[path] is None:
                paths.append(path)
            else:
                self._problem(line, FILES, self._checked[path])
        return paths

    def _check_file(self, path: Path, written: str) -> str | None:
        if not path.is_file():
            return _("fichier introuvable « %(path)s » (chemin relatif au fichier importé).") % {
                "path": written
            }
        try:
            with path.open("rb") as handle:
                check_upload(path.name, handle)
        except OSError:
            return _("le fichier « %(path)s » ne peut pas être lu.") % {"path": written}
        except ValidationError as error:
            return " ".join(error.messages)
        return None


def _shown(value: Any) -> str:
    """A value as the file wrote it, shortened for a message."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:59] + "…"
