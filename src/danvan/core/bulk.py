"""Set-based writes for imports, the demo and benchmarks — the one fast path beside the ORM.

Every bulk writer goes through :class:`BulkWriter` (or its one-shot forms :func:`write` and
:func:`upsert`), which does, for one model inside the caller's transaction:

1. **lock** the table (PostgreSQL; SQLite's write lock already serializes writers),
2. **allocate ids** up front (``MAX(id) + 1`` under the lock), so dependent rows can point at
   rows not yet written,
3. **insert** the new rows (``COPY`` on PostgreSQL, one prepared ``executemany`` on SQLite),
4. **update** the changed rows (``executemany`` of one ``UPDATE … WHERE id = %s``),
5. **sync** PostgreSQL's id sequence past the allocated ids (so a later ORM insert cannot collide),
6. **notify**: send ``bulk_written`` once per flush — the new id range and the updated ids — so
   derived data (the fact ledger) is rewritten in the same transaction. Writers wrap the flushes of
   one chunk in :func:`batch`, and the ledger then rewrites each affected source once per chunk.

Nothing here fires a per-row signal: a flush of 5,000 rows is one INSERT, one UPDATE batch and one
notification.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from typing import Any

from django.db import connection, models
from django.dispatch import Signal
from django.utils import timezone

# Sent inside the writing transaction after rows of ``sender`` were inserted or updated:
# ``first_id``/``last_id`` bound the new ids (None when none), ``updated_ids`` lists changed rows.
bulk_written = Signal()

# Listeners that prefer one pass per batch of related writes (the fact ledger) register a
# context manager factory here; writers wrap the signals of one chunk in ``batch()``.
_batch_factories: list[Callable[[], AbstractContextManager[Any]]] = []

# Ids looked up per ``IN (…)`` query (below SQLite's default limit of host parameters).
LOOKUP_CHUNK = 900


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


def now() -> Any:
    """The current time, adapted once for the database (SQLite would format it for every row)."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


def column_names(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in fields]


# ---------------------------------------------------------------- building blocks (private)


def _lock(model: type[models.Model]) -> None:
    """Serialize id allocation between concurrent writers (SQLite's write lock already does)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{model._meta.db_table}" IN SHARE ROW EXCLUSIVE MODE')


def _max_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')  # noqa: S608 — from model meta
        return int(cursor.fetchone()[0])


def _insert(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT rows (in ``fields`` order): COPY on PostgreSQL, one prepared statement on SQLite."""
    table = model._meta.db_table
    columns = ", ".join(f'"{c}"' for c in column_names(model, fields))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', rows)  # noqa: S608


