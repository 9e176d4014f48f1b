"""Voice records in the HTTP API (``core.api_spec``): /petitions, /bodies, /dialogues, /commitments,
/replies, /oversight-sessions, /recommendations, /deadline-rules, /dialogue-rules, /days-off, and
read-only /petitioners and /referrals. Derived by the ``api`` app from the specs below.

References: records by id, units by key. A state is never written: petitions and recommendations
move through ``POST /<slug>/{id}/move`` (``{to, day, note}``), the same ``core.workflow.transition``
as the pages, with the same Vietnamese refusals (422).
"""

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from danvan.core.api_spec import (
    MAX_ID,
    ApiAction,
    ApiSpec,
    Bool,
    Day,
    InputSchema,
    Int,
    Refs,
    model_bounds,
    output_schema,
    plain,
    set_plain,
)
from danvan.core.workflow import transition
from danvan.people.api import UNIT_KEY, example
from danvan.people.api import text as text_field
from danvan.people.models import Person

from .choices import (
    BodyKind,
    Channel,
    DayCount,
    DialogueKind,
    DialoguePeriod,
    PetitionField,
    PetitionKind,
    PetitionState,
    RecommendationState,
    SessionKind,
    Stage,
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
)

LONG_TEXT = 20_000


def _id(description: str, default: Any = None) -> Any:
    return Field(default, ge=1, le=MAX_ID, description=description)


def _long(default: Any = "") -> Any:
    return Field(default, max_length=LONG_TEXT) if default is not ... else Field(min_length=1, max_length=LONG_TEXT)


def _unit(description: str) -> Any:
    return Field(description=description, **UNIT_KEY)


def _place(obj: Any) -> dict[str, Any]:
    return {"id": obj.pk, "unit": obj.unit.key, "unit_name": obj.unit.name, "updated": obj.updated}


def _set_unit(refs: Refs, obj: Any, data: dict[str, Any]) -> None:
    if "unit" in data:
        obj.unit = refs.unit(data["unit"])


def _set_ref(refs: Refs, obj: Any, data: dict[str, Any], field: str, model: Any) -> None:
    """Set the reference ``field`` sent (an id), found in the caller's scope; ``null`` clears it."""
    if field in data:
        value = data[field]
        setattr(obj, field, refs.resolve(model, field, value, pk=value) if value is not None else None)


def _spec(input_: Any, output: Any, names: tuple[str, ...], refs_: dict[str, Any], related: tuple[str, ...],
          unit: bool = True, read: tuple[str, ...] = (), **kwargs: Any) -> ApiSpec:
    """A spec whose plain fields are ``names`` (and read-only ``read``), references ``refs_`` (field →
    model, by id) and unit by key."""

    def render(obj: Any, user: Any) -> dict[str, Any]:
        return plain(obj, names + read) | _place(obj) | {name: getattr(obj, f"{name}_id") for name in refs_}

    def apply(refs: Refs, obj: Any, data: dict[str, Any]) -> None:
        set_plain(obj, data, names)
        if unit:
            _set_unit(refs, obj, data)
        for name, model in refs_.items():
            _set_ref(refs, obj, data, name, model)

    return ApiSpec(input=input_, output=output, render=render, apply=apply,
                   queryset=lambda qs: qs.select_related("unit", *related), **kwargs)


class MoveIn(InputSchema):
    model_config = example(to="accepted", day="2026-03-05", note="")

    to: str = Field(min_length=1, max_length=30, description="Trạng thái mới")
    day: Day = Field(description="Ngày chuyển (không sau hôm nay, không trước bước trước)")
    note: str = Field("", max_length=2000, description="Ghi chú; bắt buộc khi rút đơn, không thụ lý, mở lại")


def move(refs: Refs, obj: Any, data: dict[str, Any]) -> None:
    transition(refs.user, obj, data["to"], data["day"], data["note"])


MOVE = {"move": ApiAction(MoveIn, move, summary="Chuyển trạng thái (to, day, note)")}


# ---------------------------------------------------------------- bodies and rules
class BodyIn(InputSchema):
    model_config = example(name="UBND phường An Hòa", kind="government", unit="31135", email="", active=True)

    name: str = text_field(Body, "name")
    kind: BodyKind = BodyKind.GOVERNMENT
    unit: str = _unit("Mã khóa tỉnh hoặc xã, phường")
    email: str = Field("", max_length=254)
    active: Bool = True


