"""The period-lock provider (``core.locks.register_provider``, registered in ``apps.py``).

A (unit path, day) pair is locked when an *approved* sign-off's unit covers the path (the
sign-off's unit or a village under it) and its period holds the day. One query per check: the
approved sign-offs whose days overlap the pairs' days.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from .models import SignOff, SignOffState


def message(signoff: SignOff) -> str:
    """The refusal shown to whoever tries to write into a locked period."""
    parent = signoff.unit.parent
    label = signoff.period_label
    return _("Kỳ %(period)s của %(unit)s đã được %(approver)s phê duyệt và khóa ngày %(day)s: không thể thêm, "
             "sửa hoặc xóa dữ liệu trong kỳ này. Liên hệ cấp phê duyệt để mở khóa.") % {
        "period": label[:1].upper() + label[1:], "unit": signoff.unit.name,
        "approver": parent.name if parent is not None else _("cấp trên"),
        "day": f"{signoff.approved_on:%d/%m/%Y}" if signoff.approved_on else "—"}


def locked(pairs: set[tuple[str, dt.date]]) -> dict[tuple[str, dt.date], str]:
    days = [day for _path, day in pairs]
    approved = list(SignOff.objects.filter(state=SignOffState.APPROVED, start__lte=max(days), end__gte=min(days))
                    .select_related("unit", "unit__parent").order_by("start"))
    found: dict[tuple[str, dt.date], str] = {}
    for path, day in pairs:
        for signoff in approved:
            if path.startswith(signoff.unit_path) and signoff.start <= day <= signoff.end:
                found[(path, day)] = message(signoff)
                break
    return found
