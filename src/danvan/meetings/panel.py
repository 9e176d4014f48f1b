"""The dashboard's "Theo dõi dự sinh hoạt chi, tổ hội" panel (``catalog.register_panel``): for the
report's unit and the last month of its period, the counts of the watch lists (``watch.py``) with
links to the full lists (``report_urls``), and meetings held against scheduled."""

import datetime as dt
from typing import Any

from danvan.indicators.builder import Report

from . import watch


def month_of(report: Report) -> tuple[int, int]:
    """The month the panel watches: the period's last month, or the current one if it is earlier."""
    end = min(report.period.end, dt.date.today())
    end = max(end, report.period.start)
    return end.year, end.month


def context(report: Report, user: Any, today: dt.date | None = None) -> dict[str, Any] | None:
    """Counts in the user's scope; None for legacy units (records are filed under current units)."""
    if report.unit.is_legacy:
        return None
    today = today or dt.date.today()
    year, month = month_of(report)
    first, last = watch.month_bounds(year, month)
    cadres = watch.cadres_without_visit(report.unit, year, month, user, today=min(today, last))
    branches = watch.unvisited_branches(report.unit, year, month, user=user).count()
    check = watch.held_vs_scheduled(report.unit, first, last, user, today=today)
    return {"month": f"{year}-{month:02d}", "month_label": f"{month:02d}/{year}", "cadres": len(cadres),
            "failing": sum(1 for row in cadres if row.failing), "branches": branches,
            "months": watch.DEFAULT_MONTHS, "missed": len(check.missed), "scheduled": check.scheduled,
            "held": check.held, "deadline": watch.DEADLINE_DAY}
