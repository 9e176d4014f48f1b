"""Forms of the outreach records. Relation choices are limited to what the user may see."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.scope import Scope
from danvan.geo.forms import UnitPickerField, village_field
from danvan.geo.models import AdminUnit
from danvan.people.models import Organization, Person
from danvan.web.forms import PickerField, ScopedModelForm

from .models import Activity, Plan, PlanTask, WatchRule


def _organization() -> PickerField:
    return PickerField(Organization.objects.all(), url_name="people:organization_search", required=False,
                       label=_("Tổ chức (nếu là Mặt trận, đoàn thể)"))


class PlanForm(ScopedModelForm):
    unit = village_field()
    organization = _organization()

    class Meta:
        model = Plan
        fields = ["code", "agency", "organization", "unit", "start", "end", "situation"]


class PlanTaskForm(ScopedModelForm):
    plan = PickerField(Plan.objects.all(), url_name="outreach:plan_search", label=_("Kế hoạch"))

    class Meta:
        model = PlanTask
        fields = ["plan", "description", "kind", "mode", "planned_quantity"]


class ActivityForm(ScopedModelForm):
    unit = village_field()
    organization = _organization()
    plan = PickerField(Plan.objects.all(), url_name="outreach:plan_search", required=False,
                       label=_("Theo kế hoạch"))
    named_cadres = forms.ModelMultipleChoiceField(
        Person.objects.filter(is_cadre=True), required=False, label=_("Cán bộ tham gia (ghi tên)"),
        help_text=_("Những người đã có trong danh sách cá nhân, được đánh dấu là cán bộ."))

    class Meta:
        model = Activity
        fields = ["code", "title", "date", "unit", "plan", "kind", "mode", "lead_agency", "organization",
                  "partner_agencies", "agency_count", "cadres", "party_members", "soldiers", "named_cadres",
                  "residents", "quantity", "quantity_unit", "value_vnd", "labor_days", "situation_note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        plan, unit = data.get("plan"), data.get("unit")
        if plan and unit and plan.unit_id != unit.pk:
            self.add_error("plan", _("Kế hoạch phải ở cùng thôn, ấp với hoạt động."))
        return data


class WatchRuleForm(ScopedModelForm):
    """Thresholds are set from above: a commune's by the province, so no unit loosens its own watch."""

    unit = UnitPickerField(AdminUnit.objects.all(), label=_("Áp dụng cho đơn vị"))

    class Meta:
        model = WatchRule
        fields = ["unit", "min_residents", "min_with_people", "require_situation"]

    def clean_unit(self) -> AdminUnit:
        unit = self.cleaned_data["unit"]
        parent = unit.parent if unit is not None else None
        if parent is None or not Scope.of(self.user).may_write(parent.path):
            raise forms.ValidationError(_("Ngưỡng cảnh báo của một đơn vị do cấp trên đặt."))
        return unit
