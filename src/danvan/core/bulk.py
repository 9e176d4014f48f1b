"""Set-based writes for imports, the demo and benchmarks — the fast path beside the ORM.

Rows are written with ``executemany`` on the model's own table and columns, ids are allocated
up front (so dependent rows can point at them), and ``bulk_written`` is sent inside the same
transaction so derived data (the fact ledger) is rewritten with the records.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from typing import Any

from django.db import connection, models
from django.dispatch import Signal

# Sent inside the writing transaction after rows of ``sender`` were inserted or updated:
# ``first_id``/``last_id`` bound the new ids (None when none), ``updated_ids`` lists changed rows.
bulk_written = Signal()

# Listeners that prefer one pass per batch of related writes (the fact ledger) register a
# context manager factory here; writers wrap the signals of one chunk in ``batch()``.
_batch_factories: list[Callable[[], AbstractContextManager[Any]]] = []


def register_batch(factory: Callable[[], AbstractContextManager[Any]]) -> None:
    if factory not in _batch_factories:
        _batch_factories.append(factory)


@contextmanager
def batch() -> Iterator[None]:
    """Group the ``bulk_written`` signals of related models written together (one chunk)."""
    with ExitStack() as stack:
        for factory in _batch_factories:
            stack.enter_context(factory())
        yield


def column_names(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in fields]


def lock_for_insert(model: type[models.Model]) -> None:
    """Serialize id allocation between concurrent writers (SQLite's write lock already does)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{model._meta.db_table}" IN SHARE ROW EXCLUSIVE MODE')


def allocate_ids(model: type[models.Model], count: int) -> int:
    """Reserve ``count`` ids; returns the first. Call inside a transaction, after ``lock_for_insert``."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 — table name from model meta
        first = int(cursor.fetchone()[0]) + 1
    return first


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """INSERT rows (tuples in ``fields`` order): COPY on PostgreSQL, one prepared statement on SQLite."""
    table = model._meta.db_table
    columns = ", ".join(f'"{c}"' for c in column_names(model, fields))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(rows))  # noqa: S608


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """UPDATE rows given as tuples of ``fields`` values followed by the id."""
    table = model._meta.db_table
    assignments = ", ".join(f'"{c}" = %s' for c in column_names(model, fields))
    with connection.cursor() as cursor:
        cursor.executemany(f'UPDATE "{table}" SET {assignments} WHERE id = %s', list(rows))  # noqa: S608


def sync_sequence(model: type[models.Model]) -> None:
    """After explicit ids, move PostgreSQL's id sequence past them (SQLite needs nothing)."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
            f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
        )
