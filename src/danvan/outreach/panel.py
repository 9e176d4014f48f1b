"""The dashboard's "Cảnh báo hình thức" panel (``catalog.register_panel``): the agencies and villages
of the report's unit whose activities in the period the formalism watch flags."""

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from danvan.indicators.builder import Report

from . import watch
from .models import Activity, Mode

LIMIT = 15


def _activities(report: Report, user: Any) -> QuerySet:
    return Activity.objects.visible_to(user).filter(
        unit_path__under=report.unit.path, date__gte=report.period.start, date__lte=report.period.end)


def _summary(rows: QuerySet, flagged_ids: QuerySet) -> QuerySet:
    return rows.annotate(
        activities=Count("id"), flagged=Count("id", filter=Q(id__in=flagged_ids)),
        with_people=Count("id", filter=Q(mode=Mode.WITH_PEOPLE)), residents=Sum("residents"),
    )


def context(report: Report, user: Any) -> dict[str, Any] | None:
    """Flagged agencies (by lead agency) and villages in the user's scope; None for legacy units."""
    if report.unit.is_legacy:
        return None
    activities = _activities(report, user)
    flagged_ids = watch.flagged_activities(activities).values("id")
    total = activities.count()
    rule = watch.thresholds_for(report.unit.path)
    agencies = []
    for row in _summary(activities.values("lead_agency"), flagged_ids).order_by("-flagged", "lead_agency"):
        pct = watch.share(row["with_people"], row["activities"])
        low_share = pct is not None and pct < rule.min_with_people
        if row["flagged"] or low_share:
            agencies.append({**row, "share": round(pct or 0), "low_share": low_share})
    villages = [
        row for row in _summary(activities.values("unit__key", "unit__name", "unit__parent__name"), flagged_ids)
        .order_by("-flagged", "unit__key") if row["flagged"]
    ]
    return {"total": total, "flagged_total": sum(v["flagged"] for v in villages), "rule": rule,
            "agencies": agencies[:LIMIT], "agency_count": len(agencies),
            "villages": villages[:LIMIT], "village_count": len(villages)}
