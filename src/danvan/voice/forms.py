"""Forms of the voice records. Relation choices are limited to what the user may see
(``ScopedModelForm``); a petition sits in a village or a commune, bodies, dialogues, rules and
sessions at a province or commune."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.geo.choices import Level
from danvan.geo.forms import UnitPickerField
from danvan.geo.models import AdminUnit
from danvan.people.models import Person
from danvan.web.forms import PickerField, ScopedModelForm

from .choices import PetitionState
from .models import (
    Body,
    Commitment,
    ConsolidatedReply,
    DayOff,
    DeadlineRule,
    Dialogue,
    DialogueRule,
    OversightSession,
    Petition,
    Recommendation,
)


def _province_or_commune(label: Any) -> UnitPickerField:
    return UnitPickerField(AdminUnit.objects.all(), levels=[Level.PROVINCE, Level.COMMUNE], label=label)


def _active_bodies(field: forms.ModelChoiceField) -> None:
    field.queryset = field.queryset.filter(active=True)


class BodyForm(ScopedModelForm):
    unit = _province_or_commune(_("Thuộc (tỉnh hoặc xã, phường)"))

    class Meta:
        model = Body
        fields = ["name", "kind", "unit", "email", "active"]


class DeadlineRuleForm(ScopedModelForm):
    unit = UnitPickerField(AdminUnit.objects.all(), levels=[Level.COUNTRY, Level.PROVINCE, Level.COMMUNE],
                           label=_("Áp dụng cho"))

    class Meta:
        model = DeadlineRule
        fields = ["unit", "stage", "kind", "channel", "complex", "days", "count", "valid_from", "valid_to", "source"]


class DayOffForm(ScopedModelForm):
    unit = UnitPickerField(AdminUnit.objects.all(), levels=[Level.COUNTRY, Level.PROVINCE],
                           label=_("Áp dụng cho"))

    class Meta:
        model = DayOff
        fields = ["unit", "date", "name", "working"]


class DialogueRuleForm(ScopedModelForm):
    unit = UnitPickerField(AdminUnit.objects.all(), levels=[Level.COUNTRY, Level.PROVINCE],
                           label=_("Ban hành cho"))

    class Meta:
        model = DialogueRule
        fields = ["unit", "kind", "level", "times", "period", "valid_from", "valid_to", "source"]


class DialogueForm(ScopedModelForm):
    unit = _province_or_commune(_("Cấp tổ chức (tỉnh hoặc xã, phường)"))

    class Meta:
        model = Dialogue
        fields = ["unit", "kind", "date", "host", "place_name", "participants", "participant_notes", "summary",
                  "notice_on", "notice"]


class CommitmentForm(ScopedModelForm):
    class Meta:
        model = Commitment
        fields = ["dialogue", "text", "owner", "owner_name", "due", "done_on", "result"]


class ReplyForm(ScopedModelForm):
    unit = _province_or_commune(_("Đơn vị (tỉnh hoặc xã, phường)"))

    class Meta:
        model = ConsolidatedReply
        fields = ["unit", "body", "title", "date", "text", "public"]


class SessionForm(ScopedModelForm):
    unit = _province_or_commune(_("Đơn vị tổ chức (tỉnh hoặc xã, phường)"))

    class Meta:
        model = OversightSession
        fields = ["unit", "kind", "subject", "target", "lead", "members", "start", "end", "conclusion"]


class RecommendationForm(ScopedModelForm):
    class Meta:
        model = Recommendation
        fields = ["session", "text", "body", "sent_on", "answer_due", "answer", "recheck_note"]


class PetitionForm(ScopedModelForm):
    """The petitioner is a person of the register, or a name and contact, or anonymous (a petition
    or feedback only); the body is one the user sees; a reply links the petition to a consolidated
    answer (then it may move to 'answered')."""

    unit = UnitPickerField(AdminUnit.objects.all(), levels=[Level.COMMUNE, Level.VILLAGE],
                           label=_("Thôn, ấp (hoặc xã, phường khi chưa rõ thôn)"))
    person = PickerField(Person.objects.all(), url_name="people:person_search", required=False,
                         label=_("Người gửi (trong danh sách cá nhân)"))

    class Meta:
        model = Petition
        fields = ["kind", "channel", "field", "title", "text", "complex", "received", "unit", "person", "name",
                  "contact", "address", "anonymous", "body", "dialogue", "visit", "reply", "answer",
                  "answer_public"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5}), "answer": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _active_bodies(self.fields["body"])
        self.fields["visit"].queryset = self.fields["visit"].queryset.select_related("branch", "cadre__person")
        if self.instance.pk and self.instance.state not in (PetitionState.RECEIVED, PetitionState.CLASSIFIED):
            # once routed, the body changes only by forwarding (which records the referral)
            self.fields["body"].disabled = True
            self.fields["body"].help_text = _("Đổi cơ quan bằng nút 'Chuyển đơn' để giữ lịch sử chuyển.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("anonymous") and (data.get("person") or (data.get("name") or "").strip()):
            self.add_error("anonymous", _("Đơn không nêu danh tính thì không ghi họ tên hay chọn người gửi."))
        body, unit = data.get("body"), data.get("unit")
        if body is not None and unit is not None and not unit.path.startswith(body.unit.path):
            self.add_error("body", _("Cơ quan %(body)s không quản lý địa bàn %(unit)s.")
                           % {"body": body.name, "unit": unit.name})
        received, reply = data.get("received"), data.get("reply")
        if reply is not None and received is not None and reply.date < received:
            self.add_error("reply", _("Văn bản trả lời (ngày %(day)s) có trước ngày tiếp nhận đơn.")
                           % {"day": f"{reply.date:%d/%m/%Y}"})
        return data
