"""Bulk progress import: the file format, every refusal (with nothing written), the upload page."""

import csv
import datetime
import html
import io
import random
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core import jobs
from core.models import Job, JobStatus
from core.tests.jobs import run_jobs
from plans import actions as plan_actions
from plans import imports
from plans.imports import MAX_ROWS, ImportFailed, ImportIssue, ImportResult, import_progress
from plans.models import Action, ActionStatus, Measurement
from taxonomy.models import ActionType

pytestmark = pytest.mark.django_db

HEADER = ["action", "progression", "statut", "indicateur", "valeur", "date"]
URL = "/plans/importer-avancement/"


def make_csv(rows, delimiter=";", bom=True, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def make_xlsx(rows, number_formats=None):
    """A workbook whose first sheet holds the rows; number_formats maps "B2" to a format."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in (number_formats or {}).items():
        sheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def snapshot():
    """Everything an import could change, so that a refused file is seen to change nothing."""
    return {
        "actions": sorted(Action.objects.values_list("pk", "progress", "status", "updated_at")),
        "measurements": sorted(
            Measurement.objects.values_list("pk", "indicator_id", "measured_on", "value", "recorded_by")
        ),
        "action_history": Action.history.count(),
        "measurement_history": Measurement.history.count(),
    }


def refused(user, content, filename="avancement.csv", **options):
    """Import a file that must be refused; return its issues as text, after checking nothing changed."""
    before = snapshot()
    with pytest.raises(ImportFailed) as failure:
        import_progress(user, content, filename, **options)
    assert snapshot() == before
    assert failure.value.issues
    return [str(issue) for issue in failure.value.issues]


@pytest.fixture
def foreign_action(network, plans):
    """An action of the Hochelaga partnership, which Rimouski's people may not update."""
    return plan_actions.save_action(
        network.other_coordinator,
        plans.hidden,
        None,
        {
            "title": "Projet confidentiel de Hochelaga",
            "action_type": ActionType.objects.get(code="formation"),
            "status": ActionStatus.PLANNED,
            "progress": 10,
        },
    )


def reload(action):
    return Action.objects.get(pk=action.pk)


# Valid files ---------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("bom", [True, False])
def test_csv_updates_progress_and_status_with_either_separator_and_bom(network, plans, delimiter, bom):
    content = make_csv(
        [
            ["action", "progression", "statut"],
            [plans.workshops.pk, "65", "en_cours"],
            [plans.stimulation.pk, "", "realisee"],
        ],
        delimiter=delimiter,
        bom=bom,
    )

    result = import_progress(network.coordinator, content, "avancement.csv")

    assert result == ImportResult(actions_updated=2, measurements_recorded=0, rows=2)
    workshops, stimulation = reload(plans.workshops), reload(plans.stimulation)
    assert (workshops.progress, workshops.status) == (65, ActionStatus.IN_PROGRESS)
    # Done without a progression means 100 %, as everywhere else.
    assert (stimulation.progress, stimulation.status) == (100, ActionStatus.DONE)
    assert workshops.history.first().history_user == network.coordinator


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("45,5 %", 46),
        ("44,5", 45),  # half up, not to even
        ("12.5", 13),
        (" 7 % ", 7),
        ("99,5", 100),
        ("0,4", 0),
        ("100", 100),
        ("0", 0),
    ],
)
def test_progress_accepts_decimal_comma_percent_sign_and_rounds_half_up(network, plans, typed, stored):
    content = make_csv([["action", "progression"], [plans.workshops.pk, typed]], delimiter=",")

    import_progress(network.coordinator, content, "avancement.csv")

    assert reload(plans.workshops).progress == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Réalisée", ActionStatus.DONE),
        ("REPORTEE", ActionStatus.POSTPONED),
        ("en cours", ActionStatus.IN_PROGRESS),
        ("Abandonnée", ActionStatus.ABANDONED),
        ("réalisé", ActionStatus.DONE),
        ("planifiee", ActionStatus.PLANNED),
    ],
)
def test_status_accepts_codes_and_french_labels_without_case_or_accents(network, plans, typed, stored):
    content = make_csv([["action", "statut"], [plans.stimulation.pk, typed]])

    import_progress(network.coordinator, content, "avancement.csv")

    assert reload(plans.stimulation).status == stored


def test_english_headers_and_headers_written_loosely(network, plans):
    content = make_csv(
        [
            [" Action ", "Progress", "STATUS", "Indicator", "Value", "Date"],
            [plans.workshops.pk, "70", "reportee", plans.indicator.pk, "40", "2025-08-31"],
        ]
    )
    import_progress(network.coordinator, content, "progress.csv")
    assert (reload(plans.workshops).progress, reload(plans.workshops).status) == (70, ActionStatus.POSTPONED)

    loose = make_csv([["N° action", "Progression (%)", "Statut"], [plans.stimulation.pk, "15", "En cours"]])
    import_progress(network.coordinator, loose, "avancement.csv")
    assert reload(plans.stimulation).progress == 15


