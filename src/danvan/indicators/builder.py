"""The report builder: every indicator for a unit, a period and a breakdown, from the ledger.

A report is two GROUP BY queries over the fact table: the headline (current period, previous
period, same period a year earlier, in one pass with conditional sums) and the breakdown (child
units or one dimension, current period). Stocks sum their deltas up to the period's end; flows
sum the period's days; distinct flows count distinct ``entity``; ratios divide two indicators.

Units: the report's unit picks one placement column of the ledger (country → all, province →
``province_id``, …; legacy units → ``legacy_*_id``); children group by the next column down.
Scope: ``core.scope.Scope`` restricts the facts to the user's subtrees (and organization kind;
facts without one, such as households, stay visible: the report marks them ``area_wide`` and says
so to a user limited to one kind) — see ``reachable`` for legacy units.

Breakdowns: "child" (child units) and the dimensions apps register (``catalog.Dimension``);
nothing here knows a domain app.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, overload

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.replica import report_connection
from danvan.core.scope import Scope
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit, UnitSuccession

from .catalog import Dimension, Indicator, Over, Time, registry
from .ledger import DIMENSION_GRAINS, FACT_TABLE, TOTAL_TABLE, is_boundary, is_checkpoint
from .periods import Period

# What the sum queries answer: per (indicator, group), its series' rows as (poverty, category, and
# for each period (stock, flow)). Most series have one row per group: poverty and category are
# kept only for the codes some indicator filters on (``_series_columns``).
Sums = dict[tuple[str, Any], list[tuple[str, str, list[tuple[int, int]]]]]


class _Breakdowns(Sequence[str]):
    """The breakdowns a report can ask for, read from the registry when used (apps register
    dimensions when they are ready): "child", then the dimensions by their ``order``."""

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        return registry.breakdowns()[index]

    def __len__(self) -> int:
        return len(registry.breakdowns())

    def __iter__(self) -> Iterator[str]:
        return iter(registry.breakdowns())

    def __contains__(self, item: object) -> bool:
        return item in registry.breakdowns()

    def __repr__(self) -> str:
        return repr(tuple(self))


BREAKDOWNS: Sequence[str] = _Breakdowns()


def dimension(by: str) -> Dimension:
    """The registered dimension ``by`` (ValueError when unknown)."""
    try:
        return registry.dimensions[by]
    except KeyError:
        raise ValueError(by) from None


def breakdown_label(by: str) -> str:
    return _("Theo đơn vị trực thuộc") if by == "child" else str(dimension(by).label)


def dimension_values(by: str) -> list[tuple[str, str]]:
    """Rows of a dimension breakdown: (stored key, Vietnamese label)."""
    return [(str(k), str(v)) for k, v in dimension(by).values()]


# ---------------------------------------------------------------- units
@dataclass(frozen=True)
class UnitFilter:
    column: str | None  # None: the whole country
    child_column: str | None


def unit_filter(unit: AdminUnit) -> UnitFilter:
    if unit.level == Level.COUNTRY:
        return UnitFilter(None, "province_id")
    if unit.is_legacy:
        return {
            Level.PROVINCE: UnitFilter("legacy_province_id", "legacy_district_id"),
            Level.DISTRICT: UnitFilter("legacy_district_id", "legacy_commune_id"),
            Level.COMMUNE: UnitFilter("legacy_commune_id", "village_id"),
        }[unit.level]
    return {
        Level.PROVINCE: UnitFilter("province_id", "commune_id"),
        Level.COMMUNE: UnitFilter("commune_id", "village_id"),
        Level.VILLAGE: UnitFilter("village_id", None),
    }[unit.level]


def child_units(unit: AdminUnit) -> list[AdminUnit]:
    if unit.level == Level.COUNTRY:
        return list(AdminUnit.objects.filter(level=Level.PROVINCE, is_legacy=False))
    if unit.is_legacy and unit.level == Level.COMMUNE:
        return list(unit.legacy_children.all())
    if unit.level == Level.VILLAGE:
        return []
    return list(unit.children.all())


def area_phrase(unit: AdminUnit) -> str:
    """How the seeds name the whole area: "Toàn tỉnh", "Toàn thành phố", "Toàn xã"…"""
    from danvan.geo.choices import UnitKind

    if unit.level == Level.COUNTRY:
        return _("Toàn quốc")
    if unit.is_legacy:
        return _("Địa bàn %(name)s (cũ)") % {"name": unit.name}
    word = {
        UnitKind.PROVINCE: _("Toàn tỉnh"), UnitKind.CITY: _("Toàn thành phố"), UnitKind.WARD: _("Toàn phường"),
        UnitKind.COMMUNE: _("Toàn xã"), UnitKind.SPECIAL_ZONE: _("Toàn đặc khu"),
    }.get(unit.kind)
    return word or (_("Toàn %(name)s") % {"name": unit.name})


# ---------------------------------------------------------------- scope
def _grant_column(unit: AdminUnit) -> str | None:
    if unit.level == Level.COUNTRY:
        return None
    if unit.is_legacy:
        return {Level.PROVINCE: "legacy_province_id", Level.DISTRICT: "legacy_district_id",
                Level.COMMUNE: "legacy_commune_id"}.get(unit.level, "village_id")
    return {Level.PROVINCE: "province_id", Level.COMMUNE: "commune_id"}.get(unit.level, "village_id")


def reachable(user: Any, unit: AdminUnit) -> bool:
    """Whether ``user`` may ask for ``unit``'s report.

    A current unit: it lies in one of the user's grants (or the user covers the country). A
    legacy unit: some part of it became a current unit inside the user's scope (a succession
    from it or its descendants, or one of its villages); the figures are then restricted to the
    user's scope like any report.
    """
    scope = Scope.of(user)
    if not unit.is_legacy:
        return scope.sees(unit.path)
    if scope.everything:
        return True
    for reach in scope.reaches:
        if UnitSuccession.objects.filter(legacy__path__under=unit.path,
                                         current__path__under=reach.path).exists():
            return True
        if AdminUnit.objects.filter(legacy_parent__path__under=unit.path,
                                    path__under=reach.path).exists():
            return True
    return False


def resolve_unit(key: str | None, user: Any = None) -> AdminUnit:
    """The unit by key ("VN", "92", "L93", "31135.01"); 404 when unknown or out of reach."""
    from danvan.geo.services import COUNTRY_KEY

    key = (key or COUNTRY_KEY).strip()
    unit = AdminUnit.objects.filter(key=key).first() or AdminUnit.objects.filter(key=key.upper()).first()
    if unit is None:
        raise Http404(_("Không có đơn vị mã '%(key)s'.") % {"key": key})
    if user is not None and not reachable(user, unit):
        raise Http404(_("Không có đơn vị mã '%(key)s'.") % {"key": key})
    return unit


def default_unit(user: Any) -> AdminUnit:
    """The user's own unit: the top of their first grant, or the country for an admin."""
    from danvan.geo.services import COUNTRY_KEY

    scope = Scope.of(user)
    if not scope.everything and scope.reaches:
        return min((r.unit for r in scope.reaches), key=lambda u: (u.level, u.path))
    return AdminUnit.objects.get(key=COUNTRY_KEY)


