"""The registers' baselines for ``danvan bench report`` (registered by ``people.indicators``).

Beside the ledger report timed by ``danvan.indicators.bench``:
- (a) the same figures by plain Django ORM aggregation over the register tables;
- (b) the same figures by DuckDB scanning the register tables copied into it (copy not timed);
- saving one member (person + membership) with its facts, rolled back each time.
"""

import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q

from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit
from danvan.indicators.bench import median_ms
from danvan.indicators.builder import Report
from danvan.indicators.periods import Period

from .models import Branch, Household, HouseholdPoverty, Membership, Person


def describe() -> str:
    """The data's size, for the benchmark's first line."""
    return f"{Membership.objects.count():,} memberships"


# ---------------------------------------------------------------- (a) plain ORM
def orm_figures(unit: AdminUnit, period: Period) -> dict[str, Any]:
    """Headline figures for 3 periods and members by child unit, by ORM aggregation."""
    field = "province_id" if unit.level == Level.COUNTRY else "commune_id"
    scope = Q() if unit.level == Level.COUNTRY else Q(unit_path__under=unit.path)
    out: dict[str, Any] = {}
    for name, p in (("current", period), ("previous", period.previous()), ("year", period.year_earlier())):
        end = p.end
        active = scope & (Q(joined__isnull=True) | Q(joined__lte=end)) & (Q(left__isnull=True) | Q(left__gt=end))
        members = Membership.objects.filter(active)
        alive = (Q(founded__isnull=True) | Q(founded__lte=end)) & (Q(dissolved__isnull=True) | Q(dissolved__gt=end))
        households = Household.objects.filter(scope)
        covered = households.filter(Exists(Membership.objects.filter(
            (Q(joined__isnull=True) | Q(joined__lte=end)) & (Q(left__isnull=True) | Q(left__gt=end)),
            person__household=OuterRef("pk"))))
        poverty = HouseholdPoverty.objects.filter(household__in=households, year__lte=end.year)
        latest = {}
        for household_id, _year, status in poverty.values_list("household_id", "year", "status").order_by("year"):
            latest[household_id] = status
        out[name] = {
            "MB-MEMBERS": members.count(),
            "MV-REGULAR-N": members.filter(attends_regularly=True).count(),
            "MB-BRANCHES": Branch.objects.filter(scope & alive).count(),
            "MB-HOUSEHOLDS": households.count(),
            "MB-HH-MEMBER": covered.count(),
            "HH-POOR": sum(1 for s in latest.values() if s == "poor"),
        }
        if name == "current":
            out["child"] = dict(members.values_list(field).annotate(n=Count("id")).values_list(field, "n"))
    return out


# ---------------------------------------------------------------- (b) DuckDB
def duckdb_copy() -> Any:
    """Copy the register columns the report needs into an in-memory DuckDB (through CSV files)."""
    import csv
    import tempfile

    import duckdb

    db = duckdb.connect()
    tables = {
        "membership": ("SELECT id, person_id, province_id, commune_id, unit_path, joined, \"left\", org_kind, "
                       "CASE WHEN attends_regularly THEN 1 ELSE 0 END AS regular FROM people_membership"),
        "person": "SELECT id, household_id, sex, birth_year FROM people_person",
        "branch": "SELECT id, province_id, commune_id, unit_path, founded, dissolved FROM people_branch",
        "household": "SELECT id, province_id, commune_id, unit_path FROM people_household",
        "poverty": "SELECT household_id, year, status FROM people_householdpoverty",
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, sql in tables.items():
            path = f"{tmp}/{name}.csv"
            with connection.cursor() as cursor, open(path, "w", newline="", encoding="utf-8") as handle:
                cursor.execute(sql)
                writer = csv.writer(handle)
                header = [c[0] for c in cursor.description]
                writer.writerow(header)
                while rows := cursor.fetchmany(50_000):
                    writer.writerows(rows)
            dates = ", ".join(f"'{c}': 'DATE'" for c in header if c in ("joined", "left", "founded", "dissolved"))
            types = f", types = {{{dates}}}" if dates else ""
            db.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path}', header = true{types})")  # noqa: S608
    return db


