"""The library import from the browser (/bibliotheque/importer/): knowledge editors send a
JSONL file, or a ZIP of one with its attached files; a job imports it with the command's
rules (all or nothing, problems by line and field) and its page shows the outcome."""

import io
import json
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Job, JobStatus
from core.tests.jobs import run_jobs
from library.models import LibraryItem, ToolDocument
from library.tests.sample_files import PDF
from library.tests.test_import import GOOD_LINE, counts

pytestmark = pytest.mark.django_db

URL = "/bibliotheque/importer/"
TOOL = {
    "kind": "outil",
    "title": "Trousse d'éveil au langage",
    "summary": "Des cartes et un guide pour les ateliers.",
    "body": "## Comment s'en servir\n\nUne carte par semaine.",
    "themes": ["Un thème nouveau"],
    "files": ["fichiers/guide.pdf"],
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jsonl(*lines) -> bytes:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()


def archive(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in files.items():
            package.writestr(name, content)
    return buffer.getvalue()


def send(client, content, name, **data):
    response = client.post(URL, {"file": SimpleUploadedFile(name, content), **data})
    assert response.status_code == 302, response.content.decode()[:500]
    run_jobs()
    return unescape(client.get(response["Location"]).content.decode())


def test_an_editor_imports_a_zip_with_its_files(client, library, network):
    client.force_login(network.editor)
    assert client.get(URL).status_code == 200

    page = send(
        client, archive({"export/items.jsonl": jsonl(TOOL), "export/fichiers/guide.pdf": PDF}), "a.zip"
    )

    assert "Tâche terminée" in page
    assert "1 élément importé et publié (1 en français, 0 en anglais)." in page
    assert "1 fichier joint." in page
    item = LibraryItem.objects.get(title=TOOL["title"])
    assert item.live
    assert ToolDocument.objects.filter(page_id=item.pk).count() == 1
    job = Job.objects.get()
    assert (job.kind, job.status, job.user) == ("library.import", JobStatus.SUCCEEDED, network.editor)


def test_a_plain_jsonl_file_and_a_dry_run(client, library, network):
    client.force_login(network.editor)
    before = counts()

    page = send(client, jsonl(GOOD_LINE), "items.jsonl", dry_run="on")

    assert "Vérification réussie : rien n'a été enregistré" in page
    assert "1 élément serait importé et publié" in page
    assert counts() == before


def test_a_bad_line_is_reported_and_nothing_is_written(client, library, network):
    client.force_login(network.editor)
    before = counts()

    page = send(client, jsonl(GOOD_LINE, {**GOOD_LINE, "kind": "roman"}), "items.jsonl")

    assert "Une erreur : rien n'a été enregistré" in page
    assert "Ligne 2, champ « kind »" in page
    assert counts() == before
    assert Job.objects.get().status == JobStatus.FAILED


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"items.jsonl": jsonl(GOOD_LINE), "../evasion.pdf": PDF}, "L'archive contient un chemin refusé"),
        (
            {"a.jsonl": jsonl(GOOD_LINE), "b.jsonl": jsonl(GOOD_LINE)},
            "un seul fichier .jsonl ; elle en contient 2",
        ),
        (
            {"items.jsonl": jsonl({**TOOL, "files": ["../../../../etc/hostname"]})},
            "sort du dossier de l'archive",
        ),
    ],
)
def test_files_outside_the_archive_are_refused(client, library, network, files, message):
    client.force_login(network.editor)
    before = counts()

    page = send(client, archive(files), "envoi.zip")

    assert message in page
    assert counts() == before


def test_only_knowledge_editors_import(client, library, network):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/comptes/login/")

    client.force_login(network.coordinator)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"file": SimpleUploadedFile("items.jsonl", jsonl(GOOD_LINE))})
    assert response.status_code == 403
    assert not Job.objects.exists()

    client.force_login(network.admin)
    assert client.get(URL).status_code == 200
