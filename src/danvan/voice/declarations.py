"""The voice registers, declared once (``core.registry``): the platform derives their pages, menu
entries, pickers, export filters, API and scope-test coverage from these."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.registry import Column, Declaration, Picker, declare, register_shortcut
from danvan.geo.choices import Level

from . import api, views
from .choices import DialogueKind, Stage
from .filters import (
    BodyFilter,
    CommitmentFilter,
    DayOffFilter,
    DeadlineRuleFilter,
    DialogueFilter,
    DialogueRuleFilter,
    PetitionerFilter,
    PetitionFilter,
    RecommendationFilter,
    ReferralFilter,
    ReplyFilter,
    SessionFilter,
)
from .forms import (
    BodyForm,
    CommitmentForm,
    DayOffForm,
    DeadlineRuleForm,
    DialogueForm,
    DialogueRuleForm,
    PetitionForm,
    RecommendationForm,
    ReplyForm,
    SessionForm,
)
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
    PetitionAttachment,
    Petitioner,
    Recommendation,
    RecommendationEvidence,
    Referral,
)

UNIT = Column(_("Đơn vị"), "unit.name", sort="unit")
CREATED = Column(_("Tạo lúc"), "created")
UPDATED = Column(_("Cập nhật lúc"), "updated")
OUTSIDE = "Ngoài phạm vi An Bình"


# ---------------------------------------------------------------- out-of-scope instances (scope tests)
# ``cast`` is the test cast (danvan.testing): commune B and its village B1 lie outside editor_a's scope.
def body_b(cast: Any) -> Body:
    return Body.objects.get_or_create(unit=cast.commune_b, name="UBND phường An Bình")[0]


def deadline_rule_b(cast: Any) -> DeadlineRule:
    return DeadlineRule.objects.get_or_create(unit=cast.commune_b, stage=Stage.ACCEPT, valid_from=dt.date(2026, 1, 1),
                                              defaults={"days": 5, "source": OUTSIDE})[0]


def day_off_b(cast: Any) -> DayOff:
    return DayOff.objects.get_or_create(unit=cast.commune_b, date=dt.date(2026, 4, 20), defaults={"name": OUTSIDE})[0]


def dialogue_rule_b(cast: Any) -> DialogueRule:
    return DialogueRule.objects.get_or_create(unit=cast.commune_b, kind=DialogueKind.RECEPTION, level=Level.COMMUNE,
                                              valid_from=dt.date(2026, 1, 1), defaults={"times": 3})[0]


def dialogue_b(cast: Any) -> Dialogue:
    return Dialogue.objects.get_or_create(unit=cast.commune_b, kind=DialogueKind.RECEPTION, date=dt.date(2026, 3, 5),
                                          defaults={"host": "Bí thư Đảng ủy phường An Bình"})[0]


def commitment_b(cast: Any) -> Commitment:
    return Commitment.objects.get_or_create(dialogue=dialogue_b(cast), text=OUTSIDE,
                                            defaults={"due": dt.date(2026, 5, 1)})[0]


def reply_b(cast: Any) -> ConsolidatedReply:
    return ConsolidatedReply.objects.get_or_create(unit=cast.commune_b, title=OUTSIDE, defaults={
        "body": body_b(cast), "date": dt.date(2026, 4, 1), "text": OUTSIDE})[0]


def petition_b(cast: Any) -> Petition:
    return Petition.objects.get_or_create(unit=cast.village_b1, title=OUTSIDE, defaults={
        "text": OUTSIDE, "received": dt.date(2026, 3, 2), "name": "Trần Văn Ngoài"})[0]


def petitioner_b(cast: Any) -> Petitioner:
    return Petitioner.objects.get_or_create(petition=petition_b(cast), name="Lê Thị Ngoài")[0]


def referral_b(cast: Any) -> Referral:
    return Referral.objects.get_or_create(petition=petition_b(cast), to_body=body_b(cast),
                                          defaults={"date": dt.date(2026, 3, 3)})[0]


def session_b(cast: Any) -> OversightSession:
    return OversightSession.objects.get_or_create(unit=cast.commune_b, subject=OUTSIDE, defaults={
        "target": "UBND phường An Bình", "lead": "Ủy ban MTTQ phường An Bình", "start": dt.date(2026, 3, 10)})[0]


def recommendation_b(cast: Any) -> Recommendation:
    return Recommendation.objects.get_or_create(session=session_b(cast), text=OUTSIDE,
                                                defaults={"sent_on": dt.date(2026, 3, 15)})[0]


# ---------------------------------------------------------------- petitions
PETITION = Declaration(
    model=Petition, slug="petitions", related=("unit", "body"), api=api.PETITION,
    columns=(
        Column(_("Mã tra cứu"), "code", sort="code", link=True, fmt="raw"),
        Column(_("Ngày tiếp nhận"), "received", sort="received"),
        Column(_("Tóm tắt"), "title", link=True),
        Column(_("Loại"), "get_kind_display", sort="kind"),
        Column(_("Kênh"), "get_channel_display"),
        Column(_("Lĩnh vực"), "get_field_display"),
        Column(_("Thôn, ấp"), "unit.name", sort="unit"),
        Column(_("Cơ quan chịu trách nhiệm"), "body"),
        Column(_("Trạng thái"), "get_state_display", sort="state"),
        Column(_("Hạn đang tính"), "due", fmt="date"),
    ),
    default_sort="-received",
    sort_fields={"code": ("code",), "received": ("received", "id"), "kind": ("kind", "-received"),
                 "unit": ("unit_path", "-received"), "state": ("state", "-received")},
    filterset=PetitionFilter, search_fields=("title", "code", "name"),
    fields=(
        Column(_("Mã tra cứu"), "code", fmt="raw"),
        Column(_("Loại"), "get_kind_display"),
        Column(_("Kênh tiếp nhận"), "get_channel_display"),
        Column(_("Lĩnh vực"), "get_field_display"),
        Column(_("Tóm tắt"), "title"),
        Column(_("Nội dung"), "text"),
        Column(_("Vụ việc phức tạp"), "complex"),
        Column(_("Ngày tiếp nhận"), "received"),
        Column(_("Thôn, ấp"), "unit.name"),
        Column(_("Người gửi (trong danh sách)"), "person", personal=True),
        Column(_("Họ tên người gửi"), "name", personal=True),
        Column(_("Điện thoại, thư điện tử"), "contact", personal=True),
        Column(_("Địa chỉ"), "address", personal=True),
        Column(_("Không nêu danh tính"), "anonymous"),
        Column(_("Cơ quan chịu trách nhiệm"), "body"),
        Column(_("Trạng thái"), "get_state_display"),
        Column(_("Ngày thụ lý"), "accepted_on"),
        Column(_("Ngày trả lời"), "answered_on"),
        Column(_("Ngày giải quyết xong"), "resolved_on"),
        Column(_("Nội dung trả lời"), "answer"),
        Column(_("Công khai câu trả lời"), "answer_public"),
        Column(_("Văn bản trả lời tổng hợp"), "reply"),
        Column(_("Lượt dự sinh hoạt"), "visit"),
        Column(_("Cuộc tiếp dân, đối thoại"), "dialogue"),
        Column(_("Gộp vào vụ việc"), "merged_into"),
        CREATED, UPDATED,
    ),
    detail_template="voice/petition_detail.html", detail_context=views.petition_context,
    evidence=PetitionAttachment, form=PetitionForm,
    initial_from_query=("visit", "dialogue", "reply", "person", "body"),
    menu_label=pgettext_lazy("plural", "Ý kiến, kiến nghị"), menu_order=10,
    out_of_scope=petition_b, import_kind="petitions",
)
_petition_edit = type("PetitionEditView", (views.PetitionEditView,), {
    "declaration": PETITION, "model": Petition, "lookup": "pk", "form_class": PetitionForm})
PETITION.views.update({"add": _petition_edit.as_view(), "edit": _petition_edit.as_view()})
declare(PETITION)

declare(Declaration(
    model=Petitioner, slug="petitioners", related=("unit", "petition", "person"), api=api.PETITIONER,
    columns=(Column(_("Họ tên"), "display_name", link=True, personal=True),
             Column(_("Vụ việc"), "petition", sort="petition"), UNIT,
             Column(_("Từ đơn"), "from_code", fmt="raw")),
    default_sort="petition", sort_fields={"petition": ("petition_id", "id"), "unit": ("unit_path", "id")},
    filterset=PetitionerFilter, search_fields=("name",),
    fields=(Column(_("Vụ việc"), "petition"), Column(_("Người gửi (trong danh sách)"), "person", personal=True),
            Column(_("Họ tên"), "name", personal=True), Column(_("Điện thoại, thư điện tử"), "contact", personal=True),
            Column(_("Không nêu danh tính"), "anonymous"), Column(_("Từ đơn"), "from_code", fmt="raw"), CREATED),
    out_of_scope=petitioner_b,
))

declare(Declaration(
    model=Referral, slug="referrals", related=("unit", "petition", "from_body", "to_body"), api=api.REFERRAL,
    columns=(Column(_("Ngày chuyển"), "date", sort="date", link=True), Column(_("Vụ việc"), "petition"),
             Column(_("Từ cơ quan"), "from_body"), Column(_("Đến cơ quan"), "to_body"), Column(_("Lý do"), "reason")),
    default_sort="-date", sort_fields={"date": ("date", "id"), "unit": ("unit_path", "date")},
    filterset=ReferralFilter, search_fields=("reason",),
    fields=(Column(_("Vụ việc"), "petition"), Column(_("Ngày chuyển"), "date"), Column(_("Từ cơ quan"), "from_body"),
            Column(_("Đến cơ quan"), "to_body"), Column(_("Lý do"), "reason"), CREATED),
    out_of_scope=referral_b,
))

# ---------------------------------------------------------------- bodies and rules
declare(Declaration(
    model=Body, slug="bodies", related=("unit",), api=api.BODY,
    columns=(Column(_("Tên cơ quan, tổ chức"), "name", sort="name", link=True),
             Column(_("Loại"), "get_kind_display", sort="kind"), UNIT,
             Column(_("Thư điện tử"), "email"), Column(_("Đang hoạt động"), "active")),
    default_sort="name", sort_fields={"name": ("name_sort", "id"), "kind": ("kind", "name_sort"),
                                      "unit": ("unit_path", "name_sort")},
    filterset=BodyFilter,
    fields=(Column(_("Tên cơ quan, tổ chức"), "name"), Column(_("Loại"), "get_kind_display"), UNIT,
            Column(_("Thư điện tử nhận bản tin hằng ngày"), "email"), Column(_("Đang hoạt động"), "active"),
            CREATED, UPDATED),
    form=BodyForm, picker=Picker(),
    menu_label=_("Cơ quan tiếp nhận, giải quyết"), menu_order=20,
    out_of_scope=body_b,
))

declare(Declaration(
    model=DeadlineRule, slug="deadline-rules", related=("unit",), api=api.DEADLINE_RULE,
    columns=(Column(_("Quy định"), "__str__", link=True), UNIT, Column(_("Loại đơn"), "get_kind_display"),
             Column(_("Kênh"), "get_channel_display"), Column(_("Áp dụng từ"), "valid_from", sort="valid_from"),
             Column(_("Áp dụng đến"), "valid_to"), Column(_("Căn cứ"), "source")),
    default_sort="unit", sort_fields={"unit": ("unit_path", "stage", "-valid_from"), "valid_from": ("valid_from",)},
    filterset=DeadlineRuleFilter, search_fields=("source",),
    fields=(UNIT, Column(_("Bước"), "get_stage_display"), Column(_("Loại đơn"), "get_kind_display"),
            Column(_("Kênh tiếp nhận"), "get_channel_display"), Column(_("Vụ việc phức tạp"), "complex"),
            Column(_("Số ngày"), "days"), Column(_("Cách tính"), "get_count_display"),
            Column(_("Áp dụng từ"), "valid_from"), Column(_("Áp dụng đến"), "valid_to"),
            Column(_("Căn cứ"), "source"), CREATED, UPDATED),
    form=DeadlineRuleForm, menu_label=_("Quy định thời hạn giải quyết"), menu_order=80,
    out_of_scope=deadline_rule_b,
))

declare(Declaration(
    model=DayOff, slug="days-off", related=("unit",), api=api.DAY_OFF,
    columns=(Column(_("Ngày"), "date", sort="date", link=True), Column(_("Lý do"), "name"), UNIT,
             Column(_("Là ngày làm việc bù"), "working")),
    default_sort="-date", sort_fields={"date": ("date", "id"), "unit": ("unit_path", "date")},
    filterset=DayOffFilter, search_fields=("name",),
    fields=(Column(_("Ngày"), "date"), Column(_("Lý do"), "name"), UNIT, Column(_("Là ngày làm việc bù"), "working"),
            CREATED, UPDATED),
    form=DayOffForm, menu_label=_("Ngày nghỉ, ngày làm bù"), menu_order=81,
    out_of_scope=day_off_b,
))

declare(Declaration(
    model=DialogueRule, slug="dialogue-rules", related=("unit",), api=api.DIALOGUE_RULE,
    columns=(Column(_("Quy định"), "__str__", link=True), UNIT, Column(_("Áp dụng từ"), "valid_from", sort="valid_from"),
             Column(_("Áp dụng đến"), "valid_to"), Column(_("Căn cứ"), "source")),
    default_sort="unit", sort_fields={"unit": ("unit_path", "kind"), "valid_from": ("valid_from",)},
    filterset=DialogueRuleFilter, search_fields=("source",),
    fields=(UNIT, Column(_("Hình thức"), "get_kind_display"), Column(_("Cấp"), "get_level_display"),
            Column(_("Số lần tối thiểu"), "times"), Column(_("Trong"), "get_period_display"),
            Column(_("Áp dụng từ"), "valid_from"), Column(_("Áp dụng đến"), "valid_to"), Column(_("Căn cứ"), "source"),
            CREATED, UPDATED),
    form=DialogueRuleForm, menu_label=_("Quy định tiếp dân, đối thoại"), menu_order=82,
    out_of_scope=dialogue_rule_b,
))

# ---------------------------------------------------------------- dialogues and commitments
declare(Declaration(
    model=Dialogue, slug="dialogues", related=("unit",), api=api.DIALOGUE,
    columns=(Column(_("Ngày"), "date", sort="date", link=True), Column(_("Hình thức"), "get_kind_display", sort="kind"),
             UNIT, Column(_("Người chủ trì"), "host"), Column(_("Số người dự"), "participants")),
    default_sort="-date", sort_fields={"date": ("date", "id"), "kind": ("kind", "-date"), "unit": ("unit_path", "-date")},
    filterset=DialogueFilter, search_fields=("host", "place_name"),
    fields=(Column(_("Hình thức"), "get_kind_display"), Column(_("Ngày"), "date"), UNIT,
            Column(_("Người chủ trì"), "host"), Column(_("Địa điểm"), "place_name"),
            Column(_("Số người dự"), "participants"), Column(_("Thành phần tham dự"), "participant_notes"),
            Column(_("Nội dung, kết quả"), "summary"), Column(_("Ngày gửi thông báo kết luận"), "notice_on"),
            Column(_("Thông báo kết luận"), "notice"), CREATED, UPDATED),
    detail_template="voice/dialogue_detail.html", detail_context=views.dialogue_context,
    form=DialogueForm, menu_label=pgettext_lazy("plural", "Tiếp dân, đối thoại"), menu_order=30,
    out_of_scope=dialogue_b,
))

declare(Declaration(
    model=Commitment, slug="commitments", related=("unit", "dialogue", "owner"), api=api.COMMITMENT,
    columns=(Column(_("Nội dung cam kết"), "__str__", link=True), Column(_("Cuộc đối thoại"), "dialogue"),
             Column(_("Cơ quan chịu trách nhiệm"), "owner"), Column(_("Hạn"), "due", sort="due"),
             Column(_("Ngày hoàn thành"), "done_on")),
    default_sort="due", sort_fields={"due": ("due", "id"), "unit": ("unit_path", "due")},
    filterset=CommitmentFilter, search_fields=("text", "owner_name"),
    fields=(Column(_("Cuộc đối thoại"), "dialogue"), Column(_("Nội dung cam kết"), "text"),
            Column(_("Cơ quan chịu trách nhiệm"), "owner"), Column(_("Người chịu trách nhiệm"), "owner_name"),
            Column(_("Hạn thực hiện"), "due"), Column(_("Ngày hoàn thành"), "done_on"),
            Column(_("Kết quả thực hiện"), "result"), CREATED, UPDATED),
    form=CommitmentForm, initial_from_query=("dialogue",),
    menu_label=_("Cam kết tại đối thoại"), menu_order=31,
    out_of_scope=commitment_b,
))

# ---------------------------------------------------------------- consolidated replies
declare(Declaration(
    model=ConsolidatedReply, slug="replies", url_stem="reply", related=("unit", "body"), api=api.REPLY,
    columns=(Column(_("Tiêu đề"), "title", link=True), Column(_("Cơ quan trả lời"), "body"),
             Column(_("Ngày trả lời"), "date", sort="date"), UNIT, Column(_("Công khai"), "public")),
    default_sort="-date", sort_fields={"date": ("date", "id"), "unit": ("unit_path", "-date")},
    filterset=ReplyFilter, search_fields=("title",),
    fields=(Column(_("Tiêu đề"), "title"), Column(_("Cơ quan trả lời"), "body"), Column(_("Ngày trả lời"), "date"),
            UNIT, Column(_("Nội dung trả lời"), "text"), Column(_("Công khai"), "public"), CREATED, UPDATED),
    detail_template="voice/consolidatedreply_detail.html", detail_context=views.reply_context,
    form=ReplyForm, menu_label=_("Văn bản trả lời tổng hợp"), menu_order=40,
    out_of_scope=reply_b,
))

# ---------------------------------------------------------------- oversight and social critique
declare(Declaration(
    model=OversightSession, slug="oversight-sessions", related=("unit",), api=api.SESSION,
    columns=(Column(_("Nội dung"), "subject", link=True), Column(_("Hình thức"), "get_kind_display", sort="kind"),
             Column(_("Đối tượng"), "target"), UNIT, Column(_("Từ ngày"), "start", sort="start")),
    default_sort="-start", sort_fields={"start": ("start", "id"), "kind": ("kind", "-start"),
                                        "unit": ("unit_path", "-start")},
    filterset=SessionFilter, search_fields=("subject", "target"),
    fields=(Column(_("Hình thức"), "get_kind_display"), Column(_("Nội dung giám sát, phản biện"), "subject"),
            Column(_("Đối tượng"), "target"), Column(_("Cơ quan chủ trì"), "lead"), UNIT,
            Column(_("Thành phần đoàn"), "members"), Column(_("Từ ngày"), "start"), Column(_("Đến ngày"), "end"),
            Column(_("Kết luận"), "conclusion"), CREATED, UPDATED),
    detail_template="voice/oversightsession_detail.html", detail_context=views.session_context,
    form=SessionForm, menu_label=pgettext_lazy("plural", "Giám sát, phản biện xã hội"), menu_order=50,
    out_of_scope=session_b,
))

declare(Declaration(
    model=Recommendation, slug="recommendations", related=("unit", "session", "body"), api=api.RECOMMENDATION,
    columns=(Column(_("Nội dung kiến nghị"), "__str__", link=True), Column(_("Cuộc giám sát"), "session"),
             Column(_("Gửi cơ quan"), "body"), Column(_("Ngày gửi"), "sent_on", sort="sent_on"),
             Column(_("Trạng thái"), "get_state_display", sort="state")),
    default_sort="-sent_on", sort_fields={"sent_on": ("sent_on", "id"), "state": ("state", "-sent_on"),
                                          "unit": ("unit_path", "-sent_on")},
    filterset=RecommendationFilter, search_fields=("text",),
    fields=(Column(_("Cuộc giám sát, phản biện"), "session"), Column(_("Nội dung kiến nghị"), "text"),
            Column(_("Gửi cơ quan"), "body"), Column(_("Ngày gửi"), "sent_on"), Column(_("Hạn trả lời"), "answer_due"),
            Column(_("Trạng thái"), "get_state_display"), Column(_("Ngày trả lời"), "answered_on"),
            Column(_("Nội dung trả lời"), "answer"), Column(_("Ngày thực hiện xong"), "implemented_on"),
            Column(_("Ngày kiểm tra lại"), "rechecked_on"), Column(_("Kết quả kiểm tra lại"), "recheck_note"),
            CREATED, UPDATED),
    detail_template="voice/recommendation_detail.html", detail_context=views.recommendation_context,
    evidence=RecommendationEvidence, form=RecommendationForm, initial_from_query=("session",),
    menu_label=_("Kiến nghị sau giám sát, phản biện"), menu_order=51,
    out_of_scope=recommendation_b,
))

# Home-page shortcuts for the users who write (editors, specialists): opinions raised at branch
# meetings to turn into petitions, the overdue petitions, the units short of the dialogue rules.
def _writes(user: Any) -> bool:
    return bool(user.is_authenticated and user.can_write())


register_shortcut(_("Ý kiến nêu tại sinh hoạt chưa thành kiến nghị"), "voice:opinions", _writes)
register_shortcut(_("Kiến nghị quá hạn"), "voice:overdue", _writes)
register_shortcut(_("Tiếp dân, đối thoại chưa đủ theo quy định"), "voice:shortfalls", _writes)
