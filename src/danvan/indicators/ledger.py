"""Writing the fact ledger: one SQL definition per fact source, used by every path.

A ``FactSource`` is an ``INSERT … SELECT`` over a register table, with a ``{keys}`` placeholder
that restricts it to some record ids (a predicate such as ``IN (4, 7)`` or ``BETWEEN 1 AND 10``).
The same statement serves:

- one record saved through the ORM (signals → ``refresh`` with ``IN (id)``),
- a bulk import (``bulk_written`` → ``refresh`` with ``BETWEEN first AND last``),
- ``facts rebuild`` (into a staging table, by id chunks) and ``facts check`` (into a temporary
  table compared with the live one).

Because the SQL is the only definition, the paths cannot disagree; ``facts check`` catches a
ledger that missed a change (a raw ``UPDATE``, a write that bypassed the signals).

Writes during a rebuild are not lost: while ``rebuild`` fills its staging table, every ``refresh``
also notes what it rewrote in a "dirty" table (which exists only while a rebuild runs), and the
rebuild recomputes those keys into the staging table under a lock just before the swap (see
``rebuild``).

Dependencies: a source declares, per model label, SQL that yields its keys affected by a change
of that model's rows (e.g. a person's edit affects their memberships). All dependency queries run
before any rewrite, so queries reading the *old* facts (a member's former household, kept in
``entity``) see them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from .catalog import registry
from .models import Fact, FactTotal, UnitPlacement

log = logging.getLogger(__name__)

FACT_TABLE = Fact._meta.db_table
PLACEMENT_TABLE = UnitPlacement._meta.db_table
TOTAL_TABLE = FactTotal._meta.db_table
STAGING_TABLE = f"{FACT_TABLE}_staging"
DIRTY_TABLE = f"{FACT_TABLE}_dirty"  # keys rewritten while a rebuild fills its staging table
CHECK_TABLE = f"{FACT_TABLE}_check"

# Column order of every source's SELECT.
FACT_COLUMNS = (
    "indicator", "source", "ref", "province_id", "commune_id", "village_id",
    "legacy_province_id", "legacy_district_id", "legacy_commune_id",
    "org_kind", "sex", "birth_year", "poverty", "category", "entity", "day", "value",
)
PLACE_COLUMNS = FACT_COLUMNS[3:9]
# Placement columns of the ``pl`` alias (indicators_unitplacement), in FACT_COLUMNS order.
PLACE = ", ".join(f"pl.{c}" for c in PLACE_COLUMNS)
# What an omitted column of ``fact_select`` holds: text columns '', numbers a typed NULL (so the
# branches of a UNION agree on PostgreSQL).
FACT_DEFAULTS = {
    "org_kind": "''", "sex": "''", "birth_year": "CAST(NULL AS INTEGER)", "poverty": "''", "category": "''",
    "entity": "CAST(NULL AS BIGINT)",
}
FACT_REQUIRED = ("indicator", "source", "ref", "day", "value")
# Start day of a stock whose start is unknown (a membership without a joining date).
EARLY = "1900-01-01"
CHUNK = 5000

InstanceKeys = Callable[[Any], Iterable[int | None]]


@dataclass
class FactSource:
    """How one register's records become facts.

    ``sql`` is a SELECT of FACT_COLUMNS whose ref is ``table``'s id (write it with
    ``fact_select``, which names the columns); ``{keys}`` marks where the id predicate goes (it may
    appear several times). ``depends`` maps a model label to SQL
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


def fact_select(*, from_: str, place: str = "", **columns: str) -> str:
    """One ``SELECT`` of fact rows, its columns given by name (SQL expressions), in FACT_COLUMNS order.

    ``place`` is the alias of a joined ``indicators_unitplacement`` (its six placement columns);
    they may also be given one by one. Omitted breakdown columns take ``FACT_DEFAULTS``. ``from_``
    is the rest of the statement (``FROM … WHERE … {keys}``). An unknown or missing name raises
    ``ValueError``, so a column cannot land in its neighbour's place::

        fact_select(indicator="'MB-BRANCHES'", source="'branch'", ref="b.id", place="pl",
                    org_kind="b.org_kind", day="b.founded", value="1",
                    from_="FROM people_branch b JOIN indicators_unitplacement pl ON … WHERE b.id {keys}")
    """
    unknown = sorted(set(columns) - set(FACT_COLUMNS))
    if unknown:
        raise ValueError(f"fact_select: unknown fact columns {', '.join(unknown)} (known: {', '.join(FACT_COLUMNS)})")
    if place:
        given = sorted(set(columns) & set(PLACE_COLUMNS))
        if given:
            raise ValueError(f"fact_select: {', '.join(given)} given twice (place={place!r} sets them)")
        columns |= {c: f"{place}.{c}" for c in PLACE_COLUMNS}
    missing = [c for c in (*FACT_REQUIRED, *PLACE_COLUMNS) if not columns.get(c, "").strip()]
    if missing:
        raise ValueError(f"fact_select: missing {', '.join(missing)}")
    values = [columns.get(c) or FACT_DEFAULTS[c] for c in FACT_COLUMNS]
    return f"SELECT {', '.join(values)}\n{from_.strip()}"


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