BodyOut = output_schema(BodyIn, "VoiceBodyOut", id=int, unit_name=str, updated=datetime)
BODY = _spec(BodyIn, BodyOut, ("name", "kind", "email", "active"), {}, ())


class DeadlineRuleIn(InputSchema):
    model_config = example(unit="VN", stage="accept", kind="complaint", channel="", complex=None, days=10,
                           count="calendar", valid_from="2012-07-01", valid_to=None, source="Luật Khiếu nại 2011")

    unit: str = _unit("Mã khóa đơn vị áp dụng")
    stage: Stage
    kind: PetitionKind | None = None
    channel: Channel | None = None
    complex: Bool | None = None
    days: Int = Field(**model_bounds(DeadlineRule, "days"))
    count: DayCount = DayCount.CALENDAR
    valid_from: Day
    valid_to: Day | None = None
    source: str = text_field(DeadlineRule, "source", required=False, default="")


DeadlineRuleOut = output_schema(DeadlineRuleIn, "DeadlineRuleOut", id=int, unit_name=str, updated=datetime)
_DEADLINE = ("stage", "complex", "days", "count", "valid_from", "valid_to", "source")


def render_deadline(obj: DeadlineRule, user: Any) -> dict[str, Any]:
    return plain(obj, _DEADLINE) | _place(obj) | {"kind": obj.kind or None, "channel": obj.channel or None}


def apply_deadline(refs: Refs, obj: DeadlineRule, data: dict[str, Any]) -> None:
    set_plain(obj, data, _DEADLINE)
    for name in ("kind", "channel"):
        if name in data:
            setattr(obj, name, str(data[name] or ""))
    _set_unit(refs, obj, data)


DEADLINE_RULE = ApiSpec(input=DeadlineRuleIn, output=DeadlineRuleOut, render=render_deadline,
                        apply=apply_deadline, queryset=lambda qs: qs.select_related("unit"))


class DayOffIn(InputSchema):
    model_config = example(unit="31", date="2026-04-20", name="Ngày nghỉ riêng của tỉnh", working=False)

    unit: str = _unit("Mã khóa đơn vị")
    date: Day
    name: str = text_field(DayOff, "name")
    working: Bool = False


DayOffOut = output_schema(DayOffIn, "DayOffOut", id=int, unit_name=str, updated=datetime)
DAY_OFF = _spec(DayOffIn, DayOffOut, ("date", "name", "working"), {}, ())


class DialogueRuleIn(InputSchema):
    model_config = example(unit="VN", kind="reception", level=3, times=2, period="month", valid_from="2025-11-23",
                           valid_to=None, source="KL 215-KL/TW")

    unit: str = _unit("Mã khóa đơn vị ban hành")
    kind: DialogueKind
    level: Int = Field(ge=1, le=3, description="1 = cấp tỉnh, 3 = cấp xã")
    times: Int = Field(1, **model_bounds(DialogueRule, "times"))
    period: DialoguePeriod = DialoguePeriod.MONTH
    valid_from: Day
    valid_to: Day | None = None
    source: str = text_field(DialogueRule, "source", required=False, default="")


DialogueRuleOut = output_schema(DialogueRuleIn, "DialogueRuleOut", id=int, unit_name=str, updated=datetime)
DIALOGUE_RULE = _spec(DialogueRuleIn, DialogueRuleOut,
                      ("kind", "level", "times", "period", "valid_from", "valid_to", "source"), {}, ())


# ---------------------------------------------------------------- dialogues and commitments
class DialogueIn(InputSchema):
    model_config = example(unit="31135", kind="reception", date="2026-03-05", host="Bí thư Đảng ủy phường",
                           place_name="Trụ sở Đảng ủy", participants=12, participant_notes="", summary="",
                           notice_on=None, notice="")

    unit: str = _unit("Mã khóa tỉnh hoặc xã, phường tổ chức")
    kind: DialogueKind
    date: Day
    host: str = text_field(Dialogue, "host")
    place_name: str = text_field(Dialogue, "place_name", required=False, default="")
    participants: Int = Field(0, **model_bounds(Dialogue, "participants"))
    participant_notes: str = _long()
    summary: str = _long()
    notice_on: Day | None = None
    notice: str = _long()


