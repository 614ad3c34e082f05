"""The import_progress command: summary on success, errors on stderr and a failing exit otherwise."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from plans.management.commands import import_progress as command_module
from plans.models import Action, ActionStatus, Measurement

pytestmark = pytest.mark.django_db


def write_csv(path, rows):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode())
    return str(path)


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_progress", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def state():
    return (
        sorted(Action.objects.values_list("pk", "progress", "status", "updated_at")),
        sorted(Measurement.objects.values_list("pk", "indicator_id", "measured_on", "value")),
    )


@pytest.fixture
def good_file(tmp_path, plans):
    return write_csv(
        tmp_path / "avancement.csv",
        [
            ["action", "progression", "statut", "indicateur", "valeur", "date"],
            [plans.workshops.pk, "80", "", "", "", ""],
            [plans.stimulation.pk, "", "Réalisée", "", "", ""],
            [plans.workshops.pk, "", "", plans.indicator.pk, "57", "2025-11-30"],
        ],
    )


def test_success_prints_a_french_summary_after_writing(network, plans, good_file):
    out, err = run(good_file, user="coordo@rimouski.qc.ca")

    assert out.splitlines() == [
        "Importation terminée.",
        "3 lignes lues.",
        "2 actions mises à jour.",
        "1 mesure enregistrée.",
    ]
    assert err == ""
    assert Action.objects.get(pk=plans.workshops.pk).progress == 80
    assert Action.objects.get(pk=plans.stimulation.pk).status == ActionStatus.DONE
    assert Measurement.objects.filter(indicator=plans.indicator, value=57).exists()


def test_the_email_is_matched_without_case(network, plans, good_file):
    out, _err = run(good_file, user="  Coordo@Rimouski.QC.ca ")

    assert out.startswith("Importation terminée.")


def test_dry_run_validates_only(network, plans, good_file):
    before = state()

    out, _err = run(good_file, user="coordo@rimouski.qc.ca", dry_run=True)

    assert state() == before
    assert out.splitlines() == [
        "Vérification réussie : rien n'a été enregistré (--dry-run).",
        "3 lignes lues.",
        "2 actions seraient mises à jour.",
        "1 mesure serait enregistrée.",
    ]


def test_errors_go_to_stderr_and_the_command_fails_without_writing(network, plans, tmp_path):
    path = write_csv(
        tmp_path / "avancement.csv",
        [
            ["action", "progression", "statut"],
            [plans.workshops.pk, "50", ""],
            [plans.stimulation.pk, "120", "fini"],
        ],
    )
    before = state()
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="^2 erreurs : rien n'a été enregistré.$"):
        call_command("import_progress", path, user="coordo@rimouski.qc.ca", stdout=out, stderr=err)

    assert state() == before
    assert out.getvalue() == ""
    lines = err.getvalue().splitlines()
    assert lines[0] == "Ligne 3, colonne progression : 120 n'est pas entre 0 et 100."
    assert lines[1].startswith("Ligne 3, colonne statut : « fini » n'est pas un statut connu.")


def test_a_member_is_refused_the_actions_of_other_organisations(network, plans, good_file):
    before = state()
    err = StringIO()

    with pytest.raises(CommandError, match="^1 erreur : rien n'a été enregistré.$"):
        call_command("import_progress", good_file, user="membre@cpe.qc.ca", stdout=StringIO(), stderr=err)

    assert err.getvalue().strip() == (
        "Ligne 3, colonne action : aucune action que vous pouvez mettre à jour "
        f"ne porte le numéro {plans.stimulation.pk}."
    )
    assert state() == before


def test_an_unknown_user_is_a_french_error(network, plans, good_file):
    with pytest.raises(CommandError, match="Aucun compte n'a l'adresse courriel « personne@nulle.part »."):
        run(good_file, user="personne@nulle.part")


def test_an_inactive_user_is_refused(network, plans, good_file):
    network.coordinator.is_active = False
    network.coordinator.save()

    with pytest.raises(CommandError, match="Le compte « coordo@rimouski.qc.ca » est désactivé."):
        run(good_file, user="coordo@rimouski.qc.ca")


def test_the_user_is_required(network, plans, good_file):
    with pytest.raises(CommandError, match="--user"):
        run(good_file)


def test_a_missing_file_is_a_french_error(network, tmp_path):
    with pytest.raises(CommandError, match="est introuvable"):
        run(str(tmp_path / "absent.csv"), user="coordo@rimouski.qc.ca")


def test_a_huge_file_is_refused_without_reading_it_all(network, plans, tmp_path):
    path = tmp_path / "enorme.csv"
    path.write_bytes(b"action;progression\r\n" + b"1;50\r\n" * 1_000_000)
    err = StringIO()

    with pytest.raises(CommandError, match="^1 erreur"):
        call_command(
            "import_progress", str(path), user="coordo@rimouski.qc.ca", stdout=StringIO(), stderr=err
        )

    assert err.getvalue().strip() == "Le fichier pèse 2,1 Mo ; la limite est de 2 Mo."


def test_a_binary_file_is_refused(network, plans, tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))
    err = StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_progress", str(path), user="coordo@rimouski.qc.ca", stdout=StringIO(), stderr=err
        )

    assert err.getvalue().strip() == "« photo.png » n'est pas un fichier CSV ou XLSX lisible."


def test_the_writes_go_through_a_progress_bar_shown_for_big_files(network, plans, good_file, monkeypatch):
    seen = {}

    def fake_tqdm(items, total, **options):
        seen.update(total=total, disable=options["disable"])
        return items

    monkeypatch.setattr(command_module, "tqdm", fake_tqdm)
    monkeypatch.setattr(command_module, "PROGRESS_BAR_FROM", 3)

    run(good_file, user="coordo@rimouski.qc.ca")

    # Two action updates and one measurement; None lets tqdm show the bar on a terminal.
    assert seen == {"total": 3, "disable": None}
    assert Action.objects.get(pk=plans.workshops.pk).progress == 80
    seen.clear()
    command_module.Command()._progress_bar([1, 2], 2)
    assert seen == {"total": 2, "disable": True}