# ---------------------------------------------------------------- running totals
# Half-month boundaries of indicators_facttotal: from 14 December of the year before
# TOTALS_FIRST_YEAR to 31 December of TOTALS_LAST_YEAR. Older facts are folded into the first
# boundary; facts after the last one are left out (reports reaching past it read the facts).
TOTALS_FIRST_YEAR = 2016
TOTALS_LAST_YEAR = 2030
TOTAL_COLUMNS = ("grain", "province_id", "commune_id", "indicator", "poverty", "category", "breakdown", "day",
                 "value")
TOTAL_KEY = "grain, day, province_id, commune_id, indicator, poverty, category, breakdown"
# The province series by one breakdown column each (FactTotal grains 5–7): grain → fact column.
# Only facts with a value in that column are counted; the rest is the grain-1 total minus these.
DIMENSION_GRAINS = {5: "org_kind", 6: "sex", 7: "birth_year"}
# ``next_day`` of a series' last row: it holds until further notice.
OPEN_END = dt.date(9999, 12, 31)
CHANGE_TABLE = f"{TOTAL_TABLE}_change"  # a pass's changes per series and boundary (temporary)
NEW_TABLE = f"{TOTAL_TABLE}_new"  # the rows a pass adds to the running totals (temporary)
EXPECTED_TABLE = f"{TOTAL_TABLE}_expected"  # what the facts add up to, for ``check_totals`` (temporary)
# The series key, as (running-total column, change-table column) pairs.
SERIES = (("grain", "g"), ("province_id", "p"), ("commune_id", "c"), ("indicator", "i"), ("poverty", "pv"),
          ("category", "ct"), ("breakdown", "dv"))
SERIES_COLUMNS = ", ".join(column for column, _ in SERIES)  # in the running totals
SERIES_KEY = ", ".join(short for _, short in SERIES)  # in the change tables


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)) - dt.timedelta(days=1)


BOUNDARIES: tuple[dt.date, ...] = (
    dt.date(TOTALS_FIRST_YEAR - 1, 12, 14), dt.date(TOTALS_FIRST_YEAR - 1, 12, 31),
    *(d for y in range(TOTALS_FIRST_YEAR, TOTALS_LAST_YEAR + 1) for m in range(1, 13)
      for d in (dt.date(y, m, 14), _month_end(y, m))),
)
_BOUNDARY_SET = frozenset(BOUNDARIES)
# Year ends where every series has a row from its first one on, changed or not: a report of
# calendar years (most of them) then reads one row per series and day by ``day`` alone, as dense
# totals would, instead of every row of the span (see ``builder._total_sums``).
CHECKPOINTS: tuple[dt.date, ...] = tuple(d for d in BOUNDARIES if d.month == 12 and d.day == 31)
_CHECKPOINT_SET = frozenset(CHECKPOINTS)


def is_boundary(day: dt.date) -> bool:
    """Whether the running totals hold the value at the end of ``day``."""
    return day in _BOUNDARY_SET


def is_checkpoint(day: dt.date) -> bool:
    """Whether every series has a row on ``day`` (from its first row on)."""
    return day in _CHECKPOINT_SET


