"""SQLite FTS5: a full-text table of analysed terms, ranked by bm25."""

from __future__ import annotations

from search.analysis import Query

from .base import Backend, IndexedTexts

# Field weights for bm25: a word in the title counts three times one in the body.
WEIGHTS = (3.0, 2.0, 1.0)


def _quote(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


def match_expression(query: Query) -> str:
    """FTS5 syntax: groups joined by AND, alternatives by OR, phrases quoted."""
    parts = []
    for group in query.groups:
        alternatives = []
        for alt in group.alternatives:
            if alt.prefix:
                alternatives.append(_quote(alt.prefix) + "*")
            else:
                alternatives.append(_quote(" ".join(alt.terms)))
        parts.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts)


class SQLiteBackend(Backend):
    table = "search_fts"
    interleave_share = 0.85

    def create(self, schema_editor) -> None:
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5("
            "title, summary, body, tokenize = 'unicode61 remove_diacritics 0')"
        )

    def drop(self, schema_editor) -> None:
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def write(self, cursor, rows: list[IndexedTexts]) -> None:
        self.delete(cursor, [row.id for row in rows])
        cursor.executemany(
            f"INSERT INTO {self.table} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",  # noqa: S608 - table names and placeholders only  # nosec B608
            [(row.id, row.title, row.summary, row.body) for row in rows],
        )

    def delete(self, cursor, ids: list[int]) -> None:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {self.table} WHERE rowid IN ({marks})", chunk)  # noqa: S608 - table names and placeholders only  # nosec B608

    def clear(self, cursor) -> None:
        cursor.execute(f"DELETE FROM {self.table}")  # noqa: S608 - table names and placeholders only  # nosec B608

    def hits_sql(self, query: Query) -> tuple[str, list]:
        weights = ", ".join(str(w) for w in WEIGHTS)
        # « rowid + 0 »: a filter on the hits' ids (facets, reserved documents) must not
        # reach the virtual table, which would run the whole MATCH once per listed id
        # (seconds instead of milliseconds when thousands of documents match).
        return (
            f"SELECT rowid + 0 AS id, bm25({self.table}, {weights}) AS score "  # noqa: S608 - table names and placeholders only  # nosec B608
            f"FROM {self.table} WHERE {self.table} MATCH %s",
            [match_expression(query)],
        )