# ---------------------------------------------------------------- figures
@dataclass(slots=True)
class Figure:
    """One value; ratios carry their numerator and denominator (value in percent)."""

    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None

    def as_json(self, ratio: bool) -> Any:
        if ratio:
            return {"value": self.value, "numerator": self.numerator, "denominator": self.denominator}
        return self.value


def ratio(numerator: int | None, denominator: int | None) -> Figure:
    if numerator is None or denominator is None:
        return Figure(None, numerator, denominator)
    value = round(100.0 * numerator / denominator, 2) if denominator else None
    return Figure(value, numerator, denominator)


@dataclass
class IndicatorResult:
    indicator: Indicator
    has_data: bool
    current: Figure
    previous: Figure
    year_earlier: Figure

    @property
    def area_wide(self) -> bool:
        """Whether the figure counts facts without an organization kind (the whole area's)."""
        return registry.is_area_wide(self.indicator.code)

    def change(self, other: Figure) -> float | int | None:
        if self.current.value is None or other.value is None:
            return None
        return round(self.current.value - other.value, 2) if self.indicator.is_ratio else (
            self.current.value - other.value)

    def as_json(self) -> dict[str, Any]:
        ind = self.indicator
        data: dict[str, Any] = {
            "code": ind.code, "label": str(ind.label), "measure": str(ind.measure), "time": str(ind.time),
            "over": str(ind.over), "group": str(ind.group), "has_data": self.has_data,
            "value": self.current.value, "previous": self.previous.value, "year_earlier": self.year_earlier.value,
            "change_previous": self.change(self.previous), "change_year_earlier": self.change(self.year_earlier),
            "area_wide": self.area_wide,
        }
        if ind.is_ratio:
            data.update(numerator_code=ind.numerator, denominator_code=ind.denominator,
                        numerator=self.current.numerator, denominator=self.current.denominator)
        return data