def _date_literal(day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'" if connection.vendor == "postgresql" else f"'{day.isoformat()}'"


def _bucket_sql() -> str:
    """SQL: the first boundary on or after a fact's ``day`` (older days: the first boundary)."""
    first = _date_literal(BOUNDARIES[0])
    if connection.vendor == "postgresql":
        return (f"CASE WHEN day <= {first} THEN {first} "
                "WHEN EXTRACT(DAY FROM day) <= 14 THEN CAST(date_trunc('month', day) + INTERVAL '13 days' AS date) "
                "ELSE CAST(date_trunc('month', day) + INTERVAL '1 month' - INTERVAL '1 day' AS date) END")
    return (f"CASE WHEN day <= {first} THEN {first} "
            # substr, not strftime('%d'): a '%' breaks Django's query logging when parameters are given
            "WHEN CAST(substr(day, 9, 2) AS INTEGER) <= 14 THEN substr(day, 1, 8) || '14' "
            "ELSE date(day, 'start of month', '+1 month', '-1 day') END")


def _dimension_value(column: str) -> str:
    """SQL: a breakdown column's value as the text stored in ``FactTotal.breakdown``."""
    return f"CAST({column} AS VARCHAR(30))" if column == "birth_year" else column


def _dimension_present(column: str) -> str:
    return f"{column} IS NOT NULL" if column == "birth_year" else f"{column} <> ''"


def _same_series(left: str, right: str) -> str:
    """SQL: rows ``left`` (running totals) and ``right`` (a change table) of one series."""
    return " AND ".join(f"{left}.{column} = {right}.{short}"
                        for column, short in SERIES)


def _changes_sql(where: str, amount: str) -> str:
    """``WITH … w``: the change to the running totals implied by the facts matching ``where``.

    ``amount`` is each fact's contribution (``value``, ``-value``, or a CASE telling new facts
    from old ones). ``w`` has one row per (grain, province, commune, indicator, poverty, category,
    breakdown) series and boundary where the series changes, and per ``CHECKPOINTS`` day from its
    first change on: ``day``, the change ``dd`` on it, the cumulative change ``v`` up to it, and
    ``nd``, the next such day (``OPEN_END`` after the last). Linear in the facts and the changed series: a group by, the
    checkpoints added, then a window. ``where`` appears once per breakdown grain (its parameters
    repeat: ``totals_params``).
    """
    last = _date_literal(BOUNDARIES[-1])
    checkpoints = ", ".join(f"({_date_literal(d)})" for d in CHECKPOINTS)
    key = SERIES_KEY
    dimensions = "".join(f"""
  UNION ALL
  SELECT {grain} AS g, COALESCE(province_id, 0) AS p, 0 AS c, indicator AS i, poverty AS pv, category AS ct,
         {_dimension_value(column)} AS dv, {_bucket_sql()} AS day, SUM({amount}) AS v
  FROM {FACT_TABLE} WHERE {where} AND day <= {last} AND {_dimension_present(column)}
  GROUP BY COALESCE(province_id, 0), indicator, poverty, category, {column}, {_bucket_sql()}
  HAVING SUM({amount}) <> 0""" for grain, column in DIMENSION_GRAINS.items())  # noqa: S608 — names from code
    return f"""
WITH x AS (
  SELECT COALESCE(province_id, 0) AS p, COALESCE(commune_id, 0) AS c, COALESCE(legacy_province_id, 0) AS lp,
         COALESCE(legacy_district_id, 0) AS ld, indicator AS i, poverty AS pv,
         category AS ct, {_bucket_sql()} AS bk, SUM({amount}) AS v
  FROM {FACT_TABLE} WHERE {where} AND day <= {last}
  GROUP BY COALESCE(province_id, 0), COALESCE(commune_id, 0), COALESCE(legacy_province_id, 0),
           COALESCE(legacy_district_id, 0), indicator, poverty, category, {_bucket_sql()}
),
d AS (
  SELECT 2 AS g, p, c, i, pv, ct, '' AS dv, bk AS day, SUM(v) AS v FROM x GROUP BY p, c, i, pv, ct, bk
  HAVING SUM(v) <> 0
  UNION ALL
  SELECT 1 AS g, p, 0 AS c, i, pv, ct, '' AS dv, bk, SUM(v) AS v FROM x GROUP BY p, i, pv, ct, bk HAVING SUM(v) <> 0
  UNION ALL
  SELECT 4 AS g, lp, ld, i, pv, ct, '' AS dv, bk, SUM(v) AS v FROM x WHERE lp <> 0 GROUP BY lp, ld, i, pv, ct, bk
  HAVING SUM(v) <> 0
  UNION ALL
  SELECT 3 AS g, lp, 0 AS c, i, pv, ct, '' AS dv, bk, SUM(v) AS v FROM x WHERE lp <> 0 GROUP BY lp, i, pv, ct, bk
  HAVING SUM(v) <> 0{dimensions}
),
k(day) AS (VALUES {checkpoints}),
s AS (SELECT {key}, MIN(day) AS first FROM d GROUP BY {key}),
z AS (
  SELECT {key}, day, SUM(v) AS v FROM (
    SELECT {key}, day, v FROM d
    UNION ALL
    SELECT s.g, s.p, s.c, s.i, s.pv, s.ct, s.dv, k.day, 0 AS v FROM s JOIN k ON k.day >= s.first
  ) u GROUP BY {key}, day
),
w AS (
  SELECT {key}, day, CAST(SUM(v) OVER (PARTITION BY {key} ORDER BY day) AS BIGINT) AS v,
         LEAD(day, 1, {_date_literal(OPEN_END)}) OVER (PARTITION BY {key} ORDER BY day) AS nd,
         CAST(v AS BIGINT) AS dd FROM z
)"""  # noqa: S608 — table names and literals from code


def totals_params(params: Sequence[Any]) -> list[Any]:
    """The parameters of ``_changes_sql``'s ``where``, once per place it appears."""
    return list(params) * (1 + len(DIMENSION_GRAINS))


def apply_totals(where: str, params: Sequence[Any], amount: str, fresh: bool = False) -> None:
    """Add the facts matching ``where`` (each counted as ``amount``) to the running totals, set-based.

    ``fresh``: the totals hold none of these series yet (a rebuild after emptying them): one
    insert. Otherwise the changes (a temporary table) are merged in four statements, each linear
    in the changed series' rows: the rows the pass adds (``_new_rows``); existing rows take the
    cumulative change up to their day (one window); an old row whose span holds added rows ends at
    the first of them; the added rows go in, their ``next_day`` already right.
    """
    cols = ", ".join((*TOTAL_COLUMNS, "next_day"))
    with connection.cursor() as cursor:
        _raise_work_mem(cursor)
        if fresh:
            cursor.execute(f"{_changes_sql(where, amount)} INSERT INTO {TOTAL_TABLE} ({cols}) "  # noqa: S608
                           f"SELECT {SERIES_KEY}, day, v, nd FROM w", totals_params(params))
            return
        for table in (CHANGE_TABLE, NEW_TABLE):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TEMPORARY TABLE {CHANGE_TABLE} AS {_changes_sql(where, amount)} "  # noqa: S608
                       f"SELECT {SERIES_KEY}, day, v, dd FROM w", totals_params(params))
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {CHANGE_TABLE}")  # a temporary table has no statistics otherwise
        _new_rows()
        _add_cumulative_change()
        # An old row whose span holds added rows now ends at the first of them.
        cursor.execute(f"UPDATE {TOTAL_TABLE} SET next_day = x.first FROM (SELECT pred, MIN(day) AS first "  # noqa: S608
                       f"FROM {NEW_TABLE} WHERE pred IS NOT NULL GROUP BY pred) x "
                       f"WHERE {TOTAL_TABLE}.id = x.pred AND {TOTAL_TABLE}.next_day > x.first")
        cursor.execute(f"INSERT INTO {TOTAL_TABLE} ({cols}) SELECT {SERIES_KEY}, day, v, "  # noqa: S608
                       f"CASE WHEN next_new < next_old THEN next_new ELSE next_old END FROM {NEW_TABLE}")
        for table in (CHANGE_TABLE, NEW_TABLE):
            cursor.execute(f"DROP TABLE {table}")


