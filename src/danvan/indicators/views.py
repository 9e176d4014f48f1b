"""The dashboard: headline indicators for the user's scope and period, charts, drill-down table.

What it shows comes from the apps' registrations (``catalog.register_dashboard``: cards, table
columns, charts; ``register_record_link``: the register list behind a figure; ``register_panel``:
blocks of an app's own below the figures, such as outreach's formalism watch).
"""

import functools
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _

from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from .builder import BREAKDOWNS, Report, build_report, default_unit, resolve_unit
from .catalog import Panel, registry
from .narrative import missing_topics, needed_breakdowns
from .periods import Mode, Period, PeriodError, current_year, parse_mode, parse_period


def records_url(code: str, unit: AdminUnit, dims: dict[str, str] | None = None) -> str:
    """The register list behind a figure (current records of the unit's subtree); '' if none.

    ``dims`` narrows it to a breakdown row (``{"org": "women"}``) through the list parameter the
    app registered for that dimension; '' when the list cannot show that subset. Legacy units
    have no register filter (records are filed under current units), so no link.
    """
    link = registry.record_links.get(code)
    if unit.is_legacy or link is None:
        return ""
    narrowed = {}
    for dim, value in (dims or {}).items():
        if dim not in link.filters:
            return ""
        narrowed[link.filters[dim]] = value
    return _joined(*_link_parts(code), _unit_query(unit), urlencode(narrowed))


