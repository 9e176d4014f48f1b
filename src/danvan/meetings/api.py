"""Meetings records in the HTTP API (``core.api_spec``): /api/v1/visit-rules, /cadres, /assignments,
/schedules, /schedule-exceptions, /meetings and /visits, derived by the ``api`` app from the specs
below (named in declarations.py).

References: cadres, assignments and rules by id, people, organizations and branches by code, units
by key, a schedule by its branch's code, a login by its user name. A visit sent again with the
``idempotency_key`` of one already stored is refused (422 naming the key) rather than stored twice.
"""

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from pydantic import Field

from danvan.core.api_spec import (
    MAX_ID,
    ApiFilter,
    ApiSpec,
    Bool,
    Day,
    FieldError,
    InputSchema,
    Int,
    QueryDay,
    Refs,
    model_bounds,
    output_schema,
    plain,
    set_plain,
)
from danvan.geo.choices import Level
from danvan.people.api import UNIT_KEY, code_field, example, text
from danvan.people.models import Branch, Organization, Person

from .choices import CadreLevel, OrgKind, RulePeriod, ScheduleKind
from .filters import active_on
from .forms import links_accounts
from .models import Assignment, Cadre, Meeting, Schedule, ScheduleException, Visit, VisitRule

LONG_TEXT = 20_000
AREA_LEVELS = (Level.COMMUNE, Level.VILLAGE)


def _id(description: str, default: Any = None) -> Any:
    return Field(default, ge=1, le=MAX_ID, description=description)


def _place(obj: Any) -> dict[str, Any]:
    return {"id": obj.pk, "unit": obj.unit.key, "unit_name": obj.unit.name, "updated": obj.updated}


def _set_unit(refs: Refs, obj: Any, data: dict[str, Any]) -> None:
    if "unit" in data:
        obj.unit = refs.unit(data["unit"])


def _set_ref(refs: Refs, obj: Any, data: dict[str, Any], field: str, model: Any, key: str) -> None:
    """Set the reference ``field`` sent, found by ``key`` in the caller's scope; ``null`` clears it."""
    if field in data:
        value = data[field]
        setattr(obj, field, refs.resolve(model, field, value, **{key: value}) if value not in (None, "") else None)


def _code(obj: Any) -> str | None:
    return obj.code if obj is not None else None


# ---------------------------------------------------------------- visit rules


class VisitRuleIn(InputSchema):
    model_config = example(unit="31135", level="commune", visits=1, period="month", rotate=True,
                           valid_from="2026-01-01", source="Quy định của Đảng ủy phường")

    unit: str = Field(description="Mã khóa tỉnh hoặc xã, phường ban hành quy định", **UNIT_KEY)
    level: CadreLevel
    visits: Int = Field(1, **model_bounds(VisitRule, "visits"))
    period: RulePeriod = RulePeriod.MONTH
    rotate: Bool = True
    valid_from: Day
    valid_to: Day | None = None
    source: str = text(VisitRule, "source", required=False, default="")


VisitRuleOut = output_schema(VisitRuleIn, "VisitRuleOut", id=int, unit_name=str, updated=datetime)
_RULE = ("level", "visits", "period", "rotate", "valid_from", "valid_to", "source")


def render_rule(obj: VisitRule, user: Any) -> dict[str, Any]:
    return plain(obj, _RULE) | _place(obj)


def apply_rule(refs: Refs, obj: VisitRule, data: dict[str, Any]) -> None:
    set_plain(obj, data, _RULE)
    _set_unit(refs, obj, data)


VISIT_RULE = ApiSpec(input=VisitRuleIn, output=VisitRuleOut, render=render_rule, apply=apply_rule,
                     queryset=lambda qs: qs.select_related("unit"))


# ---------------------------------------------------------------- cadres


class CadreIn(InputSchema):
    model_config = example(person="CB-31135-001", unit="31135", level="commune", organization="HPN-31135",
                           position="Phó Chủ tịch Hội Phụ nữ phường", account=None)

    person: str = code_field("Mã cá nhân của cán bộ (trong danh sách cá nhân)")
    unit: str = Field(description="Mã khóa tỉnh hoặc xã, phường quản lý cán bộ", **UNIT_KEY)
    level: CadreLevel
    organization: str | None = code_field("Mã tổ chức", default=None)
    position: str = text(Cadre, "position", required=False, default="")
    account: str | None = Field(None, min_length=1, max_length=150, description="Tên đăng nhập của cán bộ")


CadreOut = output_schema(CadreIn, "CadreOut", id=int, person_name=str, unit_name=str, updated=datetime)


