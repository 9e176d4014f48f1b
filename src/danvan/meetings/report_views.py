"""The watch lists (cadres without a visit, branches not visited, meetings missed) and the standing
committee's Word report, for a unit (404 when out of the user's reach) and a month or quarter."""

import datetime as dt
import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from danvan.geo.models import AdminUnit
from danvan.indicators.builder import default_unit, resolve_unit
from danvan.indicators.periods import PeriodError

from . import watch
from .standing_report import parse_report_period, standing_docx

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_MONTHS = 36


def _unit(request: HttpRequest) -> AdminUnit:
    key = request.GET.get("unit", "").strip()
    return resolve_unit(key, request.user) if key else default_unit(request.user)


def _month(request: HttpRequest, errors: list[str]) -> tuple[int, int]:
    today = dt.date.today()
    text = request.GET.get("month", "").strip()
    if not text:
        return today.year, today.month
    found = _MONTH.match(text)
    if found and 1 <= int(found[2]) <= 12 and 2000 <= int(found[1]) <= 2100:
        return int(found[1]), int(found[2])
    errors.append(_("Tháng '%(value)s' không hợp lệ: ghi theo dạng 2026-03.") % {"value": text})
    return today.year, today.month


def _page(request: HttpRequest, title: str, **extra: Any) -> tuple[AdminUnit, int, int, dict]:
    errors: list[str] = extra.pop("errors", [])
    unit = _unit(request)
    year, month = _month(request, errors)
    context = {"unit": unit, "year": year, "month": month, "month_code": f"{year}-{month:02d}",
               "title": title, "errors": errors, **extra}
    return unit, year, month, context


@login_required
def watch_cadres(request: HttpRequest) -> HttpResponse:
    """Assigned cadres with no attended visit in the month so far (failing the rule from the 20th)."""
    unit, year, month, context = _page(request, _("Cán bộ được phân công chưa dự sinh hoạt"))
    context["rows"] = watch.cadres_without_visit(unit, year, month, request.user)
    context["deadline"] = watch.DEADLINE_DAY
    return render(request, "meetings/watch_cadres.html", context, status=400 if context["errors"] else 200)


@login_required
def watch_branches(request: HttpRequest) -> HttpResponse:
    """Branches with no attended visit in the last N months (``months``, 3 by default)."""
    errors: list[str] = []
    text = request.GET.get("months", "").strip()
    months = watch.DEFAULT_MONTHS
    if text:
        if text.isdigit() and 1 <= int(text) <= MAX_MONTHS:
            months = int(text)
        else:
            errors.append(_("Số tháng '%(value)s' không hợp lệ: ghi một số từ 1 đến %(max)s.") % {
                "value": text, "max": MAX_MONTHS})
    unit, year, month, context = _page(request, _("Chi, tổ hội chưa có cán bộ dự sinh hoạt"),
                                       errors=errors, months=months)
    context["rows"] = watch.branches_not_visited(unit, year, month, months, request.user)
    return render(request, "meetings/watch_branches.html", context, status=400 if context["errors"] else 200)


@login_required
def watch_meetings(request: HttpRequest) -> HttpResponse:
    """Branches that missed a scheduled meeting in the month; meetings held against scheduled."""
    unit, year, month, context = _page(request, _("Chi, tổ hội không họp theo lịch"))
    context["check"] = watch.held_vs_scheduled(unit, *watch.month_bounds(year, month), user=request.user)
    context["grace"] = watch.GRACE_DAYS
    return render(request, "meetings/watch_meetings.html", context, status=400 if context["errors"] else 200)


@login_required
def standing_report(request: HttpRequest) -> HttpResponse:
    """The form (unit, month or quarter); with both given, the Word file."""
    unit = _unit(request)
    code = request.GET.get("period", "").strip()
    error = ""
    if code:
        try:
            period = parse_report_period(code)
        except PeriodError as exc:
            error = str(exc)
        else:
            body = standing_docx(unit, period, request.user)
            response = HttpResponse(
                body, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            response["Content-Disposition"] = f'attachment; filename="bao-cao-du-sinh-hoat-{unit.key}-{code}.docx"'
            return response
    today = dt.date.today()
    return render(request, "meetings/watch_standing.html",
                  {"unit": unit, "period": code or f"{today.year}-{today.month:02d}", "error": error},
                  status=400 if error else 200)