def test_indicator_values_are_recorded_at_their_date_or_today(network, plans):
    before = Measurement.objects.count()
    content = make_csv(
        [
            HEADER,
            [plans.workshops.pk, "", "", plans.indicator.pk, "42,5", "2025-09-30"],
            [plans.workshops.pk, "", "", plans.indicator.pk, "1 250", ""],
        ]
    )

    result = import_progress(network.member, content, "mesures.csv")

    assert result == ImportResult(actions_updated=0, measurements_recorded=2, rows=2)
    assert Measurement.objects.count() == before + 2
    dated = Measurement.objects.get(indicator=plans.indicator, measured_on=datetime.date(2025, 9, 30))
    assert dated.value == Decimal("42.50")
    assert dated.recorded_by == network.member
    today = Measurement.objects.get(indicator=plans.indicator, measured_on=timezone.localdate())
    assert today.value == Decimal("1250")


def test_one_action_on_several_rows_progress_once_and_a_value_per_row(network, plans):
    content = make_csv(
        [
            HEADER,
            [plans.workshops.pk, "55", "", "", "", ""],
            [plans.workshops.pk, "", "", plans.indicator.pk, "41", "2025-10-31"],
            [plans.workshops.pk, "", "", plans.indicator.pk, "44", "2025-11-15"],
        ]
    )

    result = import_progress(network.coordinator, content, "avancement.csv")

    assert result == ImportResult(actions_updated=1, measurements_recorded=2, rows=3)
    assert reload(plans.workshops).progress == 55


def test_xlsx_with_numbers_dates_and_a_percentage_cell(network, plans):
    content = make_xlsx(
        [
            HEADER,
            [plans.workshops.pk, 0.455, "Réalisée", None, None, None],
            [plans.stimulation.pk, 30, "en_cours", None, None, None],
            [plans.workshops.pk, None, None, plans.indicator.pk, 47.5, datetime.date(2025, 10, 1)],
        ],
        # 0.455 shown as 45,5 % in Excel is a progression of 45,5.
        number_formats={"B2": "0.0%"},
    )

    result = import_progress(network.coordinator, content, "avancement.xlsx")

    assert result == ImportResult(actions_updated=2, measurements_recorded=1, rows=3)
    workshops = reload(plans.workshops)
    assert (workshops.progress, workshops.status) == (46, ActionStatus.DONE)
    assert reload(plans.stimulation).progress == 30
    assert Measurement.objects.filter(
        indicator=plans.indicator, measured_on=datetime.date(2025, 10, 1), value=Decimal("47.5")
    ).exists()


def test_the_type_is_read_from_the_content_not_the_name(network, plans):
    workbook = make_xlsx([["action", "progression"], [plans.workshops.pk, 61]])
    import_progress(network.coordinator, workbook, "avancement.csv")
    assert reload(plans.workshops).progress == 61

    text = make_csv([["action", "progression"], [plans.workshops.pk, "62"]])
    import_progress(network.coordinator, text, "avancement.xlsx")
    assert reload(plans.workshops).progress == 62


def test_csv_saved_by_excel_in_windows_encoding_is_accepted(network, plans):
    content = make_csv(
        [["action", "statut"], [plans.stimulation.pk, "Réalisée"]], bom=False, encoding="cp1252"
    )
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")

    import_progress(network.coordinator, content, "avancement.csv")

    assert reload(plans.stimulation).status == ActionStatus.DONE


def test_blank_lines_are_skipped_and_rows_keep_their_line_numbers(network, plans):
    content = (
        f"action;progression\r\n\r\n{plans.workshops.pk};50\r\n;\r\n{plans.stimulation.pk};500\r\n"
    ).encode()

    issues = refused(network.coordinator, content)

    assert issues == ["Ligne 5, colonne progression : 500 n'est pas entre 0 et 100."]


def test_dry_run_counts_without_writing(network, plans):
    content = make_csv(
        [
            HEADER,
            [plans.workshops.pk, "90", "", "", "", ""],
            [plans.workshops.pk, "", "", plans.indicator.pk, "50", "2025-12-01"],
        ]
    )
    before = snapshot()

    result = import_progress(network.coordinator, content, "avancement.csv", dry_run=True)

    assert result == ImportResult(actions_updated=1, measurements_recorded=1, rows=2)
    assert snapshot() == before


