"""The visit report a cadre files from a phone: one short form, the same for the page and the JSON
endpoint the offline queue sends to."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Visit

YES, NO = "yes", "no"


class VisitReportForm(forms.ModelForm):
    """Attended or not (why), attendance, content, the quality checklist and the opinions."""

    attended = forms.TypedChoiceField(
        label=_("Đã dự buổi sinh hoạt?"), choices=[(YES, _("Có dự")), (NO, _("Không dự"))],
        coerce=lambda value: value == YES, widget=forms.RadioSelect, initial=YES)

    class Meta:
        model = Visit
        fields = ["date", "attended", "absence_reason", "attendance", "content", "on_schedule", "well_prepared",
                  "members_spoke", "minutes_kept", "opinions"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "attendance": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "content": forms.Textarea(attrs={"rows": 3}),
            "opinions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]


    def clean_date(self) -> dt.date:
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày dự không được sau hôm nay: chỉ báo cáo buổi đã diễn ra."))
        return day