def render_cadre(obj: Cadre, user: Any) -> dict[str, Any]:
    return _place(obj) | {
        "person": obj.person.code, "person_name": obj.person.full_name, "level": obj.level,
        "organization": _code(obj.organization), "position": obj.position,
        "account": obj.account.get_username() if obj.account_id else None}


def apply_cadre(refs: Refs, obj: Cadre, data: dict[str, Any]) -> None:
    set_plain(obj, data, ("level", "position"))
    _set_unit(refs, obj, data)
    _set_ref(refs, obj, data, "person", Person, "code")
    _set_ref(refs, obj, data, "organization", Organization, "code")
    if "person" in data and Cadre.objects.filter(person=obj.person).exclude(pk=obj.pk).exists():
        raise FieldError("person", _("Người này đã có trong danh sách cán bộ dự sinh hoạt."))
    if "account" in data:
        name = data["account"]
        user = get_user_model().objects.filter(username=name).first() if name else None
        if name and user is None:
            raise FieldError("account", _("Không có tài khoản đăng nhập '%(name)s'.") % {"name": name})
        if (user.pk if user else None) != obj.account_id and not links_accounts(refs.user):
            raise FieldError("account", _("Chỉ quản trị hệ thống hoặc chuyên viên cấp tỉnh gắn tài khoản."))
        if user is not None and Cadre.objects.filter(account=user).exclude(pk=obj.pk).exists():
            raise FieldError("account", _("Tài khoản '%(name)s' đã gắn với một cán bộ khác.") % {"name": name})
        obj.account = user


CADRE = ApiSpec(input=CadreIn, output=CadreOut, render=render_cadre, apply=apply_cadre,
                queryset=lambda qs: qs.select_related("unit", "person", "organization", "account"))


# ---------------------------------------------------------------- assignments


class AssignmentIn(InputSchema):
    model_config = example(cadre=1, unit="31135", committee="Ban Thường vụ Đảng ủy phường", start="2026-01-01",
                           end=None, areas=["31135.01"], rule=None)

    cadre: Int = _id("Mã số (id) cán bộ", default=...)
    unit: str = Field(description="Mã khóa tỉnh hoặc xã, phường của cấp ủy phân công", **UNIT_KEY)
    committee: str = text(Assignment, "committee")
    start: Day
    end: Day | None = None
    areas: list[str] = Field(min_length=1, max_length=500,
                             description="Mã khóa các xã, phường hoặc thôn, ấp phụ trách (trong đơn vị phân công)")
    rule: Int | None = _id("Mã số (id) quy định áp dụng (để trống: quy định gần nhất)")


AssignmentOut = output_schema(AssignmentIn, "AssignmentOut", id=int, cadre_name=str, unit_name=str,
                              updated=datetime)
_ASSIGNMENT = ("committee", "start", "end")


def render_assignment(obj: Assignment, user: Any) -> dict[str, Any]:
    return plain(obj, _ASSIGNMENT) | _place(obj) | {
        "cadre": obj.cadre_id, "cadre_name": obj.cadre.person.full_name, "rule": obj.rule_id,
        "areas": [area.key for area in obj.areas.all()]}


def area_units(refs: Refs, keys: list[str], unit: Any) -> list[Any]:
    """The areas by key: communes or villages the caller sees, inside ``unit``; else 422 on ``areas``."""
    areas = [refs.unit(key, field="areas") for key in keys]
    for area in areas:
        if area.level not in AREA_LEVELS:
            raise FieldError("areas", _("'%(unit)s' không phải xã, phường hay thôn, ấp.") % {"unit": area.name})
        if unit is not None and not area.path.startswith(unit.path):
            raise FieldError("areas", _("Địa bàn %(area)s không thuộc %(unit)s.") % {"area": area.name,
                                                                                     "unit": unit.name})
    return areas


def write_assignment(refs: Refs, obj: Assignment, data: dict[str, Any], before: dict[str, Any] | None) -> None:
    set_plain(obj, data, _ASSIGNMENT)
    _set_unit(refs, obj, data)
    if "cadre" in data:
        obj.cadre = refs.resolve(Cadre, "cadre", data["cadre"], pk=data["cadre"])
    _set_ref(refs, obj, data, "rule", VisitRule, "pk")
    unit = obj.unit if obj.unit_id else None
    areas = area_units(refs, data["areas"], unit) if "areas" in data else None
    if areas is None and "unit" in data and obj.pk:
        area_units(refs, [area.key for area in obj.areas.all()], unit)
    refs.save(obj, before)
    if areas is not None:
        obj.areas.set(areas)


