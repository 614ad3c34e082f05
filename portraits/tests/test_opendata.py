"""Open data: the exports hold exactly the public rows, never personal data, in three readable
formats; the command, its options and its failures; the page and the downloads."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import hashlib
import io
import json
import re
import zipfile
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from library.bulk import NewItem, create_items
from library.models import LearningPage, LibraryItem, Reinvestment
from library.text import item_path
from partners import actions as partner_actions
from partners.models import Membership, Organisation, Partnership
from plans import actions as plan_actions
from portraits import opendata
from taxonomy.models import ActionType, Sector

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
DATASET_FILES = [
    f"{stem}.{fmt}"
    for stem in ("organisations", "regroupements", "plans", "actions", "bibliotheque", "dictionnaire")
    for fmt in ("csv", "xlsx", "json")
]


@pytest.fixture
def var_dir(settings, tmp_path) -> Path:
    """The exports go to a temporary var/ folder, never to the install's own."""
    settings.VAR_DIR = tmp_path
    settings.WAGTAILADMIN_BASE_URL = "https://agirtot.example"
    return tmp_path / "opendata"


@pytest.fixture
def world(network, plans, library, var_dir) -> SimpleNamespace:
    """The shared network, plans and library, plus everything the exports must leave out or clean."""
    montreal = network.regions["06"]
    # Contact details of organisations: public on their page, never in the open data.
    Organisation.objects.filter(pk=network.cpe.pk).update(
        email="info@cpe-petits-pas.qc.ca",
        address="12, rue des Érables, Rimouski",
        website="https://cpe.example",
    )
    Organisation.objects.filter(pk=network.clsc.pk).update(
        description="Pour un rendez-vous, écrivez à accueil.clsc@sante.qc.ca ou passez nous voir."
    )
    Organisation.objects.filter(pk=network.maison.pk).update(description="=1+1 n'est pas une formule")
    Partnership.objects.filter(pk=network.rimouski.pk).update(
        email="coordination@naitre-grandir.qc.ca", children_0_5=1200
    )
    # An inactive organisation, member of Rimouski and contributor to the workshops.
    gone = partner_actions.save_organisation(
        Organisation(name="Organisme fermé", sector=Sector.objects.get(code="communautaire-famille")),
        region_ids=[montreal.pk],
    )
    Organisation.objects.filter(pk=gone.pk).update(is_active=False)
    Membership.objects.create(
        partnership=network.rimouski, organisation=gone, joined_on=datetime.date(2021, 1, 1)
    )
    plans.workshops.contributors.add(gone)
    # An action in the members-only plan.
    secret = plan_actions.save_action(
        network.other_coordinator,
        plans.hidden,
        None,
        {"title": "Action interne de Hochelaga", "action_type": ActionType.objects.get(code="formation")},
        {},
    )
    # A learning's contact people and owner, and a draft item.
    LearningPage.objects.filter(pk=library.learning.pk).update(
        contacts="<p>Marie Tremblay, marie.tremblay@cpe.qc.ca</p>"
    )
    (draft,) = create_items(
        library.french_index,
        [NewItem(kind="outil", title="Brouillon d'outil jamais publié", summary="Pas encore prêt.")],
    )
    LibraryItem.objects.filter(pk=draft).update(live=False)
    Reinvestment.objects.create(
        source_item=library.learning, action=plans.stimulation, partnership=network.rimouski, adapted="Tout."
    )
    return SimpleNamespace(
        network=network, plans=plans, library=library, gone=gone, secret=secret, draft=draft, dir=var_dir
    )


def _json(directory: Path, stem: str) -> dict:
    return json.loads((directory / f"{stem}.json").read_text(encoding="utf-8"))


def _by_id(directory: Path, stem: str) -> dict[int, dict]:
    return {item["id"]: item for item in _json(directory, stem)["items"]}


