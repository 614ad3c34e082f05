"""The library import: good files create published, indexed items; bad ones write nothing."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents import get_document_model
from wagtail.models import Page

from library.models import LibraryItem, PublicationPage, ToolPage
from library.tests.sample_files import PDF, docx, png, xlsx
from search.models import Document as SearchDocument
from search.query import search
from taxonomy.models import Theme

Document = get_document_model()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def write_jsonl(folder: Path, lines: list[dict | str], name: str = "import.jsonl") -> Path:
    path = folder / name
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines)
        + "\n",
        encoding="utf-8",
    )
    return path


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_library", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> tuple[int, ...]:
    return (
        Page.objects.count(),
        LibraryItem.objects.count(),
        Theme.objects.count(),
        Document.objects.count(),
        SearchDocument.objects.count(),
    )


def write_sample_file(path: Path, count: int, organisations: list[str] = (), seed: int = 1) -> Path:
    """``count`` plausible items of every kind, in French and English (the 15,000-item
    measurement in the report used this with the demo organisations)."""
    rng = random.Random(seed)
    themes = ["Éveil à la lecture et à l'écriture", "langage", "Saines habitudes de vie", "parentalite"]
    regions = ["01", "Montréal", "capitale nationale", "16", "Gaspésie–Îles-de-la-Madeleine"]
    words = (
        "atelier parents enfants lecture bibliothèque éducatrice halte-garderie jeu moteur langage "
        "tout-petits famille quartier concertation transition école maternelle cuisine collective"
    ).split()
    kinds = ["apprentissage", "outil", "publication", "dossier", "actualite"]
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            text = " ".join(rng.choice(words) for _ in range(120))
            item = {
                "kind": kinds[number % len(kinds)],
                "title": f"{rng.choice(words).capitalize()} et {rng.choice(words)} no {number}",
                "summary": text[:300],
                "body": f"## Contexte\n\n{text}\n\n- {rng.choice(words)}\n- {rng.choice(words)}\n",
                "themes": rng.sample(themes, 2),
                "regions": rng.sample(regions, 1),
                "systems": ["famille"],
                "age_periods": ["2-3", "3–4 ans"],
                "published_at": f"20{rng.randint(15, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "language": "en" if number % 10 == 0 else "fr",
            }
            if organisations:
                item["organisations"] = [rng.choice(organisations)]
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


# A good file -----------------------------------------------------------------------------------


@pytest.fixture
def good_file(tmp_path, network):
    files = tmp_path / "fichiers"
    files.mkdir()
    (files / "guide.pdf").write_bytes(PDF)
    (files / "gabarit.docx").write_bytes(docx())
    (files / "tableau.xlsx").write_bytes(xlsx())
    (files / "affiche.png").write_bytes(png())
    return write_jsonl(
        tmp_path,
        [
            {
                "kind": "apprentissage",
                "title": "Des ateliers de cuisine collective avec les pères",
                "summary": "Huit ateliers du samedi pour les pères et leurs tout-petits.",
                "body": "# Contexte\n\nLes pères venaient *peu* aux activités.\n\n"
                "- Samedi matin\n- Halte-garderie",
                "systems": ["Famille", "enfant"],
                "protection_factors": ["pratiques parentales", "sante-physique"],
                "themes": ["Engagement des peres", "Littératie numérique"],
                "age_periods": ["2-3", "3–4 ans"],
                "populations": ["peres", "Familles en contexte de defavorisation"],
                "action_types": ["Soutien aux parents et réseautage"],
                "regions": ["06", "bas-saint-laurent", "GASPESIE ILES DE LA MADELEINE"],
                "organisations": ["maison de la famille de l'eveil", "CPE Les Petits Pas"],
                "published_at": "2024-05-31",
            },
            "",
            {
                "kind": "outil",
                "title": "Gabarit de planification des ateliers",
                "summary": "Un gabarit Word et un tableau Excel pour planifier l'année.",
                "body": "<p>Le gabarit se remplit en <strong>équipe</strong>.</p>",
                "themes": ["littératie NUMÉRIQUE"],
                "files": ["fichiers/gabarit.docx", "fichiers/tableau.xlsx", "fichiers/affiche.png"],
            },
            {
                "kind": "publication",
                "title": "Rapport d'évaluation des ateliers",
                "summary": "Ce que les familles ont retenu, un an plus tard.",
                "body": "",
                "files": ["fichiers/guide.pdf"],
                "regions": [1],
            },
            {"kind": "dossier", "title": "La place des pères", "summary": "Une série en trois parties."},
            {
                "kind": "Actualité",
                "title": "Nouvelle cohorte de formation",
                "summary": "La formation commence en janvier.",
                "published_at": "2026-01-05T10:00:00",
                "body": None,
            },
            {
                "kind": "apprentissage",
                "title": "Cooking workshops with fathers",
                "summary": "Eight Saturday workshops for fathers and their toddlers.",
                "body": "Fathers rarely came.",
                "language": "en",
                "themes": ["Littératie numérique"],
            },
        ],
    )


def test_good_file_creates_published_items_of_every_kind(good_file, media, network):
    before = counts()
    out, _err = run(good_file)
    assert "6 éléments importés et publiés (5 en français, 1 en anglais)." in out
    assert "1 thème créé : Littératie numérique." in out
    assert "4 fichiers joints." in out
    items = {item.title: item for item in LibraryItem.objects.all()}
    assert len(items) == before[1] + 6
    assert {items[t].kind for t in items} == {"apprentissage", "outil", "publication", "dossier", "actualite"}
    assert all(item.live for item in items.values())

    learning = items["Des ateliers de cuisine collective avec les pères"]
    assert learning.url_path.endswith("/des-ateliers-de-cuisine-collective-avec-les-peres/")
    assert learning.published_on.isoformat() == "2024-05-31"
    assert sorted(learning.systems.values_list("code", flat=True)) == ["enfant", "famille"]
    assert sorted(learning.protective_factors.values_list("code", flat=True)) == [
        "pratiques-parentales",
        "sante-physique",
    ]
    assert sorted(learning.age_periods.values_list("code", flat=True)) == ["2-3", "3-4"]
    assert sorted(learning.populations.values_list("code", flat=True)) == ["defavorisation", "peres"]
    assert list(learning.action_types.values_list("code", flat=True)) == ["soutien-parental"]
    assert sorted(learning.regions.values_list("code", flat=True)) == ["01", "06", "11"]
    assert set(learning.organisations.all()) == {network.maison, network.cpe}
    # Markdown becomes HTML; the page title stays the only h1.
    assert learning.body.startswith("<h2>Contexte</h2>")
    assert "<em>peu</em>" in learning.body and "<li>Samedi matin</li>" in learning.body

    # The unknown theme was created once, in both languages, and used by three items.
    theme = Theme.objects.get(label_fr="Littératie numérique")
    assert theme.label_en == "Littératie numérique" and theme.code == "litteratie-numerique"
    assert theme.library_items.count() == 3
    assert sorted(learning.themes.values_list("code", flat=True)) == [
        "engagement-peres",
        "litteratie-numerique",
    ]

    news = items["Nouvelle cohorte de formation"]
    assert news.kind == "actualite" and news.published_on.isoformat() == "2026-01-05" and news.body == ""

    english = items["Cooking workshops with fathers"]
    assert english.locale.language_code == "en"
    assert english.get_parent().specific.__class__.__name__ == "LibraryIndexPage"
    assert english.get_parent().locale.language_code == "en"
    assert english.body == "<p>Fathers rarely came.</p>"


def test_files_are_attached_and_served(client, good_file, media):
    run(good_file)
    tool = ToolPage.objects.get(title="Gabarit de planification des ateliers")
    attached = [link.document for link in tool.documents.order_by("sort_order")]
    assert [doc.title for doc in attached] == ["gabarit", "tableau", "affiche"]
    publication = PublicationPage.objects.get(title="Rapport d'évaluation des ateliers")
    assert publication.document.title == "guide"
    assert list(publication.regions.values_list("code", flat=True)) == ["01"]

    response = client.get(publication.document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    response = client.get(attached[0].url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert response["Content-Disposition"].startswith("attachment")
    assert attached[0].file_size == len(docx())

    page = client.get(tool.url)
    assert page.status_code == 200


def test_imported_items_are_found_by_search(good_file, media):
    run(good_file)
    results = search("gabarit", filters={"theme": ["litteratie-numerique"]})
    assert [hit.document.title for hit in results.hits] == ["Gabarit de planification des ateliers"]
    results = search("cuisine peres", filters={"region": ["11"]})
    assert [hit.document.title for hit in results.hits] == [
        "Des ateliers de cuisine collective avec les pères"
    ]


def test_script_in_html_body_is_removed(tmp_path, media, network):
    path = write_jsonl(
        tmp_path,
        [
            {
                "kind": "actualite",
                "title": "Un texte collé",
                "summary": "Avec un script.",
                "body": '<p onclick="alert(1)">Bonjour <script>alert("x")</script>'
                '<a href="javascript:alert(2)">lien</a></p><style>p{}</style>',
            },
            {
                "kind": "actualite",
                "title": "Du Markdown avec du HTML",
                "summary": "Avec un script aussi.",
                "body": "Bonjour <script>alert('y')</script> **tout le monde**",
            },
        ],
    )
    run(path)
    html_body = LibraryItem.objects.get(title="Un texte collé").body
    assert "script" not in html_body and "alert" not in html_body and "onclick" not in html_body
    assert "javascript" not in html_body and "style" not in html_body
    assert html_body.startswith("<p>Bonjour")
    markdown_body = LibraryItem.objects.get(title="Du Markdown avec du HTML").body
    assert "script" not in markdown_body and "alert" not in markdown_body
    assert "<strong>tout le monde</strong>" in markdown_body


def test_dry_run_checks_without_writing(good_file, media):
    before = counts()
    out, _err = run(good_file, "--dry-run")
    assert "Vérification réussie : rien n'a été enregistré (--dry-run)." in out
    assert "6 éléments seraient importés et publiés (5 en français, 1 en anglais)." in out
    assert "1 thème serait créé : Littératie numérique." in out
    assert counts() == before


def test_sample_file_generator_gives_a_valid_file(tmp_path, media, network):
    path = write_sample_file(tmp_path / "echantillon.jsonl", 30, organisations=["CLSC de Rimouski"])
    out, _err = run(path)
    assert "30 éléments importés et publiés (27 en français, 3 en anglais)." in out
    assert SearchDocument.objects.filter(type="library").count() == 30


# Bad files ------------------------------------------------------------------------------------

GOOD_LINE = {
    "kind": "apprentissage",
    "title": "Une ligne correcte",
    "summary": "Elle serait importée si le fichier était bon.",
    "themes": ["Un thème nouveau"],
    "files": [],
}


def refused(path: Path) -> str:
    """Run the import, which must fail; return what it wrote on the error output."""
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_library", str(path), stdout=io.StringIO(), stderr=err)
    assert "rien n'a été enregistré" in str(failure.value)
    return err.getvalue()


BAD_LINES = {
    "malformed_json": (
        '{"kind": "outil", "title": "Sans fin", ',
        "Ligne 3 : JSON invalide à la colonne 40 : vérifiez les guillemets, les virgules et les accolades.",
    ),
    "not_an_object": ('["outil"]', "Ligne 3 : chaque ligne doit être un objet JSON, entre accolades { }."),
    "unknown_region": (
        {**GOOD_LINE, "regions": ["06", "Gaspésie-Nord"]},
        "Ligne 3, champ « regions » : région inconnue « Gaspésie-Nord ».",
    ),
    "unknown_organisation": (
        {**GOOD_LINE, "organisations": ["CPE Les Petits Pas", "CPE Les Grands Pas"]},
        "Ligne 3, champ « organisations » : organisation inconnue « CPE Les Grands Pas ».",
    ),
    "unknown_system": (
        {**GOOD_LINE, "systems": ["école"]},
        "Ligne 3, champ « systems » : système inconnu « école ».",
    ),
    "missing_title": (
        {key: value for key, value in GOOD_LINE.items() if key != "title"},
        "Ligne 3, champ « title » : ce champ est obligatoire.",
    ),
    "blank_summary": (
        {**GOOD_LINE, "summary": "  "},
        "Ligne 3, champ « summary » : ce champ est obligatoire.",
    ),
    "bad_kind": (
        {**GOOD_LINE, "kind": "article"},
        "Ligne 3, champ « kind » : type inconnu « article » ; les types sont apprentissage, outil, "
        "publication, dossier, actualite.",
    ),
    "bad_date": (
        {**GOOD_LINE, "published_at": "31/05/2024"},
        "Ligne 3, champ « published_at » : date invalide « 31/05/2024 » ; écrivez-la AAAA-MM-JJ, "
        "par exemple 2024-05-31.",
    ),
    "bad_language": (
        {**GOOD_LINE, "language": "es"},
        "Ligne 3, champ « language » : langue inconnue « es » ; les langues sont fr et en.",
    ),
    "misspelt_field": ({**GOOD_LINE, "theme": ["Langage"]}, "Ligne 3, champ « theme » : champ inconnu"),
    "not_a_list": (
        {**GOOD_LINE, "regions": "06"},
        'Ligne 3, champ « regions » : ce champ doit être une liste entre crochets, par exemple ["Famille"].',
    ),
    "too_long_title": (
        {**GOOD_LINE, "title": "x" * 256},
        "Ligne 3, champ « title » : le texte compte 256 caractères ; le maximum est de 255.",
    ),
    "missing_file": (
        {**GOOD_LINE, "kind": "outil", "files": ["fichiers/absent.pdf"]},
        "Ligne 3, champ « files » : fichier introuvable « fichiers/absent.pdf » (chemin relatif au "
        "fichier importé).",
    ),
    "html_named_pdf": (
        {**GOOD_LINE, "kind": "outil", "files": ["fichiers/faux.pdf"]},
        "Ligne 3, champ « files » : « faux.pdf » n'est pas d'un type accepté : PDF, Word (DOCX), "
        "Excel (XLSX), image PNG ou JPEG.",
    ),
    "file_on_a_learning": (
        {**GOOD_LINE, "files": ["fichiers/bon.pdf"]},
        "Ligne 3, champ « files » : seuls les outils et les publications ont des fichiers joints.",
    ),
    "two_files_on_a_publication": (
        {**GOOD_LINE, "kind": "publication", "files": ["fichiers/bon.pdf", "fichiers/bon.pdf"]},
        "Ligne 3, champ « files » : une publication a un seul document : donnez un seul fichier.",
    ),
}


@pytest.mark.parametrize("case", BAD_LINES)
def test_bad_line_is_reported_and_nothing_is_written(case, tmp_path, media, network):
    line, message = BAD_LINES[case]
    files = tmp_path / "fichiers"
    files.mkdir()
    (files / "bon.pdf").write_bytes(PDF)
    (files / "faux.pdf").write_text("<!DOCTYPE html><html><script>alert(1)</script></html>")
    path = write_jsonl(
        tmp_path,
        [{**GOOD_LINE, "kind": "outil", "files": ["fichiers/bon.pdf"]}, GOOD_LINE, line, GOOD_LINE],
    )
    before = counts()
    errors = refused(path)
    assert message in errors
    assert counts() == before
    assert not Theme.objects.filter(label_fr="Un thème nouveau").exists()
    assert not (Path(media) / "documents").exists() or not any((Path(media) / "documents").iterdir())


def test_every_problem_is_reported_by_line(tmp_path, media, network):
    path = write_jsonl(
        tmp_path,
        [
            {**GOOD_LINE, "regions": ["Gaspésie-Nord"]},
            "{pas du json}",
            GOOD_LINE,
            {"kind": "article", "summary": 3},
        ],
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="5 erreurs : rien n'a été enregistré."):
        call_command("import_library", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "Ligne 1, champ « regions » : région inconnue « Gaspésie-Nord ».",
        "Ligne 2 : JSON invalide à la colonne 2 : vérifiez les guillemets, les virgules et les accolades.",
        "Ligne 4, champ « kind » : type inconnu « article » ; les types sont apprentissage, outil, "
        "publication, dossier, actualite.",
        "Ligne 4, champ « title » : ce champ est obligatoire.",
        "Ligne 4, champ « summary » : ce champ doit être un texte entre guillemets.",
    ]


def test_file_that_is_not_utf8_or_empty_or_missing(tmp_path, media, network):
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(json.dumps(GOOD_LINE, ensure_ascii=False).encode("cp1252") + b"\n")
    assert "Ligne 1 : le texte n'est pas encodé en UTF-8." in refused(latin)
    empty = write_jsonl(tmp_path, ["", "  "], name="vide.jsonl")
    assert "Le fichier ne contient aucun élément à importer." in refused(empty)
    assert "Le fichier « " in refused(tmp_path / "absent.jsonl")


def test_a_failure_while_writing_leaves_no_page_and_no_file(good_file, media, monkeypatch):
    from library import imports

    def broken(type, ids):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(imports.search_index, "update", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        run(good_file)
    assert counts() == before
    assert not any((Path(media) / "documents").iterdir())