ASSIGNMENT = ApiSpec(input=AssignmentIn, output=AssignmentOut, render=render_assignment, write=write_assignment,
                     queryset=lambda qs: qs.select_related("unit", "cadre__person").prefetch_related("areas"),
                     filters={"active_on": ApiFilter(type=QueryDay, method=lambda refs, qs, day: active_on(qs, day),
                                                     description="Còn hiệu lực ngày (YYYY-MM-DD)")})


# ---------------------------------------------------------------- schedules and their exceptions


class ScheduleIn(InputSchema):
    model_config = example(branch="CH-31135.01-PN", kind="day_of_month", day=10, week=None, weekday=None,
                           time="19:30")

    branch: str = code_field("Mã chi hội")
    kind: ScheduleKind = ScheduleKind.DAY_OF_MONTH
    day: Int | None = Field(None, **model_bounds(Schedule, "day"))
    week: Int | None = Field(None, **model_bounds(Schedule, "week"))
    weekday: Int | None = Field(None, ge=0, le=6, description="Thứ trong tuần: 0 = Thứ Hai … 6 = Chủ nhật")
    time: str | None = Field(None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="Giờ họp (HH:MM)")


ScheduleOut = output_schema(ScheduleIn, "ScheduleOut", id=int, unit=str, unit_name=str, org_kind=OrgKind,
                            updated=datetime)


def render_schedule(obj: Schedule, user: Any) -> dict[str, Any]:
    return _place(obj) | {"branch": obj.branch.code, "kind": obj.kind, "day": obj.day, "week": obj.week,
                          "weekday": obj.weekday, "time": f"{obj.time:%H:%M}" if obj.time else None,
                          "org_kind": obj.org_kind}


def apply_schedule(refs: Refs, obj: Schedule, data: dict[str, Any]) -> None:
    set_plain(obj, data, ("kind", "day", "week", "weekday", "time"))
    _set_ref(refs, obj, data, "branch", Branch, "code")
    if obj.branch_id and Schedule.objects.filter(branch_id=obj.branch_id).exclude(pk=obj.pk).exists():
        raise FieldError("branch", _("Chi hội này đã có lịch sinh hoạt."))


SCHEDULE = ApiSpec(input=ScheduleIn, output=ScheduleOut, render=render_schedule, apply=apply_schedule,
                   queryset=lambda qs: qs.select_related("unit", "branch"))


class ScheduleExceptionIn(InputSchema):
    model_config = example(branch="CH-31135.01-PN", date="2026-03-10", moved_to="2026-03-12",
                           reason="Trùng lịch họp dân")

    branch: str = code_field("Mã chi hội (có lịch sinh hoạt)")
    date: Day
    moved_to: Day | None = Field(None, description="Dời sang ngày (để trống: hủy buổi sinh hoạt)")
    reason: str = text(ScheduleException, "reason", required=False, default="")


ScheduleExceptionOut = output_schema(ScheduleExceptionIn, "ScheduleExceptionOut", id=int, unit=str, unit_name=str,
                                     org_kind=OrgKind, updated=datetime)


def render_exception(obj: ScheduleException, user: Any) -> dict[str, Any]:
    return plain(obj, ("date", "moved_to", "reason")) | _place(obj) | {
        "branch": obj.schedule.branch.code, "org_kind": obj.org_kind}


def apply_exception(refs: Refs, obj: ScheduleException, data: dict[str, Any]) -> None:
    set_plain(obj, data, ("date", "moved_to", "reason"))
    if "branch" in data:
        obj.schedule = refs.resolve(Schedule, "branch", data["branch"], branch__code=data["branch"])
    taken = ScheduleException.objects.filter(schedule_id=obj.schedule_id, date=obj.date).exclude(pk=obj.pk)
    if taken.exists():
        raise FieldError("date", _("Ngày này của lịch đã có thay đổi."))


SCHEDULE_EXCEPTION = ApiSpec(input=ScheduleExceptionIn, output=ScheduleExceptionOut, render=render_exception,
                             apply=apply_exception, queryset=lambda qs: qs.select_related("unit", "schedule__branch"))


# ---------------------------------------------------------------- meetings


class MeetingIn(InputSchema):
    model_config = example(branch="CH-31135.01-PN", date="2026-03-10", attendance=28, members=40,
                           content="Sinh hoạt định kỳ tháng 3", topics="Phòng chống lừa đảo qua mạng",
                           opinions="Đề nghị sửa đèn đường\nĐề nghị mở lớp dạy nghề", party_admissions=0)

    branch: str = code_field("Mã chi hội")
    date: Day
    attendance: Int | None = Field(None, **model_bounds(Meeting, "attendance"))
    members: Int | None = Field(None, **model_bounds(Meeting, "members"))
    content: str = Field("", max_length=LONG_TEXT)
    topics: str = text(Meeting, "topics", required=False, default="")
    opinions: str = Field("", max_length=LONG_TEXT, description="Ý kiến, kiến nghị của hội viên, mỗi ý kiến một dòng")
    party_admissions: Int = Field(0, **model_bounds(Meeting, "party_admissions"))


