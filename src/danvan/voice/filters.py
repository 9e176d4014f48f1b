"""Filters of the voice lists (declared in declarations.py; the export and the API list reuse them).

``overdue`` is derived, never stored: an open petition whose running due date (to accept while
received or classified, else to answer) is before today.
"""


import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.geo.filters import ScopedFilterSet
from danvan.web.filters import YES_NO, SearchFilter, choice

from .choices import (
    BodyKind,
    Channel,
    DialogueKind,
    PetitionField,
    PetitionKind,
    PetitionState,
    RecommendationState,
    SessionKind,
    Stage,
)
from .escalation import overdue_q
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
    Petitioner,
    Recommendation,
    Referral,
)


def _date(label: object, lookup: str) -> filters.DateFilter:
    return filters.DateFilter(field_name="received", lookup_expr=lookup, label=label,
                              widget=forms.DateInput(attrs={"type": "date"}))


class BodyFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name_folded",), label=_("Tên cơ quan"))
    kind = choice(BodyKind.choices, _("Loại"))

    class Meta:
        model = Body
        fields = ["q", "unit", "kind"]


class DeadlineRuleFilter(ScopedFilterSet):
    q = SearchFilter(fields=("source",), label=_("Căn cứ"))
    stage = choice(Stage.choices, _("Bước"))
    kind = choice(PetitionKind.choices, _("Loại đơn"))

    class Meta:
        model = DeadlineRule
        fields = ["q", "unit", "stage", "kind"]


class DayOffFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name",), label=_("Lý do"))

    class Meta:
        model = DayOff
        fields = ["q", "unit"]


class DialogueRuleFilter(ScopedFilterSet):
    q = SearchFilter(fields=("source",), label=_("Căn cứ"))
    kind = choice(DialogueKind.choices, _("Hình thức"))

    class Meta:
        model = DialogueRule
        fields = ["q", "unit", "kind"]


class DialogueFilter(ScopedFilterSet):
    q = SearchFilter(fields=("host", "place_name"), label=_("Người chủ trì, địa điểm"))
    kind = choice(DialogueKind.choices, _("Hình thức"))

    class Meta:
        model = Dialogue
        fields = ["q", "unit", "kind"]


class CommitmentFilter(ScopedFilterSet):
    q = SearchFilter(fields=("text", "owner_name"), label=_("Nội dung, người chịu trách nhiệm"))
    dialogue = filters.NumberFilter(field_name="dialogue_id", widget=forms.HiddenInput)

    class Meta:
        model = Commitment
        fields = ["q", "unit", "dialogue"]


class ReplyFilter(ScopedFilterSet):
    q = SearchFilter(fields=("title",), label=_("Tiêu đề"))

    class Meta:
        model = ConsolidatedReply
        fields = ["q", "unit"]


class SessionFilter(ScopedFilterSet):
    q = SearchFilter(fields=("subject", "target"), label=_("Nội dung, đối tượng"))
    kind = choice(SessionKind.choices, _("Hình thức"))

    class Meta:
        model = OversightSession
        fields = ["q", "unit", "kind"]


class RecommendationFilter(ScopedFilterSet):
    q = SearchFilter(fields=("text",), label=_("Nội dung"))
    state = choice(RecommendationState.choices, _("Trạng thái"))
    session = filters.NumberFilter(field_name="session_id", widget=forms.HiddenInput)

    class Meta:
        model = Recommendation
        fields = ["q", "unit", "state", "session"]


class PetitionerFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name",), label=_("Họ tên"))

    class Meta:
        model = Petitioner
        fields = ["q", "unit"]


class ReferralFilter(ScopedFilterSet):
    q = SearchFilter(fields=("reason",), label=_("Lý do"))

    class Meta:
        model = Referral
        fields = ["q", "unit"]


class PetitionFilter(ScopedFilterSet):
    q = SearchFilter(fields=("title", "code", "name"), label=_("Tóm tắt, mã, người gửi"))
    state = choice(PetitionState.choices, _("Trạng thái"))
    kind = choice(PetitionKind.choices, _("Loại"))
    channel = choice(Channel.choices, _("Kênh tiếp nhận"))
    field = choice(PetitionField.choices, _("Lĩnh vực"))
    body = filters.NumberFilter(field_name="body_id", widget=forms.HiddenInput)
    overdue = filters.ChoiceFilter(choices=YES_NO, label=_("Quá hạn"), method="filter_overdue",
                                   empty_label=_("Tất cả"))
    received_from = _date(_("Tiếp nhận từ ngày"), "gte")
    received_to = _date(_("Tiếp nhận đến ngày"), "lte")
    dialogue = filters.NumberFilter(field_name="dialogue_id", widget=forms.HiddenInput)
    reply = filters.NumberFilter(field_name="reply_id", widget=forms.HiddenInput)

    class Meta:
        model = Petition
        fields = ["q", "unit", "state", "kind", "channel", "field", "body", "overdue", "received_from",
                  "received_to", "dialogue", "reply"]

    def filter_overdue(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        if value == "true":
            return qs.filter(overdue_q(today))
        if value == "false":
            return qs.exclude(overdue_q(today))
        return qs