DialogueOut = output_schema(DialogueIn, "DialogueOut", id=int, unit_name=str, updated=datetime)
DIALOGUE = _spec(DialogueIn, DialogueOut, ("kind", "date", "host", "place_name", "participants",
                                           "participant_notes", "summary", "notice_on", "notice"), {}, ())


class CommitmentIn(InputSchema):
    model_config = example(dialogue=1, text="Sửa đường liên ấp trước mùa mưa", owner=None, owner_name="",
                           due="2026-05-30", done_on=None, result="")

    dialogue: Int = _id("Mã số (id) cuộc tiếp dân, đối thoại", default=...)
    text: str = _long(...)
    owner: Int | None = _id("Mã số (id) cơ quan chịu trách nhiệm")
    owner_name: str = text_field(Commitment, "owner_name", required=False, default="")
    due: Day
    done_on: Day | None = None
    result: str = _long()


CommitmentOut = output_schema(CommitmentIn, "CommitmentOut", id=int, unit=str, unit_name=str, updated=datetime)
COMMITMENT = _spec(CommitmentIn, CommitmentOut, ("text", "owner_name", "due", "done_on", "result"),
                   {"dialogue": Dialogue, "owner": Body}, (), unit=False)


# ---------------------------------------------------------------- replies, sessions, recommendations
class ReplyIn(InputSchema):
    model_config = example(unit="31135", body=1, title="Trả lời kiến nghị cử tri", date="2026-04-10",
                           text="…", public=True)

    unit: str = _unit("Mã khóa tỉnh hoặc xã, phường")
    body: Int = _id("Mã số (id) cơ quan trả lời", default=...)
    title: str = text_field(ConsolidatedReply, "title")
    date: Day
    text: str = _long(...)
    public: Bool = True


ReplyOut = output_schema(ReplyIn, "ConsolidatedReplyOut", id=int, unit_name=str, updated=datetime)
REPLY = _spec(ReplyIn, ReplyOut, ("title", "date", "text", "public"), {"body": Body}, ("body",), slug="replies")


class SessionIn(InputSchema):
    model_config = example(unit="31135", kind="oversight", subject="Giám sát chi trả trợ cấp", target="UBND phường",
                           lead="Ủy ban MTTQ phường", members="", start="2026-03-10", end=None, conclusion="")

    unit: str = _unit("Mã khóa tỉnh hoặc xã, phường")
    kind: SessionKind = SessionKind.OVERSIGHT
    subject: str = text_field(OversightSession, "subject")
    target: str = text_field(OversightSession, "target")
    lead: str = text_field(OversightSession, "lead")
    members: str = _long()
    start: Day
    end: Day | None = None
    conclusion: str = _long()


SessionOut = output_schema(SessionIn, "OversightSessionOut", id=int, unit_name=str, updated=datetime)
SESSION = _spec(SessionIn, SessionOut, ("kind", "subject", "target", "lead", "members", "start", "end",
                                        "conclusion"), {}, ())


class RecommendationIn(InputSchema):
    model_config = example(session=1, text="Công khai danh sách hưởng trợ cấp", body=None, sent_on="2026-03-15",
                           answer_due=None, answer="", recheck_note="")

    session: Int = _id("Mã số (id) cuộc giám sát, phản biện", default=...)
    text: str = _long(...)
    body: Int | None = _id("Mã số (id) cơ quan nhận kiến nghị")
    sent_on: Day
    answer_due: Day | None = None
    answer: str = _long()
    recheck_note: str = _long()


RecommendationOut = output_schema(RecommendationIn, "RecommendationOut", id=int, unit=str, unit_name=str,
                                  state=RecommendationState, answered_on=date | None, implemented_on=date | None,
                                  rechecked_on=date | None, updated=datetime)
RECOMMENDATION = _spec(RecommendationIn, RecommendationOut,
                       ("text", "sent_on", "answer_due", "answer", "recheck_note"),
                       {"session": OversightSession, "body": Body}, (), unit=False, actions=MOVE,
                       read=("state", "answered_on", "implemented_on", "rechecked_on"))


