"""The dashboard's "Kiến nghị quá hạn, điểm nóng, tiếp dân" panel (``catalog.register_panel``), for
the report's unit, read today (``timezone.localdate()``) whatever the report's period — an overdue
petition shows on the province's dashboard the day it becomes overdue:

- a province (or the country): overdue petitions grouped by commune (count, oldest due date, a link
  to the petition list filtered ``?overdue=true&unit=<commune>``), the hot spots (``hotspots``),
  the units short of the dialogue rules this month (month rules) and this year (year rules), and
  the bodies with open petitions but no e-mail for the daily digest (nothing goes overdue silently);
- a commune: its overdue cases (up to ``LIMIT``, most overdue first, with days overdue) and the
  ones due within ``SOON_DAYS`` days.

Everything is read in the user's scope (``Petition.objects.visible_to(user)``). Registered here
(``register_panel`` at import; ``apps.py`` imports this module when the app is ready).
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.geo.choices import Level
from danvan.indicators.catalog import Panel, register_panel

from . import compliance, escalation
from .choices import OPEN_STATES, DialoguePeriod
from .models import Body, Petition

LIMIT = 10  # overdue cases listed on a commune's panel
SOON_DAYS = 3  # "due soon": the running deadline within this many days from today
SHORT_LIMIT = 10  # units short of the dialogue rules named on the panel (the list has them all)


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def _petitions(unit: Any, user: Any) -> QuerySet[Petition]:
    return (Petition.objects.visible_to(user).filter(unit_path__under=unit.path)
            .select_related("unit", "commune", "body"))


def silent_bodies(unit: Any, user: Any) -> QuerySet[Body]:
    """Active bodies in ``unit`` (as the user sees them) with open petitions routed to them and no
    e-mail: their digest cannot be sent."""
    return (Body.objects.visible_to(user).filter(unit_path__under=unit.path, active=True, email="",
                                                 petitions__state__in=OPEN_STATES)
            .distinct().select_related("unit").order_by("unit_path", "name_sort"))


def shortfall_context(unit: Any, today: dt.date, user: Any) -> dict[str, Any]:
    """The month rules over this month, the year rules over this year (units the user reaches)."""
    first, last = month_bounds(today)
    month = compliance.visible(compliance.shortfalls(unit, first, last, periods=(DialoguePeriod.MONTH,)), user)
    year = compliance.visible(compliance.shortfalls(unit, dt.date(today.year, 1, 1), dt.date(today.year, 12, 31),
                                                    periods=(DialoguePeriod.YEAR,)), user)
    return {"short_month": month[:SHORT_LIMIT], "short_month_count": len(month),
            "short_year": year[:SHORT_LIMIT], "short_year_count": len(year),
            "month_code": f"{today:%Y-%m}", "month_label": f"{today:%m/%Y}", "year": today.year}


def context(report: Any, user: Any, today: dt.date | None = None) -> dict[str, Any] | None:
    """The panel's context in the user's scope; None for legacy units and villages."""
    unit = report.unit
    if unit.is_legacy or unit.level == Level.VILLAGE:
        return None
    today = today or timezone.localdate()
    petitions = _petitions(unit, user)
    if unit.level == Level.COMMUNE:
        late = list(escalation.overdue(petitions, today)[:LIMIT])
        for petition in late:
            petition.days_overdue = escalation.days_overdue(petition, today)
        soon = list(escalation.due_between(petitions, today, today + dt.timedelta(days=SOON_DAYS)))
        return {"level": "commune", "today": today, "overdue": late,
                "overdue_count": escalation.overdue(petitions, today).count(), "soon": soon,
                "soon_days": SOON_DAYS, "silent": list(silent_bodies(unit, user)),
                **shortfall_context(unit, today, user)}
    from .hotspots import hot_spots

    groups = escalation.by_commune(escalation.overdue(petitions, today), today)
    return {"level": "province", "today": today, "groups": groups,
            "overdue_count": sum(g["count"] for g in groups), "hot_spots": hot_spots(petitions, today),
            "silent": list(silent_bodies(unit, user)), **shortfall_context(unit, today, user)}


register_panel(Panel("voice-watch", _("Kiến nghị quá hạn, điểm nóng, tiếp dân"), "voice/panel_watch.html",
                     context, order=65))
