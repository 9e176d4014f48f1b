"""The dashboard: headline indicators for the user's scope and period, charts, drill-down table."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from .builder import BREAKDOWNS, Report, build_report, default_unit, resolve_unit
from .catalog import registry
from .narrative import vn_number
from .periods import Mode, PeriodError, current_year, parse_mode, parse_period

HEADLINE = ["MB-MEMBERS", "MB-BRANCHES", "MB-HH-COVER", "MV-REGULAR", "HH-POOR"]
TABLE = ["MB-MEMBERS", "MB-BRANCHES", "MV-REGULAR", "MB-HOUSEHOLDS", "MB-HH-MEMBER", "MB-HH-COVER", "HH-POOR"]

# Register list behind each indicator (people/urls.py), with its filters.
RECORD_LINKS: dict[str, tuple[str, dict[str, str]]] = {
    "MB-MEMBERS": ("people:membership_list", {"active": "true"}),
    "MV-REGULAR-N": ("people:membership_list", {"active": "true", "attends_regularly": "true"}),
    "MV-REGULAR": ("people:membership_list", {"active": "true", "attends_regularly": "true"}),
    "MB-BRANCHES": ("people:branch_list", {}),
    "MB-HOUSEHOLDS": ("people:household_list", {}),
    "MB-HH-MEMBER": ("people:household_list", {}),
    "MB-HH-COVER": ("people:household_list", {}),
    "HH-POVERTY": ("people:household_list", {}),
    "HH-POOR": ("people:household_list", {"poverty": "poor"}),
    "HH-NEAR-POOR": ("people:household_list", {"poverty": "near_poor"}),
}
_DIM_FILTER = {"org": "org_kind", "sex": "sex", "poverty": "poverty"}


def records_url(code: str, unit: AdminUnit, extra: dict[str, str] | None = None) -> str:
    """The register list behind a figure (current records of the unit's subtree); '' if none.

    Legacy units have no register filter (records are filed under current units), so no link.
    """
    if unit.is_legacy or code not in RECORD_LINKS:
        return ""
    name, params = RECORD_LINKS[code]
    query = dict(params)
    if unit.level != Level.COUNTRY:
        query["unit"] = unit.key
    query.update(extra or {})
    try:
        return reverse(name) + "?" + urlencode(query)
    except Exception:  # noqa: BLE001 — the registers' URLs may not be mounted (tests of this app alone)
        return ""


def _cell(indicator: Any, figure: Any, unit: AdminUnit | None) -> dict[str, Any]:
    text = vn_number(figure.value, 2) + "%" if indicator.is_ratio and figure.value is not None else vn_number(
        figure.value)
    return {"code": indicator.code, "value": figure.value, "text": text,
            "url": records_url(indicator.code, unit) if unit is not None else ""}


def _request_report(request: HttpRequest, by: list[str]) -> tuple[Report, dict[str, Any]]:
    user = request.user
    unit = resolve_unit(request.GET.get("unit"), user) if request.GET.get("unit") else default_unit(user)
    try:
        mode = parse_mode(request.GET.get("cutoff") or None)
        code = request.GET.get("period", "").strip()
        period = parse_period(code, mode) if code else current_year(mode=mode)
        error = ""
    except PeriodError as exc:
        mode, period, error = parse_mode(None), current_year(), str(exc)
    report = build_report(unit, period, by, user)
    return report, {"period_error": error, "mode": mode}


def _context(report: Report, extra: dict[str, Any]) -> dict[str, Any]:
    unit = report.unit
    headline = []
    for code in HEADLINE:
        result = report.result(code)
        headline.append({
            "result": result, "change_prev": result.change(result.previous),
            "change_year": result.change(result.year_earlier), "url": records_url(code, unit),
        })
    child = report.breakdowns.get("child")
    columns = [registry.get(c) for c in TABLE]
    rows = []
    if child:
        for row in child.rows:
            target = row.unit
            rows.append({
                "row": row, "unit": target,
                # Villages too: a village's own page shows its figures and links to its records.
                "drill": target is not None,
                "cells": [_cell(c, row.values[c.code], target) for c in columns],
            })
    total_cells = [_cell(c, report.result(c.code).current, unit) for c in columns]
    org = report.breakdowns.get("org")
    chart = {
        "children": {
            "labels": [r["row"].label for r in rows],
            "members": [r["row"].values["MB-MEMBERS"].value for r in rows],
            "regular": [r["row"].values["MV-REGULAR-N"].value if "MV-REGULAR-N" in r["row"].values else None
                        for r in rows],
        },
        "org": {
            "labels": [r.label for r in org.rows] if org else [],
            "members": [r.values["MB-MEMBERS"].value for r in org.rows] if org else [],
        },
    }
    missing = [r for r in report.results if not r.has_data]
    groups: list[str] = []
    for r in missing:
        if str(r.indicator.group) not in groups:
            groups.append(str(r.indicator.group))
    ancestors = [] if unit.level == Level.COUNTRY else unit.ancestors()
    query = {"period": report.period.code, "cutoff": str(report.period.mode)}
    return {
        "report": report, "unit": unit, "ancestors": ancestors, "headline": headline, "columns": columns,
        "rows": rows, "total_cells": total_cells, "chart": chart, "missing_groups": groups, "query": urlencode(query),
        "export_query": urlencode(query | {"unit": unit.key}),
        "mode_labels": {Mode.CALENDAR.value: _("Theo tháng dương lịch"),
                        Mode.DECREE09.value: _("Chốt số liệu theo Nghị định 09 (15 – 14)")},
        **extra,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The full dashboard page (also the target of drill-down links)."""
    report, extra = _request_report(request, ["child", "org"])
    template = "indicators/_dashboard.html" if request.headers.get("HX-Request") else "indicators/dashboard.html"
    return render(request, template, _context(report, extra))


@login_required
def panel(request: HttpRequest) -> HttpResponse:
    """The dashboard as a fragment, loaded by the home page."""
    report, extra = _request_report(request, ["child", "org"])
    return render(request, "indicators/_dashboard.html", _context(report, extra))


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The report as XLSX or DOCX for the chosen unit and period (same scope as the dashboard)."""
    from danvan.core import audit
    from danvan.core.models import ChangeAction

    from . import exports

    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "docx"):
        raise Http404
    issuer = request.GET.get("issuer", "front")
    if issuer not in ("front", "state", "party"):
        issuer = "front"
    report, _extra = _request_report(request, list(BREAKDOWNS) if fmt == "xlsx" else ["child", "org"])
    if fmt == "xlsx":
        content = exports.report_xlsx(report)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = exports.report_docx(report, issuer=issuer)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    audit.record(ChangeAction.EXPORT, unit_path=report.unit.path,
                 note=f"report {report.unit.key} {report.period.code} {fmt}")
    response = HttpResponse(content, content_type=mime)
    filename = f"bao-cao-{report.unit.key}-{report.period.code}.{fmt}".replace("..", "_")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