def _raise_work_mem(cursor: Any) -> None:
    """On PostgreSQL, ``LEDGER_WORK_MEM`` for the rest of the transaction: a set-based pass groups
    and sorts the facts, and with the default 4 MB spills to disk on a large import, rebuild or
    check."""
    if connection.vendor == "postgresql":
        cursor.execute("SELECT set_config('work_mem', %s, true)", [settings.LEDGER_WORK_MEM])


def _new_rows() -> None:
    """The rows a pass adds: the changed boundaries where a series has no row yet, each with its
    predecessor (an index seek on the totals' key: its id and value) plus the cumulative change,
    and its next row among the old (a seek) and the added ones (a window)."""
    series = _same_series("t", "n")
    key = SERIES_KEY
    open_end = _date_literal(OPEN_END)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {NEW_TABLE} AS SELECT {key}, day, pred, "  # noqa: S608
            f"COALESCE((SELECT t.value FROM {TOTAL_TABLE} t WHERE t.id = q.pred), 0) + v AS v, "
            f"LEAD(day, 1, {open_end}) OVER (PARTITION BY {key} ORDER BY day) AS next_new, next_old FROM ("
            f"SELECT n.g, n.p, n.c, n.i, n.pv, n.ct, n.dv, n.day, n.v, "
            f"(SELECT t.id FROM {TOTAL_TABLE} t WHERE {series} AND t.day < n.day ORDER BY t.day DESC LIMIT 1) AS pred, "
            f"COALESCE((SELECT MIN(t.day) FROM {TOTAL_TABLE} t WHERE {series} AND t.day > n.day), {open_end}) "
            f"AS next_old FROM {CHANGE_TABLE} n "
            f"WHERE NOT EXISTS (SELECT 1 FROM {TOTAL_TABLE} t WHERE {series} AND t.day = n.day)) q")


def _rows_of_series(changed: str) -> str:
    """SQL: the running totals' rows of the series listed in the temporary table ``changed``."""
    return f"({SERIES_COLUMNS}) IN (SELECT DISTINCT {SERIES_KEY} FROM {changed})"  # noqa: S608 — names from code