@dataclass
class BreakdownRow:
    key: str
    label: str
    values: dict[str, Figure]
    unit: AdminUnit | None = None


@dataclass
class Breakdown:
    by: str
    label: str
    columns: list[Indicator]
    rows: list[BreakdownRow]

    def as_json(self) -> dict[str, Any]:
        return {
            "by": self.by, "label": self.label, "columns": [c.code for c in self.columns],
            "rows": [
                {"key": r.key, "label": r.label,
                 "values": {c.code: r.values[c.code].as_json(c.is_ratio) for c in self.columns}}
                for r in self.rows
            ],
        }


@dataclass
class Report:
    unit: AdminUnit
    period: Period
    previous: Period
    year_earlier: Period
    results: list[IndicatorResult]
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)
    # Built for a user whose grant is narrowed to an organization kind: area-wide figures
    # (households…) are not narrowed, and the report says so (``area_wide_note``).
    kind_limited: bool = False

    def result(self, code: str) -> IndicatorResult:
        for r in self.results:
            if r.indicator.code == code:
                return r
        raise KeyError(code)

    def value(self, code: str) -> Any:
        return self.result(code).current.value

    def area_wide_groups(self) -> list[str]:
        """Groups of the area-wide figures that are not zero (for a kind-limited user's note)."""
        groups: list[str] = []
        for r in self.results:
            if r.has_data and r.current.value and r.area_wide and str(r.indicator.group) not in groups:
                groups.append(str(r.indicator.group))
        return groups

    def area_wide_note(self) -> str:
        """For a user limited to one organization kind: which figures are the whole area's; else ''."""
        groups = self.area_wide_groups() if self.kind_limited else []
        if not groups:
            return ""
        what = "; ".join(g if g.startswith("\"") else g[0].lower() + g[1:] for g in groups)
        return _("Số liệu %(what)s là của toàn địa bàn, không riêng tổ chức của bạn.") % {"what": what}

    def as_json(self) -> dict[str, Any]:
        def period(p: Period) -> dict[str, Any]:
            return {"code": p.code, "label": p.label, "start": p.start.isoformat(), "end": p.end.isoformat(),
                    "mode": str(p.mode)}

        return {
            "unit": {"key": self.unit.key, "name": self.unit.name, "level": int(self.unit.level),
                     "legacy": self.unit.is_legacy},
            "period": period(self.period), "previous": period(self.previous),
            "year_earlier": period(self.year_earlier),
            "indicators": [r.as_json() for r in self.results],
            "breakdowns": {by: b.as_json() for by, b in self.breakdowns.items()},
            "kind_limited": self.kind_limited, "area_wide_note": self.area_wide_note(),
        }


# ---------------------------------------------------------------- queries
def _where(unit: AdminUnit, user: Any) -> tuple[str, list[Any]]:
    parts, params = ["1 = 1"], []
    column = unit_filter(unit).column
    if column:
        parts.append(f"{column} = %s")
        params.append(unit.pk)
    elif unit.level == Level.COUNTRY:
        # The facts' indexes begin with the province: naming every province lets a country-wide
        # read seek them instead of scanning every fact (the national profile's distinct counts:
        # 0.3 s instead of 3 s). Facts filed at the country itself have no province.
        ids = list(AdminUnit.objects.filter(level=Level.PROVINCE).order_by("pk").values_list("pk", flat=True))
        marks = ", ".join(["%s"] * len(ids))
        parts.append(f"(province_id IN ({marks}) OR province_id IS NULL)" if ids else "province_id IS NULL")
        params.extend(ids)
    if user is not None:
        scope = Scope.of(user).fact_condition(_grant_column)
        if scope is not None:
            parts.append(scope[0])
            params.extend(scope[1])
    return " AND ".join(parts), params


def _codes_needed(indicators: list[Indicator]) -> list[str]:
    codes: set[str] = set()
    for ind in indicators:
        if ind.is_ratio:
            codes |= {registry.get(ind.numerator).fact_code, registry.get(ind.denominator).fact_code}
        else:
            codes.add(ind.fact_code)
    return sorted(codes)


