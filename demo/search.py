"""The last demo generator: the search index, rebuilt from what the others wrote.

The demo generators write with `bulk_create`, which skips the actions that re-index on
commit; so `seed_demo` ends with this generator (last in `seed_demo`'s list), which indexes
every registered source again, with a progress bar. It knows no domain model: the apps
tell the engine what to index through `search.registry`.
"""

from __future__ import annotations

from typing import Protocol

from django.db import connection

from demo.db import delete_all, delete_where_set, no_query_log
from search import index, vocabulary
from search.backends import get_backend
from search.models import Document, DocumentFacet, FacetValue, FacetVector, SuggestionKey


class Progress(Protocol):
    """How `seed_demo` shows progress (see `demo.partners.Progress`)."""

    def start(self, label: str, total: int, unit: str = " lignes") -> None: ...

    def advance(self, phase: str, steps: int) -> None: ...


def generate(scale: float, seed: int, progress: Progress) -> dict[str, int]:
    """Index every searchable object again (call inside a transaction, after the other generators)."""
    label = "Index de recherche"
    # Under DEBUG, Django would keep and quote every statement of the rebuild: twice the work.
    with no_query_log():
        progress.start(label, index.count(), unit=" documents")
        total = index.rebuild(progress=lambda done: progress.advance(label, done))
    return {"documents indexés": total}


def flush() -> None:
    """Empty the index: the objects it describes are about to be deleted."""
    with connection.cursor() as cursor:
        get_backend().clear(cursor)
        vocabulary.clear(cursor)
    # The documents' suggestions go with them; the themes' and factors' stay.
    delete_where_set(SuggestionKey, "document")
    delete_all(DocumentFacet, FacetVector, FacetValue, Document)
