"""The sign-off's moves, who makes them, and the services around them.

open / returned / unlocked → submitted (the commune's editors: "Gửi ký duyệt"); submitted →
approved or returned (with a comment), approved → unlocked (with a reason) by the *approving
level*: a province specialist or admin whose grant covers the unit's parent (a unit above the
signed-off one), or a system admin. Every move goes through ``core.workflow.transition`` (history,
audit); approving and unlocking also write a ``ChangeAction.LOCK`` entry (``models`` signal below).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts.choices import Role
from danvan.core import audit
from danvan.core.models import ChangeAction
from danvan.core.scope import Scope
from danvan.core.services import save_record
from danvan.core.workflow import Transition, Workflow, by_role, covering_grants, register, transition
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit
from danvan.indicators.periods import PeriodError, parse_period

from .models import SignOff, SignOffState, SignOffStateChange

KINDS = ("month", "quarter", "year")  # the periods a unit signs off


def due_days() -> int:
    """Days after a period's end by which its sign-off counts as submitted on time."""
    return int(getattr(settings, "SIGNOFF_DUE_DAYS", 5))


def approver(user: Any, obj: Any) -> bool:
    """The approving level: a province specialist or admin through a grant on a unit above the
    signed-off one (the unit's parent or higher), or a system admin."""
    if Scope.of(user).everything:
        return True
    level = obj.unit.level
    return any(g.role in (Role.PROVINCE, Role.ADMIN) and g.unit.level < level for g in covering_grants(user, obj))


SUBMITTER = by_role({Role.COMMUNE_EDITOR, Role.PROVINCE, Role.ADMIN}, max_level=Level.COMMUNE)
SUBMITTER_WHO = gettext_lazy("cán bộ nhập liệu của đơn vị")
APPROVER_WHO = gettext_lazy("cấp phê duyệt (chuyên viên cấp tỉnh, quản trị)")


def _period_ended(obj: SignOff, values: Mapping[str, Any]) -> str | None:
    if obj.end >= timezone.localdate():
        return _("Kỳ %(period)s chưa kết thúc (đến hết ngày %(end)s): chưa thể gửi ký duyệt.") % {
            "period": obj.period_label, "end": f"{obj.end:%d/%m/%Y}"}
    return None


S = SignOffState
WORKFLOW = Workflow(
    states=SignOffState,
    transitions=(
        Transition((S.OPEN, S.RETURNED, S.UNLOCKED), S.SUBMITTED, gettext_lazy("Gửi ký duyệt"), allowed=SUBMITTER,
                   who=SUBMITTER_WHO, guard=_period_ended, stamp="submitted_on"),
        Transition((S.SUBMITTED,), S.APPROVED, gettext_lazy("Phê duyệt và khóa số liệu"), allowed=approver,
                   who=APPROVER_WHO, stamp="approved_on"),
        Transition((S.SUBMITTED,), S.RETURNED, gettext_lazy("Trả lại"), allowed=approver, who=APPROVER_WHO,
                   needs_note=True),
        Transition((S.APPROVED,), S.UNLOCKED, gettext_lazy("Mở khóa"), allowed=approver, who=APPROVER_WHO,
                   needs_note=True),
    ),
    history=SignOffStateChange, parent_field="signoff",
)
register(SignOff, WORKFLOW)


def _audit_lock(sender: type, instance: SignOffStateChange, created: bool, **kwargs: Any) -> None:
    """Approving locks a period, unlocking reopens it: both are ``LOCK`` entries of the sign-off."""
    if not created or instance.to_state not in (S.APPROVED, S.UNLOCKED):
        return
    signoff = instance.signoff
    verb = _("Khóa số liệu") if instance.to_state == S.APPROVED else _("Mở khóa số liệu")
    note = f"{verb}: {signoff}" + (f" — {instance.note}" if instance.note else "")
    audit.record(ChangeAction.LOCK, signoff, note=note)


post_save.connect(_audit_lock, sender=SignOffStateChange, dispatch_uid="signoff_lock_audit")


def parse(code: str) -> Any:
    """The period of ``code`` if a unit may sign it off (month, quarter, year); else ValidationError."""
    try:
        period = parse_period(code)
    except PeriodError as error:
        raise ValidationError({"period": [str(error)]}) from None
    if period.kind not in KINDS:
        raise ValidationError({"period": [_("Chỉ ký duyệt theo tháng (2026-10), quý (2026Q4) hoặc năm (2026).")]})
    return period


def submit(user: Any, unit: AdminUnit, code: str, day: dt.date | None = None, note: str = "") -> SignOff:
    """Submit ``unit``'s period ``code``: the sign-off is created on first submission, then moved
    to submitted (again after a return or an unlock)."""
    period = parse(code)
    if unit.level != Level.COMMUNE:
        raise ValidationError({"unit": [_("Chỉ đơn vị cấp xã gửi ký duyệt số liệu.")]})
    with transaction.atomic():
        signoff = SignOff.objects.filter(unit=unit, period=period.code).first()
        if signoff is None:
            signoff = save_record(user, SignOff(unit=unit, period=period.code, start=period.start, end=period.end))
        if signoff.state in (S.SUBMITTED, S.APPROVED):
            raise ValidationError(_("Kỳ %(period)s của %(unit)s đã ở trạng thái '%(state)s'.") % {
                "period": period.label, "unit": unit.name, "state": signoff.get_state_display()})
        transition(user, signoff, S.SUBMITTED, day or timezone.localdate(), note)
    return signoff


def move(user: Any, signoff: SignOff, target: str, note: str = "", day: dt.date | None = None) -> SignOff:
    """Make one move (approve, return, unlock) today or on ``day``."""
    transition(user, signoff, target, day or timezone.localdate(), note)
    return signoff