def duckdb_figures(db: Any, unit: AdminUnit, period: Period) -> dict[str, Any]:
    field = "province_id" if unit.level == Level.COUNTRY else "commune_id"

    def scope(alias: str = "") -> str:
        return "TRUE" if unit.level == Level.COUNTRY else f"{alias}unit_path LIKE '{unit.path}%'"

    out: dict[str, Any] = {}
    for name, p in (("current", period), ("previous", period.previous()), ("year", period.year_earlier())):
        end = f"DATE '{p.end.isoformat()}'"

        def active(alias: str = "", end: str = end) -> str:
            return (f"({alias}joined IS NULL OR {alias}joined <= {end}) "
                    f"AND ({alias}\"left\" IS NULL OR {alias}\"left\" > {end})")

        row = db.execute(f"""
            SELECT
              (SELECT COUNT(*) FROM membership WHERE {scope()} AND {active()}),
              (SELECT COUNT(*) FROM membership WHERE {scope()} AND {active()} AND regular = 1),
              (SELECT COUNT(*) FROM branch WHERE {scope()} AND (founded IS NULL OR founded <= {end})
                 AND (dissolved IS NULL OR dissolved > {end})),
              (SELECT COUNT(*) FROM household WHERE {scope()}),
              (SELECT COUNT(DISTINCT p.household_id) FROM membership m JOIN person p ON p.id = m.person_id
                 JOIN household h ON h.id = p.household_id WHERE {scope('h.')} AND {active('m.')}),
              (SELECT COUNT(*) FROM (SELECT arg_max(status, year) AS s FROM poverty x JOIN household h
                 ON h.id = x.household_id WHERE {scope('h.')} AND year <= {p.end.year} GROUP BY x.household_id)
                 WHERE s = 'poor')
        """).fetchone()  # noqa: S608 — benchmark SQL over dates and paths from the database
        out[name] = dict(zip(["MB-MEMBERS", "MV-REGULAR-N", "MB-BRANCHES", "MB-HOUSEHOLDS", "MB-HH-MEMBER",
                              "HH-POOR"], row, strict=True))
        if name == "current":
            out["child"] = dict(db.execute(
                f"SELECT {field}, COUNT(*) FROM membership WHERE {scope()} AND {active()} GROUP BY 1"  # noqa: S608
            ).fetchall())
    return out


def duckdb_breakdowns(db: Any, unit: AdminUnit, period: Period) -> dict[str, Callable[[], Any]]:
    """DuckDB queries answering the register side of each breakdown for the period's end: members by
    child unit, organization kind, sex and age band; households by poverty status."""
    field = "province_id" if unit.level == Level.COUNTRY else "commune_id"
    scope = "TRUE" if unit.level == Level.COUNTRY else f"m.unit_path LIKE '{unit.path}%'"
    end = f"DATE '{period.end.isoformat()}'"
    active = f"{scope} AND (m.joined IS NULL OR m.joined <= {end}) AND (m.\"left\" IS NULL OR m.\"left\" > {end})"
    members = f"FROM membership m JOIN person p ON p.id = m.person_id WHERE {active}"
    age = period.end.year
    band = (f"CASE WHEN p.birth_year IS NULL THEN '' WHEN {age} - p.birth_year <= 30 THEN 'a30' "
            f"WHEN {age} - p.birth_year <= 45 THEN 'a45' WHEN {age} - p.birth_year <= 60 THEN 'a60' ELSE 'a61' END")
    households = "TRUE" if unit.level == Level.COUNTRY else f"h.unit_path LIKE '{unit.path}%'"
    queries = {
        "child": f"SELECT m.{field}, COUNT(*) {members} GROUP BY 1",
        "org": f"SELECT m.org_kind, COUNT(*) {members} GROUP BY 1",
        "sex": f"SELECT p.sex, COUNT(*) {members} GROUP BY 1",
        "age": f"SELECT {band}, COUNT(*) {members} GROUP BY 1",
        "poverty": (f"SELECT s, COUNT(*) FROM (SELECT arg_max(status, year) AS s FROM poverty x JOIN household h "  # noqa: S608
                    f"ON h.id = x.household_id WHERE {households} AND year <= {period.end.year} "
                    "GROUP BY x.household_id) GROUP BY 1"),  # noqa: S608 — dates and paths from the database
    }
    return {by: (lambda sql=sql: db.execute(sql).fetchall()) for by, sql in queries.items()}


