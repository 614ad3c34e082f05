"""Bulk update of actions' progress and indicator values from a CSV or XLSX file.

``import_progress(user, content, filename, *, dry_run=False)`` is the one entry point;
the ``import_progress`` management command, the upload page and the API call it, so a
file is accepted or refused the same way everywhere.

The file is validated as a whole first; every problem is reported with its row and
column (``ImportFailed.issues``). Only then is everything written in one transaction,
through ``plans.actions``, or nothing at all.

The format, and the choices made about it:

- One header row (the first non-empty row; header = line 1 when it is the first line),
  then one row per change. Columns, in any order, with headers compared without case,
  accents or punctuation: ``action`` (required), ``progression``, ``statut``,
  ``indicateur``, ``valeur``, ``date``; the English names ``progress``, ``status``,
  ``indicator``, ``value`` are accepted too. ``titre``, ``plan`` and ``indicateurs
  disponibles`` (the template's reminders) are read and ignored. Any other column is an
  error rather than silently ignored: a misspelt ``progresion`` must not drop the data.
- CSV: separator ``;``, ``,`` or tab, whichever the header row uses. UTF-8 with or without
  BOM; when the bytes are not UTF-8 they are read as Windows-1252, the encoding French
  Excel on Windows uses for « CSV (séparateur : point-virgule) », because every value the
  import reads (numbers, codes, dates, status labels) decodes unambiguously from it.
  UTF-16, control characters (binary files) and other encodings are refused.
- XLSX: recognised by its content (a ZIP that openpyxl opens), not by its name; the
  first sheet is read. A cell formatted as a percentage (0.45 shown as 45 %) counts as
  what it shows.
- ``progression``: 0 to 100, ``%`` sign, spaces and decimal comma accepted; decimals are
  rounded half up (« 45,5 % » gives 46), the range is checked before rounding.
- ``statut``: a code (``en_cours``) or a label (« Réalisée », « realise »), in French or
  English. A row « Réalisée » without progression sets the progression to 100, as the
  action does everywhere else.
- ``indicateur`` and ``valeur`` go together; ``date`` (``AAAA-MM-JJ``, not in the future)
  is the measurement's date, today in Québec by default.
- A row must give a progression, a status or a value. An action may appear on several
  rows (one per indicator value), but only one of them may give its progression or
  status; the same indicator twice at the same date is refused.
- Re-importing a file changes nothing: a progression and status equal to the current
  ones are not written, and a measurement identical to an existing one (same indicator,
  date and value) is skipped. A different value for an indicator at a date that already
  has one is refused, since a measurement is corrected on the action, not added twice.
- Limits, checked before the file is parsed completely: 2 Mo and 5 000 rows (and 50 Mo
  once an XLSX is uncompressed).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.models import User
from core.exports import Sheet
from core.ids import MAX_ID
from core.signals import send_data_changed_on_commit
from core.text import fold
from plans import actions
from plans.models import Action, ActionStatus, Indicator, Measurement

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024
# Largest absolute measurement value: Measurement.value has 14 digits, 2 of them decimals.
MAX_VALUE = Decimal(10) ** 12

ACTION, PROGRESS, STATUS, INDICATOR, VALUE, DATE = (
    "action",
    "progression",
    "statut",
    "indicateur",
    "valeur",
    "date",
)
FIELDS = (ACTION, PROGRESS, STATUS, INDICATOR, VALUE, DATE)
ENGLISH_NAMES = {
    ACTION: "action",
    PROGRESS: "progress",
    STATUS: "status",
    INDICATOR: "indicator",
    VALUE: "value",
    DATE: "date",
}
# Folded header -> field. Header names are part of the file format, like API field
# names: they are constants, not translated interface strings.
HEADER_ALIASES = {
    "action": ACTION,
    "id action": ACTION,
    "action id": ACTION,
    "no action": ACTION,
    "n action": ACTION,
    "numero action": ACTION,
    "numero de l action": ACTION,
    "progression": PROGRESS,
    "progress": PROGRESS,
    "avancement": PROGRESS,
    "statut": STATUS,
    "status": STATUS,
    "indicateur": INDICATOR,
    "indicator": INDICATOR,
    "id indicateur": INDICATOR,
    "indicator id": INDICATOR,
    "valeur": VALUE,
    "value": VALUE,
    "date": DATE,
    "date de la mesure": DATE,
}
# Reminders written in the downloadable template; read and ignored.
INFORMATIONAL_HEADERS_FR = ("titre", "plan", "indicateurs disponibles")
INFORMATIONAL_HEADERS = {*INFORMATIONAL_HEADERS_FR, "title", "available indicators"}
TEMPLATE_HEADERS = {
    "fr": ["action", "titre", "plan", "progression", "statut", "indicateur", "valeur", "date"]
    + ["indicateurs disponibles"],
    "en": ["action", "title", "plan", "progress", "status", "indicator", "value", "date"]
    + ["available indicators"],
}
# Masculine forms, since « statut » is masculine and people write « réalisé ».
STATUS_ALIASES = {
    "planifie": ActionStatus.PLANNED,
    "realise": ActionStatus.DONE,
    "reporte": ActionStatus.POSTPONED,
    "abandonne": ActionStatus.ABANDONED,
}

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
# Control characters other than tab and line breaks only occur in binary files; they are
# the same bytes in every encoding the import reads.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class ImportIssue:
    """One problem in the file.

    ``row`` is the line number in the file (the header is line 1 when it is the first
    line; 0 when the problem concerns the whole file). ``column`` is the header as
    written in the file, or the canonical French name of a missing column; empty when
    the problem concerns the whole row. ``message`` is a French sentence (in the active
    language) that never names an action the user may not update.
    """

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if not self.column:
            return _("Ligne %(row)s : %(message)s") % {"row": self.row, "message": self.message}
        return _("Ligne %(row)s, colonne %(column)s : %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportFailed(Exception):
    """The file was refused; nothing was written. ``issues`` lists every problem found."""

    def __init__(self, issues: Sequence[ImportIssue]) -> None:
        self.issues = sorted(issues, key=lambda issue: issue.row)
        super().__init__("\n".join(str(issue) for issue in self.issues))


@dataclass
class ImportResult:
    """What an import changed (or, in a dry run, would change)."""

    actions_updated: int
    measurements_recorded: int
    rows: int


ProgressBar = Callable[[Sequence[Any], int], Iterable[Any]]


def import_progress(
    user: User | AnonymousUser,
    content: bytes,
    filename: str,
    *,
    dry_run: bool = False,
    progress_bar: ProgressBar | None = None,
) -> ImportResult:
    """Validate the whole file, then update the actions and record the measurements it
    lists, in one transaction, as ``user``; raise ``ImportFailed`` (nothing written) on
    any problem. ``dry_run`` validates only. ``progress_bar`` (optional) wraps the write
    loop, e.g. ``lambda items, total: tqdm(items, total=total)``.

    Stable entry point for the upload page, the management command and the API.
    """
    table = _read_table(content, filename)
    entries, issues = _parse_rows(table)
    if dry_run:
        plan = _resolve(user, entries, issues)
        return ImportResult(len(plan.action_updates), len(plan.measurements), len(entries))
    with transaction.atomic():
        # Resolving inside the transaction makes the checks and the writes see the
        # same data (on SQLite the write lock is taken from the start).
        plan = _resolve(user, entries, issues)
        _write(user, plan, progress_bar)
        send_data_changed_on_commit(Action)
    return ImportResult(len(plan.action_updates), len(plan.measurements), len(entries))


# Reading the file ---------------------------------------------------------------------


@dataclass
class _Table:
    """The header and the non-empty rows of a file, with their line numbers."""

    header_row: int
    header: list[str]
    # (line number, cells, columns whose cell is formatted as a percentage)
    rows: list[tuple[int, list[Any], set[int]]]
    # Line number -> message, for rows that do not fit the header.
    misshapen: dict[int, str] = field(default_factory=dict)


def _fail(message: str, row: int = 0, column: str = "") -> ImportFailed:
    return ImportFailed([ImportIssue(row, column, message)])


def _french_size(size: int) -> str:
    # Rounded up, so that a file just over the limit never reads as « 2,0 Mo ».
    megabytes = (Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1"), rounding=ROUND_UP)
    return formats.number_format(megabytes, use_l10n=True)


def _too_many_rows() -> ImportFailed:
    return _fail(
        _("Le fichier compte plus de %(max)s lignes de données : découpez-le en plusieurs fichiers.")
        % {"max": formats.number_format(MAX_ROWS, force_grouping=True)}
    )


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_table(content: bytes, filename: str) -> _Table:
    if len(content) > MAX_BYTES:
        raise _fail(
            _("Le fichier pèse %(size)s Mo ; la limite est de %(max)s Mo.")
            % {"size": _french_size(len(content)), "max": MAX_BYTES // (1024 * 1024)}
        )
    if not content.strip():
        raise _fail(_("Le fichier est vide."))
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content, filename)
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _fail(
            _(
                "Les classeurs Excel 97-2003 (.xls) ne sont pas acceptés : enregistrez le fichier "
                "au format .xlsx ou « CSV UTF-8 »."
            )
        )
    return _read_csv(_decode(content, filename))


def _decode(content: bytes, filename: str) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _fail(_("Le fichier est encodé en UTF-16 : enregistrez-le au format « CSV UTF-8 » dans Excel."))
    if _CONTROL.search(content):
        raise _fail(_("« %(name)s » n'est pas un fichier CSV ou XLSX lisible.") % {"name": filename or "?"})
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise _fail(
                _("Le fichier n'est pas encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 » dans Excel.")
            ) from None
    return text


def _read_csv(text: str) -> _Table:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list[Any], set[int]]] = []
    misshapen: dict[int, str] = {}
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if all(_is_empty(cell) for cell in cells):
                continue
            if header is None:
                header, header_row = _trim(cells), start
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows()
            width = len(header)
            # Missing cells are an error; extra ones only when filled in (spreadsheets
            # write trailing separators).
            count = len(cells) if len(cells) < width else len(_trim(cells))
            if len(cells) < width or count > width:
                misshapen[start] = _ragged_message(count, width, delimiter)
            rows.append((start, cells[:width], set()))
    except csv.Error:
        raise _fail(_("Ligne %(row)s : le fichier CSV est mal formé.") % {"row": line}) from None
    if header is None:
        raise _fail(_("Le fichier est vide."))
    return _Table(header_row, header, rows, misshapen)


def _ragged_message(count: int, width: int, delimiter: str) -> str:
    message = ngettext(
        "la ligne compte %(count)s cellule alors que l'en-tête compte %(expected)s colonnes.",
        "la ligne compte %(count)s cellules alors que l'en-tête compte %(expected)s colonnes.",
        count,
    ) % {"count": count, "expected": width}
    if delimiter == "," and count > width:
        message = _(
            "%(message)s Avec la virgule comme séparateur, un nombre à virgule décimale doit être "
            'entre guillemets ("45,5") ; le point-virgule évite ce souci.'
        ) % {"message": message}
    return message


def _trim(cells: list[Any]) -> list[Any]:
    """Cells without the empty ones at the end (trailing separators, formatted cells)."""
    end = len(cells)
    while end and _is_empty(cells[end - 1]):
        end -= 1
    return list(cells[:end])


def _read_xlsx(content: bytes, filename: str) -> _Table:
    unreadable = _fail(
        _(
            "« %(name)s » n'est pas un classeur Excel lisible : enregistrez-le au format .xlsx ou "
            "« CSV UTF-8 »."
        )
        % {"name": filename or "?"}
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            uncompressed = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise unreadable from None
    if uncompressed > MAX_XLSX_UNCOMPRESSED:
        raise _fail(
            _("Le classeur fait plus de %(max)s Mo une fois décompressé.")
            % {"max": MAX_XLSX_UNCOMPRESSED // (1024 * 1024)}
        )
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        # openpyxl reports a damaged or foreign archive with many exception types.
        raise unreadable from None
    try:
        if not workbook.worksheets:
            raise _fail(_("Le fichier est vide."))
        sheet = workbook.worksheets[0]
        header: list[str] | None = None
        header_row = 0
        rows: list[tuple[int, list[Any], set[int]]] = []
        misshapen: dict[int, str] = {}
        try:
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                values = [cell.value for cell in cells]
                if all(_is_empty(value) for value in values):
                    continue
                if header is None:
                    header, header_row = _trim([_cell_text(v) for v in values]), number
                    continue
                if len(rows) >= MAX_ROWS:
                    raise _too_many_rows()
                width = len(header)
                stray = next((i for i in range(width, len(values)) if not _is_empty(values[i])), None)
                if stray is not None:
                    misshapen[number] = _(
                        "la cellule %(cell)s est remplie mais sa colonne n'a pas d'en-tête."
                    ) % {"cell": f"{get_column_letter(stray + 1)}{number}"}
                percent = {
                    i
                    for i, cell in enumerate(cells[:width])
                    if "%" in (getattr(cell, "number_format", None) or "")
                    and isinstance(cell.value, int | float)
                }
                values = values[:width] + [None] * (width - len(values))
                rows.append((number, values, percent))
        except ImportFailed:
            raise
        except Exception:
            raise unreadable from None
    finally:
        workbook.close()
    if header is None:
        raise _fail(_("Le fichier est vide."))
    return _Table(header_row, header, rows, misshapen)


def _cell_text(value: Any) -> str:
    """A cell as the person typed it, for headers and messages."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


