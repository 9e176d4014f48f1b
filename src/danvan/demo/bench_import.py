"""``danvan bench import``: the import pipeline against the storage's raw limit, in one run.

On a database that already holds a province (the demo generator at ``--base-scale`` of the
province profile) plus 200 bench villages and their branches, it measures:

- the **raw limit**: the same rows written by a plain bulk insert into the same tables, one
  statement per table inside one transaction (SQLite: ``executemany``; PostgreSQL: ``COPY … FROM
  STDIN``) — members (person + membership) and households with their poverty status (household
  + review);
- the **pipeline** (``core.imports.run_import``: parsing, checks, scope, bulk writes, the fact
  ledger, the audit entry) from CSV and XLSX for members, from CSV for households;
- a plain per-row Django ORM save of members, for comparison.

Each phase runs in its own process on its own copy of the prepared database (SQLite: a copied
file; PostgreSQL, with ``--database-url postgresql://…`` or such a ``DATABASE_URL``: ``CREATE
DATABASE … TEMPLATE`` of a base database, dropped afterwards), so its rows/s and its peak memory
(ru_maxrss of that process) are its own. Models are found through the apps: ``core`` imports no app.
"""

import argparse
import csv
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.management.base import CommandError, CommandParser

HELP = ("Nhập 1.000.000 hội viên (CSV, XLSX) và 600.000 hộ gia đình kèm tình trạng nghèo qua quy trình nhập, "
        "so với giới hạn ghi thô của CSDL (executemany / COPY) và với ORM từng dòng; SQLite hoặc PostgreSQL.")

VILLAGES = 200
BRANCHES_PER_VILLAGE = 5
TARGETS = {"sqlite": 30_000, "postgresql": 60_000}  # rows/s of the CSV pipeline
XLSX_TARGET = 20_000
MEMORY_TARGET_MB = 500
RATIO_TARGET = 0.5


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--rows", type=int, default=1_000_000, help="Số dòng hội viên (mặc định 1.000.000).")
    parser.add_argument("--household-rows", type=int, default=600_000, help="Số hộ gia đình (mặc định 600.000).")
    parser.add_argument("--xlsx-rows", type=int, default=None, help="Số dòng của tệp XLSX (mặc định = --rows).")
    parser.add_argument("--orm-rows", type=int, default=20_000,
                        help="Số dòng cho phép đo ORM từng dòng (chậm; 0 = bỏ qua).")
    parser.add_argument("--base-scale", type=float, default=0.1,
                        help="CSDL nền chứa một tỉnh: hệ số của hồ sơ province (1.0 = 300.000 hội viên; 0 = không có).")
    parser.add_argument("--database-url", default=None,
                        help="postgresql://… : đo trên PostgreSQL (mặc định: DATABASE_URL nếu là PostgreSQL, không thì SQLite).")
    parser.add_argument("--keep", action="store_true", help="Giữ thư mục tạm để xem lại.")
    # One phase in this process (as the children run it: ``python -m danvan.demo.bench_import``).
    parser.add_argument("--phase", help=argparse.SUPPRESS, default=None)
    parser.add_argument("--file", help=argparse.SUPPRESS, default=None)


# ---------------------------------------------------------------- databases


class _Store:
    """The prepared base database and one fresh copy of it per phase (SQLite file or PostgreSQL template)."""

    def __init__(self, work: Path, url: str | None) -> None:
        self.work = work
        self.url = url
        self.vendor = "postgresql" if url else "sqlite"
        self.prefix = f"danvan_bench_import_{os.getpid()}"
        self.created: list[str] = []

    def env(self, name: str) -> dict[str, str]:
        home = self.work / name
        home.mkdir(exist_ok=True)
        if self.url:
            parts = urlsplit(self.url)
            url = urlunsplit(parts._replace(path=f"/{self.prefix}_{name}"))
        else:
            url = f"sqlite:///{home / 'danvan.sqlite3'}"
        return {**os.environ, "DANVAN_HOME": str(home), "DATABASE_URL": url}

    def _admin(self, sql: str) -> None:
        import psycopg

        parts = urlsplit(self.url or "")
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
            conn.execute(sql)

    def create_base(self) -> None:
        if self.url:
            self._admin(f'CREATE DATABASE "{self.prefix}_base"')
            self.created.append("base")

    def clone(self, name: str) -> dict[str, str]:
        env = self.env(name)
        if self.url:
            self._admin(f'CREATE DATABASE "{self.prefix}_{name}" TEMPLATE "{self.prefix}_base"')
            self.created.append(name)
        else:
            shutil.copy(self.work / "base" / "danvan.sqlite3", self.work / name / "danvan.sqlite3")
        return env

    def drop(self, name: str) -> None:
        if self.url and name in self.created:
            self._admin(f'DROP DATABASE IF EXISTS "{self.prefix}_{name}"')
            self.created.remove(name)
        shutil.rmtree(self.work / name, ignore_errors=True)

    def close(self) -> None:
        for name in list(self.created):
            self.drop(name)


