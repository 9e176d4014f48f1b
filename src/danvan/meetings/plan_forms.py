"""The "new plan" form: a unit within the user's write scope and a month or a quarter."""

import calendar
import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.scope import Scope
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

MONTH, QUARTER = "month", "quarter"


class PlanForm(forms.Form):
    unit = forms.CharField(label=_("Mã đơn vị"), max_length=40,
                           help_text=_("Tỉnh hoặc xã, phường lập kế hoạch, ví dụ 92 hoặc 31135."))
    month = forms.CharField(label=_("Tháng"), max_length=7, widget=forms.TextInput(attrs={"type": "month"}),
                            help_text=_("Dạng năm-tháng, ví dụ 2026-03. Với kế hoạch quý: một tháng của quý."))
    length = forms.ChoiceField(label=_("Kỳ kế hoạch"), choices=[(MONTH, _("Một tháng")), (QUARTER, _("Một quý"))],
                               initial=MONTH)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_unit(self) -> AdminUnit:
        key = self.cleaned_data["unit"].strip()
        unit = AdminUnit.objects.visible_to(self.user).filter(key=key).first()
        if unit is None:
            raise forms.ValidationError(_("Không tìm thấy đơn vị có mã “%(key)s” trong phạm vi của bạn."),
                                        params={"key": key})
        if unit.level == Level.VILLAGE:
            raise forms.ValidationError(_("Kế hoạch được lập ở cấp tỉnh hoặc cấp xã, không ở thôn, ấp."))
        if not Scope.of(self.user).may_write(unit.path):
            raise forms.ValidationError(_("Bạn không có quyền lập kế hoạch cho đơn vị này."))
        return unit

    def clean_month(self) -> tuple[int, int]:
        text = self.cleaned_data["month"].strip()
        try:
            year, month = (int(part) for part in text.split("-"))
            dt.date(year, month, 1)
        except ValueError as exc:
            raise forms.ValidationError(_("Tháng “%(text)s” không hợp lệ: cần dạng năm-tháng, ví dụ 2026-03."),
                                        params={"text": text}) from exc
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Năm phải trong khoảng 2000–2100."))
        return year, month

    def period(self) -> tuple[dt.date, dt.date]:
        """The plan's first and last day."""
        year, month = self.cleaned_data["month"]
        first = month if self.cleaned_data["length"] == MONTH else 3 * ((month - 1) // 3) + 1
        last = month if self.cleaned_data["length"] == MONTH else first + 2
        return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
