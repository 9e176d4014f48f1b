"""Writing the fact ledger: one SQL definition per fact source, used by every path.

A ``FactSource`` is an ``INSERT … SELECT`` over a register table, with a ``{keys}`` placeholder
that restricts it to some record ids (a predicate such as ``IN (4, 7)`` or ``BETWEEN 1 AND 10``).
The same statement serves:

- one record saved through the ORM (signals → ``refresh`` with ``IN (id)``),
- a bulk import (``bulk_written`` → ``refresh`` with ``BETWEEN first AND last``),
- ``facts rebuild`` (into a staging table, by id chunks) and ``facts check`` (into a temporary
  table compared with the live one).

Because the SQL is the only definition, the paths cannot disagree; ``facts check`` catches a
ledger that missed a change (a raw ``UPDATE``, an edit made while a rebuild ran).

Dependencies: a source declares, per model label, SQL that yields its keys affected by a change
of that model's rows (e.g. a person's edit affects their memberships). All dependency queries run
before any rewrite, so queries reading the *old* facts (a member's former household, kept in
``entity``) see them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from .catalog import registry
from .models import Fact, UnitPlacement

log = logging.getLogger(__name__)

FACT_TABLE = Fact._meta.db_table
PLACEMENT_TABLE = UnitPlacement._meta.db_table
STAGING_TABLE = f"{FACT_TABLE}_staging"
CHECK_TABLE = f"{FACT_TABLE}_check"

# Column order of every source's SELECT.
FACT_COLUMNS = (
    "indicator", "source", "ref", "province_id", "commune_id", "village_id",
    "legacy_province_id", "legacy_district_id", "legacy_commune_id",
    "org_kind", "sex", "birth_year", "poverty", "category", "entity", "day", "value",
)
# Placement columns of the ``pl`` alias (indicators_unitplacement), in FACT_COLUMNS order.
PLACE = ("pl.province_id, pl.commune_id, pl.village_id, "
         "pl.legacy_province_id, pl.legacy_district_id, pl.legacy_commune_id")
# Start day of a stock whose start is unknown (a membership without a joining date).
EARLY = "1900-01-01"
CHUNK = 5000

InstanceKeys = Callable[[Any], Iterable[int | None]]


@dataclass
class FactSource:
    """How one register's records become facts.

    ``sql`` is a SELECT of FACT_COLUMNS whose ref is ``table``'s id; ``{keys}`` marks where the
    id predicate goes (it may appear several times). ``depends`` maps a model label to SQL
    yielding this source's keys from that model's changed ids (``{keys}`` again);
    ``on_delete`` maps a model label to a function of a deleted instance giving keys (a deleted
    row is no longer there for SQL to read).
    """

    name: str
    table: str
    indicators: tuple[str, ...]
    sql: str | Callable[[], str]
    depends: dict[str, Sequence[str]] = field(default_factory=dict)
    on_delete: dict[str, InstanceKeys] = field(default_factory=dict)

    def select(self, keys: str) -> str:
        sql = self.sql() if callable(self.sql) else self.sql
        return sql.replace("{keys}", keys)


def sql_year_start(expr: str) -> str:
    """SQL for 1 January of the year in ``expr`` (an integer column), on either database."""
    if connection.vendor == "postgresql":
        return f"make_date(CAST({expr} AS integer), 1, 1)"
    return f"printf('%04d-01-01', {expr})"


# ---------------------------------------------------------------- key predicates
def keys_in(ids: Iterable[int]) -> list[str]:
    """``IN (…)`` predicates in chunks; ids are cast to int, so inlining them is safe."""
    unique = sorted({int(i) for i in ids if i is not None})
    return [f"IN ({', '.join(map(str, unique[i:i + CHUNK]))})" for i in range(0, len(unique), CHUNK)]


def keys_between(first: int, last: int) -> str:
    return f"BETWEEN {int(first)} AND {int(last)}"


def _fetch_ids(sql: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {int(row[0]) for row in cursor.fetchall() if row[0] is not None}


# ---------------------------------------------------------------- placements
def compute_placements(unit_ids: Iterable[int]) -> list[UnitPlacement]:
    """Where records of these units roll up, in the current and the legacy tree.

    Legacy placement: a village's ``legacy_parent`` (the commune it belonged to before 1 July
    2025) decides; otherwise the legacy predecessors of its current commune are used where they
    agree (one predecessor commune → that commune; all in one district/province → that one).
    A level where they disagree stays empty: such records are not counted in legacy reports of
    that level rather than guessed.
    """
    from danvan.geo.choices import Level
    from danvan.geo.models import AdminUnit, UnitSuccession

    units = list(AdminUnit.objects.filter(id__in=set(unit_ids)).select_related("legacy_parent"))
    anchor_ids = {u.commune_id for u in units if u.commune_id} | {u.province_id for u in units if u.province_id}
    preds: dict[int, list[AdminUnit]] = {}
    for link in UnitSuccession.objects.filter(current_id__in=anchor_ids).select_related("legacy"):
        preds.setdefault(link.current_id, []).append(link.legacy)

    def unique(values: Iterable[int | None]) -> int | None:
        found = set(values)
        return found.pop() if len(found) == 1 and None not in found else None

    result = []
    for u in units:
        place = UnitPlacement(unit_id=u.id, province_id=u.province_id, commune_id=u.commune_id,
                              village_id=u.id if u.level == Level.VILLAGE else None)
        if u.is_legacy:
            # A record placed in a legacy unit: its own legacy chain; current units unknown.
            place.province_id = place.commune_id = None
            place.legacy_province_id = u.province_id
            place.legacy_commune_id = u.id if u.level == Level.COMMUNE else None
            if u.level == Level.DISTRICT:
                place.legacy_district_id = u.id
            elif u.level == Level.COMMUNE:
                place.legacy_district_id = u.parent_id
        else:
            old = u.legacy_parent if u.level == Level.VILLAGE else None
            if old is not None and old.level == Level.COMMUNE:
                place.legacy_commune_id = old.id
                place.legacy_district_id = old.parent_id
                place.legacy_province_id = old.province_id
            elif u.level in (Level.VILLAGE, Level.COMMUNE) and u.commune_id:
                communes = preds.get(u.commune_id, [])
                place.legacy_commune_id = unique(c.id for c in communes)
                place.legacy_district_id = unique(c.parent_id for c in communes)
                place.legacy_province_id = unique(c.province_id for c in communes)
            elif u.level == Level.PROVINCE:
                place.legacy_province_id = unique(p.id for p in preds.get(u.id, []))
        result.append(place)
    return result


def ensure_placements(unit_ids: Iterable[int]) -> None:
    wanted = {int(i) for i in unit_ids if i is not None}
    if not wanted:
        return
    present = set(UnitPlacement.objects.filter(unit_id__in=wanted).values_list("unit_id", flat=True))
    missing = wanted - present
    if missing:
        UnitPlacement.objects.bulk_create(compute_placements(missing), batch_size=2000, ignore_conflicts=True)


def _ensure_for(source: FactSource, keys: str) -> None:
    ensure_placements(_fetch_ids(
        f"SELECT DISTINCT t.unit_id FROM {source.table} t "  # noqa: S608 — table names from code
        f"LEFT JOIN {PLACEMENT_TABLE} pl ON pl.unit_id = t.unit_id "
        f"WHERE pl.unit_id IS NULL AND t.id {keys}"
    ))


def reset_placements(unit_ids: Iterable[int] | None = None) -> None:
    """Forget placements (after a unit was edited); they are recomputed on next use."""
    qs = UnitPlacement.objects.all()
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    qs.delete()


# ---------------------------------------------------------------- rewriting
def _insert(source: FactSource, keys: str, table: str = FACT_TABLE) -> None:
    cols = ", ".join(FACT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({cols}) {source.select(keys)}")  # noqa: S608


def refresh(source: FactSource, keys: str) -> None:
    """Rewrite the facts of ``source`` for the records matching ``keys``."""
    _ensure_for(source, keys)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FACT_TABLE} WHERE source = %s AND ref {keys}", [source.name])  # noqa: S608
    _insert(source, keys)


def _affected(label: str, keys: str, instances: Sequence[Any] = ()) -> list[tuple[FactSource, list[str]]]:
    """For a change of ``label`` rows matching ``keys``: each dependent source and its keys."""
    plan: list[tuple[FactSource, list[str]]] = []
    for source in registry.sources.values():
        predicates: list[str] = []
        if source.table == _table_of(label):
            predicates.append(keys)
        ids: set[int] = set()
        for sql in source.depends.get(label, ()):
            ids |= _fetch_ids(sql.replace("{keys}", keys))
        if label in source.on_delete:
            for inst in instances:
                ids |= set(getattr(inst, f"_fact_keys_{source.name}", ()))
        predicates.extend(keys_in(ids))
        if predicates:
            plan.append((source, predicates))
    return plan


_TABLES: dict[str, str] = {}


def _table_of(label: str) -> str:
    if label not in _TABLES:
        from django.apps import apps

        _TABLES[label] = apps.get_model(label)._meta.db_table
    return _TABLES[label]


def records_changed(label: str, keys: Sequence[str], instances: Sequence[Any] = ()) -> None:
    """Rewrite every fact that depends on rows of ``label`` matching ``keys`` (same transaction)."""
    with transaction.atomic():
        plans = [p for k in keys for p in _affected(label, k, instances)]
        for source, predicates in plans:
            for predicate in predicates:
                refresh(source, predicate)


def capture_before_delete(label: str, instance: Any) -> None:
    """Before a delete cascades, remember keys that only the undeleted rows can tell."""
    for source in registry.sources.values():
        func = source.on_delete.get(label)
        if func is not None:
            setattr(instance, f"_fact_keys_{source.name}", [int(i) for i in func(instance) if i is not None])


def watched_labels() -> set[str]:
    labels = set()
    for source in registry.sources.values():
        labels |= set(source.depends) | set(source.on_delete)
        labels.add(_label_for_table(source.table))
    return labels


def _label_for_table(table: str) -> str:
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.db_table == table:
            return model._meta.label
    raise LookupError(table)


# ---------------------------------------------------------------- rebuild and check
def _table_ddl(name: str, temporary: bool = False) -> str:
    editor = connection.SchemaEditorClass(connection)
    sql, params = editor.table_sql(Fact)
    if params:
        raise RuntimeError("unexpected DDL parameters")
    sql = sql.replace(editor.quote_name(FACT_TABLE), editor.quote_name(name), 1)
    if temporary:
        sql = sql.replace("CREATE TABLE", "CREATE TEMPORARY TABLE", 1)
    return sql


def _fill(table: str, progress: Callable[[int], None] | None = None) -> int:
    """Compute every source's facts into ``table``, by id chunks; returns the row count."""
    step = 100_000
    for source in registry.sources.values():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MIN(id), MAX(id) FROM {source.table}")  # noqa: S608
            low, high = cursor.fetchone()
        if low is None:
            continue
        _ensure_for(source, "IS NOT NULL")
        for first in range(low, high + 1, step):
            last = min(first + step - 1, high)
            _insert(source, keys_between(first, last), table)
            if progress:
                progress(last - first + 1)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        return int(cursor.fetchone()[0])