def _danvan(env: dict[str, str], *args: str) -> str:
    """Run ``danvan <args>``, or with ``--phase`` one phase of this module in a lean process: not
    through ``danvan bench``, which imports every app's benchmark module (pandas, scikit-learn: 130 MB
    of peak memory that is not the import's)."""
    command = ["-m", __name__, *args[1:]] if args[0] == "--phase" else ["-m", "danvan", *args]
    done = subprocess.run(  # noqa: S603 — our own modules
        [sys.executable, *command], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise CommandError(f"danvan {' '.join(args)}: {done.stderr[-3000:]}")
    return done.stdout


def _database_url(options: dict[str, Any]) -> str | None:
    url = options.get("database_url") or ""
    if not url and os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        url = os.environ["DATABASE_URL"]
    if url and not url.startswith(("postgres://", "postgresql://")):
        raise CommandError("--database-url: chỉ nhận postgresql://… (bỏ trống để đo trên SQLite).")
    return url or None


# ---------------------------------------------------------------- the run


PHASES = (  # name, data set, label
    ("raw-members", "members", "thô hội viên"),
    ("csv", "members", "CSV hội viên"),
    ("xlsx", "members", "XLSX hội viên"),
    ("orm", "members", "ORM từng dòng"),
    ("raw-households", "households", "thô hộ"),
    ("households", "households", "CSV hộ"),
)


def run(command: Any, **options: Any) -> None:
    if options.get("phase"):
        _run_phase(options["phase"], Path(options["file"]))
        return
    rows, orm_rows, household_rows = options["rows"], options["orm_rows"], options["household_rows"]
    xlsx_rows = options["xlsx_rows"] or rows
    work = Path(tempfile.mkdtemp(prefix="danvan-bench-import-"))
    store = _Store(work, _database_url(options))
    write = command.stdout.write
    try:
        started = time.perf_counter()
        scale = options["base_scale"]
        write(f"Chuẩn bị CSDL nền ({store.vendor}): một tỉnh ở hệ số {scale} của hồ sơ province, "
              f"{VILLAGES} thôn và {VILLAGES * BRANCHES_PER_VILLAGE} chi hội để đo …")
        store.create_base()
        env = store.env("base")
        _danvan(env, "migrate", "-v0")
        _danvan(env, "geo", "load", "-v0")
        if scale > 0:
            _danvan(env, "bench", "generate", "--profile", "province", "--scale", str(scale))
        prepared_path = work / "prepared.json"
        _danvan(env, "--phase", "prepare", str(prepared_path))
        prepared = json.loads(prepared_path.read_text())
        codes, villages = prepared["branches"], prepared["villages"]
        write(f"  CSDL nền: {_vn(prepared['people'])} người, {_vn(prepared['households'])} hộ; "
              f"{time.perf_counter() - started:.0f} s")
        files = {
            "csv": (work / "members.csv", lambda p: _write_csv(p, rows, codes), rows),
            "xlsx": (work / "members.xlsx", lambda p: _write_xlsx(p, xlsx_rows, codes), xlsx_rows),
            "orm": (work / "members-orm.csv", lambda p: _write_csv(p, orm_rows, codes), orm_rows),
            "households": (work / "households.csv", lambda p: _write_households(p, household_rows, villages),
                           household_rows),
        }
        for path, make, count in files.values():
            started = time.perf_counter()
            make(path)
            write(f"  tệp {path.name} {_vn(count)} dòng: {path.stat().st_size / 1e6:.0f} MB; "
                  f"{time.perf_counter() - started:.1f} s")
        sources = {"raw-members": files["csv"], "raw-households": files["households"]}
        results: dict[str, dict[str, Any]] = {}
        for phase, _data, _label in PHASES:
            if phase == "orm" and not orm_rows:
                continue
            path, _make, count = sources.get(phase) or files[phase]
            try:
                out = _danvan(store.clone(phase), "--phase", phase, str(path))
            finally:
                store.drop(phase)
            results[phase] = {**json.loads(out.strip().splitlines()[-1]), "rows": count}
            write(f"  {phase}: {results[phase]['seconds']:.1f} s")
        write("")
        _table(write, store.vendor, results)
    finally:
        store.close()
        if options.get("keep"):
            write(f"Thư mục tạm: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _table(write: Any, vendor: str, results: dict[str, dict[str, Any]]) -> None:
    """The results, with each pipeline's ratio to the raw limit of its data set, and the targets."""
    rate = {phase: r["rows"] / r["seconds"] for phase, r in results.items()}
    raw_of = {"members": rate["raw-members"], "households": rate["raw-households"]}
    write(f"Nhập dữ liệu trên {vendor} / import on {vendor} "
          "(hội viên = người + tư cách hội viên; hộ = hộ gia đình + tình trạng nghèo)")
    write(f"{'pha / phase':<16} {'dòng':>10} {'giây':>8} {'dòng/giây':>11} {'bộ nhớ đỉnh MB':>15} {'÷ thô':>7}")
    for phase, data, label in PHASES:
        if phase not in results:
            continue
        r = results[phase]
        write(f"{label:<16} {_vn(r['rows']):>10} {r['seconds']:>8.1f} {_vn(rate[phase]):>11} {r['peak_mb']:>15.0f} "
              f"{rate[phase] / raw_of[data]:>7.2f}")
    csv_target = TARGETS[vendor]
    checks = [
        (f"CSV hội viên ≥ {_vn(csv_target)} dòng/s", rate["csv"] >= csv_target),
        (f"CSV hộ ≥ {_vn(csv_target)} dòng/s", rate["households"] >= csv_target),
        (f"XLSX ≥ {_vn(XLSX_TARGET)} dòng/s", rate["xlsx"] >= XLSX_TARGET),
        (f"CSV ≥ {RATIO_TARGET:.0%} giới hạn thô (hội viên {rate['csv'] / raw_of['members']:.0%}, "
         f"hộ {rate['households'] / raw_of['households']:.0%})",
         min(rate["csv"] / raw_of["members"], rate["households"] / raw_of["households"]) >= RATIO_TARGET),
        (f"bộ nhớ < {MEMORY_TARGET_MB} MB", max(r["peak_mb"] for r in results.values()) < MEMORY_TARGET_MB),
    ]
    write("Mục tiêu / targets: " + "; ".join(f"{text}: {'đạt' if ok else 'CHƯA ĐẠT'}" for text, ok in checks) + ".")
    if "orm" in rate:
        write(f"CSV nhanh gấp {rate['csv'] / rate['orm']:.0f} lần ORM từng dòng.")


def _vn(number: float) -> str:
    """1234567.8 → '1.234.568' (Vietnamese thousands separator)."""
    return f"{number:,.0f}".replace(",", ".")


# ---------------------------------------------------------------- files


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô"]
MIDDLE = {"female": ["Thị", "Ngọc", "Thị Kim", "Thị Thu"], "male": ["Văn", "Minh", "Hoàng", "Quốc"]}
GIVEN = {"female": ["Ánh", "Hoa", "Lan", "Mai", "Hương", "Thảo", "Trang", "Nhung", "Yến", "Hằng"],
         "male": ["Anh", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Phúc", "Tâm"]}
HEADER = ["Mã cá nhân", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Số điện thoại", "Mã chi hội", "Mã hộ",
          "Ngày vào", "Ngày ra", "Sinh hoạt thường xuyên", "Là cán bộ"]


def _name(i: int) -> str:
    sex = "female" if i % 2 else "male"
    return f"{FAMILY[i % 13]} {MIDDLE[sex][i // 13 % 4]} {GIVEN[sex][i // 52 % 10]}"


def _rows(count: int, codes: list[str]) -> Iterator[list[Any]]:
    for i in range(count):
        yield [f"HV{i:08d}", _name(i), "Nữ" if i % 2 else "Nam", str(1950 + i % 55), "Kinh",
               f"09{i:08d}" if i % 3 == 0 else "", codes[i % len(codes)], "", f"{1 + i % 28:02d}/{1 + i % 12:02d}/2020",
               "", "có" if i % 3 else "không", "không"]


def _write_csv(path: Path, count: int, codes: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(_rows(count, codes))


HOUSEHOLD_HEADER = ["Mã thôn", "Mã hộ", "Chủ hộ", "Số nhân khẩu", "Địa chỉ", "Năm rà soát", "Tình trạng nghèo"]
POVERTY_LABELS = ["Không nghèo"] * 18 + ["Hộ cận nghèo", "Hộ nghèo"]


def _write_households(path: Path, count: int, villages: list[str]) -> None:
    """Households spread over the villages, each with its 2025 poverty status."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HOUSEHOLD_HEADER)
        writer.writerows([villages[i % len(villages)], f"H{i:08d}", _name(i), 1 + i % 8, f"Tổ {1 + i % 12}", 2025,
                          POVERTY_LABELS[i % len(POVERTY_LABELS)]] for i in range(count))


def _write_xlsx(path: Path, count: int, codes: list[str]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Hội viên")
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(_rows(count, codes), start=1):
        row[3] = int(row[3])  # a number cell, as people type years
        sheet.write_row(r, 0, row)
    workbook.close()


# ---------------------------------------------------------------- phases (child processes)


def _run_phase(phase: str, path: Path) -> None:
    """One phase, in this process (``python -m danvan.demo.bench_import <phase> <file>``): prints its
    seconds and peak memory as JSON."""
    from django.db import transaction

    from danvan.core.imports import run_import

    if phase == "prepare":
        _prepare(path)
        return
    started = time.perf_counter()
    if phase in {"csv", "xlsx", "households"}:
        with path.open("rb") as stream:
            run_import("households" if phase == "households" else "members", stream, path.name, None)
    elif phase == "raw-members":
        _raw_members(path)
    elif phase == "raw-households":
        _raw_households(path)
    elif phase == "orm":
        with transaction.atomic():
            _orm_import(path)
    else:
        raise CommandError(f"unknown phase {phase}")
    seconds = time.perf_counter() - started
    print(json.dumps({"phase": phase, "seconds": seconds, "peak_mb": _peak_mb()}))  # noqa: T201 — read by the parent


def _peak_mb() -> float:
    """This process's peak resident memory: VmHWM (Linux; ``ru_maxrss`` survives ``exec`` and would
    report the parent's, the bench command with every app's benchmark module loaded)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _prepare(out: Path) -> None:
    """200 villages of one commune of Cần Thơ, its five mass organizations and their branches —
    written through the import pipeline itself (villages, organizations, branches files)."""
    from django.apps import apps

    from danvan.core.choices import MASS_ORG_KINDS
    from danvan.core.imports import run_import

    commune = (apps.get_model("geo", "AdminUnit").objects
               .filter(parent__key="92", is_legacy=False).order_by("key").first())
    village_codes = [f"B{v:03d}" for v in range(VILLAGES)]
    kinds = [str(kind) for kind in MASS_ORG_KINDS[:BRANCHES_PER_VILLAGE]]
    branches = [(f"{code}-{kind}", f"{commune.code}.{code}", kind) for code in village_codes for kind in kinds]
    files = {
        "villages": [["Mã xã", "Mã thôn", "Tên thôn", "Loại"],
                     *([commune.code, code, f"Ấp bench {code[1:]}", "Ấp"] for code in village_codes)],
        "organizations": [["Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Cấp", "Mã đơn vị"],
                          *([f"BENCH-{kind}", f"Bench {kind}", kind, "commune", commune.key] for kind in kinds)],
        "branches": [["Mã chi hội", "Tên chi hội", "Loại", "Mã tổ chức", "Mã thôn"],
                     *([code, f"Chi hội {kind} ấp {village}", "chi_hoi", f"BENCH-{kind}", village]
                       for code, village, kind in branches)],
    }
    for kind, rows in files.items():
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        run_import(kind, io.BytesIO(buffer.getvalue().encode()), f"{kind}.csv", None)
    out.write_text(json.dumps({
        "branches": [code for code, _village, _kind in branches],
        "villages": [f"{commune.code}.{code}" for code in village_codes],
        "people": apps.get_model("people", "Person").objects.count(),
        "households": apps.get_model("people", "Household").objects.count(),
    }))


def _plain_insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """The raw limit of one table: one ``executemany`` (SQLite) or one ``COPY`` (PostgreSQL) of a
    row stream, on the DB-API connection itself (no Django cursor wrapper)."""
    from django.db import connection

    names = ", ".join(f'"{c}"' for c in columns)
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["?"] * len(columns))
    raw.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)  # noqa: S608 — names from model meta


def _next_id(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')  # noqa: S608
        return int(cursor.fetchone()[0])


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        yield from reader


def _iso(day: str) -> str:
    """dd/mm/yyyy → yyyy-mm-dd (the bench files' dates)."""
    return f"{day[6:10]}-{day[3:5]}-{day[0:2]}" if day else None  # type: ignore[return-value]


def _raw_members(path: Path) -> None:
    """People then memberships of the members file, as the pipeline writes them (same columns and
    values), by one plain bulk insert per table in one transaction."""
    from django.apps import apps
    from django.db import transaction

    from danvan.core import bulk
    from danvan.core.text import NameKeys
    from danvan.people.imports import MemberImport

    Branch, Membership, Person = (apps.get_model("people", name) for name in ("Branch", "Membership", "Person"))
    branches = {code: rest for code, *rest in Branch.objects.values_list(
        "code", "id", "unit_id", "unit_path", "province_id", "commune_id", "org_kind")}
    keys, now = NameKeys(), bulk.now()
    with transaction.atomic():
        first = _next_id(Person._meta.db_table)

        def people() -> Iterator[tuple[Any, ...]]:
            for i, r in enumerate(_csv_rows(path)):
                _pk, unit, unit_path, province, commune, _kind = branches[r[6]]
                yield (first + i, r[0], r[1], *keys(r[1]), "female" if r[2] == "Nữ" else "male", int(r[3]), r[4], r[5],
                       None, r[11] == "có", unit, unit_path, province, commune, now, now)

        def memberships() -> Iterator[tuple[Any, ...]]:
            for i, r in enumerate(_csv_rows(path)):
                branch, unit, unit_path, province, commune, kind = branches[r[6]]
                yield (first + i, branch, kind, _iso(r[8]), _iso(r[9]), r[10] == "có",
                       unit, unit_path, province, commune, now, now)

        _plain_insert(Person._meta.db_table, bulk.column_names(Person, ("id", *MemberImport.PERSON_FIELDS, "created")),
                      people())
        _plain_insert(Membership._meta.db_table, bulk.column_names(
            Membership, ("person", *MemberImport.MEMBER_FIELDS[1:], "created")), memberships())


def _raw_households(path: Path) -> None:
    """Households then their reviews of the households file, by one plain bulk insert per table."""
    from django.apps import apps
    from django.db import transaction

    from danvan.core import bulk
    from danvan.core.imports import choice
    from danvan.core.text import NameKeys
    from danvan.people.choices import PovertyStatus
    from danvan.people.imports import HouseholdImport

    Household, HouseholdPoverty = (apps.get_model("people", name) for name in ("Household", "HouseholdPoverty"))
    villages = {key: rest for key, *rest in apps.get_model("geo", "AdminUnit").objects.filter(
        key__in={r[0] for r in _csv_rows(path)}).values_list("key", "id", "path", "province_id", "commune_id")}
    status = choice(PovertyStatus)
    keys, now = NameKeys(), bulk.now()
    with transaction.atomic():
        first = _next_id(Household._meta.db_table)

        def households() -> Iterator[tuple[Any, ...]]:
            for i, r in enumerate(_csv_rows(path)):
                yield (first + i, r[1], r[2], *keys(r[2]), int(r[3]), r[4], *villages[r[0]], now, now)

        def reviews() -> Iterator[tuple[Any, ...]]:
            for i, r in enumerate(_csv_rows(path)):
                yield first + i, int(r[5]), status(r[6]), villages[r[0]][2]

        _plain_insert(Household._meta.db_table, bulk.column_names(
            Household, ("id", *HouseholdImport.FIELDS, "created")), households())
        _plain_insert(HouseholdPoverty._meta.db_table, bulk.column_names(
            HouseholdPoverty, ("household", "year", "status", "province")), reviews())


def _orm_import(path: Path) -> None:
    """The baseline: what a straightforward Django import does — a model save per row."""
    import datetime as dt

    from django.apps import apps

    Branch, Membership, Person = (apps.get_model("people", name) for name in ("Branch", "Membership", "Person"))
    branches = {b.code: b for b in Branch.objects.select_related("unit")}
    for row in _csv_rows(path):
        branch = branches[row[6]]
        person = Person(code=row[0], full_name=row[1], sex="female" if row[2] == "Nữ" else "male",
                        birth_year=int(row[3]), ethnicity=row[4], phone=row[5], unit=branch.unit)
        person.save()
        Membership(person=person, branch=branch, joined=dt.datetime.strptime(row[8], "%d/%m/%Y").date(),
                   attends_regularly=row[10] == "có").save()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    import django

    django.setup()
    _run_phase(sys.argv[1], Path(sys.argv[2]))
