"""The dashboard's "Ký duyệt số liệu" panel (``catalog.register_panel``): for the report's unit and
period (a month, quarter or year), each commune's sign-off state and the completeness — expected
(the communes) vs submitted (waiting or approved) vs submitted on time (by ``SIGNOFF_DUE_DAYS``
days after the period's end; the latest submission counts). Read in the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit
from danvan.indicators.catalog import Panel, register_panel

from .lifecycle import KINDS, due_days
from .models import SignOff, SignOffState

SUBMITTED = (SignOffState.SUBMITTED, SignOffState.APPROVED)


def context(report: Any, user: Any) -> dict[str, Any] | None:
    unit, period = report.unit, report.period
    if unit.is_legacy or period.kind not in KINDS or unit.level not in (Level.PROVINCE, Level.COMMUNE):
        return None
    if unit.level == Level.COMMUNE:
        units = [unit]
    else:
        units = list(AdminUnit.objects.visible_to(user).filter(parent=unit, level=Level.COMMUNE)
                     .order_by("name_sort"))
    signoffs = {s.unit_id: s for s in SignOff.objects.visible_to(user).filter(
        unit__in=units, period=period.code)}
    deadline = period.end + dt.timedelta(days=due_days())
    rows = []
    for child in units:
        signoff = signoffs.get(child.pk)
        submitted = signoff is not None and signoff.state in SUBMITTED
        on_time = submitted and signoff.submitted_on is not None and signoff.submitted_on <= deadline
        rows.append({"unit": child, "signoff": signoff, "submitted": submitted, "on_time": on_time})
    return {"rows": rows, "expected": len(rows), "submitted": sum(r["submitted"] for r in rows),
            "on_time": sum(r["on_time"] for r in rows),
            "approved": sum(1 for r in rows if r["signoff"] and r["signoff"].state == SignOffState.APPROVED),
            "deadline": deadline, "period": period}


register_panel(Panel("signoff", _("Ký duyệt số liệu"), "signoff/panel.html", context, order=20))