# Checking each row --------------------------------------------------------------------


@dataclass
class _Entry:
    """One row, parsed, before the database is consulted."""

    row: int
    # Field -> header as written in the file (shared by every row).
    columns: dict[str, str]
    # Fields whose cell is filled in.
    given: set[str] = field(default_factory=set)
    # Fields whose cell has a problem.
    bad: set[str] = field(default_factory=set)
    action_id: int | None = None
    progress: int | None = None
    status: str | None = None
    indicator_id: int | None = None
    value: Decimal | None = None
    measured_on: datetime.date | None = None

    def column(self, field_name: str) -> str:
        return self.columns.get(field_name, field_name)


def _map_header(table: _Table) -> dict[str, tuple[int, str]]:
    """Field -> (column index, header as written); every header problem at once."""
    row = table.header_row
    columns: dict[str, tuple[int, str]] = {}
    issues: list[ImportIssue] = []
    unknown: list[str] = []
    for index, cell in enumerate(table.header):
        name = _cell_text(cell)
        folded = fold(name)
        if not folded:
            issues.append(
                ImportIssue(row, "", _("la colonne %(number)s n'a pas de nom.") % {"number": index + 1})
            )
            continue
        if folded in INFORMATIONAL_HEADERS:
            continue
        field_name = HEADER_ALIASES.get(folded)
        if field_name is None:
            unknown.append(name)
            continue
        if field_name in columns:
            issues.append(
                ImportIssue(
                    row,
                    name,
                    _("la colonne %(field)s figure déjà dans l'en-tête (« %(first)s »).")
                    % {"field": field_name, "first": columns[field_name][1]},
                )
            )
            continue
        columns[field_name] = (index, name)
    for name in unknown:
        issues.append(
            ImportIssue(
                row,
                name,
                _(
                    "colonne inconnue. Colonnes acceptées : %(french)s (ou en anglais : %(english)s) ; "
                    "les colonnes %(ignored)s sont ignorées."
                )
                % {
                    "french": ", ".join(FIELDS),
                    "english": ", ".join(ENGLISH_NAMES[f] for f in FIELDS),
                    "ignored": ", ".join(INFORMATIONAL_HEADERS_FR),
                },
            )
        )
    if ACTION not in columns:
        issues.append(ImportIssue(row, ACTION, _("cette colonne obligatoire manque dans l'en-tête.")))
    if not ({PROGRESS, STATUS, VALUE} & set(columns)):
        issues.append(
            ImportIssue(
                row, "", _("ajoutez au moins une des colonnes progression, statut ou valeur à l'en-tête.")
            )
        )
    for needed, needing in ((VALUE, INDICATOR), (INDICATOR, VALUE), (INDICATOR, DATE)):
        if needing in columns and needed not in columns:
            issues.append(
                ImportIssue(
                    row,
                    needed,
                    _("cette colonne manque : la colonne %(other)s ne s'emploie pas sans elle.")
                    % {"other": columns[needing][1]},
                )
            )
    if issues:
        raise ImportFailed(issues)
    return columns


