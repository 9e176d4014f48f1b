"""Forms of the campaigns records. Relation choices are limited to what the user may see.

A record's organization kind is the chosen organization's (the model's ``place()`` takes it too);
without an organization the form's kind applies. A contribution, a decision and a trainee take the
kind of their work, campaign or course; a contribution of a household or person of the registers
takes their village.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.exemplars.models import Exemplar
from danvan.geo.choices import Level
from danvan.geo.forms import UnitPickerField, village_field
from danvan.geo.models import AdminUnit
from danvan.people.models import Household, Organization, Person
from danvan.web.forms import PickerField, ScopedModelForm

from .choices import ContributorType, WorkKind
from .models import (
    Campaign,
    Commendation,
    Contribution,
    PovertyHelp,
    Trainee,
    TrainingCourse,
    VillageDecision,
    Work,
)


def _organization(label: Any) -> PickerField:
    return PickerField(Organization.objects.all(), url_name="people:organization_search", required=False,
                       label=label)


def _campaign(label: Any = None) -> PickerField:
    return PickerField(Campaign.objects.all(), url_name="campaigns:campaign_search", required=False,
                       label=label or _("Thuộc phong trào"))


def _work() -> PickerField:
    return PickerField(Work.objects.all(), url_name="campaigns:work_search", required=False, label=_("Công trình"))


def _household(label: Any, required: bool = False) -> PickerField:
    return PickerField(Household.objects.all(), url_name="people:household_search", required=required, label=label)


def _person(label: Any, required: bool = False) -> PickerField:
    return PickerField(Person.objects.all(), url_name="people:person_search", required=required, label=label)


def _province_or_commune(label: Any) -> UnitPickerField:
    return UnitPickerField(AdminUnit.objects.all(), levels=[Level.PROVINCE, Level.COMMUNE], label=label)


class OrganizedForm(ScopedModelForm):
    """A record of an organization of the registers or an agency named instead: the organization's
    kind is the record's kind (what the user chose is replaced)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_kind"].required = False
        self.fields["org_kind"].help_text = _("Lấy theo tổ chức khi đã chọn tổ chức.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        organization = data.get("organization")
        if organization is not None:
            data["org_kind"] = organization.kind
        elif not data.get("org_kind") and "org_kind" not in self.errors:
            self.add_error("org_kind", _("Cần chọn loại tổ chức khi không chọn tổ chức trong danh sách."))
        return data


class CampaignForm(OrganizedForm):
    unit = _province_or_commune(_("Cấp phát động (tỉnh hoặc xã, phường)"))
    organization = _organization(_("Tổ chức phát động"))

    class Meta:
        model = Campaign
        fields = ["code", "name", "kind", "unit", "organization", "agency_name", "org_kind", "start", "end", "fields",
                  "description"]


class WorkForm(OrganizedForm):
    unit = UnitPickerField(AdminUnit.objects.all(), levels=[Level.COMMUNE, Level.VILLAGE],
                           label=_("Nơi thực hiện (xã, phường hoặc thôn, ấp)"))
    organization = _organization(_("Tổ chức thực hiện"))
    campaign = _campaign()
    beneficiary = _household(_("Hộ được hỗ trợ"))

    class Meta:
        model = Work
        fields = ["code", "name", "kind", "house_kind", "build", "quantity", "campaign", "unit", "beneficiary",
                  "organization", "agency_name", "org_kind", "state", "started", "handed_over", "value_vnd",
                  "budget_vnd", "organizations_vnd", "people_vnd", "sponsors_vnd", "spent_vnd", "description",
                  "public"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["house_kind"].help_text = _("Chỉ với công trình nhà ở.")
        if not self.is_bound and self.instance.pk and self.instance.kind != WorkKind.HOUSE:
            # An existing work that is not a house has no house kind to choose.
            self.fields["house_kind"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, house_kind = data.get("kind"), data.get("house_kind")
        if kind == WorkKind.HOUSE and not house_kind:
            self.add_error("house_kind", _("Cần chọn loại nhà (đại đoàn kết, tình nghĩa, …)."))
        elif kind and kind != WorkKind.HOUSE and house_kind:
            self.add_error("house_kind", _("Chỉ công trình nhà ở mới có loại nhà."))
        return data


class VillageDecisionForm(ScopedModelForm):
    unit = village_field(_("Thôn, ấp, tổ dân phố họp"))
    work = _work()
    campaign = _campaign(_("Phong trào"))

    class Meta:
        model = VillageDecision
        fields = ["unit", "work", "campaign", "day", "subject", "households", "attending", "agreeing"]


class ContributionForm(ScopedModelForm):
    """The village may be left empty for a household or person of the registers: it is theirs."""

    work = _work()
    campaign = _campaign(_("Phong trào"))
    household = _household(_("Hộ gia đình"))
    person = _person(_("Cá nhân"))
    unit = village_field(_("Thôn, ấp, tổ dân phố của người đóng góp"))

    class Meta:
        model = Contribution
        fields = ["work", "campaign", "day", "contributor_type", "household", "person", "collective_name", "show_name",
                  "unit", "cash_vnd", "labor_days", "land_m2", "decision", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        unit.required = False
        unit.help_text = _("Để trống khi chọn hộ gia đình hoặc cá nhân: lấy theo nơi ở của họ.")
        self.fields["decision"].empty_label = _("(không có)")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, unit = data.get("contributor_type"), data.get("unit")
        member = None
        if kind == ContributorType.HOUSEHOLD:
            member = data.get("household")
        elif kind == ContributorType.PERSON:
            member = data.get("person")
        home = getattr(member, "unit", None)
        if home is not None:
            if unit is not None and unit.pk != home.pk:
                self.add_error("unit", _("Người đóng góp ở %(village)s: hãy để trống hoặc chọn đúng thôn, ấp đó.")
                               % {"village": home.name})
            data["unit"] = home
        elif unit is None and "unit" not in self.errors and kind in (ContributorType.COLLECTIVE,
                                                                     ContributorType.ANONYMOUS):
            self.add_error("unit", _("Cần chọn thôn, ấp, tổ dân phố của người đóng góp."))
        return data


class PovertyHelpForm(OrganizedForm):
    household = _household(_("Hộ được giúp"), required=True)
    member = _person(_("Đoàn viên, hội viên (người trong hộ)"))
    organization = _organization(_("Tổ chức giúp đỡ"))

    class Meta:
        model = PovertyHelp
        fields = ["household", "member", "year", "help", "value_vnd", "organization", "agency_name", "org_kind"]


class TrainingCourseForm(OrganizedForm):
    unit = _province_or_commune(_("Cấp tổ chức lớp (tỉnh hoặc xã, phường)"))
    organization = _organization(_("Tổ chức mở lớp"))

    class Meta:
        model = TrainingCourse
        fields = ["code", "name", "unit", "organization", "agency_name", "org_kind", "start", "end", "trainee_count"]


class TraineeForm(ScopedModelForm):
    course = PickerField(TrainingCourse.objects.all(), url_name="campaigns:trainingcourse_search", label=_("Lớp"))
    person = _person(_("Học viên"), required=True)

    class Meta:
        model = Trainee
        fields = ["course", "person"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        course, person = data.get("course"), data.get("person")
        duplicate = Trainee.objects.filter(course=course, person=person).exclude(pk=self.instance.pk)
        if course is not None and person is not None and duplicate.exists():
            self.add_error("person", _("Người này đã có trong danh sách học viên của lớp."))
        return data


class CommendationRecordForm(ScopedModelForm):
    unit = UnitPickerField(AdminUnit.objects.all(), label=_("Đơn vị của tập thể, cá nhân được khen"))
    person = _person(_("Cá nhân được khen"))
    campaign = _campaign(_("Trong phong trào"))
    exemplar = PickerField(Exemplar.objects.all(), url_name="exemplars:exemplar_search", required=False,
                           label=_("Mô hình \"Dân vận khéo\""))

    class Meta:
        model = Commendation
        fields = ["form", "issuer_level", "issuer", "decision_no", "day", "recipient_type", "collective_name", "person",
                  "unit", "campaign", "exemplar", "year", "reason", "org_kind"]
