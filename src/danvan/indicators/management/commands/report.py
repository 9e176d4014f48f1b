"""``danvan report``: the periodic report of a unit as JSON, XLSX or DOCX."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import translation

from danvan.indicators.builder import BREAKDOWNS, build_report, resolve_unit
from danvan.indicators.periods import PeriodError, current_year, parse_mode, parse_period


class Command(BaseCommand):
    help = "Write the standard report of a unit for a period (json, xlsx or docx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", default="VN", help="unit key: VN, 92, 31135, L93 (legacy)…")
        parser.add_argument("--period", default="", help="2024, 2024Q1, 2024H1, 2024-9M, 2024-03, "
                                                         "2024-01-05..2024-02-10 (default: this year)")
        parser.add_argument("--cutoff", default="", help="calendar | decree09 (default: REPORT_CUTOFF_DEFAULT)")
        parser.add_argument("--by", default="child", choices=list(BREAKDOWNS),
                            help="breakdown for json/docx (xlsx has a sheet for each)")
        parser.add_argument("--format", default="json", choices=["json", "xlsx", "docx"])
        parser.add_argument("--issuer", default="front", choices=["front", "state", "party"],
                            help="docx template: front/state (Decree 30/2020) or party (36-HD/VPTW)")
        parser.add_argument("--body", default="", help="issuing body's name for the docx header")
        parser.add_argument("-o", "--output", default="-", help="file to write ('-': stdout, json only)")

    def handle(self, *args: Any, **opt: Any) -> None:
        translation.activate("vi")
        try:
            mode = parse_mode(opt["cutoff"] or None)
            period = parse_period(opt["period"], mode) if opt["period"] else current_year(mode=mode)
            unit = resolve_unit(opt["unit"])
        except (PeriodError, Http404) as exc:
            raise CommandError(str(exc)) from exc
        fmt, out = opt["format"], opt["output"]
        if fmt == "json":
            data = json.dumps(build_report(unit, period, opt["by"]).as_json(), ensure_ascii=False, indent=2)
            if out == "-":
                self.stdout.write(data)
            else:
                Path(out).write_text(data, encoding="utf-8")
            return
        if out == "-":
            raise CommandError(f"Cần chỉ định tệp đầu ra bằng -o cho định dạng {fmt}.")
        from danvan.indicators import exports, narrative

        if fmt == "xlsx":
            report = build_report(unit, period, list(BREAKDOWNS))
            Path(out).write_bytes(exports.report_xlsx(report))
        else:
            # The narrative's sections read some breakdowns (the members of each organization…).
            report = build_report(unit, period, list(dict.fromkeys([opt["by"], *narrative.needed_breakdowns()])))
            Path(out).write_bytes(exports.report_docx(report, issuer=opt["issuer"], body=opt["body"]))
        self.stdout.write(f"Đã ghi {out}")