def _parse_rows(table: _Table) -> tuple[list[_Entry], list[ImportIssue]]:
    columns = _map_header(table)
    if not table.rows:
        raise _fail(_("Le fichier ne contient que l'en-tête : ajoutez une ligne par action à mettre à jour."))
    names = {field_name: name for field_name, (_index, name) in columns.items()}
    statuses = _status_lookup()
    today = timezone.localdate()
    entries: list[_Entry] = []
    issues: list[ImportIssue] = []
    for number, cells, percent in table.rows:
        entry = _Entry(row=number, columns=names)
        entries.append(entry)
        if number in table.misshapen:
            issues.append(ImportIssue(number, "", table.misshapen[number]))
            entry.bad.add("")
            continue
        raw = {f: cells[index] for f, (index, _name) in columns.items() if not _is_empty(cells[index])}
        entry.given = set(raw)
        scaled = {f for f, (index, _name) in columns.items() if index in percent}
        for field_name, message in _check_cells(entry, raw, scaled, statuses, today):
            issues.append(ImportIssue(number, entry.column(field_name), message))
            entry.bad.add(field_name)
        if not entry.given - {ACTION}:
            issues.append(
                ImportIssue(
                    number,
                    "",
                    _("la ligne ne change rien : indiquez une progression, un statut ou une valeur."),
                )
            )
            entry.bad.add("")
    return entries, issues


