"""``danvan bench SUBCOMMAND``: benchmarks (not tests). Each subcommand lives in its own module.

To add one, register ``"name": "dotted.module"`` in ``SUBCOMMANDS``. The module provides
``HELP: str``, ``add_arguments(parser) -> None`` and ``run(command, **options) -> None``
(``command`` is this BaseCommand: use ``command.stdout.write``; raise ``CommandError`` on failure).
Modules are imported only when their subcommand is listed or run, so a benchmark-only extra
(duckdb) may be imported at module level without slowing other commands.
"""

import importlib
from types import ModuleType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

SUBCOMMANDS: dict[str, str] = {
    "generate": "danvan.demo.bench_generate",
    "import": "danvan.demo.bench_import",
    "report": "danvan.indicators.bench",
}


def load(name: str) -> ModuleType:
    return importlib.import_module(SUBCOMMANDS[name])


class Command(BaseCommand):
    help = "Đo hiệu năng / benchmarks: " + ", ".join(SUBCOMMANDS)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for name in SUBCOMMANDS:
            module = load(name)
            module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        load(subcommand).run(self, **options)
