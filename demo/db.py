"""Writing and deleting demo rows in bulk, and the settings switched off meanwhile.

The demo writes and deletes hundreds of thousands of rows. Django's collector
(`QuerySet.delete()`) would load every one of them to send its signals, since some
listeners (Wagtail's reference index, the history) listen to every model; so the demo
deletes with plain SQL statements through `connection.cursor()`, table by table and
dependents first. Foreign keys are deferred to the end of the transaction on SQLite and
PostgreSQL alike, so a statement never fails on a row that a later one removes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db import connection, models

#: Values per `IN (…)`: well under SQLite's and PostgreSQL's limits on parameters.
CHUNK = 500
_UNSET = object()


@contextlib.contextmanager
def setting(name: str, value: Any) -> Iterator[None]:
    """Give a setting another value while the block runs, for code that reads it each time."""
    previous = getattr(settings, name, _UNSET)
    setattr(settings, name, value)
    try:
        yield
    finally:
        if previous is _UNSET:
            delattr(settings, name)
        else:
            setattr(settings, name, previous)


def no_query_log() -> contextlib.AbstractContextManager[None]:
    """No query log while writing in bulk: under DEBUG, Django keeps and quotes every query,
    which more than doubles the cost of the demo's thousands of statements."""
    return setting("DEBUG", False)


def no_history() -> contextlib.AbstractContextManager[None]:
    """No django-simple-history rows for demo writes and deletions: they would only fill
    the history tables."""
    return setting("SIMPLE_HISTORY_ENABLED", False)


def _column(model: type[models.Model], name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _execute(sql: str, params: Sequence[Any] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def delete_all(*model_classes: type[models.Model]) -> None:
    """Empty these tables, in the order given (dependents first)."""
    for model in model_classes:
        _execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608 - names from the models  # nosec B608


def delete_where_set(model: type[models.Model], field: str) -> None:
    """Delete the rows whose `field` (a foreign key, say) is not null."""
    table = connection.ops.quote_name(model._meta.db_table)
    _execute(f"DELETE FROM {table} WHERE {_column(model, field)} IS NOT NULL")  # noqa: S608 - names from the models  # nosec B608


def delete_in(model: type[models.Model], field: str, values: Sequence[Any], **equal: Any) -> None:
    """Delete the rows whose `field` is one of `values` (and whose other fields equal `equal`).

    `values` go by chunks of `CHUNK`; a list in `equal` means « one of these ».
    """
    table = connection.ops.quote_name(model._meta.db_table)
    conditions, fixed = [], []
    for name, value in equal.items():
        if isinstance(value, list | tuple):
            conditions.append(f"{_column(model, name)} IN ({', '.join(['%s'] * len(value))})")
            fixed.extend(value)
        else:
            conditions.append(f"{_column(model, name)} = %s")
            fixed.append(value)
    column = _column(model, field)
    for start in range(0, len(values), CHUNK):
        chunk = list(values[start : start + CHUNK])
        where = " AND ".join([*conditions, f"{column} IN ({', '.join(['%s'] * len(chunk))})"])
        _execute(f"DELETE FROM {table} WHERE {where}", [*fixed, *chunk])  # noqa: S608 - names from the models  # nosec B608


def insert_rows(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """INSERT rows whose ids nobody needs back, with one prepared statement.

    `bulk_create` compiles a multi-row INSERT per batch, which costs more than the
    database's own work for these narrow tables.
    """
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the models  # nosec B608
    rows = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def link(through: type[models.Model], left: str, right: str, pairs: list[tuple]) -> None:
    """Insert many-to-many rows directly: a model instance for each would be most of the time."""
    if not pairs:
        return
    quote = connection.ops.quote_name
    table = quote(through._meta.db_table)
    columns = ", ".join(quote(through._meta.get_field(name).column) for name in (left, right))
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s)"  # noqa: S608 - names from the models  # nosec B608
    rows = [(a.pk, b if isinstance(b, int) else b.pk) for a, b in pairs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