def _split_codes() -> set[str]:
    """The codes some indicator filters on by poverty or category (``Indicator.base_filter``)."""
    return {registry.get(ind.base).fact_code for ind in registry.ordered() if ind.base}


def _series_columns(codes: list[str]) -> tuple[str, str]:
    """SQL: the (poverty, category) a row is read with, and their GROUP BY terms. Only the codes
    some indicator filters on keep them (``_additive_sums`` asks for those apart); every other
    code's rows fold into one series per group, so a province by commune reads a row per
    (indicator, commune), not per category too, and groups by nothing more (a constant in the
    GROUP BY still costs SQLite its sort)."""
    split = _split_codes()
    if not any(code in split for code in codes):
        return "'' AS xpv, '' AS xct", ""
    if not all(code in split for code in codes):
        raise ValueError(codes)
    return "poverty AS xpv, category AS xct", ", xpv, xct"


def _age_band(expr: str, age_year: int | None) -> tuple[str, list[Any]]:
    """SQL: the age band ('a30', 'a45', 'a60', 'a61'; '' unknown) at ``age_year`` of a birth year ``expr``."""
    sql = (f"CASE WHEN {expr} IS NULL THEN '' WHEN %s - {expr} <= 30 THEN 'a30' "
           f"WHEN %s - {expr} <= 45 THEN 'a45' WHEN %s - {expr} <= 60 THEN 'a60' ELSE 'a61' END")
    return sql, [age_year] * 3


def _sums(where: str, params: list[Any], codes: list[str], periods: list[Period], group: str | None,
          age_year: int | None = None) -> Sums:
    """The sums of the facts (see ``Sums``)."""
    if not codes:
        return {}
    select, sel_params = [], []
    for p in periods:
        select.append("SUM(CASE WHEN day <= %s THEN value ELSE 0 END)")
        select.append("SUM(CASE WHEN day >= %s AND day <= %s THEN value ELSE 0 END)")
        sel_params += [p.end, p.start, p.end]
    group_expr, group_params = "NULL", []
    if group == "birth_year":  # age bands at the period's end
        group_expr, group_params = _age_band("birth_year", age_year)
    elif group:
        group_expr = group
    marks = ", ".join(["%s"] * len(codes))
    group_by = "" if group_expr == "NULL" else f", {group_expr}"
    series, series_group = _series_columns(codes)
    sql = (f"SELECT indicator, {series}, {group_expr} AS grp, {', '.join(select)} "  # noqa: S608
           f"FROM {FACT_TABLE} WHERE {where} AND indicator IN ({marks}) AND day <= %s "
           f"GROUP BY indicator{series_group}{group_by}")
    all_params = group_params + sel_params + params + codes + [max(p.end for p in periods)] + (
        group_params if group_by else [])
    out: Sums = defaultdict(list)
    with report_connection().cursor() as cursor:
        cursor.execute(sql, all_params)
        for row in cursor.fetchall():
            values = row[4:]
            out[(row[0], row[3])].append((row[1], row[2], [
                (int(values[2 * i] or 0), int(values[2 * i + 1] or 0)) for i in range(len(periods))
            ]))
    return out


# Read the running totals when they can answer (see ``_total_sums``); tests switch it off to compare.
USE_TOTALS = True


def _totals_scope(user: Any) -> tuple[str, list[Any], bool] | None:
    """The user's scope as a condition on the totals' province/commune columns.

    Returns (sql, params, needs_communes) or None when the totals cannot express it (a village or
    legacy grant, or an organization-kind grant: those read the facts).
    """
    if user is None:
        return "1 = 1", [], False
    scope = Scope.of(user)
    if scope.everything:
        return "1 = 1", [], False
    if scope.kind_limited:
        return None
    parts, params, communes = [], [], False
    for reach in scope.reaches:
        if reach.unit.is_legacy:
            return None
        column = _grant_column(reach.unit)
        if column is None:
            parts.append("1 = 1")
            continue
        if column not in ("province_id", "commune_id"):
            return None
        communes |= column == "commune_id"
        parts.append(f"{column} = %s")
        params.append(reach.unit.pk)
    if not parts:
        return None
    return "(" + " OR ".join(parts) + ")", params, communes


_DIMENSION_GRAIN = {column: grain for grain, column in DIMENSION_GRAINS.items()}