# ---------------------------------------------------------------- petitions
class PetitionIn(InputSchema):
    model_config = example(unit="31135.01", kind="petition", channel="letter", field="infrastructure",
                           title="Đường liên ấp xuống cấp", text="Đề nghị sửa đoạn đường sụt lún.", complex=False,
                           received="2026-03-02", person=None, name="Nguyễn Văn Dân", contact="0900000001",
                           address="", anonymous=False, body=None, dialogue=None, visit=None, reply=None,
                           answer="", answer_public=False)

    unit: str = _unit("Mã khóa thôn, ấp (hoặc xã, phường)")
    kind: PetitionKind = PetitionKind.PETITION
    channel: Channel = Channel.DIRECT
    field: PetitionField = PetitionField.OTHER
    title: str = text_field(Petition, "title")
    text: str = _long(...)
    complex: Bool = False
    received: Day
    person: Int | None = _id("Mã số (id) người gửi trong danh sách cá nhân")
    name: str = text_field(Petition, "name", required=False, default="")
    contact: str = text_field(Petition, "contact", required=False, default="")
    address: str = text_field(Petition, "address", required=False, default="")
    anonymous: Bool = False
    body: Int | None = _id("Mã số (id) cơ quan chịu trách nhiệm")
    dialogue: Int | None = _id("Mã số (id) cuộc tiếp dân, đối thoại")
    visit: Int | None = _id("Mã số (id) lượt dự sinh hoạt")
    reply: Int | None = _id("Mã số (id) văn bản trả lời tổng hợp")
    answer: str = _long()
    answer_public: Bool = False


PetitionOut = output_schema(PetitionIn, "PetitionOut", id=int, code=str, unit_name=str, state=PetitionState,
                            accepted_on=date | None, answered_on=date | None, resolved_on=date | None,
                            due_accept=date | None, due_answer=date | None, due_notify=date | None,
                            updated=datetime)
_PETITION = ("kind", "channel", "field", "title", "text", "complex", "received", "name", "contact", "address",
             "anonymous", "answer", "answer_public")
_PETITION_READ = ("code", "state", "accepted_on", "answered_on", "resolved_on", "due_accept", "due_answer",
                  "due_notify")


def _visit_model() -> Any:
    from danvan.meetings.models import Visit

    return Visit


def render_petition(obj: Petition, user: Any) -> dict[str, Any]:
    return plain(obj, _PETITION + _PETITION_READ) | _place(obj) | {
        name: getattr(obj, f"{name}_id") for name in ("person", "body", "dialogue", "visit", "reply")}


def apply_petition(refs: Refs, obj: Petition, data: dict[str, Any]) -> None:
    set_plain(obj, data, _PETITION)
    _set_unit(refs, obj, data)
    for name, model in (("person", Person), ("body", Body), ("dialogue", Dialogue), ("reply", ConsolidatedReply),
                        ("visit", _visit_model())):
        _set_ref(refs, obj, data, name, model)


PETITION = ApiSpec(input=PetitionIn, output=PetitionOut, render=render_petition, apply=apply_petition,
                   queryset=lambda qs: qs.select_related("unit"), actions=MOVE)


# ---------------------------------------------------------------- read-only: petitioners, referrals
class PetitionerOut(Schema):
    id: int
    petition: int
    name: str
    contact: str
    anonymous: bool
    from_code: str
    unit: str
    unit_name: str
    updated: datetime


PETITIONER = ApiSpec(output=PetitionerOut, read_only=True, queryset=lambda qs: qs.select_related("unit", "person"),
                     render=lambda obj, user: _place(obj) | {"petition": obj.petition_id, "name": obj.display_name(),
                                                             "contact": obj.contact, "anonymous": obj.anonymous,
                                                             "from_code": obj.from_code})


class ReferralOut(Schema):
    id: int
    petition: int
    date: date
    from_body: int | None
    to_body: int
    reason: str
    unit: str
    unit_name: str
    updated: datetime


REFERRAL = ApiSpec(output=ReferralOut, read_only=True, queryset=lambda qs: qs.select_related("unit"),
                   render=lambda obj, user: _place(obj) | {"petition": obj.petition_id, "date": obj.date,
                                                           "from_body": obj.from_body_id, "to_body": obj.to_body_id,
                                                           "reason": obj.reason})