def _texts(directory: Path) -> dict[str, str]:
    """Every file's text: CSV, JSON and the manifest as they are, each XLSX's XML parts."""
    texts = {}
    for path in sorted(directory.iterdir()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                texts[path.name] = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
        else:
            texts[path.name] = path.read_text(encoding="utf-8-sig")
    return texts


# The rows ---------------------------------------------------------------------------------


def test_exports_hold_exactly_the_public_rows(world):
    n, p, lib = world.network, world.plans, world.library
    result = opendata.export()

    assert result.counts == {"organisations": 4, "partnerships": 2, "plans": 1, "actions": 2, "library": 5}
    assert set(_by_id(world.dir, "organisations")) == {n.cpe.pk, n.clsc.pk, n.maison.pk, n.halte.pk}
    partnerships = _by_id(world.dir, "regroupements")
    assert set(partnerships) == {n.rimouski.pk, n.montreal.pk}
    assert set(_by_id(world.dir, "plans")) == {p.plan.pk}
    assert set(_by_id(world.dir, "actions")) == {p.workshops.pk, p.stimulation.pk}
    library = _by_id(world.dir, "bibliotheque")
    assert set(library) == {lib.learning.pk, lib.tool.pk, lib.publication.pk, lib.news.pk, lib.translation.pk}

    # The inactive organisation is nobody's member and nobody's contributor.
    rimouski = partnerships[n.rimouski.pk]
    assert rimouski["member_organisation_ids"] == sorted([n.cpe.pk, n.clsc.pk])
    assert rimouski["member_count"] == 2
    assert rimouski["children_0_5"] == 1200
    assert rimouski["region_code"] == "01"
    assert rimouski["url"] == f"https://agirtot.example/regroupements/{n.rimouski.pk}/"


def test_action_row_in_full(world):
    opendata.export(["actions"])
    workshops = _by_id(world.dir, "actions")[world.plans.workshops.pk]
    assert workshops == {
        "id": world.plans.workshops.pk,
        "plan_id": world.plans.plan.pk,
        "partnership_id": world.network.rimouski.pk,
        "title": "Ateliers parents-enfants d'éveil à la lecture",
        "description": "Dix ateliers par année à la bibliothèque.",
        "action_type_code": "soutien-parental",
        "lead_organisation_id": world.network.cpe.pk,
        "contributor_organisation_ids": [world.network.clsc.pk],
        "age_period_codes": ["2-3"],
        "population_codes": ["defavorisation"],
        "system_codes": ["enfant", "famille"],
        "protective_factor_codes": workshops["protective_factor_codes"],
        "start_date": "2024-09-01",
        "end_date": "2026-06-30",
        "status": "en_cours",
        "progress": 40,
        "budget": 12000.0,
        "in_kind": 3000.0,
        "reach_children": 80,
        "reach_parents": 70,
        "reach_families": 55,
        "url": f"https://agirtot.example/actions/{world.plans.workshops.pk}/",
    }
    assert sorted(workshops["protective_factor_codes"]) == [
        "attitudes-parentales",
        "habiletes-langagieres",
        "pratiques-parentales",
    ]


def test_library_rows_give_tags_credits_language_and_reuse(world):
    opendata.export(["library"])
    rows = _by_id(world.dir, "bibliotheque")
    learning = rows[world.library.learning.pk]
    assert learning["kind"] == "apprentissage"
    assert learning["language"] == "fr"
    assert learning["url"] == "https://agirtot.example" + item_path(world.library.learning)
    assert learning["theme_codes"] == ["eveil-lecture-ecriture"]
    assert learning["system_codes"] == ["famille"]
    assert learning["age_period_codes"] == ["2-3"]
    assert learning["region_codes"] == ["01"]
    assert learning["organisation_ids"] == [world.network.cpe.pk]
    assert learning["partnership_ids"] == [world.network.rimouski.pk]
    assert learning["reuse_count"] == 1
    translation_row = rows[world.library.translation.pk]
    assert translation_row["language"] == "en"
    assert translation_row["url"].startswith("https://agirtot.example/en/")
    assert translation_row["translation_group"] == learning["translation_group"]
    assert rows[world.library.tool.pk]["reuse_count"] == 0


def test_batches_give_the_same_files_as_one_read(world, monkeypatch):
    """Rows are read by primary-key ranges: small ranges change nothing in the output."""
    opendata.export()
    whole = {
        name: (world.dir / name).read_bytes()
        for name in ("organisations.json", "actions.json", "bibliotheque.json")
    }
    monkeypatch.setattr("portraits.opendata.rows.CHUNK_SIZE", 1)
    opendata.export()
    for name, content in whole.items():
        before = json.loads(content)
        after = json.loads((world.dir / name).read_bytes())
        assert after["items"] == before["items"], name


@pytest.mark.parametrize("key", ["organisations", "actions", "library"])
def test_queries_grow_with_batches_not_rows(world, key, monkeypatch, django_assert_max_num_queries):
    """One query for the rows and one per related list, per batch: more rows, same queries."""
    dataset = opendata.DATASETS[key]
    with CountQueries() as small:
        list(dataset.rows())
    _more_data(world, copies=20)
    with django_assert_max_num_queries(small.count):
        rows = [row for batch in dataset.rows() for row in batch]
    assert len(rows) == dataset.count() >= 20


class CountQueries:
    """How many queries a block runs."""

    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.context = CaptureQueriesContext(connection)
        self.context.__enter__()
        return self

    def __exit__(self, *exc):
        self.context.__exit__(*exc)
        self.count = len(self.context.captured_queries)


def _more_data(world, copies: int) -> None:
    n, p = world.network, world.plans
    sector = Sector.objects.get(code="services-de-garde")
    for i in range(copies):
        org = partner_actions.save_organisation(
            Organisation(name=f"CPE numéro {i}", sector=sector), region_ids=[n.regions["01"].pk]
        )
        # An action's lead is a member of the plan's partnership.
        partner_actions.add_membership(n.coordinator, n.rimouski, org, joined_on=datetime.date(2020, 9, 1))
        plan_actions.save_action(
            n.coordinator,
            p.plan,
            None,
            {"title": f"Action {i}", "action_type": ActionType.objects.get(code="formation"), "lead": org},
            {"contributors": [n.clsc], "objectives": [p.language]},
        )
    create_items(
        world.library.french_index,
        [NewItem(kind="actualite", title=f"Nouvelle {i}", summary="Une nouvelle.") for i in range(copies)],
    )


# No personal data ----------------------------------------------------------------------------


def test_no_personal_data_in_any_file(world):
    opendata.export()
    texts = _texts(world.dir)
    assert set(texts) == {*DATASET_FILES, "manifest.json"}
    for name, text in texts.items():
        assert not EMAIL.search(text), f"{name}: {EMAIL.search(text).group(0)}"
        for person in ("Julie", "Gagnon", "Tremblay", "coordo", "Érables"):
            assert person not in text, f"{name} holds « {person} »"
    # The address typed into a description is replaced, the rest of the text kept.
    clsc = _by_id(world.dir, "organisations")[world.network.clsc.pk]
    assert clsc["description"] == "Pour un rendez-vous, écrivez à [courriel retiré] ou passez nous voir."
    assert "Brouillon d'outil" not in texts["bibliotheque.json"]
    assert "Action interne de Hochelaga" not in texts["actions.csv"]
    assert "Organisme fermé" not in texts["organisations.xlsx"]


# Formats ------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_semicolons_and_decimal_commas(world):
    opendata.export()
    raw = (world.dir / "actions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [f.name for f in opendata.DATASETS["actions"].fields]
    assert len(rows) == 3
    workshops = dict(
        zip(rows[0], next(r for r in rows[1:] if r[0] == str(world.plans.workshops.pk)), strict=True)
    )
    assert workshops["budget"] == "12000,00"
    assert workshops["age_period_codes"] == "2-3"
    assert workshops["system_codes"] == "enfant | famille"
    assert workshops["start_date"] == "2024-09-01"
    stimulation = next(r for r in rows[1:] if r[0] == str(world.plans.stimulation.pk))
    assert stimulation[rows[0].index("end_date")] == ""
    # A text that a spreadsheet would run as a formula is kept as text.
    organisations = (world.dir / "organisations.csv").read_text(encoding="utf-8-sig")
    assert ";'=1+1 n'est pas une formule;" in organisations


def test_xlsx_is_readable_and_holds_text_not_formulas(world):
    opendata.export()
    workbook = load_workbook(world.dir / "organisations.xlsx")
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(f.name for f in opendata.DATASETS["organisations"].fields)
    assert len(rows) == 5
    maison = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == world.network.maison.pk)
    description = maison[[f.name for f in opendata.DATASETS["organisations"].fields].index("description")]
    assert description.value == "'=1+1 n'est pas une formule"
    assert description.data_type == "s"
    actions = list(load_workbook(world.dir / "actions.xlsx").active.iter_rows(values_only=True))
    header = actions[0]
    workshops = next(row for row in actions[1:] if row[0] == world.plans.workshops.pk)
    assert workshops[header.index("budget")] == 12000
    assert workshops[header.index("start_date")].date() == datetime.date(2024, 9, 1)
    dictionary = list(load_workbook(world.dir / "dictionnaire.xlsx").active.iter_rows(values_only=True))
    assert len(dictionary) == 1 + sum(len(d.fields) for d in opendata.DATASETS.values())


def test_json_files_are_valid_with_licence_count_and_fields(world):
    opendata.export()
    for dataset in opendata.DATASETS.values():
        document = _json(world.dir, dataset.stem)
        assert document["dataset"] == dataset.key
        assert document["licence"]["name"] == "CC BY 4.0"
        assert document["fields"] == [f.name for f in dataset.fields]
        assert document["count"] == len(document["items"])
        datetime.datetime.fromisoformat(document["generated_at"])
    dictionary = _json(world.dir, "dictionnaire")
    assert {"dataset": "organisations", "field": "region_codes", "type": "codes"}.items() <= dictionary[
        "items"
    ][5].items()


# The command ----------------------------------------------------------------------------------


def test_command_prints_the_summary_and_writes_the_manifest(world):
    out = StringIO()
    with translation.override("fr"):
        call_command("export_open_data", stdout=out, stderr=StringIO())
    summary = out.getvalue().strip()
    assert re.fullmatch(
        r"Données ouvertes exportées : 4 organisations, 2 regroupements, 1 plan d'action, 2 actions, "
        r"5 éléments de la bibliothèque en \d+,\d s\.",
        summary,
    ), summary
    manifest = json.loads((world.dir / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["datasets"]) == ["organisations", "partnerships", "plans", "actions", "library"]
    assert manifest["datasets"]["plans"]["rows"] == 1
    assert manifest["licence"]["attribution"] == "Agir tôt"
    files = [f for entry in [*manifest["datasets"].values(), manifest["dictionary"]] for f in entry["files"]]
    assert sorted(f["filename"] for f in files) == sorted(DATASET_FILES)
    for f in files:
        content = (world.dir / f["filename"]).read_bytes()
        assert f["size"] == len(content)
        assert f["sha256"] == hashlib.sha256(content).hexdigest()


def test_if_missing_builds_only_when_a_file_is_missing(world):
    call_command("export_open_data", stdout=StringIO(), stderr=StringIO())
    before = (world.dir / "organisations.csv").stat().st_mtime_ns
    Organisation.objects.filter(pk=world.network.cpe.pk).update(name="CPE renommé")
    out = StringIO()
    call_command("export_open_data", "--if-missing", stdout=out, stderr=StringIO())
    assert out.getvalue().strip() == "Les données ouvertes existent déjà : rien à faire."
    assert (world.dir / "organisations.csv").stat().st_mtime_ns == before
    (world.dir / "plans.xlsx").unlink()
    call_command("export_open_data", "--if-missing", stdout=StringIO(), stderr=StringIO())
    assert (world.dir / "plans.xlsx").is_file()
    assert "CPE renommé" in (world.dir / "organisations.csv").read_text(encoding="utf-8-sig")


def test_dataset_option_rebuilds_one_dataset_and_keeps_the_others(world):
    call_command("export_open_data", stdout=StringIO(), stderr=StringIO())
    organisations = (world.dir / "organisations.json").read_bytes()
    Organisation.objects.filter(pk=world.network.cpe.pk).update(name="CPE renommé")
    out = StringIO()
    call_command("export_open_data", "--dataset", "plans", stdout=out, stderr=StringIO())
    assert "Données ouvertes exportées : 1 plan d'action en " in out.getvalue()
    assert (world.dir / "organisations.json").read_bytes() == organisations
    manifest = opendata.read_manifest()
    assert set(manifest["datasets"]) == set(opendata.DATASETS)
    assert opendata.is_complete(manifest)


def test_a_failure_midway_leaves_the_previous_files_intact(world, monkeypatch):
    call_command("export_open_data", stdout=StringIO(), stderr=StringIO())
    before = {path.name: path.read_bytes() for path in world.dir.iterdir()}
    Organisation.objects.filter(pk=world.network.cpe.pk).update(name="CPE renommé")
    actions = opendata.DATASETS["actions"]

    def failing(queryset):
        yield from actions.batches(queryset)
        raise RuntimeError("database gone")

    monkeypatch.setitem(opendata.DATASETS, "actions", dataclasses.replace(actions, batches=failing))
    with pytest.raises(RuntimeError, match="database gone"):
        call_command("export_open_data", stdout=StringIO(), stderr=StringIO())
    after = {path.name: path.read_bytes() for path in world.dir.iterdir()}
    # Organisations were written before the failure, yet nothing changed and no temporary file is left.
    assert after == before


# The page and the downloads ----------------------------------------------------------------------


def test_page_lists_the_files_and_the_dictionary(world, client, django_assert_max_num_queries):
    opendata.export()
    with django_assert_max_num_queries(0):
        response = client.get(reverse("portraits:opendata"))
    assert response.status_code == 200
    html = response.content.decode()
    manifest = opendata.read_manifest()
    for f in manifest["datasets"]["organisations"]["files"]:
        assert f'href="/donnees-ouvertes/{f["filename"]}"' in html
        assert opendata.file_size_label(f["size"]) in html
    assert "4 lignes, produites le " in html
    assert "1 ligne, produite le " in html
    assert "Dictionnaire des données : Partenaires</caption>" in html
    assert '<th scope="row"><code>member_organisation_ids</code></th>' in html
    assert 'href="/donnees-ouvertes/dictionnaire.xlsx"' in html
    assert "CC BY 4.0" in html
    assert "export_open_data" not in html


def test_page_costs_no_query_whatever_the_data_size(world, client, django_assert_max_num_queries):
    opendata.export()
    with django_assert_max_num_queries(0):
        client.get(reverse("portraits:opendata"))
    _more_data(world, copies=10)
    opendata.export()
    with django_assert_max_num_queries(0):
        response = client.get(reverse("portraits:opendata"))
    assert "14 lignes" in response.content.decode()


def test_page_in_english(world, client):
    opendata.export()
    html = client.get("/en/donnees-ouvertes/").content.decode()
    assert "Partner organisations" in html
    assert "Official codes of the administrative regions" in html


def test_empty_state_explains_how_to_build_the_files(var_dir, client, db):
    response = client.get(reverse("portraits:opendata"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "python manage.py export_open_data" in html
    assert "/donnees-ouvertes/organisations.csv" not in html
    assert "Dictionnaire des données : Bibliothèque</caption>" in html
    assert client.get(reverse("portraits:opendata_file", args=["organisations.csv"])).status_code == 404


def test_an_unreadable_manifest_is_the_empty_state(var_dir, client, db):
    var_dir.mkdir(parents=True)
    (var_dir / "manifest.json").write_text("{pas du json", encoding="utf-8")
    response = client.get(reverse("portraits:opendata"))
    assert response.status_code == 200
    assert "python manage.py export_open_data" in response.content.decode()


def test_download_serves_the_file_as_an_attachment(world, client):
    opendata.export()
    for name, content_type in (
        ("organisations.csv", "text/csv; charset=utf-8"),
        ("actions.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("bibliotheque.json", "application/json"),
        ("manifest.json", "application/json"),
    ):
        response = client.get(reverse("portraits:opendata_file", args=[name]))
        assert response.status_code == 200, name
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == (world.dir / name).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/donnees-ouvertes/../settings.py",
        "/donnees-ouvertes/..%2Fsettings.py",
        "/donnees-ouvertes/..%2F..%2Fagirtot%2Fsettings%2Fbase.py",
        "/donnees-ouvertes/settings.py",
        "/donnees-ouvertes/inconnu.csv",
        "/donnees-ouvertes/.organisations.csv.tmp",
        "/donnees-ouvertes/secret.txt",
        "/donnees-ouvertes/ORGANISATIONS.CSV",
    ],
)
def test_download_refuses_anything_else_with_a_french_404(world, client, path):
    opendata.export()
    (world.dir / "secret.txt").write_text("pas pour vous", encoding="utf-8")
    (world.dir / ".organisations.csv.tmp").write_text("à moitié écrit", encoding="utf-8")
    response = client.get(path)
    assert response.status_code == 404
    assert "pas pour vous" not in response.content.decode()
    assert '<html lang="fr"' in response.content.decode()


def test_unknown_file_message_is_french(world, client):
    opendata.export()
    response = client.get(reverse("portraits:opendata_file", args=["inconnu.csv"]))
    assert "Aucun fichier de données ouvertes ne porte le nom « inconnu.csv »." in response.content.decode()


# Sizes --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "label"),
    [
        (1, "1 octet"),
        (850, "850 octets"),
        (12_698, "12,4 ko"),
        (1_258_291, "1,2 Mo"),
        (1_288_490_189, "1\xa0228,8 Mo"),
    ],
)
def test_file_sizes_read_as_in_quebec(size, label):
    with translation.override("fr"):
        assert opendata.file_size_label(size) == label
