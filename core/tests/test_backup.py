"""backup and restore: a round trip gives back the same data and media files, on SQLite
and on PostgreSQL; restore refuses what it must refuse and then changes nothing."""

import io
import json
import tarfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup

# Transactions must commit for pg_dump (another process) to see the data; the serialized
# rollback puts back the reference data that the flush after such a test removes.
roundtrip = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "logos").mkdir(parents=True)
    (root / "logos" / "cpe.png").write_bytes(b"\x89PNG fake logo")
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture(autouse=True)
def pg_tools():
    if connection.vendor == "postgresql" and not (
        backup.find_pg_tool("pg_dump") and backup.find_pg_tool("pg_restore")
    ):
        pytest.skip("pg_dump/pg_restore introuvables (ni dans le PATH ni dans /usr/lib/postgresql/*/bin)")


def snapshot():
    out = StringIO()
    call_command("dumpdata", "partners", "plans", "accounts", format="json", indent=None, stdout=out)
    return json.loads(out.getvalue())


def run(name, *args, **options):
    out = StringIO()
    call_command(name, *args, stdout=out, **options)
    return out.getvalue()


@roundtrip
def test_restore_gives_back_the_data_and_media_of_the_backup(plans, network, media, tmp_path):
    from partners.models import Organisation
    from plans.models import Action

    before = snapshot()
    assert any(item["model"] == "plans.action" for item in before)

    output = run("backup", output=tmp_path / "sauvegardes")
    archives = list((tmp_path / "sauvegardes").glob("agirtot-*.tar.gz"))
    assert len(archives) == 1
    assert "Sauvegarde terminée" in output
    with tarfile.open(archives[0]) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert "media/logos/cpe.png" in tar.getnames()
    assert manifest["engine"] == connection.vendor
    assert manifest["media"] == [{"path": "logos/cpe.png", "size": 14}]
    assert "0001_initial" in manifest["migrations"]["plans"]

    Action.objects.filter(pk=plans.stimulation.pk).delete()
    Organisation.objects.filter(pk=network.cpe.pk).update(name="Nom modifié après la sauvegarde")
    (media / "logos" / "cpe.png").unlink()
    (media / "ajout.txt").write_text("ajouté après la sauvegarde")
    assert snapshot() != before

    output = run("restore", archives[0], yes=True)

    assert "Restauration terminée" in output
    assert snapshot() == before
    assert Organisation.objects.get(pk=network.cpe.pk).name == "CPE Les Petits Pas"
    assert Action.objects.filter(pk=plans.stimulation.pk).exists()
    assert (media / "logos" / "cpe.png").read_bytes() == b"\x89PNG fake logo"
    assert not (media / "ajout.txt").exists()


@roundtrip
def test_restore_without_yes_explains_and_changes_nothing(network, media, tmp_path):
    from partners.models import Organisation

    run("backup", output=tmp_path)
    archive = next(tmp_path.glob("agirtot-*.tar.gz"))
    Organisation.objects.filter(pk=network.cpe.pk).update(name="Gardé")

    with pytest.raises(CommandError, match="--yes"):
        run("restore", archive)

    assert Organisation.objects.get(pk=network.cpe.pk).name == "Gardé"


def write_archive(path, manifest, files=()):
    with tarfile.open(path, "w:gz") as tar:
        for name, content in [("manifest.json", json.dumps(manifest).encode()), *files]:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return path


@pytest.mark.django_db
def test_restore_refuses_an_archive_from_another_engine(media, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    database = backup.SQLITE_FILE if other == "sqlite" else backup.PGDUMP_FILE
    archive = write_archive(
        tmp_path / "autre.tar.gz",
        {"format": 1, "engine": other, "database": database, "media": []},
        [(database, b"x")],
    )

    with pytest.raises(CommandError, match="restauration refusée"):
        run("restore", archive, yes=True)

    assert (media / "logos" / "cpe.png").exists()


@pytest.mark.django_db
def test_restore_refuses_an_archive_with_an_unsafe_path(media, tmp_path):
    engine = connection.vendor
    database = backup.SQLITE_FILE if engine == "sqlite" else backup.PGDUMP_FILE
    archive = write_archive(
        tmp_path / "piege.tar.gz",
        {"format": 1, "engine": engine, "database": database, "media": []},
        [(database, b"x"), ("../evasion.txt", b"x")],
    )

    with pytest.raises(CommandError, match="entrée refusée"):
        run("restore", archive, yes=True)

    assert not (tmp_path / "evasion.txt").exists()
    assert (media / "logos" / "cpe.png").exists()


def test_restore_reports_a_missing_or_unreadable_archive(tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        run("restore", tmp_path / "absente.tar.gz", yes=True)
    (tmp_path / "texte.tar.gz").write_text("pas une archive")
    with pytest.raises(CommandError, match="n'est pas une archive"):
        run("restore", tmp_path / "texte.tar.gz", yes=True)
