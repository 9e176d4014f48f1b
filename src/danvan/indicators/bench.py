"""``danvan bench report``: the standard report from the fact ledger, against the apps' baselines.

Times, on the data in the database (``danvan bench generate --profile province|national``), the
standard report (every indicator, previous period and same period a year earlier, and the
breakdown by child unit) built from the ledger. Then every app that registered a benchmark
(``catalog.register_benchmark("danvan.people.bench")``; imported only here) compares: its module
provides ``describe() -> str`` (the data's size, for the first line) and
``run(write, *, unit, period, report, ledger_ms, repeat, skip_orm, skip_duckdb, breakdown_ms) -> None``
(the registers: plain ORM aggregation, DuckDB, saving one record).
Then each breakdown the way the API's ``by=`` asks for it (headline + that breakdown), the
dashboard page (``/reports/?unit=&period=``, HTML rendered, every chart's breakdown), each of its
panels (``/reports/panels/<key>/``, which the page loads into their places) and the API's
``/api/v1/report?by=…`` through Django's test client, signed in as a superuser made for the run and
rolled back. The baselines receive these medians (``breakdown_ms``) to compare per breakdown.
Prints medians and the ratios. A benchmark, not a test: nothing fails on slow numbers.
"""

import statistics
import time
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from danvan.geo.models import AdminUnit

from .builder import BREAKDOWNS, build_report, resolve_unit
from .catalog import registry
from .models import Fact
from .periods import current_year, parse_period

HELP = "Đo hiệu năng báo cáo / report benchmark: ledger vs ORM vs DuckDB"


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--unit", default="", help="unit key (default: VN when several provinces have data, "
                                                    "else the province with data)")
    parser.add_argument("--period", default="", help="period code (default: this year)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--skip-orm", action="store_true")
    parser.add_argument("--skip-duckdb", action="store_true")


def median_ms(func: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median time of ``repeat`` calls after one warm-up, in ms, and the last result."""
    result = func()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _default_unit() -> AdminUnit:
    provinces = list(Fact.objects.exclude(province_id=None).order_by()
                     .values_list("province_id", flat=True).distinct()[:2])
    if not provinces:
        raise CommandError("Chưa có dữ liệu: chạy 'danvan bench generate --profile province' trước.")
    if len(provinces) > 1:
        return AdminUnit.objects.get(key="VN")
    return AdminUnit.objects.get(pk=provinces[0])


def run(command: BaseCommand, *, unit: str, period: str, repeat: int, skip_orm: bool, skip_duckdb: bool,
        **options: Any) -> None:
    write = command.stdout.write
    baselines = [import_module(name) for name in registry.benchmarks]
    the_unit = resolve_unit(unit) if unit else _default_unit()
    the_period = parse_period(period) if period else current_year()
    sizes = "".join(f"; {b.describe()}" for b in baselines if hasattr(b, "describe"))
    write(f"Đơn vị / unit: {the_unit.name} ({the_unit.key}); kỳ / period {the_period.code}; "
          f"CSDL / database {connection.vendor}{sizes}")
    ledger_ms, report = median_ms(lambda: build_report(the_unit, the_period, "child"), repeat)
    write(f"  ledger report (all indicators, 3 periods, by child unit): median {ledger_ms:.1f} ms")
    breakdown_ms = breakdown_medians(the_unit, the_period, repeat)
    write("  each breakdown (all indicators, 3 periods + the breakdown), median ms:")
    write("    " + "  ".join(f"{by} {ms:.1f}" for by, ms in breakdown_ms.items()))
    pages = page_medians(the_unit, the_period, repeat)
    for name, ms in pages.items():
        write(f"  {name}: median {ms:.1f} ms")
    for baseline in baselines:
        baseline.run(write, unit=the_unit, period=the_period, report=report, ledger_ms=ledger_ms, repeat=repeat,
                     skip_orm=skip_orm, skip_duckdb=skip_duckdb, breakdown_ms=breakdown_ms)


def breakdown_medians(unit: AdminUnit, period: Any, repeat: int) -> dict[str, float]:
    """The median time of a report with each registered breakdown, as the API builds it."""
    return {by: median_ms(lambda by=by: build_report(unit, period, by), repeat)[0] for by in BREAKDOWNS}


def page_medians(unit: AdminUnit, period: Any, repeat: int) -> dict[str, float]:
    """The dashboard page and the report API (every breakdown at once) through the test client, as a
    superuser created for the measurement and rolled back with it."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    pages = {f"dashboard page /reports/?unit={unit.key}": f"/reports/?unit={unit.key}&period={period.code}"}
    for panel in registry.ordered_panels():  # loaded into the page after it (htmx), each on its own
        pages[f"  its panel {panel.key}"] = f"/reports/panels/{panel.key}/?unit={unit.key}&period={period.code}"
    pages["API /api/v1/report by=child"] = f"/api/v1/report?unit={unit.key}&period={period.code}&by=child"
    pages["API /api/v1/report by=sex"] = f"/api/v1/report?unit={unit.key}&period={period.code}&by=sex"
    out: dict[str, float] = {}
    with transaction.atomic():
        user = get_user_model().objects.create_superuser("bench-report", password=None)
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        for name, url in pages.items():
            def get(url: str = url) -> Any:
                response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
                if response.status_code != 200:
                    raise CommandError(f"{url}: HTTP {response.status_code}")
                return response
            out[name] = median_ms(get, repeat)[0]
        transaction.set_rollback(True)
    return out