def _update(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """UPDATE rows given as tuples of ``fields`` values followed by the id."""
    table = model._meta.db_table
    columns = column_names(model, fields)
    assignments = ", ".join(f'"{c}" = %s' for c in columns)
    if any(f.name == "version" for f in model._meta.concrete_fields) and "version" not in fields:
        # A row whose values really change gets a new version (an edit open on the old one then
        # conflicts); re-importing identical values leaves it alone. SET reads the old values.
        differs = " IS NOT " if connection.vendor == "sqlite" else " IS DISTINCT FROM "
        compared = [i for i, name in enumerate(fields) if not getattr(model._meta.get_field(name), "auto_now", False)]
        if compared:
            changed = " OR ".join(f'"{columns[i]}"{differs}%s' for i in compared)
            assignments += f', "version" = "version" + (CASE WHEN {changed} THEN 1 ELSE 0 END)'
            width = len(columns)
            rows = [(*row[:width], *(row[i] for i in compared), row[width]) for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(f'UPDATE "{table}" SET {assignments} WHERE id = %s', rows)  # noqa: S608


def _sync_sequence(model: type[models.Model], last_allocated: int) -> None:
    """Move PostgreSQL's id sequence past explicit ids (SQLite needs nothing)."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
            f'GREATEST(%s, COALESCE((SELECT MAX(id) FROM "{table}"), 0), 1))', [last_allocated]
        )


# ---------------------------------------------------------------- the writer


class BulkWriter:
    """Set-based writes of one model's rows inside the caller's transaction.

    ``fields`` are the columns of a new row (the id is added by the writer); ``update_fields``
    those of a changed row (default: ``fields``)::

        with transaction.atomic(), bulk.batch():
            people = BulkWriter(Person, ("code", "full_name", …))
            person_id = people.add(("P1", "Nguyễn Thị Hoa", …))   # the id is known at once
            people.change(17, ("P2", "Lê Văn Tám", …))
            people.flush()   # INSERT, UPDATE, sequence, one bulk_written

    One writer per model at a time: the table is locked and ids are counted from ``MAX(id)`` when
    the writer is made. ``flush`` may be called once per chunk; ids keep counting.
    """

    def __init__(self, model: type[models.Model], fields: Sequence[str],
                 update_fields: Sequence[str] | None = None) -> None:
        self.model = model
        self.fields = tuple(fields)
        self.update_fields = self.fields if update_fields is None else tuple(update_fields)
        _lock(model)
        self.first_id = self._next = _max_id(model) + 1
        self.new: list[Sequence[Any]] = []
        self.changed: list[Sequence[Any]] = []
        self.created = 0
        self.updated = 0
        # The range and ids written but not yet announced by ``notify``.
        self._pending_range: tuple[int, int] | None = None
        self._pending_updates: list[int] = []
        self.write_seconds = 0.0
        self.notify_seconds = 0.0

    # -- collecting
    def new_id(self) -> int:
        """Allocate one id for a row given later with :meth:`add_row` (its first value)."""
        value = self._next
        self._next += 1
        return value

    def add(self, values: Sequence[Any]) -> int:
        """Queue a new row (``fields`` order); returns its id."""
        pk = self.new_id()
        self.new.append((pk, *values))
        return pk

    def add_row(self, row: Sequence[Any]) -> None:
        """Queue a new row whose first value is an id from :meth:`new_id` (the row may be a list
        the caller still edits before the flush)."""
        self.new.append(row)

    def change(self, pk: int, values: Sequence[Any]) -> None:
        """Queue an update of row ``pk`` (``update_fields`` order)."""
        self.changed.append((*values, pk))

    @property
    def pending(self) -> int:
        return len(self.new) + len(self.changed)

    # -- writing
    def write(self) -> None:
        """INSERT and UPDATE the queued rows and sync the sequence; the notification waits for
        :meth:`notify` (so a caller can write several models first, then announce them together)."""
        if not self.new and not self.changed:
            return
        started = time.perf_counter()
        if self.new:
            _insert(self.model, ("id", *self.fields), self.new)
            ids = [row[0] for row in self.new]
            low, high = min(ids), max(ids)
            if self._pending_range is not None:
                low, high = min(low, self._pending_range[0]), max(high, self._pending_range[1])
            self._pending_range = (low, high)
            self.created += len(self.new)
            _sync_sequence(self.model, self._next - 1)
            self.new.clear()
        if self.changed:
            _update(self.model, self.update_fields, self.changed)
            self._pending_updates.extend(row[-1] for row in self.changed)
            self.updated += len(self.changed)
            self.changed.clear()
        self.write_seconds += time.perf_counter() - started

    def notify(self) -> None:
        """Send one ``bulk_written`` for everything written since the last notification."""
        if self._pending_range is None and not self._pending_updates:
            return
        started = time.perf_counter()
        first, last = self._pending_range if self._pending_range is not None else (None, None)
        updated, self._pending_range, self._pending_updates = self._pending_updates, None, []
        bulk_written.send(sender=self.model, first_id=first, last_id=last, updated_ids=updated)
        self.notify_seconds += time.perf_counter() - started

    def flush(self) -> None:
        """Write the queued rows and announce them (one ``bulk_written``)."""
        self.write()
        self.notify()


def write(model: type[models.Model], fields: Sequence[str], *,
          new_rows: Iterable[Sequence[Any]] = (),
          changed_rows: Iterable[tuple[int, Sequence[Any]]] = (),
          update_fields: Sequence[str] | None = None) -> list[int]:
    """Insert ``new_rows`` and update ``changed_rows`` (``(id, values)`` pairs) of ``model`` in one go:
    lock, ids, INSERT/COPY, UPDATE, sequence, one ``bulk_written``. Returns the new rows' ids."""
    writer = BulkWriter(model, fields, update_fields)
    ids = [writer.add(row) for row in new_rows]
    for pk, values in changed_rows:
        writer.change(pk, values)
    writer.flush()
    return ids


def existing(model: type[models.Model], key_fields: Sequence[str], keys: Iterable[Sequence[Any]],
             fields: Sequence[str] = ()) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The stored rows whose ``key_fields`` equal one of ``keys``: key → (id, *fields values).

    One query per ``LOOKUP_CHUNK`` keys that probes the key's index once per key: the keys are a
    ``VALUES`` list joined to the table (``(a, b) IN (VALUES …)`` made SQLite scan the whole table,
    quadratic over an import).
    """
    table = model._meta.db_table
    key_columns = column_names(model, key_fields)
    select = ", ".join(f't."{c}"' for c in ["id", *key_columns, *column_names(model, fields)])
    match = " AND ".join(f't."{c}" = v.column{i}' for i, c in enumerate(key_columns, start=1))
    width = len(key_columns)
    marks = "(" + ", ".join(["%s"] * width) + ")"
    wanted = list(dict.fromkeys(tuple(key) for key in keys))
    found: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    step = max(1, LOOKUP_CHUNK // width)
    with connection.cursor() as cursor:
        for start in range(0, len(wanted), step):
            part = wanted[start:start + step]
            cursor.execute(  # CROSS JOIN: SQLite loops over the keys and searches the index
                f'SELECT {select} FROM (VALUES {", ".join([marks] * len(part))}) v '  # noqa: S608 — names from model meta
                f'CROSS JOIN "{table}" t WHERE {match}', [value for key in part for value in key])
            for row in cursor.fetchall():
                found[tuple(row[1:1 + width])] = (row[0], *row[1 + width:])
    return found


def upsert(model: type[models.Model], key_fields: Sequence[str], value_fields: Sequence[str],
           rows: Iterable[Sequence[Any]], *, new_parents_from: int | None = None) -> tuple[int, int]:
    """Write child rows keyed by a unique constraint, set-based: UPDATE the rows whose key exists
    (and whose values differ), INSERT the others, then one ``bulk_written``.

    ``rows`` are tuples of ``key_fields`` then ``value_fields`` values. ``new_parents_from``: the
    first key is a parent's id, and parents from this id on were inserted by the caller (their
    writer's ``first_id``), so their rows are new without a lookup. Returns (inserted, updated);
    unchanged rows are not touched.
    """
    keys, values = tuple(key_fields), tuple(value_fields)
    nk = len(keys)
    wanted: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for row in rows:
        wanted[tuple(row[:nk])] = tuple(row[nk:])
    if not wanted:
        return 0, 0
    lookup = [key for key in wanted if new_parents_from is None or key[0] < new_parents_from]
    stored = existing(model, keys, lookup, values) if lookup else {}
    writer = BulkWriter(model, (*keys, *values), update_fields=values)
    for key, new_values in wanted.items():
        known = stored.get(key)
        if known is None:
            writer.add((*key, *new_values))
        elif tuple(known[1:]) != new_values:
            writer.change(known[0], new_values)
    writer.flush()
    return writer.created, writer.updated