def test_importing_the_same_file_twice_changes_nothing_the_second_time(network, plans):
    content = make_csv(
        [
            HEADER,
            [plans.workshops.pk, "80", "en_cours", "", "", ""],
            [plans.stimulation.pk, "0", "planifiee", "", "", ""],  # already so
            [plans.workshops.pk, "", "", plans.indicator.pk, "35", "2025-06-30"],  # already measured
            [plans.workshops.pk, "", "", plans.indicator.pk, "52", "2025-11-30"],
        ]
    )

    first = import_progress(network.coordinator, content, "avancement.csv")
    after_first = snapshot()
    second = import_progress(network.coordinator, content, "avancement.csv")

    assert first == ImportResult(actions_updated=1, measurements_recorded=1, rows=4)
    assert second == ImportResult(actions_updated=0, measurements_recorded=0, rows=4)
    assert snapshot() == after_first


def test_administrators_update_any_partnership(network, plans, foreign_action):
    content = make_csv([["action", "progression"], [foreign_action.pk, "25"]])

    import_progress(network.admin, content, "avancement.csv")

    assert reload(foreign_action).progress == 25


# Refused files: each reports where, and writes nothing ---------------------------------


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["120", ""], "Ligne 2, colonne progression : 120 n'est pas entre 0 et 100."),
        (["-1", ""], "Ligne 2, colonne progression : -1 n'est pas entre 0 et 100."),
        (["100,4", ""], "Ligne 2, colonne progression : 100,4 n'est pas entre 0 et 100."),
        (
            ["beaucoup", ""],
            "Ligne 2, colonne progression : « beaucoup » n'est pas une progression : "
            "inscrivez un nombre de 0 à 100.",
        ),
        (
            ["1.000,5", ""],
            "Ligne 2, colonne progression : « 1.000,5 » n'est pas une progression : "
            "inscrivez un nombre de 0 à 100.",
        ),
        (["", "fini"], "Ligne 2, colonne statut : « fini » n'est pas un statut connu."),
    ],
)
def test_bad_progress_or_status_is_refused(network, plans, cells, expected):
    content = make_csv([["action", "progression", "statut"], [plans.workshops.pk, *cells]])

    issues = refused(network.coordinator, content)

    assert len(issues) == 1
    assert issues[0].startswith(expected)


def test_unknown_status_lists_the_accepted_ones(network, plans):
    content = make_csv([["action", "statut"], [plans.workshops.pk, "fini"]])

    (issue,) = refused(network.coordinator, content)

    assert "en_cours (En cours)" in issue
    assert "realisee (Réalisée)" in issue


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "999999",
            "Ligne 2, colonne action : aucune action que vous pouvez mettre à jour "
            "ne porte le numéro 999999.",
        ),
        (
            "99999999999999999999999",
            "Ligne 2, colonne action : aucune action que vous pouvez mettre à jour "
            "ne porte le numéro 99999999999999999999999.",
        ),
        ("abc", "Ligne 2, colonne action : « abc » n'est pas un numéro d'action (nombre entier attendu)."),
        ("12.5", "Ligne 2, colonne action : « 12.5 » n'est pas un numéro d'action (nombre entier attendu)."),
        ("", "Ligne 2, colonne action : le numéro de l'action est obligatoire."),
    ],
)
def test_unknown_or_malformed_action_ids_are_refused(network, plans, typed, expected):
    content = make_csv([["action", "progression"], [typed, "50"]])

    issues = refused(network.coordinator, content)

    assert issues == [expected]


def test_an_action_of_another_partnership_is_refused_without_naming_it(network, plans, foreign_action):
    content = make_csv([["action", "progression"], [plans.workshops.pk, "50"], [foreign_action.pk, "60"]])

    issues = refused(network.coordinator, content)

    assert issues == [
        "Ligne 3, colonne action : aucune action que vous pouvez mettre à jour "
        f"ne porte le numéro {foreign_action.pk}."
    ]
    assert "confidentiel" not in " ".join(issues)


def test_members_update_only_the_actions_of_their_organisation(network, plans):
    # The member works for the CPE, which leads the workshops but not the training.
    content = make_csv([["action", "progression"], [plans.workshops.pk, "50"], [plans.stimulation.pk, "60"]])

    issues = refused(network.member, content)

    assert issues == [
        "Ligne 3, colonne action : aucune action que vous pouvez mettre à jour "
        f"ne porte le numéro {plans.stimulation.pk}."
    ]
    only_theirs = make_csv([["action", "progression"], [plans.workshops.pk, "50"]])
    assert import_progress(network.member, only_theirs, "avancement.csv").actions_updated == 1


