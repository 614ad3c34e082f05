"""Indexing test documents through the engine's own writer, on whichever database runs."""

from __future__ import annotations

import datetime

from django.utils import timezone

from search import index
from search.models import Document
from search.registry import DocumentData

TEST_TYPE = "essai"


def index_documents(*documents: DocumentData) -> dict[str, int]:
    """Index these documents (type « essai »); returns each title's document id."""
    start = Document.objects.filter(type=TEST_TYPE).count() + 1
    items = list(enumerate(documents, start=start))
    index._write(TEST_TYPE, items)
    return dict(
        Document.objects.filter(type=TEST_TYPE, object_id__in=[n for n, _d in items]).values_list(
            "title", "pk"
        )
    )


def doc(
    title: str, body: str = "", *, summary: str = "", facets=(), audience=None, days_ago: int = 0, **extra
):
    """A document of kind « apprentissage », dated ``days_ago`` days before now."""
    return DocumentData(
        kind=extra.pop("kind", "apprentissage"),
        title=title,
        url=extra.pop("url", "/essai/"),
        summary=summary,
        body=body,
        date=timezone.now() - datetime.timedelta(days=days_ago),
        audience=audience,
        facets=list(facets),
        **extra,
    )


def grow_library(network, count: int, *, word: str = "Atelier") -> list[int]:
    """``count`` more published library items, tagged and credited, indexed at once."""
    from library.bulk import NewItem, create_items
    from library.models import LibraryIndexPage
    from search.index import update
    from taxonomy.models import Theme

    french = LibraryIndexPage.objects.get(locale__language_code="fr")
    kinds = ["apprentissage", "outil", "publication", "dossier", "actualite"]
    themes = list(Theme.objects.values_list("pk", flat=True)[:4])
    ids = create_items(
        french,
        [
            NewItem(
                kind=kinds[i % len(kinds)],
                title=f"{word} de lecture numéro {i}",
                summary=f"{word}s de lecture avec les familles du quartier, édition {i}.",
                published_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
                featured=i % 10 == 0,
                tags={
                    "themes": themes[: 1 + i % len(themes)],
                    "regions": [network.regions["01" if i % 2 else "06"].pk],
                    "organisations": [network.cpe.pk, network.clsc.pk][: 1 + i % 2],
                },
            )
            for i in range(count)
        ],
    )
    update("library", ids)
    return ids
