"""``danvan bench generate --profile province|national``: bulk-load benchmark data.

province: one province (default Thành phố Cần Thơ), 300,000 members, 200,000 households — the
demo generator at full size. national: the 34 provinces, all 3,321 communes, about 70,000
villages, 10,000,000 members and 6,000,000 households, streamed in commune-aligned chunks so
memory stays bounded. ``--scale`` shrinks the registers (not the units) for a quick check.
"""

import resource
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.context import actor
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from . import generator

HELP = "Tạo dữ liệu đo hiệu năng / generate benchmark data (--profile province|national)"

PROFILES: dict[str, dict[str, Any]] = {
    "province": {"villages_per_commune": (15, 25), "households": 200_000, "members": 300_000},
    "national": {"villages_per_commune": (18, 24), "households": 6_000_000, "members": 10_000_000},
}


def spec_for(profile: str, seed: int, province: str = generator.DEMO_PROVINCE, scale: float = 1.0,
             communes: tuple[str, ...] = ()) -> generator.DemoSpec:
    """The generator's parameters for a benchmark profile."""
    params = dict(PROFILES[profile])
    params["households"] = max(1, round(params["households"] * scale))
    params["members"] = max(1, round(params["members"] * scale))
    if profile == "national":
        provinces = tuple(AdminUnit.objects.current().filter(level=Level.PROVINCE).values_list("key", flat=True))
    else:
        provinces = (province,)
    return generator.DemoSpec(provinces=provinces, communes=communes, seed=seed,
                              chunk_rows=100_000 if profile == "national" else 60_000, **params)


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--profile", choices=sorted(PROFILES), default="province")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--province", default=generator.DEMO_PROVINCE, help="Tỉnh của hồ sơ province (mã)")
    parser.add_argument("--scale", type=float, default=1.0, help="Hệ số thu nhỏ số hộ và hội viên (vd 0.01)")
    parser.add_argument("--reset", action="store_true", help="Xóa dữ liệu đã tạo trước khi tạo lại")


def run(command: BaseCommand, *, profile: str, seed: int, province: str, scale: float, reset: bool,
        **options: Any) -> None:
    write = command.stdout.write
    if not AdminUnit.objects.filter(level=Level.PROVINCE).exists():
        raise CommandError("Chưa có đơn vị hành chính: chạy 'danvan geo load' trước.")
    spec = spec_for(profile, seed, province, scale)
    write(f"Hồ sơ / profile {profile}: {len(spec.provinces)} tỉnh, {generator.vn(spec.households)} hộ, "
          f"{generator.vn(spec.members)} hội viên (seed {seed}).")
    with actor(None, source="command"):
        if reset:
            started = time.perf_counter()
            deleted = generator.reset(spec)
            write(f"Đã xóa / deleted in {time.perf_counter() - started:.1f} s: {deleted}")
        try:
            result = generator.build(spec, progress=lambda text: write(f"  … {text}"))
        except generator.DemoExists as error:
            raise CommandError(f"{error} Dùng --reset.") from error
    rows = sum(result.counts.values())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    write(command.style.SUCCESS(
        f"Xong / done: {generator.vn(rows)} dòng trong {result.seconds:.1f} s "
        f"({generator.vn(round(rows / max(result.seconds, 1e-9)))} dòng/s), bộ nhớ đỉnh / peak RSS {peak_mb:.0f} MB"))
    write(f"  ghi bảng / inserts {result.insert_seconds:.1f} s, sổ chỉ tiêu / fact ledger {result.signal_seconds:.1f} s, "
          f"sinh dữ liệu và phần còn lại / generation and the rest "
          f"{result.seconds - result.insert_seconds - result.signal_seconds:.1f} s")
    if result.signal_by_model:
        write("  sổ chỉ tiêu theo bảng / fact ledger by model: " + ", ".join(
            f"{name} {seconds:.1f} s" for name, seconds in result.signal_by_model.items()))
    for name, count in result.counts.items():
        write(f"  {name}: {generator.vn(count)}")
    write_sizes(write)


def table_sizes(limit: int = 12) -> tuple[int, list[tuple[str, int, int]]]:
    """The database's size in bytes and its largest tables: (name, bytes with indexes, rows)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            total = int(cursor.fetchone()[0])
            # n_live_tup: counted at commit (reltuples waits for an ANALYZE a fresh load has not had).
            cursor.execute("SELECT relname, pg_total_relation_size(relid), n_live_tup FROM pg_stat_user_tables "
                           "WHERE schemaname = current_schema() ORDER BY 2 DESC LIMIT %s", [limit])
            return total, [(name, int(size), max(int(rows), 0)) for name, size, rows in cursor.fetchall()]
        cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        total = int(cursor.fetchone()[0])
        try:  # the dbstat virtual table: pages per table and index (SQLite built with it)
            cursor.execute("SELECT COALESCE(m.tbl_name, s.name), SUM(s.pgsize) FROM dbstat s "
                           "LEFT JOIN sqlite_master m ON m.name = s.name GROUP BY 1 ORDER BY 2 DESC LIMIT %s", [limit])
            sizes = cursor.fetchall()
        except Exception:  # noqa: BLE001 — no dbstat: sizes unknown, rows still counted
            cursor.execute("SELECT name, 0 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            sizes = cursor.fetchall()
        out = []
        for name, size in sizes:
            cursor.execute(f'SELECT COUNT(*) FROM "{name}"')  # noqa: S608 — names from the catalog
            out.append((name, int(size), int(cursor.fetchone()[0])))
        return total, sorted(out, key=lambda item: (-item[1], -item[2]))[:limit]


def write_sizes(write: Any) -> None:
    total, tables = table_sizes()
    write(f"Kích thước CSDL / database size: {total / 2**20:,.0f} MB".replace(",", "."))
    write(f"  {'bảng / table':<36} {'MB':>9} {'dòng / rows':>14}")
    for name, size, rows in tables:
        write(f"  {name:<36} {size / 2**20:>9,.0f} {generator.vn(rows):>14}".replace(",", "."))