def _add_cumulative_change() -> None:
    """Existing rows of the changed series take the cumulative change up to their day.

    One window over the series' rows and changes, in day order (a change before a row of the
    same day), instead of a join of every row with every change of its series.
    """
    key, columns = SERIES_KEY, SERIES_COLUMNS
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TOTAL_TABLE} SET value = {TOTAL_TABLE}.value + x.cum FROM ("  # noqa: S608
            f"SELECT id, cum FROM (SELECT id, kind, SUM(dd) OVER (PARTITION BY {key} ORDER BY day, kind "
            "ROWS UNBOUNDED PRECEDING) AS cum FROM ("
            f"SELECT {key}, day, 0 AS kind, CAST(NULL AS BIGINT) AS id, dd FROM {CHANGE_TABLE} UNION ALL "
            f"SELECT {columns}, day, 1, id, 0 FROM {TOTAL_TABLE} WHERE {_rows_of_series(CHANGE_TABLE)}) u) y "
            f"WHERE kind = 1 AND cum <> 0) x WHERE {TOTAL_TABLE}.id = x.id")


def _apply_totals_small(where: str, params: Sequence[Any], amount: str) -> None:
    """``apply_totals`` for a few records (a saved form): the net change per series and boundary is
    read back, then each is one range ``UPDATE`` of the series from the boundary on, and, if the
    series had no row on it, two more (``_change_series``). Constant SQL texts, so the database's
    statement cache serves them.
    """
    cols = ("COALESCE(province_id, 0), COALESCE(commune_id, 0), COALESCE(legacy_province_id, 0), "
            "COALESCE(legacy_district_id, 0), indicator, poverty, category, org_kind, sex, birth_year, day")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {cols}, SUM({amount}) FROM {FACT_TABLE} WHERE {where} "  # noqa: S608
                       f"GROUP BY {cols} HAVING SUM({amount}) <> 0", list(params))
        rows = cursor.fetchall()
        changes: dict[tuple[Any, ...], int] = {}
        for (province, commune, legacy_province, legacy_district, indicator, poverty, category, org_kind, sex,
             birth_year, day, value) in rows:
            day = _as_date(day)
            if day > BOUNDARIES[-1]:
                continue
            bucket = bisect.bisect_left(BOUNDARIES, day)
            keys = [(2, province, commune, indicator, poverty, category, "", bucket),
                    (1, province, 0, indicator, poverty, category, "", bucket)]
            if legacy_province:
                keys += [(4, legacy_province, legacy_district, indicator, poverty, category, "", bucket),
                         (3, legacy_province, 0, indicator, poverty, category, "", bucket)]
            values = {"org_kind": org_kind, "sex": sex, "birth_year": "" if birth_year is None else str(birth_year)}
            for grain, column in DIMENSION_GRAINS.items():
                if values[column]:
                    keys.append((grain, province, 0, indicator, poverty, category, values[column], bucket))
            for key in keys:
                changes[key] = changes.get(key, 0) + int(value)
        series_is = " AND ".join(f"{column} = %s" for column, _ in SERIES)
        for (*series, bucket), value in sorted(changes.items()):
            if value:
                _change_series(cursor, series, BOUNDARIES[bucket], value, series_is)


def _change_series(cursor: Any, series: list[Any], day: dt.date, value: int, series_is: str) -> None:
    """Add ``value`` to one series from boundary ``day`` on (see ``_apply_totals_small``).

    One statement when the series has a row on the day (the rows from it on take the change);
    otherwise the row is added after its predecessor's value, the predecessor ends there, and a
    row before the series' first one also brings the year ends up to that first row.
    """
    cursor.execute(f"UPDATE {TOTAL_TABLE} SET value = value + %s WHERE {series_is} AND day >= %s "  # noqa: S608
                   "RETURNING day", [value, *series, day])
    later = sorted(_as_date(d) for (d,) in cursor.fetchall())
    if later and later[0] == day:
        return
    after = later[0] if later else OPEN_END
    cursor.execute(f"UPDATE {TOTAL_TABLE} SET next_day = %s WHERE {series_is} AND day < %s "  # noqa: S608
                   "AND next_day > %s RETURNING value", [day, *series, day, day])
    before = cursor.fetchall()
    if before:
        rows = [(day, int(before[0][0]) + value, after)]
    else:  # the series held 0 before its old first row: these rows hold the change alone
        chain = [day, *(d for d in CHECKPOINTS if day < d < after)]
        rows = [(d, value, nd) for d, nd in zip(chain, [*chain[1:], after], strict=True)]
    cursor.execute(f"INSERT INTO {TOTAL_TABLE} ({', '.join(TOTAL_COLUMNS)}, next_day) VALUES "  # noqa: S608
                   + ", ".join([f"({', '.join(['%s'] * (len(TOTAL_COLUMNS) + 1))})"] * len(rows)),
                   [v for d, total, nd in rows for v in (*series, d, total, nd)])


def _as_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _few_keys(keys: str) -> bool:
    return keys.startswith("IN (") and keys.count(",") < 50