MeetingOut = output_schema(MeetingIn, "MeetingOut", id=int, unit=str, unit_name=str, org_kind=OrgKind,
                           updated=datetime)
_MEETING = ("date", "attendance", "members", "content", "topics", "opinions", "party_admissions")


def render_meeting(obj: Meeting, user: Any) -> dict[str, Any]:
    return plain(obj, _MEETING) | _place(obj) | {"branch": obj.branch.code, "org_kind": obj.org_kind}


def apply_meeting(refs: Refs, obj: Meeting, data: dict[str, Any]) -> None:
    set_plain(obj, data, _MEETING)
    _set_ref(refs, obj, data, "branch", Branch, "code")
    if Meeting.objects.filter(branch_id=obj.branch_id, date=obj.date).exclude(pk=obj.pk).exists():
        raise FieldError("date", _("Chi hội đã có buổi sinh hoạt ngày này."))


MEETING = ApiSpec(input=MeetingIn, output=MeetingOut, render=render_meeting, apply=apply_meeting,
                  queryset=lambda qs: qs.select_related("unit", "branch"))


# ---------------------------------------------------------------- visits


class VisitIn(InputSchema):
    model_config = example(cadre=1, assignment=None, branch="CH-31135.01-PN", date="2026-03-10", attended=True,
                           absence_reason="", attendance=25, content="Sinh hoạt chuyên đề phòng chống lừa đảo",
                           on_schedule=True, well_prepared=True, members_spoke=True, minutes_kept=True,
                           opinions="Đề nghị sửa đèn đường", idempotency_key="0b6f1c1e-8d0a-4d8e-9b1c-2f7d3a1e5c44")

    cadre: Int = _id("Mã số (id) cán bộ", default=...)
    assignment: Int | None = _id("Mã số (id) phân công")
    branch: str = code_field("Mã chi hội")
    date: Day
    attended: Bool = True
    absence_reason: str = text(Visit, "absence_reason", required=False, default="",
                               description="Lý do không dự (bắt buộc khi không dự)")
    attendance: Int | None = Field(None, **model_bounds(Visit, "attendance"))
    content: str = Field("", max_length=LONG_TEXT)
    on_schedule: Bool = True
    well_prepared: Bool = True
    members_spoke: Bool = True
    minutes_kept: Bool = True
    opinions: str = Field("", max_length=LONG_TEXT, description="Ý kiến, kiến nghị của hội viên, mỗi ý kiến một dòng")
    idempotency_key: str | None = Field(None, min_length=8, max_length=64, pattern=r"^[0-9A-Za-z._-]+$",
                                        description="Khóa chống gửi trùng (mỗi báo cáo một khóa; chỉ khi tạo mới)")


VisitOut = output_schema(VisitIn, "VisitOut", id=int, cadre_name=str, cadre_level=CadreLevel, unit=str,
                         unit_name=str, org_kind=OrgKind, updated=datetime)
_VISIT = ("date", "attended", "absence_reason", "attendance", "content", "on_schedule", "well_prepared",
          "members_spoke", "minutes_kept", "opinions")


def render_visit(obj: Visit, user: Any) -> dict[str, Any]:
    return plain(obj, _VISIT) | _place(obj) | {
        "cadre": obj.cadre_id, "cadre_name": obj.cadre.person.full_name, "cadre_level": obj.cadre_level,
        "assignment": obj.assignment_id, "branch": obj.branch.code, "org_kind": obj.org_kind,
        "idempotency_key": obj.idempotency_key}


def apply_visit(refs: Refs, obj: Visit, data: dict[str, Any]) -> None:
    set_plain(obj, data, _VISIT)
    if "cadre" in data:
        obj.cadre = refs.resolve(Cadre, "cadre", data["cadre"], pk=data["cadre"])
    _set_ref(refs, obj, data, "assignment", Assignment, "pk")
    _set_ref(refs, obj, data, "branch", Branch, "code")
    key = data.get("idempotency_key")
    if key and obj.pk is None:
        if Visit.objects.filter(idempotency_key=key).exists():
            raise FieldError("idempotency_key", _("Báo cáo với khóa này đã được nhận trước đó."))
        obj.idempotency_key = key


VISIT = ApiSpec(input=VisitIn, output=VisitOut, render=render_visit, apply=apply_visit,
                queryset=lambda qs: qs.select_related("unit", "branch", "cadre__person"))
