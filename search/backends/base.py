"""What an index backend provides to the engine."""

from __future__ import annotations

from dataclasses import dataclass

from search.analysis import Query


@dataclass
class IndexedTexts:
    """The analysed terms of one document, by field (space-separated)."""

    id: int
    title: str
    summary: str
    body: str


class Backend:
    """Stores analysed texts and turns a query into ``(id, score)`` rows."""

    #: The share of the best score an answer needs to be brought up front when the kinds
    #: are interleaved (search.query): each scoring function spreads scores its own way, so
    #: each backend's share was set on the relevance set (bench/relevance.py).
    interleave_share = 0.85

    def create(self, schema_editor) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def drop(self, schema_editor) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def write(self, cursor, rows: list[IndexedTexts]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def delete(self, cursor, ids: list[int]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def clear(self, cursor) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def hits_sql(self, query: Query) -> tuple[str, list]:  # pragma: no cover - abstract
        """A SELECT of ``id`` and ``score`` (lower is better) of the matching documents."""
        raise NotImplementedError