def test_an_indicator_of_another_action_or_of_an_objective_is_refused(network, plans):
    content = make_csv(
        [
            HEADER,
            [plans.stimulation.pk, "", "", plans.indicator.pk, "3", ""],
            [plans.workshops.pk, "", "", plans.objective_indicator.pk, "22", ""],
            [plans.workshops.pk, "", "", "987654", "1", ""],
            [plans.workshops.pk, "", "", "quatre", "1", ""],
        ]
    )

    issues = refused(network.coordinator, content)

    assert issues == [
        f"Ligne 2, colonne indicateur : l'indicateur {plans.indicator.pk} n'est pas un indicateur "
        f"de l'action {plans.stimulation.pk}.",
        f"Ligne 3, colonne indicateur : l'indicateur {plans.objective_indicator.pk} n'est pas un "
        f"indicateur de l'action {plans.workshops.pk}.",
        f"Ligne 4, colonne indicateur : l'indicateur 987654 n'est pas un indicateur de l'action "
        f"{plans.workshops.pk}.",
        "Ligne 5, colonne indicateur : « quatre » n'est pas un numéro d'indicateur (nombre entier attendu).",
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2025-02-30", "Ligne 2, colonne date : 2025-02-30 n'est pas une date valide."),
        (
            "30/01/2025",
            "Ligne 2, colonne date : « 30/01/2025 » n'est pas une date au format AAAA-MM-JJ "
            "(par exemple 2025-06-30).",
        ),
        ("2999-01-01", "Ligne 2, colonne date : la date 2999-01-01 est dans le futur."),
    ],
)
def test_wrong_dates_are_refused(network, plans, typed, expected):
    content = make_csv([HEADER, [plans.workshops.pk, "", "", plans.indicator.pk, "40", typed]])

    assert refused(network.coordinator, content) == [expected]


def test_indicator_value_and_date_go_together(network, plans):
    content = make_csv(
        [
            HEADER,
            [plans.workshops.pk, "", "", "", "40", ""],
            [plans.workshops.pk, "", "", plans.indicator.pk, "", ""],
            [plans.workshops.pk, "50", "", "", "", "2025-06-30"],
            [plans.workshops.pk, "", "", plans.indicator.pk, "douze", ""],
            [plans.workshops.pk, "", "", "", "", ""],
        ]
    )

    issues = refused(network.coordinator, content)

    assert issues == [
        "Ligne 2, colonne indicateur : indiquez le numéro de l'indicateur que cette valeur mesure.",
        "Ligne 3, colonne valeur : une valeur est obligatoire quand un indicateur est indiqué.",
        "Ligne 4, colonne date : une date ne s'emploie qu'avec une valeur d'indicateur.",
        "Ligne 5, colonne valeur : « douze » n'est pas un nombre.",
        "Ligne 6 : la ligne ne change rien : indiquez une progression, un statut ou une valeur.",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "Le fichier est vide."),
        (b"  \r\n\r\n", "Le fichier est vide."),
        (b"\xef\xbb\xbf", "Le fichier est vide."),
        (
            b"action;progression;statut\r\n",
            "Le fichier ne contient que l'en-tête : ajoutez une ligne par action à mettre à jour.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
            "« avancement.csv » n'est pas un fichier CSV ou XLSX lisible.",
        ),
        (
            random.Random(4).randbytes(4000),
            "« avancement.csv » n'est pas un fichier CSV ou XLSX lisible.",
        ),
        (
            "action;statut\r\n1;Réalisée\r\n".encode("utf-16"),
            "Le fichier est encodé en UTF-16 : enregistrez-le au format « CSV UTF-8 » dans Excel.",
        ),
        (
            b"action;statut\r\n1;R\x81alis\x8de\r\n",
            "Le fichier n'est pas encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 » dans Excel.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
            "Les classeurs Excel 97-2003 (.xls) ne sont pas acceptés : enregistrez le fichier au format "
            ".xlsx ou « CSV UTF-8 ».",
        ),
    ],
    ids=["empty", "blank", "bom-only", "header-only", "png", "random", "utf-16", "not-utf-8", "xls"],
)
def test_unreadable_files_are_refused_with_one_french_message(network, plans, content, expected):
    assert refused(network.coordinator, content) == [expected]


def test_a_zip_that_is_not_a_workbook_is_refused(network, plans):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "action;progression\n1;50\n")

    issues = refused(network.coordinator, buffer.getvalue(), "avancement.xlsx")

    assert issues == [
        "« avancement.xlsx » n'est pas un classeur Excel lisible : enregistrez-le au format .xlsx "
        "ou « CSV UTF-8 »."
    ]


def test_a_file_over_2_mo_is_refused_before_it_is_read(network, plans, monkeypatch):
    content = b"action;progression\r\n" + b"1;50\r\n" * 400_000
    assert len(content) > 2 * 1024 * 1024
    monkeypatch.setattr(imports, "_decode", lambda *args: pytest.fail("the file was read"))

    assert refused(network.coordinator, content) == ["Le fichier pèse 2,3 Mo ; la limite est de 2 Mo."]