def rebuild_totals() -> None:
    """Recompute the running totals from the facts (after ``rebuild`` or a raw change)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TOTAL_TABLE}")  # noqa: S608
        apply_totals("1 = 1", [], "value", fresh=True)


def check_totals(limit: int = 50) -> tuple[int, list[Difference]]:
    """Compare the running totals with the sums of the facts they summarize.

    Compared as step functions: a row whose value equals its predecessor's (left by a change
    that was later undone) says nothing, so only the rows where a series' value changes count, and
    the checkpoints (a missing one would be read as 0), from the series' first non-zero value on. Side "totals-next": a row whose
    ``next_day`` is not its series' next row.
    """
    partition = SERIES_COLUMNS
    checkpoints = ", ".join(_date_literal(d) for d in CHECKPOINTS)
    cols = ", ".join(TOTAL_COLUMNS)
    expected = f"SELECT {SERIES_KEY}, day, v FROM {EXPECTED_TABLE}"  # noqa: S608
    # Rows before a series' first non-zero value (left by records since deleted) are as good as absent.
    series = f"OVER (PARTITION BY {partition} ORDER BY day"
    actual = (f"SELECT {cols} FROM (SELECT {cols}, LAG(value, 1, 0) {series}) AS before, "  # noqa: S608
              f"MAX(ABS(value)) {series} ROWS UNBOUNDED PRECEDING) AS so_far FROM {TOTAL_TABLE}) q "
              f"WHERE so_far <> 0 AND (value <> before OR day IN ({checkpoints}))")
    total, differences = 0, []
    with transaction.atomic(), connection.cursor() as cursor:
        _raise_work_mem(cursor)
        # What the facts add up to, computed once for both sides.
        cursor.execute(f"DROP TABLE IF EXISTS {EXPECTED_TABLE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {EXPECTED_TABLE} AS {_changes_sql('1 = 1', 'value')} "  # noqa: S608
                       f"SELECT {SERIES_KEY}, day, v FROM w", totals_params([]))
        for side, a, b in (("totals", actual, expected), ("totals-expected", expected, actual)):
            cursor.execute(f"SELECT * FROM ({a} EXCEPT {b}) z")  # noqa: S608
            rows = cursor.fetchall()
            total += len(rows)
            differences += [Difference(side, dict(zip(TOTAL_COLUMNS, row, strict=True)), 1)
                            for row in rows[:limit]]
        cursor.execute(f"SELECT {cols} FROM (SELECT {cols}, next_day, LEAD(day, 1, %s) OVER "  # noqa: S608
                       f"(PARTITION BY {partition} ORDER BY day) AS after FROM {TOTAL_TABLE}) q "
                       "WHERE next_day <> after", [OPEN_END])
        rows = cursor.fetchall()
        total += len(rows)
        differences += [Difference("totals-next", dict(zip(TOTAL_COLUMNS, row, strict=True)), 1)
                        for row in rows[:limit]]
        cursor.execute(f"DROP TABLE {EXPECTED_TABLE}")
    return total, differences[:limit]


def forget_villages(village_ids: Sequence[int]) -> None:
    """Drop the facts and placements of deleted villages (raw deletes send no signal), totals included."""
    ids = sorted({int(i) for i in village_ids})
    if not ids:
        return
    listed = ", ".join(map(str, ids))  # one statement: the totals' cost is per series, not per fact
    apply_totals(f"village_id IN ({listed})", [], "-value")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FACT_TABLE} WHERE village_id IN ({listed})")  # noqa: S608
        cursor.execute(f"DELETE FROM {PLACEMENT_TABLE} WHERE unit_id IN ({listed})")  # noqa: S608
    _note_dirty("", f"IN ({listed})")


# ---------------------------------------------------------------- rewriting
def _insert(source: FactSource, keys: str, table: str = FACT_TABLE) -> None:
    cols = ", ".join(FACT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({cols}) {source.select(keys)}")  # noqa: S608


def refresh(source: FactSource, keys: str, totals: bool = True) -> None:
    """Rewrite the facts of ``source`` for the records matching ``keys``, and the running totals.

    The new facts are inserted beside the old ones first (ids above ``mark``), so one statement
    can apply the net change (new − old) to the totals; a rewrite that changes nothing (the bulk
    path often recomputes a dependent source) then touches no total. The old facts go last.
    ``totals=False`` leaves the totals to the caller (``bulk_changed`` on an empty ledger).
    """
    _ensure_for(source, keys)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {FACT_TABLE}")  # noqa: S608
        mark = int(cursor.fetchone()[0])
    _insert(source, keys)
    if totals:
        apply = _apply_totals_small if _few_keys(keys) else apply_totals
        apply(f"source = %s AND ref {keys}", [source.name], f"CASE WHEN id > {mark} THEN value ELSE -value END")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FACT_TABLE} WHERE source = %s AND ref {keys} AND id <= {mark}",  # noqa: S608
                       [source.name])
    _note_dirty(source.name, keys)


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


def bulk_changed(changes: Sequence[tuple[str, int | None, int | None, Sequence[int]]]) -> None:
    """Rewrite, once per source, every fact depending on some bulk writes (same transaction).

    ``changes`` lists ``(model label, first new id, last new id, updated ids)`` as sent by
    ``bulk_written``. Every dependency query runs before any rewrite (so queries reading old facts,
    such as a member's former household, see them); then each source is rewritten once for the
    union of its keys: its own new id ranges by ``BETWEEN``, other ids by ``IN`` chunks.

    When the running totals are empty (a first import or build into a new database), the facts
    are written first and the totals made after in one insert (``rebuild_totals``),
    instead of a merge per source: a national build's facts then pass through the totals once.
    """
    work: dict[str, tuple[FactSource, list[tuple[int, int]], set[int]]] = {}
    with transaction.atomic():
        fresh = _totals_empty()
        for label, first, last, updated in changes:
            has_range = first is not None and last is not None and last >= first
            predicates = ([keys_between(first, last)] if has_range else []) + keys_in(updated)
            for source in registry.sources.values():
                _, ranges, ids = work.setdefault(source.name, (source, [], set()))
                if source.table == _table_of(label):
                    if has_range:
                        ranges.append((int(first), int(last)))
                    ids.update(int(i) for i in updated if i is not None)
                for sql in source.depends.get(label, ()):
                    for predicate in predicates:
                        ids |= _fetch_ids(sql.replace("{keys}", predicate))
        for source, ranges, ids in work.values():
            merged: list[list[int]] = []
            for first, last in sorted(ranges):
                if merged and first <= merged[-1][1] + 1:
                    merged[-1][1] = max(merged[-1][1], last)
                else:
                    merged.append([first, last])
            starts = [first for first, _ in merged]
            rest = [i for i in ids if not (merged and (k := bisect.bisect_right(starts, i) - 1) >= 0
                                           and i <= merged[k][1])]
            for first, last in merged:
                refresh(source, keys_between(first, last), totals=not fresh)
            for predicate in keys_in(rest):
                refresh(source, predicate, totals=not fresh)
        if fresh:
            rebuild_totals()


def _totals_empty() -> bool:
    """Whether the running totals are empty. If so, on PostgreSQL, they stay locked against other
    writers until the transaction ends, so two first imports cannot both make them (SQLite already
    serializes writers)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {TOTAL_TABLE} LIMIT 1")  # noqa: S608
        if cursor.fetchone() is not None:
            return False
        if connection.vendor != "postgresql":
            return True
        cursor.execute(f"LOCK TABLE {TOTAL_TABLE} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"SELECT 1 FROM {TOTAL_TABLE} LIMIT 1")  # noqa: S608 — another may have filled them
        return cursor.fetchone() is None


_batch = threading.local()


@contextmanager
def bulk_batch() -> Iterator[None]:
    """Collect the ``bulk_written`` signals sent inside, and rewrite each affected source once at the end.

    A bulk writer that flushes several related models per chunk (households, their reviews,
    persons, memberships) sends one signal per model; each would rewrite the dependents again
    (a person's memberships, a household's cover). Use inside the writer's transaction::

        with transaction.atomic():
            insert_rows(...)  # several models
            with bulk_batch():
                bulk_written.send(...)  # once per model
    Nested batches join the outer one. Nothing is rewritten if the block raises.
    """
    if getattr(_batch, "changes", None) is not None:
        yield
        return
    _batch.changes = []
    try:
        yield
        changes = _batch.changes
    finally:
        _batch.changes = None
    if changes:
        bulk_changed(changes)


def collect_bulk(label: str, first_id: int | None, last_id: int | None, updated_ids: Sequence[int]) -> bool:
    """Inside ``bulk_batch``: remember a bulk write for the end of the batch; False outside one."""
    changes = getattr(_batch, "changes", None)
    if changes is None:
        return False
    changes.append((label, first_id, last_id, list(updated_ids)))
    return True


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
    unit reform or an edited village is taken into account.

    Writes go on while the staging table fills, and none is lost: the dirty table created first
    makes every ``refresh`` (and ``forget_villages``) note the keys it rewrote, in the writer's own
    transaction. The swap locks the writers out (PostgreSQL: ``ACCESS EXCLUSIVE`` on the fact
    table, waiting for the writers that touched it; SQLite: the ``IMMEDIATE`` write transaction of
    the settings), swaps the tables, then recomputes every noted key from the records as they are
    now, and only then the running totals. A writer blocked by the swap writes into the new table
    once it commits. Killed midway, a rebuild leaves the live ledger untouched (the swap is one
    transaction); the next rebuild drops its leftovers.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING_TABLE}")
        cursor.execute(_table_ddl(STAGING_TABLE))
        cursor.execute(f"DROP TABLE IF EXISTS {DIRTY_TABLE}")
        cursor.execute(_dirty_ddl())
    _wait_for_writers()
    try:
        reset_placements()
        _fill(STAGING_TABLE, progress)
        editor = connection.SchemaEditorClass(connection)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"LOCK TABLE {FACT_TABLE} IN ACCESS EXCLUSIVE MODE")
            cursor.execute(f"SELECT source, keys FROM {DIRTY_TABLE} ORDER BY id")  # noqa: S608
            dirty = list(dict.fromkeys(cursor.fetchall()))
            cursor.execute(f"DROP TABLE {DIRTY_TABLE}")
            cursor.execute(f"DROP TABLE {FACT_TABLE}")
            cursor.execute(f"ALTER TABLE {STAGING_TABLE} RENAME TO {FACT_TABLE}")
            for index in Fact._meta.indexes:
                cursor.execute(str(index.create_sql(Fact, editor)))
            _replay(dirty)
            rebuild_totals()
            cursor.execute(f"SELECT COUNT(*) FROM {FACT_TABLE}")  # noqa: S608
            count = int(cursor.fetchone()[0])
    except BaseException:
        try:  # writers stop noting keys; the live ledger is intact
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {DIRTY_TABLE}")
                cursor.execute(f"DROP TABLE IF EXISTS {STAGING_TABLE}")
        except Exception:  # a broken connection: the next rebuild drops them
            log.warning("facts rebuild: could not drop %s and %s", DIRTY_TABLE, STAGING_TABLE, exc_info=True)
        raise
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {FACT_TABLE}")
            cursor.execute(f"ANALYZE {TOTAL_TABLE}")
    return count


