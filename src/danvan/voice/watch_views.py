"""The watch pages: overdue petitions of a unit grouped by commune, the units short of the dialogue
rules for a month or a year, and one body's daily digest. A unit or body out of the user's reach
answers 404; bad parameters a Vietnamese message (status 400)."""

import datetime as dt
import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.scope import Scope
from danvan.geo.models import AdminUnit
from danvan.indicators.builder import default_unit, resolve_unit

from . import compliance, digest, escalation
from .choices import DialoguePeriod
from .models import Body, Petition
from .panel import month_bounds

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")


def _unit(request: HttpRequest) -> AdminUnit:
    key = request.GET.get("unit", "").strip()
    return resolve_unit(key, request.user) if key else default_unit(request.user)


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """Overdue petitions in the unit (the user's own by default), grouped by commune."""
    unit = _unit(request)
    today = timezone.localdate()
    petitions = (Petition.objects.visible_to(request.user).filter(unit_path__under=unit.path)
                 .select_related("unit", "commune", "body"))
    groups = escalation.by_commune(escalation.overdue(petitions, today), today)
    return render(request, "voice/watch_overdue.html", {
        "title": _("Kiến nghị quá hạn"), "unit": unit, "today": today, "groups": groups,
        "total": sum(g["count"] for g in groups)})


def _period(request: HttpRequest, today: dt.date, errors: list[str]) -> tuple[dt.date, dt.date, tuple[str, ...], str]:
    """The period asked: ``year=YYYY`` (month and year rules; a year in progress up to today's month)
    or ``month=YYYY-MM`` (month rules; this month by default)."""
    year_text = request.GET.get("year", "").strip()
    month_text = request.GET.get("month", "").strip()
    if year_text:
        if _YEAR.match(year_text) and 2000 <= int(year_text) <= 2100:
            year = int(year_text)
            end = dt.date(year, 12, 31)
            if year == today.year:
                end = month_bounds(today)[1]
            return dt.date(year, 1, 1), end, (DialoguePeriod.MONTH, DialoguePeriod.YEAR), year_text
        errors.append(_("Năm '%(value)s' không hợp lệ: ghi bốn chữ số, ví dụ 2026.") % {"value": year_text})
    elif month_text:
        found = _MONTH.match(month_text)
        if found and 1 <= int(found[2]) <= 12 and 2000 <= int(found[1]) <= 2100:
            first, last = month_bounds(dt.date(int(found[1]), int(found[2]), 1))
            return first, last, (DialoguePeriod.MONTH,), month_text
        errors.append(_("Tháng '%(value)s' không hợp lệ: ghi theo dạng 2026-03.") % {"value": month_text})
    first, last = month_bounds(today)
    return first, last, (DialoguePeriod.MONTH,), f"{today:%Y-%m}"


@login_required
def shortfalls(request: HttpRequest) -> HttpResponse:
    """Units under the unit short of the dialogue rules in a month (``month``) or a year (``year``)."""
    unit = _unit(request)
    today = timezone.localdate()
    errors: list[str] = []
    start, end, periods, chosen = _period(request, today, errors)
    rows = [] if errors or Scope.of(request.user).nothing else compliance.visible(compliance.shortfalls(unit, start, end, periods=periods),
                                                request.user)
    context: dict[str, Any] = {
        "title": _("Đơn vị chưa đủ số lần tiếp dân, đối thoại theo quy định"), "unit": unit, "rows": rows,
        "start": start, "end": end, "chosen": chosen, "errors": errors,
        "is_year": DialoguePeriod.YEAR in periods, "month_value": request.GET.get("month", "") or f"{today:%Y-%m}",
        "year_value": request.GET.get("year", "")}
    return render(request, "voice/watch_shortfalls.html", context, status=400 if errors else 200)


@login_required
def body_digest(request: HttpRequest, pk: int) -> HttpResponse:
    """The body's digest for today (``date=YYYY-MM-DD`` for another day), as it would be mailed."""
    body = get_object_or_404(Body.objects.visible_to(request.user), pk=pk)
    today = timezone.localdate()
    text = request.GET.get("date", "").strip()
    errors: list[str] = []
    if text:
        try:
            today = dt.date.fromisoformat(text)
        except ValueError:
            errors.append(_("Ngày '%(value)s' không hợp lệ: ghi theo dạng 2026-03-31.") % {"value": text})
    item = digest.build(body, today, petitions=Petition.objects.visible_to(request.user))
    return render(request, "voice/watch_digest.html",
                  {"title": _("Bản tin hằng ngày: %(body)s") % {"body": body.name}, "body": body,
                   "digest": item, "digest_html": item.html(), "errors": errors},
                  status=400 if errors else 200)


body_digest.model = Body  # type: ignore[attr-defined] — the scope walker: <pk> addresses a Body