def _compare_breakdowns(write: Callable[[str], Any], db: Any, unit: AdminUnit, period: Period, repeat: int,
                        breakdown_ms: dict[str, float]) -> None:
    """Per breakdown: the ledger's whole report (every indicator) against DuckDB's one register query."""
    write(f"      {'breakdown':<10} {'ledger ms':>10} {'DuckDB ms':>10} {'DuckDB/ledger':>14}")
    for by, query in duckdb_breakdowns(db, unit, period).items():
        if by not in breakdown_ms:
            continue
        duck = median_ms(query, repeat)[0]
        write(f"      {by:<10} {breakdown_ms[by]:>10.1f} {duck:>10.1f} {duck / breakdown_ms[by]:>13.1f}×")


# ---------------------------------------------------------------- saving one member
def save_member_ms(repeat: int) -> float:
    branch = Branch.objects.order_by("id").first()
    household = Household.objects.filter(unit=branch.unit).first() if branch else None
    if branch is None:
        raise CommandError("Chưa có chi hội: chạy 'danvan bench generate' trước.")
    times = []
    for i in range(repeat + 1):
        start = time.perf_counter()
        with transaction.atomic():
            person = Person(code=f"BENCH-{i}", full_name="Nguyễn Văn Thử", sex="male", birth_year=1990,
                            household=household, unit=branch.unit)
            person.save()
            Membership(person=person, branch=branch, joined=dt.date(2025, 1, 1)).save()
            elapsed = (time.perf_counter() - start) * 1000
            transaction.set_rollback(True)
        if i:
            times.append(elapsed)
    return statistics.median(times)


def run(write: Callable[[str], Any], *, unit: AdminUnit, period: Period, report: Report, ledger_ms: float,
        repeat: int, skip_orm: bool, skip_duckdb: bool, breakdown_ms: dict[str, float] | None = None) -> None:
    """Print the ledger report's register figures, the baselines' timings and ratios, and one save."""
    write(f"    MB-MEMBERS = {report.value('MB-MEMBERS'):,}; MB-HH-COVER = {report.value('MB-HH-COVER')}%")
    results: dict[str, float] = {}
    if not skip_orm:
        orm_ms, orm = median_ms(lambda: orm_figures(unit, period), max(3, repeat // 5))
        results["orm"] = orm_ms
        same = orm["current"]["MB-MEMBERS"] == report.value("MB-MEMBERS")
        write(f"  (a) Django ORM over the registers: median {orm_ms:.1f} ms "
              f"(MB-MEMBERS {orm['current']['MB-MEMBERS']:,}, {'same' if same else 'DIFFERENT'})")
    if not skip_duckdb:
        start = time.perf_counter()
        db = duckdb_copy()
        write(f"  (b) DuckDB: tables copied in {time.perf_counter() - start:.1f} s (not timed below)")
        duck_ms, duck = median_ms(lambda: duckdb_figures(db, unit, period), repeat)
        results["duckdb"] = duck_ms
        same = duck["current"]["MB-MEMBERS"] == report.value("MB-MEMBERS")
        write(f"      DuckDB scan: median {duck_ms:.1f} ms "
              f"(MB-MEMBERS {duck['current']['MB-MEMBERS']:,}, {'same' if same else 'DIFFERENT'})")
        _compare_breakdowns(write, db, unit, period, repeat, breakdown_ms or {})
    for name, ms in results.items():
        write(f"  ratio {name} / ledger = {ms / ledger_ms:.1f}×")
    write(f"  save one member with its facts: median {save_member_ms(repeat):.2f} ms")