def _total_sums(unit: AdminUnit, user: Any, codes: list[str], periods: list[Period], group: str | None,
                age_year: int | None = None) -> Sums | None:
    """``_sums`` from the running totals: a few rows per (indicator, child unit or breakdown value, period).

    A stock at E is total(E); a flow over [S, E] is total(E) − total(S − 1). Answers for current
    units down to a commune, by child unit down to communes, by any breakdown for a province or
    the country, for periods starting after and ending on a half-month boundary inside the totals'
    years; otherwise None (read the facts).
    """
    if not USE_TOTALS or not codes:
        return None
    dimension_grain = _DIMENSION_GRAIN.get(group or "")
    by_column = group in ("poverty", "category")
    if group not in (None, unit_filter(unit).child_column) and not (dimension_grain or by_column):
        return None
    if unit.is_legacy:
        # Legacy province (by district) and legacy district: grains 3 and 4, unrestricted scope only.
        if unit.level not in (Level.PROVINCE, Level.DISTRICT) or group not in (None, "legacy_district_id"):
            return None
        if user is not None and not Scope.of(user).everything:
            return None
        scope_sql, scope_params, needs_communes = "1 = 1", [], False
    else:
        if unit.level not in (Level.COUNTRY, Level.PROVINCE, Level.COMMUNE):
            return None
        if group not in (None, "province_id", "commune_id") and not (dimension_grain or by_column):
            return None  # villages: the commune's facts
        scope = _totals_scope(user)
        if scope is None:
            return None
        scope_sql, scope_params, needs_communes = scope
        if (dimension_grain or by_column) and (needs_communes or unit.level == Level.COMMUNE):
            return None  # a commune's breakdowns read its own facts (few)
    flows = any(registry.get(c).time == Time.FLOW for c in codes)
    days: set[dt.date] = set()
    for p in periods:
        days.add(p.end)
        if flows:
            days.add(p.start - dt.timedelta(days=1))
    if not all(is_boundary(d) for d in days):
        return None
    where, params = [], []
    if unit.is_legacy and unit.level == Level.PROVINCE:
        grain = 4 if group else 3
        where.append("province_id = %s")
        params.append(unit.pk)
        group = group and "commune_id"
    elif unit.is_legacy:
        grain = 4
        where += ["province_id = %s", "commune_id = %s"]
        params += [unit.province_id or 0, unit.pk]
    elif unit.level == Level.COUNTRY:
        grain = 2 if needs_communes else 1
    elif unit.level == Level.PROVINCE:
        grain = 2 if needs_communes or (group and not (dimension_grain or by_column)) else 1
        where.append("province_id = %s")
        params.append(unit.pk)
    else:
        grain = 2
        where += ["province_id = %s", "commune_id = %s"]
        params += [unit.province_id or 0, unit.pk]
    grp, grp_params = group or "NULL", []
    grains = [grain]
    if dimension_grain:
        # The breakdown's own series (grain 5–7) beside the grain-1 totals: facts without a value
        # in the column are the difference.
        grains.append(dimension_grain)
        grp = "breakdown"
        if group == "birth_year":
            grp, grp_params = _age_band("CASE WHEN grain = 1 THEN NULL ELSE CAST(breakdown AS INTEGER) END",
                                        age_year)
    # The grain is grouped on only when two are read (a breakdown beside the grain-1 totals).
    grain_column, grain_group = ("grain", ", grain") if len(grains) > 1 else ("0", "")
    group_by = f"{grain_group}, {grp}" if group else grain_group
    ordered = sorted(days)
    code_marks = ", ".join(["%s"] * len(codes))
    # A province's or a commune's commune rows: the grain written out, so the partial index on
    # grain 2 (which holds the value) can answer (neither database matches a parameter to it).
    commune_rows = grains == [2] and not unit.is_legacy and unit.level in (Level.PROVINCE, Level.COMMUNE)
    grain_sql = "grain = 2" if commune_rows else f"grain IN ({', '.join(['%s'] * len(grains))})"
    grain_params = [] if commune_rows else grains
    connection = report_connection()
    if all(is_checkpoint(d) for d in ordered):
        # Year ends: every series has its row on the day itself (see ledger.CHECKPOINTS).
        pivot_case, pivot_params = "day = %s", list(ordered)
        days_sql, days_params = f"day IN ({', '.join(['%s'] * len(ordered))})", list(ordered)
        index_name = "ind_total_commune_idx" if commune_rows else "ind_total_year_idx"
    else:
        # A series' value on day D is its one row with day <= D < next_day (sparse rows, see FactTotal).
        pivot_case, pivot_params = "day <= %s AND next_day > %s", [d for day in ordered for d in (day, day)]
        days_sql, days_params = "next_day > %s AND day <= %s", [ordered[0], ordered[-1]]
        index_name = "ind_total_span_idx"
    # Integers on both databases (PostgreSQL's SUM of a bigint is a numeric), never NULL in a group.
    pivot = ", ".join([f"CAST(SUM(CASE WHEN {pivot_case} THEN value ELSE 0 END) AS BIGINT)"] * len(ordered))
    # SQLite without statistics would take the series-first unique key (every row of the province).
    hint = f" INDEXED BY {index_name}" if connection.vendor == "sqlite" else ""
    series, series_group = _series_columns(codes)
    sql = (f"SELECT indicator, {series}, {grain_column}, {grp}, {pivot} FROM {TOTAL_TABLE}{hint} "  # noqa: S608
           f"WHERE {grain_sql} AND {' AND '.join(where + [scope_sql])} "
           f"AND indicator IN ({code_marks}) AND {days_sql} GROUP BY indicator{series_group}{group_by}")
    column = {day: index for index, day in enumerate(ordered)}
    ends = [column[p.end] for p in periods]
    starts = [column.get(p.start - dt.timedelta(days=1)) for p in periods]
    pairs = [(e, b if flows else None) for e, b in zip(ends, starts, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*grp_params, *pivot_params, *grain_params, *params, *scope_params, *codes, *days_params,
                             *(grp_params if group else [])])
        rows = cursor.fetchall()
    out: Sums = defaultdict(list)
    if not dimension_grain:
        # One row per series and group (a province by commune: two thousand): straight to the answer.
        blank = "" if by_column else None
        for code, poverty, category, _grain, key, *at in rows:
            out[(code, (key or blank) if group else None)].append(
                (poverty, category, [(at[e], 0 if b is None else at[e] - at[b]) for e, b in pairs]))
        return out
    raw: dict[tuple[str, str, str, Any], list[int]] = {}
    whole: dict[tuple[str, str, str], list[int]] = {}  # grain-1 totals, for the remainder of a breakdown
    for code, poverty, category, row_grain, key, *at in rows:
        if row_grain != dimension_grain:
            whole[(code, poverty, category)] = at
        else:
            raw[(code, poverty, category, key or "")] = at
    # Facts without a value in the breakdown's column: the grain-1 total minus the listed values.
    listed: dict[tuple[str, str, str], list[int]] = {}
    for (*series, key), at in raw.items():
        if key:
            listed[tuple(series)] = [a + b for a, b in zip(listed.get(tuple(series), [0] * len(at)), at, strict=True)]
    for series, at in whole.items():
        rest = [total - part for total, part in zip(at, listed.get(series, [0] * len(at)), strict=True)]
        if any(rest):
            raw[(*series, "")] = [value + extra for value, extra in zip(raw.get((*series, ""), [0] * len(at)), rest,
                                                                        strict=True)]
    for (code, poverty, category, key), at in raw.items():
        out[(code, key)].append((poverty, category, [(at[e], 0 if b is None else at[e] - at[b]) for e, b in pairs]))
    return out