def test_more_than_5000_rows_are_refused_before_the_rest_is_parsed(network, plans):
    rows = [["action", "progression"]] + [[plans.workshops.pk, "50"]] * MAX_ROWS
    # Rows past the limit are never looked at: their mistakes are not reported.
    rows += [["pas un numéro", "mille"]] * 10
    content = make_csv(rows)
    assert len(content) < 2 * 1024 * 1024

    assert refused(network.coordinator, content) == [
        "Le fichier compte plus de 5\u00a0000 lignes de données : découpez-le en plusieurs fichiers."
    ]

    workbook = make_xlsx([["action", "progression"]] + [[plans.workshops.pk, 50]] * (MAX_ROWS + 1))
    assert refused(network.coordinator, workbook, "avancement.xlsx") == [
        "Le fichier compte plus de 5\u00a0000 lignes de données : découpez-le en plusieurs fichiers."
    ]


def test_the_same_action_twice_is_refused_on_the_second_row(network, plans):
    content = make_csv(
        [
            ["action", "progression", "statut"],
            [plans.workshops.pk, "50", ""],
            [plans.stimulation.pk, "10", ""],
            [plans.workshops.pk, "", "realisee"],
        ]
    )

    assert refused(network.coordinator, content) == [
        f"Ligne 4 : l'action {plans.workshops.pk} figure déjà à la ligne 2 avec une progression ou un statut."
    ]


def test_the_same_indicator_twice_at_the_same_date_is_refused(network, plans):
    today = timezone.localdate().isoformat()
    content = make_csv(
        [
            HEADER,
            [plans.workshops.pk, "", "", plans.indicator.pk, "40", "2025-09-30"],
            [plans.workshops.pk, "", "", plans.indicator.pk, "41", "2025-09-30"],
            [plans.workshops.pk, "", "", plans.indicator.pk, "42", ""],
            [plans.workshops.pk, "", "", plans.indicator.pk, "43", today],
        ]
    )

    assert refused(network.coordinator, content) == [
        f"Ligne 3 : l'indicateur {plans.indicator.pk} a déjà une valeur au 2025-09-30 à la ligne 2.",
        f"Ligne 5 : l'indicateur {plans.indicator.pk} a déjà une valeur au {today} à la ligne 4.",
    ]


def test_a_different_value_for_a_date_already_measured_is_refused(network, plans):
    # The fixture measured 35 on 2025-06-30.
    content = make_csv([HEADER, [plans.workshops.pk, "", "", plans.indicator.pk, "36", "2025-06-30"]])

    assert refused(network.coordinator, content) == [
        f"Ligne 2, colonne valeur : l'indicateur {plans.indicator.pk} a déjà une mesure différente (35) "
        "au 2025-06-30."
    ]


def test_a_ragged_csv_row_is_refused(network, plans):
    content = (
        f"action;progression;statut\r\n{plans.workshops.pk};50;en_cours\r\n"
        f"{plans.stimulation.pk};20\r\n{plans.stimulation.pk};20;en_cours;oups\r\n"
        # Trailing separators, as spreadsheets write them, are harmless.
        f"{plans.workshops.pk};;;;\r\n"
    ).encode()

    issues = refused(network.coordinator, content)

    assert issues[:2] == [
        "Ligne 3 : la ligne compte 2 cellules alors que l'en-tête compte 3 colonnes.",
        "Ligne 4 : la ligne compte 4 cellules alors que l'en-tête compte 3 colonnes.",
    ]
    assert issues[2].startswith("Ligne 5 : la ligne ne change rien")


def test_an_unquoted_decimal_comma_in_a_comma_separated_file_gets_a_hint(network, plans):
    content = f"action,progression\r\n{plans.workshops.pk},45,5\r\n{plans.stimulation.pk}\r\n".encode()

    issues = refused(network.coordinator, content)

    assert issues == [
        "Ligne 2 : la ligne compte 3 cellules alors que l'en-tête compte 2 colonnes. Avec la virgule "
        'comme séparateur, un nombre à virgule décimale doit être entre guillemets ("45,5") ; '
        "le point-virgule évite ce souci.",
        "Ligne 3 : la ligne compte 1 cellule alors que l'en-tête compte 2 colonnes.",
    ]


def test_a_csv_the_reader_cannot_split_is_refused_in_french(network, plans):
    content = f'action;progression\r\n{plans.workshops.pk};50\r\n1;"{"x" * 200_000}"\r\n'.encode()

    assert refused(network.coordinator, content) == ["Ligne 3 : le fichier CSV est mal formé."]


def test_xlsx_rows_are_numbered_as_in_the_sheet(network, plans):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A3"], sheet["B3"] = "action", "progression"
    sheet["A4"], sheet["B4"] = plans.workshops.pk, 50
    sheet["A6"], sheet["B6"] = plans.stimulation.pk, 150
    buffer = io.BytesIO()
    workbook.save(buffer)

    issues = refused(network.coordinator, buffer.getvalue(), "avancement.xlsx")

    assert issues == ["Ligne 6, colonne progression : 150 n'est pas entre 0 et 100."]


