"""``danvan bench import``: members imported from CSV and XLSX through the import pipeline, the
same rows through a plain per-row Django ORM save for comparison, and households with a poverty
status on every row (two tables per row, as members) through the pipeline.

Each phase runs in its own process on a copy of the same prepared SQLite database, so its
rows/s and its peak memory (ru_maxrss of that process) are its own. The database is prepared
through the import pipeline too (villages, organizations, branches files), and models are found
by name: ``core`` imports no app.
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
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

HELP = ("Nhập N hội viên từ CSV và XLSX (mặc định 1.000.000) trên SQLite, so với lưu từng dòng bằng ORM; "
        "và N hộ gia đình kèm tình trạng nghèo.")

VILLAGES = 200
BRANCHES_PER_VILLAGE = 5


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--rows", type=int, default=1_000_000,
                        help="Số dòng hội viên, và số hộ gia đình (mặc định 1.000.000).")
    parser.add_argument("--household-rows", type=int, default=None, help="Số hộ gia đình (mặc định = --rows).")
    parser.add_argument("--xlsx-rows", type=int, default=None, help="Số dòng của tệp XLSX (mặc định = --rows).")
    parser.add_argument("--orm-rows", type=int, default=20_000,
                        help="Số dòng cho phép đo ORM từng dòng (chậm; tốc độ được ngoại suy).")
    parser.add_argument("--keep", action="store_true", help="Giữ thư mục tạm để xem lại.")
    # Internal: one measured phase, run in a child process.
    parser.add_argument("--phase", help=argparse.SUPPRESS, default=None)
    parser.add_argument("--file", help=argparse.SUPPRESS, default=None)


def _danvan(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DANVAN_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'danvan.sqlite3'}"}
    return subprocess.run(  # noqa: S603 — our own console script
        [sys.executable, "-m", "danvan", *args], env=env, capture_output=True, text=True, check=False
    )


def run(command: Any, **options: Any) -> None:
    if options.get("phase"):
        _run_phase(command, options["phase"], Path(options["file"]))
        return
    rows, orm_rows = options["rows"], options["orm_rows"]
    xlsx_rows = options["xlsx_rows"] or rows
    household_rows = options["household_rows"] or rows
    work = Path(tempfile.mkdtemp(prefix="danvan-bench-import-"))
    write = command.stdout.write
    try:
        base = work / "base"
        base.mkdir()
        write(f"Chuẩn bị cơ sở dữ liệu SQLite ({VILLAGES} thôn, {VILLAGES * BRANCHES_PER_VILLAGE} chi hội) …")
        for args in (("migrate", "-v0"), ("geo", "load", "-v0"), ("bench", "import", "--phase", "prepare", "--file", "-")):
            done = _danvan(base, *args)
            if done.returncode:
                raise CommandError(done.stderr[-2000:])
        prepared = json.loads((base / "branches.json").read_text())
        codes, villages = prepared["branches"], prepared["villages"]
        started = time.perf_counter()
        csv_path = work / "members.csv"
        _write_csv(csv_path, rows, codes)
        write(f"  tệp CSV {_vn(rows)} dòng: {csv_path.stat().st_size / 1e6:.0f} MB; {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        xlsx_path = work / "members.xlsx"
        _write_xlsx(xlsx_path, xlsx_rows, codes)
        write(f"  tệp XLSX {_vn(xlsx_rows)} dòng: {xlsx_path.stat().st_size / 1e6:.0f} MB; {time.perf_counter() - started:.1f} s")
        orm_path = work / "members-orm.csv"
        _write_csv(orm_path, orm_rows, codes)
        started = time.perf_counter()
        households_path = work / "households.csv"
        _write_households(households_path, household_rows, villages)
        write(f"  tệp hộ gia đình {_vn(household_rows)} dòng: {households_path.stat().st_size / 1e6:.0f} MB; "
              f"{time.perf_counter() - started:.1f} s")

        results = []
        phases = (("csv", csv_path, rows), ("xlsx", xlsx_path, xlsx_rows), ("orm", orm_path, orm_rows),
                  ("hộ", households_path, household_rows))
        for phase, path, count in phases:
            home = work / phase
            shutil.copytree(base, home)
            done = _danvan(home, "bench", "import", "--phase", phase, "--file", str(path))
            if done.returncode:
                raise CommandError(f"{phase}: {done.stderr[-3000:]}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            result["rows"] = count
            results.append(result)
            shutil.rmtree(home, ignore_errors=True)
            write(f"  {phase}: xong")
        write("")
        write(f"{'pha':<6} {'dòng':>10} {'giây':>8} {'dòng/giây':>12} {'bộ nhớ đỉnh (MB)':>18}")
        write("(csv, xlsx, orm: hội viên — người + tư cách hội viên; hộ: hộ gia đình + tình trạng nghèo)")
        for r in results:
            write(f"{r['phase']:<6} {r['rows']:>10,} {r['seconds']:>8.1f} {r['rows'] / r['seconds']:>12,.0f} {r['peak_mb']:>18.0f}"
                  .replace(",", "."))
        csv_rate = results[0]["rows"] / results[0]["seconds"]
        orm_rate = results[2]["rows"] / results[2]["seconds"]
        household_rate = results[3]["rows"] / results[3]["seconds"]
        write(f"CSV nhanh gấp {csv_rate / orm_rate:.0f} lần ORM từng dòng (ORM đo trên {orm_rows:,} dòng).".replace(",", "."))
        write(f"Mục tiêu: CSV ≥ 50.000 dòng/s, XLSX ≥ 20.000 dòng/s, bộ nhớ < 500 MB. "
              f"CSV {'đạt' if csv_rate >= 50_000 else 'CHƯA ĐẠT'}, "
              f"XLSX {'đạt' if results[1]['rows'] / results[1]['seconds'] >= 20_000 else 'CHƯA ĐẠT'}, "
              f"bộ nhớ {'đạt' if max(r['peak_mb'] for r in results) < 500 else 'CHƯA ĐẠT'}.")
        write(f"Hộ gia đình kèm tình trạng nghèo: {_vn(household_rate)} dòng/s; hội viên CSV: {_vn(csv_rate)} dòng/s "
              f"(mục tiêu: hộ ≥ hội viên): {'đạt' if household_rate >= csv_rate else 'CHƯA ĐẠT'}.")
    finally:
        if options.get("keep"):
            write(f"Thư mục tạm: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _vn(number: float) -> str:
    """1234567.8 → '1.234.568' (Vietnamese thousands separator)."""
    return f"{number:,.0f}".replace(",", ".")


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô"]
MIDDLE = {"female": ["Thị", "Ngọc", "Thị Kim", "Thị Thu"], "male": ["Văn", "Minh", "Hoàng", "Quốc"]}
GIVEN = {"female": ["Ánh", "Hoa", "Lan", "Mai", "Hương", "Thảo", "Trang", "Nhung", "Yến", "Hằng"],
         "male": ["Anh", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Phúc", "Tâm"]}
HEADER = ["Mã cá nhân", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Số điện thoại", "Mã chi hội", "Mã hộ",
          "Ngày vào", "Ngày ra", "Sinh hoạt thường xuyên", "Là cán bộ"]


def _rows(count: int, codes: list[str]) -> Any:
    for i in range(count):
        sex = "female" if i % 2 else "male"
        name = f"{FAMILY[i % 13]} {MIDDLE[sex][i // 13 % 4]} {GIVEN[sex][i // 52 % 10]}"
        yield [f"HV{i:08d}", name, "Nữ" if sex == "female" else "Nam", str(1950 + i % 55), "Kinh",
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
        for i in range(count):
            sex = "female" if i % 2 else "male"
            head = f"{FAMILY[i % 13]} {MIDDLE[sex][i // 13 % 4]} {GIVEN[sex][i // 52 % 10]}"
            writer.writerow([villages[i % len(villages)], f"H{i:08d}", head, 1 + i % 8, f"Tổ {1 + i % 12}", 2025,
                             POVERTY_LABELS[i % len(POVERTY_LABELS)]])


def _write_xlsx(path: Path, count: int, codes: list[str]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Hội viên")
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(_rows(count, codes), start=1):
        row[3] = int(row[3])  # a number cell, as people type years
        sheet.write_row(r, 0, row)
    workbook.close()


def _run_phase(command: Any, phase: str, path: Path) -> None:
    from django.db import transaction

    from danvan.core.imports import run_import

    if phase == "prepare":
        _prepare()
        return
    started = time.perf_counter()
    if phase in {"csv", "xlsx", "hộ"}:
        with path.open("rb") as stream:
            run_import("households" if phase == "hộ" else "members", stream, path.name, None)
    elif phase == "orm":
        with transaction.atomic():
            _orm_import(path)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    command.stdout.write(json.dumps({"phase": phase, "seconds": seconds, "peak_mb": peak_mb}))


def _prepare() -> None:
    """200 villages of one commune of Cần Thơ, its five mass organizations and their branches —
    written through the import pipeline itself (villages, organizations, branches files)."""
    from django.apps import apps
    from django.conf import settings

    from danvan.core.choices import MASS_ORG_KINDS
    from danvan.core.imports import run_import

    commune = (apps.get_model("geo", "AdminUnit").objects
               .filter(parent__key="92", is_legacy=False).order_by("key").first())
    village_codes = [f"{v:03d}" for v in range(VILLAGES)]
    kinds = [str(kind) for kind in MASS_ORG_KINDS[:BRANCHES_PER_VILLAGE]]
    branches = [(f"B{code}-{kind}", f"{commune.code}.{code}", kind) for code in village_codes for kind in kinds]
    files = {
        "villages": [["Mã xã", "Mã thôn", "Tên thôn", "Loại"],
                     *([commune.code, code, f"Ấp {int(code)}", "Ấp"] for code in village_codes)],
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
    (Path(settings.DANVAN_HOME) / "branches.json").write_text(json.dumps({
        "branches": [code for code, _village, _kind in branches],
        "villages": [f"{commune.code}.{code}" for code in village_codes],
    }))


def _orm_import(path: Path) -> None:
    """The baseline: what a straightforward Django import does — a model save per row."""
    import datetime as dt

    from django.apps import apps

    Branch, Membership, Person = (apps.get_model("people", name) for name in ("Branch", "Membership", "Person"))
    branches = {b.code: b for b in Branch.objects.select_related("unit")}
    with path.open(encoding="utf-8") as stream:
        reader = csv.reader(stream)
        next(reader)
        for row in reader:
            branch = branches[row[6]]
            person = Person(code=row[0], full_name=row[1], sex="female" if row[2] == "Nữ" else "male",
                            birth_year=int(row[3]), ethnicity=row[4], phone=row[5], unit=branch.unit)
            person.save()
            Membership(person=person, branch=branch, joined=dt.datetime.strptime(row[8], "%d/%m/%Y").date(),
                       attends_regularly=row[10] == "có").save()