def until_today(periods: list[Period]) -> list[Period]:
    """The periods as an ``as_of_today`` stock reads them: one not over yet ends today."""
    day = today()
    return [replace(p, end=day) if p.end > day else p for p in periods]


def _additive_sums(unit: AdminUnit, user: Any, where: str, params: list[Any], codes: list[str],
                   periods: list[Period], group: str | None,
                   age_year: int | None) -> Sums:
    """``_sums`` (from the running totals when they can answer); the stocks declared
    ``as_of_today`` are read at today for a period not over yet."""
    ahead = [c for c in codes if registry.get(c).as_of_today]
    split = _split_codes()  # read apart: see ``_series_columns``
    out: Sums = {}
    for part, at in (([c for c in codes if c not in ahead], periods), (ahead, until_today(periods))):
        for subset in ([c for c in part if c in split], [c for c in part if c not in split]):
            if not subset:
                continue
            raw = _total_sums(unit, user, subset, at, group, age_year)
            out.update(raw if raw is not None else _sums(where, params, subset, at, group, age_year))
    return out


def _distinct(where: str, params: list[Any], codes: list[str], periods: list[Period],
              group: str | None) -> dict[tuple[str, Any], list[int]]:
    """Distinct flows: entities with a positive fact in each period."""
    if not codes:
        return {}
    # A year's previous period is also its year earlier: each distinct span is counted once.
    spans = list(dict.fromkeys((p.start, p.end) for p in periods))
    column = [spans.index((p.start, p.end)) for p in periods]
    select, sel_params = [], []
    for start, end in spans:
        if len(spans) == 1:  # the WHERE clause bounds the one span
            select.append("COUNT(DISTINCT entity)")
        else:
            select.append("COUNT(DISTINCT CASE WHEN day >= %s AND day <= %s THEN entity END)")
            sel_params += [start, end]
    group_expr = group if group and group != "birth_year" else "NULL"
    marks = ", ".join(["%s"] * len(codes))
    group_by = "" if group_expr == "NULL" else f", {group_expr}"
    # The periods' span bounds the rows read (the fact indexes end in ``day``, ``value``); a group
    # without a positive fact is left out (read as 0).
    sql = (f"SELECT indicator, {group_expr} AS grp, {', '.join(select)} FROM {FACT_TABLE} "  # noqa: S608
           f"WHERE {where} AND indicator IN ({marks}) AND day >= %s AND day <= %s AND value > 0 "
           f"GROUP BY indicator{group_by}")
    span = [min(p.start for p in periods), max(p.end for p in periods)]
    with report_connection().cursor() as cursor:
        cursor.execute(sql, sel_params + params + codes + span)
        return {(r[0], r[1]): [int(r[2 + i] or 0) for i in column] for r in cursor.fetchall()}