def source_sizes() -> int:
    """Records to read (for a progress bar's total)."""
    total = 0
    with connection.cursor() as cursor:
        for source in registry.sources.values():
            cursor.execute(f"SELECT MIN(id), MAX(id) FROM {source.table}")  # noqa: S608
            low, high = cursor.fetchone()
            total += 0 if low is None else high - low + 1
    return total


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Recompute the whole ledger into a staging table, then swap it in (one transaction).

    Readers keep the old ledger until the swap commits. Placements are recomputed first, so a
    unit reform or an edited village is taken into account. Changes saved while the staging
    table fills are lost by the swap: run it when no one edits, then ``facts check``.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING_TABLE}")
        cursor.execute(_table_ddl(STAGING_TABLE))
    reset_placements()
    count = _fill(STAGING_TABLE, progress)
    editor = connection.SchemaEditorClass(connection)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {FACT_TABLE}")
        cursor.execute(f"ALTER TABLE {STAGING_TABLE} RENAME TO {FACT_TABLE}")
        for index in Fact._meta.indexes:
            cursor.execute(str(index.create_sql(Fact, editor)))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {FACT_TABLE}")
    return count


@dataclass
class Difference:
    side: str  # "ledger" (in the ledger, not derivable from records) or "records"
    row: dict[str, Any]
    count: int