def _check_cells(
    entry: _Entry, raw: dict[str, Any], scaled: set[str], statuses: dict[str, str], today: datetime.date
) -> Iterator[tuple[str, str]]:
    """Fill the entry from its cells; yield (field, message) for each problem."""
    if ACTION not in raw:
        yield ACTION, _("le numéro de l'action est obligatoire.")
    else:
        entry.action_id = _parse_id(raw[ACTION])
        if entry.action_id is None:
            yield (
                ACTION,
                _("« %(value)s » n'est pas un numéro d'action (nombre entier attendu).")
                % {"value": _cell_text(raw[ACTION])},
            )
    if PROGRESS in raw:
        number = _parse_decimal(raw[PROGRESS], percent=PROGRESS in scaled)
        shown = _shown(raw[PROGRESS], number, PROGRESS in scaled)
        if number is None:
            yield (
                PROGRESS,
                _("« %(value)s » n'est pas une progression : inscrivez un nombre de 0 à 100.")
                % {"value": shown},
            )
        elif not 0 <= number <= 100:
            yield PROGRESS, _("%(value)s n'est pas entre 0 et 100.") % {"value": shown}
        else:
            entry.progress = int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if STATUS in raw:
        entry.status = statuses.get(fold(_cell_text(raw[STATUS])))
        if entry.status is None:
            yield (
                STATUS,
                _("« %(value)s » n'est pas un statut connu. Statuts possibles : %(choices)s.")
                % {"value": _cell_text(raw[STATUS]), "choices": _status_choices()},
            )
    if INDICATOR in raw:
        entry.indicator_id = _parse_id(raw[INDICATOR])
        if entry.indicator_id is None:
            yield (
                INDICATOR,
                _("« %(value)s » n'est pas un numéro d'indicateur (nombre entier attendu).")
                % {"value": _cell_text(raw[INDICATOR])},
            )
    elif VALUE in raw:
        yield INDICATOR, _("indiquez le numéro de l'indicateur que cette valeur mesure.")
    if VALUE in raw:
        number = _parse_decimal(raw[VALUE], percent=VALUE in scaled)
        if number is None:
            yield (
                VALUE,
                _("« %(value)s » n'est pas un nombre.") % {"value": _shown(raw[VALUE], None, False)},
            )
        else:
            rounded = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if abs(rounded) >= MAX_VALUE:
                shown = _shown(raw[VALUE], number, VALUE in scaled)
                yield VALUE, _("%(value)s est trop grand pour une valeur d'indicateur.") % {"value": shown}
            else:
                entry.value = rounded
    elif INDICATOR in raw:
        yield VALUE, _("une valeur est obligatoire quand un indicateur est indiqué.")
    if DATE in raw:
        text = _cell_text(raw[DATE])
        entry.measured_on = _parse_date(raw[DATE])
        if entry.measured_on is None:
            if _ISO_DATE.fullmatch(text):
                yield DATE, _("%(value)s n'est pas une date valide.") % {"value": text}
            else:
                yield (
                    DATE,
                    _("« %(value)s » n'est pas une date au format AAAA-MM-JJ (par exemple 2025-06-30).")
                    % {"value": text},
                )
        elif entry.measured_on > today:
            yield DATE, _("la date %(value)s est dans le futur.") % {"value": text}
        elif VALUE not in raw:
            yield DATE, _("une date ne s'emploie qu'avec une valeur d'indicateur.")