def test_only_the_first_sheet_is_read(network, plans):
    workbook = openpyxl.Workbook()
    workbook.active.append(["action", "progression"])
    workbook.active.append([plans.workshops.pk, 51])
    other = workbook.create_sheet("Notes")
    other.append(["n'importe quoi"])
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)

    import_progress(network.coordinator, buffer.getvalue(), "avancement.xlsx")

    assert reload(plans.workshops).progress == 51


def test_a_filled_xlsx_cell_without_header_is_refused(network, plans):
    content = make_xlsx([["action", "progression"], [plans.workshops.pk, 50, None, "note"]])

    assert refused(network.coordinator, content, "avancement.xlsx") == [
        "Ligne 2 : la cellule D2 est remplie mais sa colonne n'a pas d'en-tête."
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            ["action", "progression", "commentaire"],
            ["Ligne 1, colonne commentaire : colonne inconnue. Colonnes acceptées"],
        ),
        (
            ["id", "progression"],
            [
                "Ligne 1, colonne id : colonne inconnue.",
                "Ligne 1, colonne action : cette colonne obligatoire manque dans l'en-tête.",
            ],
        ),
        (
            ["progression", "statut"],
            ["Ligne 1, colonne action : cette colonne obligatoire manque dans l'en-tête."],
        ),
        (
            ["action", "progression", "progress"],
            ["Ligne 1, colonne progress : la colonne progression figure déjà dans l'en-tête"],
        ),
        (
            ["action", "valeur"],
            ["Ligne 1, colonne indicateur : cette colonne manque : la colonne valeur ne s'emploie pas"],
        ),
        (["action", "", "progression"], ["Ligne 1 : la colonne 2 n'a pas de nom."]),
        (
            ["action", "titre"],
            ["Ligne 1 : ajoutez au moins une des colonnes progression, statut ou valeur à l'en-tête."],
        ),
    ],
)
def test_header_problems_are_reported_on_line_1(network, plans, header, expected):
    content = make_csv([header, [plans.workshops.pk] + ["50"] * (len(header) - 1)])

    issues = refused(network.coordinator, content)

    assert len(issues) == len(expected)
    for issue, start in zip(issues, expected, strict=True):
        assert issue.startswith(start)


def test_one_bad_row_among_good_ones_writes_nothing_and_every_problem_is_reported(network, plans):
    content = make_csv(
        [
            HEADER,
            [plans.workshops.pk, "75", "en_cours", "", "", ""],
            [plans.stimulation.pk, "20", "en_cours", "", "", ""],
            [plans.workshops.pk, "", "", plans.indicator.pk, "50", "2025-10-31"],
            [plans.stimulation.pk, "", "", "", "", ""],
            [plans.workshops.pk, "", "", plans.indicator.pk, "51", "2025-13-01"],
        ]
    )

    issues = refused(network.coordinator, content)

    assert issues == [
        "Ligne 5 : la ligne ne change rien : indiquez une progression, un statut ou une valeur.",
        "Ligne 6, colonne date : 2025-13-01 n'est pas une date valide.",
    ]


def test_a_failure_while_writing_rolls_everything_back(network, plans, monkeypatch):
    """What a killed process or a crash in the middle of the writes leaves: nothing."""
    content = make_csv(
        [
            HEADER,
            [plans.workshops.pk, "75", "", "", "", ""],
            [plans.stimulation.pk, "20", "", "", "", ""],
            [plans.workshops.pk, "", "", plans.indicator.pk, "50", "2025-10-31"],
        ]
    )
    written = []
    real_update = plan_actions.update_action_progress

    def update_then_count(*args, **kwargs):
        written.append(real_update(*args, **kwargs))

    def crash(*args, **kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(plan_actions, "update_action_progress", update_then_count)
    monkeypatch.setattr(plan_actions, "record_measurement", crash)
    before = snapshot()

    with pytest.raises(RuntimeError):
        import_progress(network.coordinator, content, "avancement.csv")

    assert len(written) == 2
    assert snapshot() == before


def test_issues_carry_row_column_and_message(network, plans):
    content = make_csv([["Action", "Progress"], [plans.workshops.pk, "120"]])

    with pytest.raises(ImportFailed) as failure:
        import_progress(network.coordinator, content, "avancement.csv")

    assert failure.value.issues == [
        ImportIssue(row=2, column="Progress", message="120 n'est pas entre 0 et 100.")
    ]
    assert str(failure.value) == "Ligne 2, colonne Progress : 120 n'est pas entre 0 et 100."


def test_anonymous_users_update_nothing(network, plans):
    from django.contrib.auth.models import AnonymousUser

    content = make_csv([["action", "progression"], [plans.workshops.pk, "50"]])

    assert refused(AnonymousUser(), content) == [
        "Ligne 2, colonne action : aucune action que vous pouvez mettre à jour "
        f"ne porte le numéro {plans.workshops.pk}."
    ]


# The template --------------------------------------------------------------------------


def test_template_lists_the_actions_the_user_may_update(network, plans, foreign_action):
    sheet = imports.progress_template(network.member)
    assert [row[0] for row in sheet.rows] == [plans.workshops.pk]
    assert sheet.rows[0][3:5] == [40, "En cours"]
    assert sheet.rows[0][-1] == f"{plans.indicator.pk} : Familles participantes"

    coordinator_ids = {row[0] for row in imports.progress_template(network.coordinator).rows}
    assert coordinator_ids == {plans.workshops.pk, plans.stimulation.pk}


# The upload page -----------------------------------------------------------------------


def text(response):
    """The page as a reader sees it (HTML entities decoded)."""
    return html.unescape(response.content.decode())


def upload(client, content, name="avancement.csv", **data):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), **data})