def check(limit: int = 50) -> tuple[int, list[Difference]]:
    """Recompute the ledger from the records and compare row by row (as multisets).

    Returns the number of differing row groups and up to ``limit`` of them.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {CHECK_TABLE}")
        cursor.execute(_table_ddl(CHECK_TABLE, temporary=True))
    try:
        _fill(CHECK_TABLE)
        cols = ", ".join(FACT_COLUMNS)
        differences: list[Difference] = []
        total = 0
        with connection.cursor() as cursor:
            for side, a, b in (("ledger", FACT_TABLE, CHECK_TABLE), ("records", CHECK_TABLE, FACT_TABLE)):
                sql = (f"SELECT {cols}, COUNT(*) FROM {a} GROUP BY {cols} "  # noqa: S608
                       f"EXCEPT SELECT {cols}, COUNT(*) FROM {b} GROUP BY {cols}")
                cursor.execute(f"SELECT COUNT(*) FROM ({sql}) d")  # noqa: S608
                n = int(cursor.fetchone()[0])
                total += n
                if n:
                    cursor.execute(f"{sql} ORDER BY 2, 3, 1 LIMIT {int(limit)}")
                    for row in cursor.fetchall():
                        differences.append(Difference(side, dict(zip(FACT_COLUMNS, row[:-1], strict=True)),
                                                      int(row[-1])))
        return total, differences[:limit]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {CHECK_TABLE}")
