"""Where the index lives: SQLite FTS5 or a PostgreSQL tsvector, chosen by the database.

Both receive terms already analysed by ``search.analysis``, so they match the same
documents; they differ only in how the match and its score are computed.
"""

from django.db import connection

from .base import Backend


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .sqlite import SQLiteBackend

    return SQLiteBackend()