Evaluate = Callable[[dict, dict, Any, int], Figure]


def _evaluator(ind: Indicator, sourced: set[str]) -> Evaluate:
    """A function ``(sums, distinct, group, period index) -> Figure`` for ``ind``, its lookups
    resolved once (a province by commune evaluates every indicator for a hundred communes)."""
    if ind.code not in sourced:
        return lambda sums, distinct, grp, i: Figure(None)
    if ind.is_ratio:
        numerator = _evaluator(registry.get(ind.numerator), sourced)
        denominator = _evaluator(registry.get(ind.denominator), sourced)

        def of_ratio(sums: dict, distinct: dict, grp: Any, i: int) -> Figure:
            num, den = numerator(sums, distinct, grp, i).value, denominator(sums, distinct, grp, i).value
            return ratio(None if num is None else int(num), None if den is None else int(den))
        return of_ratio
    code = ind.fact_code
    if ind.time == Time.FLOW and ind.over == Over.DISTINCT:
        return lambda sums, distinct, grp, i: Figure(distinct[(code, grp)][i] if (code, grp) in distinct else 0)
    kind = 0 if ind.time == Time.STOCK else 1  # (stock, flow) per period
    column, wanted = ind.base_filter
    position = {"poverty": 0, "category": 1}.get(column)

    def of_sum(sums: dict, distinct: dict, grp: Any, i: int) -> Figure:
        return Figure(sum(row[2][i][kind] for row in sums.get((code, grp), ()) if row[position] == wanted))

    def of_all(sums: dict, distinct: dict, grp: Any, i: int) -> Figure:
        rows = sums.get((code, grp), ())
        # Most series have one row per group (poverty and category folded in the query).
        return Figure(rows[0][2][i][kind] if len(rows) == 1 else sum(row[2][i][kind] for row in rows))
    return of_all if position is None else of_sum


def build_report(unit: AdminUnit, period: Period, by: str | list[str] | None = "child", user: Any = None,
                 codes: list[str] | None = None, breakdown_codes: dict[str, list[str]] | None = None) -> Report:
    """Every indicator (or ``codes``) for ``unit`` and ``period``, with the asked breakdowns.

    ``user`` restricts the figures to the user's scope (None: no restriction, for commands).
    ``breakdown_codes`` narrows a breakdown to the indicators a page shows of it (the dashboard's
    table has a third of them by child unit, a chart one or two); a breakdown not named has all.
    """
    indicators = [registry.get(c) for c in codes] if codes else registry.ordered()
    sourced = registry.sourced_codes()
    periods = [period, period.previous(), period.year_earlier()]
    where, params = _where(unit, user)
    needed = _codes_needed([i for i in indicators if i.code in sourced])
    flow_distinct = [c for c in needed if registry.get(c).time == Time.FLOW and registry.get(c).over == Over.DISTINCT]
    additive = [c for c in needed if c not in flow_distinct]
    sums = _additive_sums(unit, user, where, params, additive, periods, None, None)
    distinct = _distinct(where, params, flow_distinct, periods, None)
    results = []
    for ind in indicators:
        evaluate = _evaluator(ind, sourced)
        results.append(IndicatorResult(ind, ind.code in sourced, *(evaluate(sums, distinct, None, i) for i in range(3))))
    kind_limited = user is not None and Scope.of(user).kind_limited
    report = Report(unit, period, periods[1], periods[2], results, kind_limited=kind_limited)
    for item in [by] if isinstance(by, str) else (by or []):
        wanted = (breakdown_codes or {}).get(item)
        shown = indicators if wanted is None else [registry.get(c) for c in wanted]
        report.breakdowns[item] = build_breakdown(unit, period, item, user, shown, sourced)
    return report


