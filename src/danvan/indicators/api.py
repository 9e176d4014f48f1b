"""API routes for indicators and reports (mounted by danvan.api under /api/v1/).

``GET /indicators``: the catalog. ``GET /report?unit=&period=&cutoff=&by=``: the report as JSON —
values as numbers, ratios with numerator and denominator, the same scope as the dashboard. Each
indicator says whether it is ``area_wide`` (facts without an organization kind, such as
households): for a user limited to one organization kind (``kind_limited``) those figures are the
whole area's, and ``area_wide_note`` says so in Vietnamese.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from .builder import BREAKDOWNS, build_report, default_unit, resolve_unit
from .catalog import registry
from .periods import PeriodError, current_year, parse_mode, parse_period

router = Router(tags=["indicators"])


@router.get("/indicators", summary="Danh mục chỉ tiêu")
def list_indicators(request: HttpRequest) -> list[dict[str, Any]]:
    """Every declared indicator; ``has_data`` is false until its app writes facts."""
    sourced = registry.sourced_codes()
    return [
        {"code": i.code, "label": str(i.label), "measure": str(i.measure), "time": str(i.time),
         "over": str(i.over), "dims": list(i.dims), "numerator": i.numerator or None,
         "denominator": i.denominator or None, "group": str(i.group), "has_data": i.code in sourced,
         "area_wide": registry.is_area_wide(i.code)}
        for i in registry.ordered()
    ]


@router.get("/report", summary="Báo cáo chỉ tiêu của một đơn vị trong một kỳ")
def report(request: HttpRequest, unit: str = "", period: str = "", cutoff: str = "",
           by: str = "child") -> dict[str, Any]:
    """``by``: comma-separated breakdowns: child (child units) or a registered dimension (org, sex, age,
    poverty, category…; the 422 answer lists them)."""
    translation.activate(getattr(request, "LANGUAGE_CODE", "vi") or "vi")
    wanted = [b.strip() for b in by.split(",") if b.strip()]
    bad = [b for b in wanted if b not in BREAKDOWNS]
    if bad:
        raise HttpError(422, _("Cách phân tổ không hợp lệ: %(by)s (dùng: %(all)s).") % {
            "by": ", ".join(bad), "all": ", ".join(BREAKDOWNS)})
    try:
        mode = parse_mode(cutoff or None)
        the_period = parse_period(period, mode) if period else current_year(mode=mode)
    except PeriodError as exc:
        raise HttpError(422, str(exc)) from exc
    the_unit = resolve_unit(unit, request.user) if unit else default_unit(request.user)
    return build_report(the_unit, the_period, wanted, request.user).as_json()