@functools.lru_cache(maxsize=512)
def _list_url(url_name: str, urlconf: str, prefix: str) -> str:
    """``reverse`` once per list (the dashboard links three thousand cells to a few lists); '' when
    the registers' URLs are not mounted (tests of this app alone)."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return ""


def _link_parts(code: str) -> tuple[str, str]:
    """The list URL behind ``code`` and its fixed query (``urlencode``d); ('', '') when none."""
    link = registry.record_links.get(code)
    base = _list_url(link.url_name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()) if link else ""
    return (base, urlencode(link.params)) if base else ("", "")


def _unit_query(unit: AdminUnit) -> str:
    return "" if unit.level == Level.COUNTRY else urlencode({"unit": unit.key})


def _joined(base: str, *queries: str) -> str:
    """``base?q1&q2…`` of the non-empty queries; '' without a base (no list)."""
    return base + "?" + "&".join(q for q in queries if q) if base else ""


def link_query(unit: AdminUnit | None) -> str | None:
    """The unit's part of its register links (``records_url``'s tail), or None: no links for it
    (no unit, or a legacy unit)."""
    if unit is None or unit.is_legacy:
        return None
    return _unit_query(unit)


def column_links(codes: list[str]) -> list[tuple[str, str]]:
    """Each code's register link in two parts, once per table (``records_url``'s URLs, three
    thousand cells a page): what a row's ``link_query`` is appended to, and the whole link when
    that query is empty (the country); ('', '') when the code has no list."""
    out = []
    for code in codes:
        base, fixed = _link_parts(code)
        whole = _joined(base, fixed)
        out.append((whole + "&" if fixed else whole, whole) if base else ("", ""))
    return out


def dashboard_breakdowns() -> list[str]:
    """The breakdowns the dashboard shows: child units (the table) and those its charts use."""
    return list(dashboard_codes())


def dashboard_codes() -> dict[str, list[str]]:
    """The indicators the dashboard shows of each breakdown: the table's columns by child unit, and
    each chart's series (``build_report``'s ``breakdown_codes``)."""
    codes: dict[str, list[str]] = {"child": list(registry.dashboard.table)}
    for chart in registry.dashboard.charts:
        codes.setdefault(chart.by, []).extend(chart.series)
    return {by: list(dict.fromkeys(listed)) for by, listed in codes.items()}


def _request_unit_period(request: HttpRequest) -> tuple[AdminUnit, Period, dict[str, Any]]:
    """The unit (404 outside the user's scope) and period the request asks for; a bad period
    falls back to this year with its message in ``period_error``."""
    user = request.user
    unit = resolve_unit(request.GET.get("unit"), user) if request.GET.get("unit") else default_unit(user)
    try:
        mode = parse_mode(request.GET.get("cutoff") or None)
        code = request.GET.get("period", "").strip()
        period = parse_period(code, mode) if code else current_year(mode=mode)
        error = ""
    except PeriodError as exc:
        mode, period, error = parse_mode(None), current_year(), str(exc)
    return unit, period, {"period_error": error, "mode": mode}


def _request_report(request: HttpRequest, by: list[str],
                    breakdown_codes: dict[str, list[str]] | None = None) -> tuple[Report, dict[str, Any]]:
    unit, period, extra = _request_unit_period(request)
    return build_report(unit, period, by, request.user, breakdown_codes=breakdown_codes), extra


def _charts(report: Report, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The registered charts' data for Chart.js: labels and one dataset per series."""
    charts = []
    for index, chart in enumerate(registry.dashboard.charts):
        breakdown = report.breakdowns.get(chart.by)
        lines = [r["row"] for r in rows] if chart.by == "child" else (breakdown.rows if breakdown else [])
        if not lines:
            continue
        names = list(chart.labels) + [registry.get(c).label for c in chart.series[len(chart.labels):]]
        charts.append({
            "id": f"chart-{index}", "kind": chart.kind, "title": str(chart.title),
            "labels": [line.label for line in lines],
            "datasets": [{"label": str(name), "data": [line.values[code].value if code in line.values else None
                                                       for line in lines]}
                         for code, name in zip(chart.series, names, strict=True)],
        })
    return charts


def render_panel(panel: Panel, report: Report, user: Any) -> str:
    """A registered panel's HTML for the report's unit and period in ``user``'s scope; '' when its
    ``context`` answers ``None`` (the panel stays out)."""
    context = panel.context(report, user)
    if context is None:
        return ""
    return render_to_string(panel.template, {**context, "panel": panel, "report": report})


def panel_slots(report: Report) -> list[dict[str, Any]]:
    """The registered panels in order, as the places the page fills by loading ``panel_block``
    (htmx): the figures answer without waiting for the watch lists, each of which reads registers."""
    query = urlencode({"unit": report.unit.key, "period": report.period.code, "cutoff": str(report.period.mode)})
    return [{"key": panel.key, "title": panel.title,
             "url": reverse("indicators:panel_block", args=[panel.key]) + "?" + query}
            for panel in registry.ordered_panels()]


def _context(report: Report, extra: dict[str, Any], user: Any = None) -> dict[str, Any]:
    unit = report.unit
    headline = []
    for code in registry.headline():
        result = report.result(code)
        headline.append({
            "result": result, "change_prev": result.change(result.previous),
            "change_year": result.change(result.year_earlier), "url": records_url(code, unit),
            "area_wide": report.kind_limited and result.area_wide,
        })
    child = report.breakdowns.get("child")
    columns = [registry.get(c) for c in registry.dashboard.table]
    rows = []
    if child:
        for row in child.rows:
            target = row.unit
            rows.append({
                "row": row, "unit": target,
                # Villages too: a village's own page shows its figures and links to its records.
                "drill": target is not None,
                "link_query": link_query(target),  # the tag writes the cells and their links
            })
    total = {"unit": unit, "values": {c.code: report.result(c.code).current for c in columns},
             "link_query": link_query(unit)}
    groups = missing_topics(report)
    ancestors = [] if unit.level == Level.COUNTRY else unit.ancestors()
    query = {"period": report.period.code, "cutoff": str(report.period.mode)}
    area_wide = {c.code for c in columns if report.kind_limited and registry.is_area_wide(c.code)}
    return {
        "report": report, "unit": unit, "ancestors": ancestors, "headline": headline, "columns": columns,
        "rows": rows, "total": total, "links": column_links([c.code for c in columns]),
        "charts": _charts(report, rows), "missing_groups": groups,
        "query": urlencode(query), "export_query": urlencode(query | {"unit": unit.key}),
        "area_wide_codes": area_wide, "area_wide_note": report.area_wide_note(),
        "panels": panel_slots(report) if user is not None else [],
        "mode_labels": {Mode.CALENDAR.value: _("Theo tháng dương lịch"),
                        Mode.DECREE09.value: _("Chốt số liệu theo Nghị định 09 (15 – 14)")},
        **extra,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The full dashboard page (also the target of drill-down links)."""
    report, extra = _request_report(request, dashboard_breakdowns(), dashboard_codes())
    template = "indicators/_dashboard.html" if request.headers.get("HX-Request") else "indicators/dashboard.html"
    return render(request, template, _context(report, extra, request.user))


@login_required
def panel(request: HttpRequest) -> HttpResponse:
    """The dashboard as a fragment, loaded by the home page."""
    report, extra = _request_report(request, dashboard_breakdowns(), dashboard_codes())
    return render(request, "indicators/_dashboard.html", _context(report, extra, request.user))


@login_required
def panel_block(request: HttpRequest, panel: str) -> HttpResponse:
    """One registered panel for the unit and period (the dashboard loads each into its place); empty
    when the panel has nothing for this unit. Only the unit and period are read: no figures."""
    registered = registry.panels.get(panel)
    if registered is None:
        raise Http404
    unit, period, _extra = _request_unit_period(request)
    report = Report(unit, period, period.previous(), period.year_earlier(), [])
    return HttpResponse(render_panel(registered, report, request.user))


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
    by = list(BREAKDOWNS) if fmt == "xlsx" else list(dict.fromkeys(["child", *needed_breakdowns()]))
    report, _extra = _request_report(request, by)
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