def build_breakdown(unit: AdminUnit, period: Period, by: str, user: Any, indicators: list[Indicator],
                    sourced: set[str]) -> Breakdown:
    """One breakdown of ``indicators`` for the period: by child unit, or by a registered dimension."""
    if by not in BREAKDOWNS:
        raise ValueError(by)
    where, params = _where(unit, user)
    dim = None if by == "child" else dimension(by)
    if dim is None:
        columns = [i for i in indicators if i.code in sourced]
        group = unit_filter(unit).child_column
    else:
        columns = [i for i in indicators if i.code in sourced and (by in i.dims or (
            i.base and by in registry.get(i.base).dims and i.base_filter[0] != dim.column))]
        group = dim.column
    rows: list[BreakdownRow] = []
    if dim is None and group is None:
        return Breakdown(by, breakdown_label(by), columns, rows)
    banded = group == "birth_year"  # age bands: every band is listed, even when empty
    needed = _codes_needed(columns)
    flow_distinct = [c for c in needed if registry.get(c).time == Time.FLOW and registry.get(c).over == Over.DISTINCT]
    additive = [c for c in needed if c not in flow_distinct]
    sums = _additive_sums(unit, user, where, params, additive, [period], group, period.end.year)
    distinct = _distinct(where, params, flow_distinct, [period], group)
    seen = {key[1] for key in sums} | {key[1] for key in distinct}
    if dim is None:
        keyed: list[tuple[Any, str, str, AdminUnit | None]] = [(c.pk, c.key, c.name, c) for c in child_units(unit)]
        known = {k[0] for k in keyed}
        if seen - known:
            keyed.append((None, "", _("Chưa xác định đơn vị trực thuộc"), None))
            # Facts whose child column is empty or points outside the listed children.
            sums = _merge_groups(sums, seen - known)
    else:
        keyed = [(k, k, label, None) for k, label in dimension_values(by)]
        if not banded:
            # Keys the dimension does not list (say, a category without a registered label) show as themselves.
            known = {k for k, *_rest in keyed}
            keyed += [(k, k, k, None) for k in sorted(k for k in seen - known if k)]
            if "" in seen:
                keyed.append(("", "", _("Không xác định"), None))
    evaluators = {c.code: _evaluator(c, sourced) for c in columns}
    for grp, key, label, child in keyed:
        if grp == "" and not banded and "" not in seen:
            continue
        values = {code: evaluate(sums, distinct, grp, 0) for code, evaluate in evaluators.items()}
        rows.append(BreakdownRow(key, label, values, child))
    return Breakdown(by, breakdown_label(by), columns, rows)


def _merge_groups(sums: Sums, groups: set[Any]) -> Sums:
    """``sums`` (one period) with the rows of ``groups`` summed into the group None, series by series."""
    merged: dict[tuple[str, str, str], tuple[int, int]] = {}
    for (code, grp), rows in sums.items():
        if grp in groups:
            for poverty, category, ((stock, flow),) in rows:
                old_stock, old_flow = merged.get((code, poverty, category), (0, 0))
                merged[(code, poverty, category)] = (old_stock + stock, old_flow + flow)
    out: Sums = defaultdict(list, {key: rows for key, rows in sums.items() if key[1] not in groups})
    for (code, poverty, category), pair in merged.items():
        out[(code, None)].append((poverty, category, [pair]))
    return out


def today() -> dt.date:
    """Today at the site (``TIME_ZONE``): the day ``as_of_today`` stocks are read at."""
    return timezone.localdate()