def _parse_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) <= MAX_ID else None
    if isinstance(value, int):
        return value
    text = _SPACES.sub("", str(value))
    return int(text) if _INTEGER.fullmatch(text) else None


def _parse_decimal(value: Any, *, percent: bool = False) -> Decimal | None:
    """A number typed with a decimal comma or point, spaces and an optional % sign."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        # repr() keeps what the spreadsheet shows (0.455, not 0.45500000000000001554).
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            return None
        return number * 100 if percent else number
    text = _SPACES.sub("", str(value)).removesuffix("%")
    if "," in text and "." in text:
        return None
    text = text.replace(",", ".")
    if not _DECIMAL.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _shown(value: Any, number: Decimal | None, percent: bool) -> str:
    """The value as the person sees it in their spreadsheet, for messages."""
    if percent and number is not None:
        return _("%(number)s %%") % {"number": _french_decimal(number)}
    return _cell_text(value)


def _parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _cell_text(value)
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _status_lookup() -> dict[str, str]:
    """Folded code, French or English label, or alias -> status code."""
    lookup = {fold(alias): code for alias, code in STATUS_ALIASES.items()}
    for language in ("en", "fr"):
        with translation.override(language):
            lookup.update({fold(str(label)): code for code, label in ActionStatus.choices})
    lookup.update({fold(code): code for code in ActionStatus.values})
    return lookup


def _status_choices() -> str:
    return ", ".join(
        _("%(code)s (%(label)s)") % {"code": code, "label": label} for code, label in ActionStatus.choices
    )


def _french_decimal(value: Decimal) -> str:
    """« 35 », « 12,5 », « 1 250 » (in the active language's conventions)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return formats.number_format(Decimal(text), use_l10n=True, force_grouping=True)


# Checking against the database --------------------------------------------------------


@dataclass
class _Plan:
    """What the import will write, once every row has been checked."""

    action_updates: list[tuple[_Entry, Action]] = field(default_factory=list)
    measurements: list[tuple[_Entry, Indicator]] = field(default_factory=list)


def _resolve(user: User | AnonymousUser, entries: list[_Entry], issues: list[ImportIssue]) -> _Plan:
    """Check every row against the database and the user's rights; raise if anything is wrong."""
    action_ids = {e.action_id for e in entries if e.action_id is not None and 0 < e.action_id <= MAX_ID}
    indicator_ids = {
        e.indicator_id for e in entries if e.indicator_id is not None and 0 < e.indicator_id <= MAX_ID
    }
    # Only the actions the user may update, which are among those they see: any other number,
    # existing or not, gets the same answer, so that members-only plans are not revealed.
    found = Action.objects.updatable_by(user).select_related("plan__partnership").in_bulk(action_ids)
    indicators = Indicator.objects.in_bulk(indicator_ids)
    progress_rows: dict[int, int] = {}
    measurement_rows: dict[tuple[int, datetime.date], int] = {}
    today = timezone.localdate()
    measured: list[tuple[_Entry, Indicator, datetime.date]] = []
    plan = _Plan()

    for entry in entries:
        if entry.action_id is None:
            continue
        action = found.get(entry.action_id)
        if action is None:
            issues.append(ImportIssue(entry.row, entry.column(ACTION), _not_updatable(entry.action_id)))
            continue
        if {PROGRESS, STATUS} & entry.given:
            first = progress_rows.setdefault(action.pk, entry.row)
            if first != entry.row:
                issues.append(
                    ImportIssue(
                        entry.row,
                        "",
                        _(
                            "l'action %(id)s figure déjà à la ligne %(first)s avec une progression ou un "
                            "statut."
                        )
                        % {"id": action.pk, "first": first},
                    )
                )
            elif not entry.bad and _changes(action, entry):
                plan.action_updates.append((entry, action))
        if entry.indicator_id is None or INDICATOR in entry.bad:
            continue
        indicator = indicators.get(entry.indicator_id)
        if indicator is None or indicator.action_id != action.pk:
            issues.append(
                ImportIssue(
                    entry.row,
                    entry.column(INDICATOR),
                    _("l'indicateur %(indicator)s n'est pas un indicateur de l'action %(action)s.")
                    % {"indicator": entry.indicator_id, "action": action.pk},
                )
            )
            continue
        if entry.value is None or DATE in entry.bad:
            continue
        measured_on = entry.measured_on or today
        first = measurement_rows.setdefault((indicator.pk, measured_on), entry.row)
        if first != entry.row:
            issues.append(
                ImportIssue(
                    entry.row,
                    "",
                    _("l'indicateur %(indicator)s a déjà une valeur au %(date)s à la ligne %(first)s.")
                    % {"indicator": indicator.pk, "date": measured_on.isoformat(), "first": first},
                )
            )
            continue
        # The indicator's action is the one just checked; share the instance.
        indicator.action = action
        measured.append((entry, indicator, measured_on))

    plan.measurements = _new_measurements(measured, issues)
    if issues:
        raise ImportFailed(issues)
    return plan


def _not_updatable(action_id: int) -> str:
    """The one answer for a number that is not an action the user may update: it may not
    exist, belong to a plan they do not see, or be someone else's to follow up."""
    return _("aucune action que vous pouvez mettre à jour ne porte le numéro %(id)s.") % {"id": action_id}


def _changes(action: Action, entry: _Entry) -> bool:
    """Whether the row changes the action, as ``update_action_progress`` would apply it."""
    status = entry.status if entry.status is not None else action.status
    progress = entry.progress
    if progress is None:
        progress = 100 if status == ActionStatus.DONE else action.progress
    return (progress, status) != (action.progress, action.status)


def _new_measurements(
    measured: list[tuple[_Entry, Indicator, datetime.date]], issues: list[ImportIssue]
) -> list[tuple[_Entry, Indicator]]:
    """Skip a measurement already recorded with the same value; refuse a different one."""
    if not measured:
        return []
    existing: dict[tuple[int, datetime.date], list[Decimal]] = {}
    rows = Measurement.objects.filter(
        indicator_id__in={indicator.pk for _entry, indicator, _date in measured},
        measured_on__in={measured_on for _entry, _indicator, measured_on in measured},
    ).values_list("indicator_id", "measured_on", "value")
    for indicator_id, measured_on, value in rows:
        existing.setdefault((indicator_id, measured_on), []).append(value)
    new = []
    for entry, indicator, measured_on in measured:
        recorded = existing.get((indicator.pk, measured_on))
        if not recorded:
            new.append((entry, indicator))
        elif entry.value not in recorded:
            issues.append(
                ImportIssue(
                    entry.row,
                    entry.column(VALUE),
                    _("l'indicateur %(indicator)s a déjà une mesure différente (%(value)s) au %(date)s.")
                    % {
                        "indicator": indicator.pk,
                        "value": _french_decimal(recorded[0]),
                        "date": measured_on.isoformat(),
                    },
                )
            )
    return new


# Writing ------------------------------------------------------------------------------


def _write(user: User | AnonymousUser, plan: _Plan, progress_bar: ProgressBar | None) -> None:
    steps: list[tuple[str, _Entry, Any]] = [
        ("action", entry, action) for entry, action in plan.action_updates
    ]
    steps += [("measurement", entry, indicator) for entry, indicator in plan.measurements]
    iterable: Iterable[tuple[str, _Entry, Any]] = steps
    if progress_bar is not None:
        iterable = progress_bar(steps, len(steps))
    for kind, entry, target in iterable:
        try:
            if kind == "action":
                actions.update_action_progress(user, target, progress=entry.progress, status=entry.status)
            else:
                actions.record_measurement(user, target, entry.value, measured_on=entry.measured_on)
        except PermissionDenied:
            # Rights withdrawn between the check and the write; the transaction rolls back.
            raise _fail(_not_updatable(entry.action_id), row=entry.row, column=entry.column(ACTION)) from None
        except ValidationError as error:
            raise _fail(" ".join(error.messages), row=entry.row) from None


# The template ---------------------------------------------------------------------------


def updatable_actions(user: User | AnonymousUser) -> list[Action]:
    """The actions the user may update, most recent plans first (at most ``MAX_ROWS``)."""
    if not (user.is_authenticated and user.is_active):
        return []
    queryset = (
        Action.objects.updatable_by(user)
        .select_related("plan__partnership")
        .prefetch_related("indicators")
        .order_by("-plan__start_year", "plan__partnership__name", "plan_id", "position", "id")
    )
    return list(queryset[:MAX_ROWS])


def progress_template(user: User | AnonymousUser) -> Sheet:
    """A file to fill in: the user's actions with their current progression and status."""
    language = "en" if (get_language() or "fr").startswith("en") else "fr"
    headers = TEMPLATE_HEADERS[language]
    rows: list[list[Any]] = []
    for action in updatable_actions(user):
        available = " | ".join(
            _("%(id)s : %(name)s") % {"id": indicator.pk, "name": indicator.name}
            for indicator in action.indicators.all()
        )
        rows.append(
            [
                action.pk,
                action.title,
                action.plan.title,
                action.progress,
                action.get_status_display(),
                "",
                "",
                "",
                available,
            ]
        )
    if not rows:
        rows.append(
            [12, _("Exemple : remplacez par vos actions"), "", 45, ActionStatus.IN_PROGRESS.label]
            + ["", "", "", ""]
        )
    return Sheet(title=_("Avancement des actions"), headers=headers, rows=rows)


def summary_lines(result: ImportResult, *, dry_run: bool) -> list[str]:
    """The counts of an import, one sentence each, for the command and the page."""
    if dry_run:
        actions_line = ngettext(
            "%(count)s action serait mise à jour.",
            "%(count)s actions seraient mises à jour.",
            result.actions_updated,
        )
        measurements_line = ngettext(
            "%(count)s mesure serait enregistrée.",
            "%(count)s mesures seraient enregistrées.",
            result.measurements_recorded,
        )
    else:
        actions_line = ngettext(
            "%(count)s action mise à jour.", "%(count)s actions mises à jour.", result.actions_updated
        )
        measurements_line = ngettext(
            "%(count)s mesure enregistrée.", "%(count)s mesures enregistrées.", result.measurements_recorded
        )
    rows_line = ngettext("%(count)s ligne lue.", "%(count)s lignes lues.", result.rows)
    return [
        rows_line % {"count": _number(result.rows)},
        actions_line % {"count": _number(result.actions_updated)},
        measurements_line % {"count": _number(result.measurements_recorded)},
    ]


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True, use_l10n=True)
