"""``danvan bench SUBCOMMAND``: benchmarks (not tests). Each subcommand lives in its own module.

Two ways to add one: register ``"name": "dotted.module"`` in ``SUBCOMMANDS``, or give an installed
app a ``bench`` module that defines ``SUBCOMMAND = "name"`` (found by ``discovered()``, so the demo
app names no domain app). The module provides ``HELP: str``, ``add_arguments(parser) -> None`` and
``run(command, **options) -> None`` (``command`` is this BaseCommand: use ``command.stdout.write``;
raise ``CommandError`` on failure). Modules are imported only when their subcommand is listed or
run, so a benchmark-only extra (duckdb) may be imported at module level without slowing other
commands.
"""

import importlib
import importlib.util
from types import ModuleType
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser

SUBCOMMANDS: dict[str, str] = {
    "generate": "danvan.demo.bench_generate",
    "import": "danvan.demo.bench_import",
    "report": "danvan.indicators.bench",
    "http": "danvan.demo.bench_http",
}


def discovered() -> dict[str, str]:
    """Subcommand → module, the static ones and every installed app's ``bench`` module with a
    ``SUBCOMMAND``."""
    found = dict(SUBCOMMANDS)
    for config in apps.get_app_configs():
        name = f"{config.name}.bench"
        if name in found.values() or importlib.util.find_spec(name) is None:
            continue
        subcommand = getattr(importlib.import_module(name), "SUBCOMMAND", "")
        if subcommand:
            found[subcommand] = name
    return found


def load(name: str) -> ModuleType:
    return importlib.import_module(discovered()[name])


class Command(BaseCommand):
    help = "Đo hiệu năng / benchmarks: generate, import, report and the apps' own"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for name, dotted in discovered().items():
            module = importlib.import_module(dotted)
            module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        load(subcommand).run(self, **options)
