"""A sign-off of one unit's data for one reporting period (DHIS2's data approval).

A commune submits a period (month ``2026-10``, quarter ``2026Q4`` or year ``2026``); the level
above approves it or returns it with a comment; an approved period locks every record of the
unit's subtree dated inside it (``locks.py``) until the approving level unlocks it with a reason.
The moves and who makes them are in ``lifecycle.py``.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import ScopedModel
from danvan.core.workflow import StateChange
from danvan.indicators.periods import parse_period


class SignOffState(models.TextChoices):
    OPEN = "open", _("Chưa gửi")
    SUBMITTED = "submitted", _("Đã gửi, chờ phê duyệt")
    APPROVED = "approved", _("Đã phê duyệt, khóa số liệu")
    RETURNED = "returned", _("Bị trả lại")
    UNLOCKED = "unlocked", _("Đã mở khóa")


class SignOff(ScopedModel):
    """One (unit, period): its state, the period's day bounds (kept so the lock query needs no
    period parsing) and the days it was submitted and approved."""

    period = models.CharField(_("kỳ"), max_length=10)
    start = models.DateField(_("từ ngày"), editable=False)
    end = models.DateField(_("đến ngày"), editable=False)
    state = models.CharField(_("trạng thái"), max_length=12, choices=SignOffState.choices, default=SignOffState.OPEN,
                             editable=False)
    submitted_on = models.DateField(_("ngày gửi"), null=True, blank=True, editable=False)
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ký duyệt số liệu")
        verbose_name_plural = _("ký duyệt số liệu")
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="signoff_unit_period")]
        indexes = [models.Index(fields=["state", "start", "end"], name="signoff_state_days")]

    def __str__(self) -> str:
        return f"{self.unit.name} — {self.period_label}"

    @property
    def period_label(self) -> str:
        return parse_period(self.period).label

    def get_absolute_url(self) -> str:
        return reverse("signoff:signoff_detail", args=[self.pk])


class SignOffStateChange(StateChange):
    """One dated move of a sign-off (its history)."""

    signoff = models.ForeignKey(SignOff, on_delete=models.CASCADE, related_name="state_changes")

    scope_parent = "signoff"

    class Meta(StateChange.Meta):
        verbose_name = _("bước ký duyệt")
        verbose_name_plural = _("các bước ký duyệt")