def upload_and_run(client, content, name="avancement.csv", **data):
    """Send the file, run the job as a worker would, and read the job's page."""
    response = upload(client, content, name, **data)
    assert response.status_code == 302
    assert response["Location"].startswith("/taches/")
    run_jobs()
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page


def test_the_url_is_stable():
    assert reverse("plans:import_progress") == URL


def test_anonymous_visitors_are_sent_to_the_login_page(client, network, plans):
    before = snapshot()
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")

    content = make_csv([["action", "progression"], [plans.workshops.pk, "99"]])
    response = upload(client, content)
    assert response.status_code == 302
    assert snapshot() == before


def test_the_page_explains_the_columns_and_offers_templates(client, network, plans):
    client.force_login(network.coordinator)

    response = client.get(URL)

    assert response.status_code == 200
    page = text(response)
    assert 'enctype="multipart/form-data"' in page
    assert 'accept=".csv,.xlsx"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "Vérifier seulement" in page
    assert "?modele=xlsx" in page and "?modele=csv" in page
    assert "<caption" in page and "<code>progression</code>" in page


def test_coordinator_uploads_a_file_and_sees_the_counts(client, network, plans):
    client.force_login(network.coordinator)
    content = make_csv(
        [
            HEADER,
            [plans.workshops.pk, "85", "", "", "", ""],
            [plans.stimulation.pk, "", "Réalisée", "", "", ""],
            [plans.workshops.pk, "", "", plans.indicator.pk, "58", "2025-11-30"],
        ]
    )

    response = upload(client, content)

    # The import is a job: the browser follows its page, which waits for a worker.
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == f"/taches/{job.pk}/"
    assert (job.kind, job.status, job.user, job.input_label) == (
        "plans.import_progress",
        JobStatus.QUEUED,
        network.coordinator,
        "avancement.csv",
    )
    assert reload(plans.workshops).progress == 40
    waiting = text(client.get(response["Location"]))
    assert "En attente" in waiting
    assert 'hx-trigger="every 2s"' in waiting
    assert '<meta http-equiv="refresh" content="2">' in waiting
    assert jobs.upload_storage().exists(job.input_name)

    run_jobs()

    assert reload(plans.workshops).progress == 85
    assert reload(plans.stimulation).status == ActionStatus.DONE
    page = text(client.get(response["Location"]))
    assert "Tâche terminée" in page
    assert "3 lignes lues." in page
    assert "2 actions mises à jour." in page
    assert "1 mesure enregistrée." in page
    assert "hx-trigger" not in page and 'http-equiv="refresh"' not in page
    assert "Envoyer un autre fichier" in page
    # The uploaded file is deleted once the job is done.
    assert not jobs.upload_storage().exists(job.input_name)


def test_errors_are_listed_by_row_and_column_and_nothing_is_written(client, network, plans):
    client.force_login(network.coordinator)
    content = make_csv(
        [
            ["action", "progression", "statut"],
            [plans.workshops.pk, "70", ""],
            [plans.stimulation.pk, "120", "fini"],
        ]
    )
    before = snapshot()

    response = upload_and_run(client, content)

    assert snapshot() == before
    assert Job.objects.get().status == JobStatus.FAILED
    page = text(response)
    assert 'role="alert"' in page
    assert "2 erreurs : rien n'a été enregistré" in page
    assert "Ligne 3, colonne progression : 120 n'est pas entre 0 et 100." in page
    assert "Ligne 3, colonne statut : « fini » n'est pas un statut connu." in page
    assert "Corrigez le fichier" in page