def _dirty_ddl() -> str:
    key = "BIGSERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY AUTOINCREMENT"
    return f"CREATE TABLE {DIRTY_TABLE} (id {key}, source VARCHAR(100) NOT NULL, keys TEXT NOT NULL)"


def _wait_for_writers() -> None:
    """PostgreSQL: let the transactions that already wrote facts commit before the fill reads.

    A writer notes its keys after writing facts, so one that checked for the dirty table before it
    existed still holds its lock on the fact table here; the fill then sees its records. (SQLite
    serializes writers: creating the dirty table already waited for them.)
    """
    if connection.vendor != "postgresql":
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {FACT_TABLE} IN SHARE MODE")


def _note_dirty(source: str, keys: str) -> None:
    """While a rebuild runs, remember facts just rewritten (``source`` '' : ``village_id`` ``keys``).

    Called after the writer's fact writes, in its transaction: see ``rebuild`` for why the order
    matters. One cheap catalog query when no rebuild runs.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [DIRTY_TABLE])
        else:
            cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = %s", [DIRTY_TABLE])
        if cursor.fetchone()[0]:
            cursor.execute(f"INSERT INTO {DIRTY_TABLE} (source, keys) VALUES (%s, %s)", [source, keys])  # noqa: S608


def _replay(dirty: Sequence[tuple[str, str]]) -> None:
    """Recompute the noted keys in the freshly swapped-in fact table (totals are rebuilt after)."""
    with connection.cursor() as cursor:
        for name, keys in dirty:
            if not name:
                cursor.execute(f"DELETE FROM {FACT_TABLE} WHERE village_id {keys}")  # noqa: S608
                continue
            source = registry.sources.get(name)
            if source is None:
                continue
            cursor.execute(f"DELETE FROM {FACT_TABLE} WHERE source = %s AND ref {keys}", [name])  # noqa: S608
            _ensure_for(source, keys)
            _insert(source, keys)


@dataclass
class Difference:
    # "ledger" (in the ledger, not derivable from records) or "records" (the reverse); "totals" (a
    # running total the facts do not add up to) or "totals-expected" (what the facts add up to).
    side: str
    row: dict[str, Any]
    count: int


def check(limit: int = 50) -> tuple[int, list[Difference]]:
    """Recompute the ledger from the records and compare row by row (as multisets).

    Returns the number of differing row groups and up to ``limit`` of them. One transaction (its
    temporary tables go with a failure), with the ledger's ``work_mem`` on PostgreSQL: the
    comparisons group every fact.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            _raise_work_mem(cursor)
            cursor.execute(f"DROP TABLE IF EXISTS {CHECK_TABLE}")
            cursor.execute(_table_ddl(CHECK_TABLE, temporary=True))
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
        more, totals = check_totals(limit)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {CHECK_TABLE}")
    return total + more, (differences + totals)[:limit]
