"""Forms of the registers. Relation choices are limited to what the user may see."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.accounts.choices import sees_sensitive_data
from danvan.geo.forms import UnitPickerField, village_field
from danvan.geo.models import AdminUnit
from danvan.web.forms import PickerField, ScopedModelForm

from .choices import PovertyStatus
from .models import Branch, Household, HouseholdPoverty, Membership, Organization, Person


class OrganizationForm(ScopedModelForm):
    unit = UnitPickerField(AdminUnit.objects.all(), label=_("Đơn vị"))

    class Meta:
        model = Organization
        fields = ["code", "name", "kind", "level", "unit", "parent", "valid_from", "valid_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)
        self.fields["parent"].empty_label = _("(không có)")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data


class BranchForm(ScopedModelForm):
    unit = village_field()

    class Meta:
        model = Branch
        fields = ["code", "name", "kind", "organization", "unit", "founded", "dissolved"]


class PersonForm(ScopedModelForm):
    unit = village_field(_("Nơi ở (thôn, ấp, tổ dân phố)"))
    household = PickerField(
        Household.objects.all(), url_name="people:household_search", required=False, label=_("Hộ gia đình")
    )

    class Meta:
        model = Person
        fields = ["code", "full_name", "sex", "birth_year", "ethnicity", "phone", "party_member", "unit", "household",
                  "is_cadre"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A role that may not see (sensitive) personal data gets no field for it: the stored value stays.
        hidden = () if self.user.sees_personal_data() else Person.PERSONAL_FIELDS
        if not sees_sensitive_data(self.user):
            hidden = (*hidden, *Person.SENSITIVE_FIELDS)
        for name in hidden:
            self.fields.pop(name, None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        household, unit = data.get("household"), data.get("unit")
        if household and unit and household.unit_id != unit.pk:
            self.add_error("household", _("Hộ gia đình phải ở cùng thôn, ấp, tổ dân phố với người này."))
        return data


class MembershipForm(ScopedModelForm):
    person = PickerField(Person.objects.all(), url_name="people:person_search", label=_("Hội viên"))
    branch = PickerField(Branch.objects.all(), url_name="people:branch_search", label=_("Chi hội"))

    class Meta:
        model = Membership
        fields = ["person", "branch", "joined", "left", "attends_regularly"]


class HouseholdForm(ScopedModelForm):
    unit = village_field()
    poverty_year = forms.IntegerField(
        label=_("Năm rà soát hộ nghèo"), required=False, min_value=2000, max_value=2100,
        help_text=_("Để trống nếu không cập nhật tình trạng nghèo."),
    )
    poverty_status = forms.ChoiceField(
        label=_("Tình trạng nghèo"), required=False, choices=[("", "—"), *PovertyStatus.choices]
    )

    class Meta:
        model = Household
        fields = ["code", "head_name", "size", "address", "unit"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            latest = self.instance.poverty.first() if self.instance.pk else None
            self.initial["poverty_year"] = latest.year if latest else dt.date.today().year
            self.initial["poverty_status"] = latest.status if latest else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("poverty_status") and not data.get("poverty_year"):
            self.add_error("poverty_year", _("Hãy nhập năm rà soát cho tình trạng nghèo."))
        return data

    def poverty_record(self, household: Household) -> HouseholdPoverty | None:
        """The (new or changed) poverty row to save with the household, if any."""
        year, status = self.cleaned_data.get("poverty_year"), self.cleaned_data.get("poverty_status")
        if not year or not status:
            return None
        record = HouseholdPoverty.objects.filter(household=household, year=year).first()
        if record is None:
            return HouseholdPoverty(household=household, year=year, status=status)
        if record.status == status:
            return None
        record.status = status
        return record