def test_the_dry_run_box_checks_without_writing(client, network, plans):
    client.force_login(network.coordinator)
    content = make_csv([["action", "progression"], [plans.workshops.pk, "95"]])
    before = snapshot()

    page = text(upload_and_run(client, content, dry_run="on"))

    assert snapshot() == before
    assert "Vérification réussie : rien n'a été enregistré" in page
    assert "1 action serait mise à jour." in page


def test_members_may_import_only_their_actions(client, network, plans):
    client.force_login(network.member)
    theirs = make_csv([["action", "progression"], [plans.workshops.pk, "66"]])
    assert "Tâche terminée" in text(upload_and_run(client, theirs))
    assert reload(plans.workshops).progress == 66

    before = snapshot()
    not_theirs = make_csv([["action", "progression"], [plans.stimulation.pk, "66"]])
    page = text(upload_and_run(client, not_theirs))
    assert f"aucune action que vous pouvez mettre à jour ne porte le numéro {plans.stimulation.pk}" in page
    assert snapshot() == before


def test_outsiders_have_every_row_refused(client, network, plans):
    client.force_login(network.other_coordinator)
    content = make_csv([["action", "progression"], [plans.workshops.pk, "66"], [plans.stimulation.pk, "67"]])
    before = snapshot()

    page = text(upload_and_run(client, content))

    assert "2 erreurs" in page
    assert page.count("aucune action que vous pouvez mettre à jour ne porte le numéro") == 2
    assert "Ateliers parents-enfants" not in page
    assert snapshot() == before


def test_a_too_large_upload_is_refused_before_it_is_read(client, network, plans, monkeypatch):
    client.force_login(network.coordinator)
    monkeypatch.setattr("core.jobs.start", lambda *args, **kwargs: pytest.fail("the file was sent"))
    content = b"action;progression\r\n" + b"1;50\r\n" * 400_000

    response = upload(client, content)

    assert response.status_code == 200
    assert "Le fichier dépasse la limite de 2 Mo." in text(response)


def test_a_missing_or_empty_file_is_a_form_error(client, network, plans):
    client.force_login(network.coordinator)

    response = client.post(URL, {})
    assert response.status_code == 200
    assert 'href="#id_file"' in text(response)

    response = upload(client, b"")
    assert response.status_code == 200
    assert "erreur" in text(response)


def test_many_errors_are_cut_short_on_the_page(client, network, plans):
    client.force_login(network.coordinator)
    rows = [["action", "progression"]] + [["x", "50"]] * 250
    page = text(upload_and_run(client, make_csv(rows)))

    assert "250 erreurs" in page
    assert page.count("n'est pas un numéro d'action") == 200
    assert "… et 50 autres erreurs." in page


def test_the_form_needs_the_csrf_token(network, plans):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(network.coordinator)
    content = make_csv([["action", "progression"], [plans.workshops.pk, "99"]])
    before = snapshot()

    response = upload(client, content)

    assert response.status_code == 403
    assert snapshot() == before


def test_the_csv_template_lists_the_users_actions_and_imports_back_unchanged(client, network, plans):
    client.force_login(network.coordinator)

    response = client.get(URL, {"modele": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "action",
        "titre",
        "plan",
        "progression",
        "statut",
        "indicateur",
        "valeur",
        "date",
        "indicateurs disponibles",
    ]
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == {str(plans.workshops.pk), str(plans.stimulation.pk)}
    assert by_id[str(plans.workshops.pk)][3:5] == ["40", "En cours"]

    before = snapshot()
    result = import_progress(network.coordinator, response.content, "modele.csv")
    assert result == ImportResult(actions_updated=0, measurements_recorded=0, rows=2)
    assert snapshot() == before


def test_the_xlsx_template_filled_in_updates_the_actions(client, network, plans):
    client.force_login(network.member)

    response = client.get(URL, {"modele": "xlsx"})

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["action", "titre", "plan", "progression", "statut"]
    assert sheet.max_row == 2
    assert sheet.cell(2, 1).value == plans.workshops.pk
    sheet.cell(2, 4).value = 72
    sheet.cell(2, 6).value = plans.indicator.pk
    sheet.cell(2, 7).value = 61
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert "Tâche terminée" in text(upload_and_run(client, buffer.getvalue(), "modele.xlsx"))
    assert reload(plans.workshops).progress == 72
    assert Measurement.objects.filter(indicator=plans.indicator, value=61).exists()


def test_outsiders_get_a_template_with_an_example_row(client, network, plans):
    client.force_login(network.editor)

    response = client.get(URL, {"modele": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][0] == "12"


def test_an_unknown_template_format_is_a_french_400(client, network):
    client.force_login(network.coordinator)

    response = client.get(URL, {"modele": "pdf"})

    assert response.status_code == 400
    assert "Le modèle « pdf » n'est pas offert" in text(response)
