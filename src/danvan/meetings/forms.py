"""Forms of the meetings records. Relation choices are limited to what the user may see.

A cadre and an assignment belong to the assigning committee's unit (province or commune); an
assignment's areas are communes or villages inside that unit. Schedules, meetings and visits take
their branch's village (the models' ``place()``).
"""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from danvan.accounts.choices import Role
from danvan.geo.choices import Level
from danvan.geo.forms import UnitPickerField
from danvan.geo.models import AdminUnit
from danvan.people.models import Branch, Organization, Person
from danvan.web.forms import PickerField, ScopedModelForm

from .models import Assignment, Cadre, Meeting, Schedule, ScheduleException, Visit, VisitRule

AREA_LEVELS = (Level.COMMUNE, Level.VILLAGE)
ACCOUNT_ROLES = {Role.ADMIN, Role.PROVINCE}


def links_accounts(user: Any) -> bool:
    """Whether ``user`` may link a login to a cadre (a system admin or a province specialist)."""
    return bool(user.roles() & ACCOUNT_ROLES)


def _province_or_commune(label: Any) -> UnitPickerField:
    return UnitPickerField(AdminUnit.objects.all(), levels=[Level.PROVINCE, Level.COMMUNE], label=label)


def _branch() -> PickerField:
    return PickerField(Branch.objects.all(), url_name="people:branch_search", label=_("Chi hội"))


def _cadre() -> PickerField:
    return PickerField(Cadre.objects.all(), url_name="meetings:cadre_search", label=_("Cán bộ"))


class VisitRuleForm(ScopedModelForm):
    unit = _province_or_commune(_("Áp dụng cho (tỉnh hoặc xã, phường)"))

    class Meta:
        model = VisitRule
        fields = ["unit", "level", "visits", "period", "rotate", "valid_from", "valid_to", "source"]


class CadreForm(ScopedModelForm):
    """The person comes from the registers; the login, if any, is named by its user name and only
    an admin or a province specialist links it (others see it read-only)."""

    unit = _province_or_commune(_("Cấp ủy quản lý (tỉnh hoặc xã, phường)"))
    person = PickerField(Person.objects.all(), url_name="people:person_search", label=_("Cán bộ (trong danh sách cá nhân)"))
    organization = PickerField(Organization.objects.all(), url_name="people:organization_search", required=False,
                               label=_("Tổ chức"))
    username = forms.CharField(label=_("Tên đăng nhập của cán bộ"), max_length=150, required=False,
                               help_text=_("Để trống nếu cán bộ chưa có tài khoản."))

    class Meta:
        model = Cadre
        fields = ["person", "unit", "level", "organization", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.account_id:
            self.initial["username"] = self.instance.account.get_username()
        if not links_accounts(self.user):
            self.fields["username"].disabled = True
            self.fields["username"].help_text = _("Chỉ quản trị hệ thống hoặc chuyên viên cấp tỉnh gắn tài khoản.")

    def clean_username(self) -> Any:
        name = self.cleaned_data.get("username", "").strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(_("Không có tài khoản đăng nhập '%(name)s'.") % {"name": name})
        taken = Cadre.objects.filter(account=user).exclude(pk=self.instance.pk).first()
        if taken is not None:
            raise forms.ValidationError(_("Tài khoản '%(name)s' đã gắn với cán bộ %(cadre)s.")
                                        % {"name": name, "cadre": taken})
        return user

    def clean_person(self) -> Any:
        person = self.cleaned_data.get("person")
        if person is not None and Cadre.objects.filter(person=person).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Người này đã có trong danh sách cán bộ dự sinh hoạt."))
        return person

    def save(self, commit: bool = True) -> Cadre:
        self.instance.account = self.cleaned_data.get("username")
        return super().save(commit)


class AreasField(forms.ModelMultipleChoiceField):
    """Communes and villages the user sees (the form narrows the choices to the user's scope)."""

    def label_from_instance(self, obj: AdminUnit) -> str:
        return f"{obj.name} ({obj.key})"


class AssignmentForm(ScopedModelForm):
    """The areas must be communes or villages inside the assigning committee's unit."""

    unit = _province_or_commune(_("Cấp ủy phân công (tỉnh hoặc xã, phường)"))
    cadre = _cadre()
    areas = AreasField(AdminUnit.objects.filter(level__in=AREA_LEVELS).order_by("path"),
                       label=_("Địa bàn phụ trách (xã, phường hoặc thôn, ấp)"),
                       widget=forms.SelectMultiple(attrs={"size": 10}),
                       error_messages={"invalid_choice": _("Địa bàn '%(value)s' không có hoặc nằm ngoài phạm vi của bạn."),
                                       "required": _("Cần chọn ít nhất một xã, phường hoặc thôn, ấp.")})

    class Meta:
        model = Assignment
        fields = ["cadre", "unit", "committee", "start", "end", "areas", "rule"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].empty_label = _("(theo quy định gần nhất)")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit, areas = data.get("unit"), data.get("areas")
        if unit is not None and areas:
            outside = [area.name for area in areas if not area.path.startswith(unit.path)]
            if outside:
                self.add_error("areas", _("Địa bàn không thuộc %(unit)s: %(areas)s.")
                               % {"unit": unit.name, "areas": ", ".join(outside)})
        return data


class ScheduleForm(ScopedModelForm):
    branch = _branch()

    class Meta:
        model = Schedule
        fields = ["branch", "kind", "day", "week", "weekday", "time"]

    def clean_branch(self) -> Any:
        branch = self.cleaned_data.get("branch")
        if branch is not None and Schedule.objects.filter(branch=branch).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Chi hội này đã có lịch sinh hoạt: hãy sửa lịch đó."))
        return branch


class ScheduleExceptionForm(ScopedModelForm):
    class Meta:
        model = ScheduleException
        fields = ["schedule", "date", "moved_to", "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["moved_to"].help_text = _("Để trống nếu buổi sinh hoạt bị hủy.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        schedule, date = data.get("schedule"), data.get("date")
        taken = ScheduleException.objects.filter(schedule=schedule, date=date).exclude(pk=self.instance.pk)
        if schedule is not None and date is not None and taken.exists():
            self.add_error("date", _("Ngày này của lịch đã có thay đổi."))
        return data


class MeetingForm(ScopedModelForm):
    branch = _branch()

    class Meta:
        model = Meeting
        fields = ["branch", "date", "attendance", "members", "content", "topics", "opinions", "party_admissions"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        branch, date = data.get("branch"), data.get("date")
        taken = Meeting.objects.filter(branch=branch, date=date).exclude(pk=self.instance.pk)
        if branch is not None and date is not None and taken.exists():
            self.add_error("date", _("Chi hội đã có buổi sinh hoạt ngày này."))
        return data


class VisitForm(ScopedModelForm):
    """The office-side edit of a cadre's report (the cadres file theirs from the phone pages)."""

    cadre = _cadre()
    branch = _branch()

    class Meta:
        model = Visit
        fields = ["cadre", "assignment", "branch", "date", "attended", "absence_reason", "attendance", "content",
                  "on_schedule", "well_prepared", "members_spoke", "minutes_kept", "opinions"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignment"].empty_label = _("(không theo phân công)")
        self.fields["absence_reason"].help_text = _("Bắt buộc khi không dự.")
