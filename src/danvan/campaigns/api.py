"""Campaigns records in the HTTP API (``core.api_spec``): /api/v1/campaigns, /works, /village-decisions,
/contributions, /poverty-help, /training-courses, /trainees and /commendations, derived by the ``api``
app from the specs below (named in declarations.py).

References: campaigns, works, courses and organizations by code, people by code, households,
decisions and exemplars by id, units by key. The organization kind of a record with an organization
is the organization's; a contribution's, a decision's and a trainee's is their work's, campaign's or
course's (``org_kind`` is then read-only in effect).
"""

from datetime import datetime
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, QuerySet
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
    Refs,
    model_bounds,
    output_schema,
    plain,
    plain_value,
    set_plain,
)
from danvan.exemplars.models import Exemplar
from danvan.people.api import UNIT_KEY, code_field, example, text
from danvan.people.models import Household, Organization, Person

from .choices import (
    Build,
    CampaignKind,
    CommendationForm,
    ContributorType,
    HouseKind,
    IssuerLevel,
    OrgKind,
    RecipientType,
    WorkKind,
    WorkState,
)
from .filters import MAX_YEAR, MIN_YEAR, exited
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

LONG_TEXT = 20_000


def _id(description: str, default: Any = None) -> Any:
    return Field(default, ge=1, le=MAX_ID, description=description)


_choice, _set_plain, _plain = plain_value, set_plain, plain


CODE, PK = "code", "pk"


def _apply_refs(refs: Refs, obj: Any, data: dict[str, Any], **targets: tuple[Any, str]) -> None:
    """Set each reference sent, ``field=(Model, CODE or PK)``, read in the caller's scope (unknown or
    out of scope: 422 naming the field); ``null`` clears it."""
    for field, (model, key) in targets.items():
        if field in data:
            value = data[field]
            found = refs.resolve(model, field, value, **{key: value}) if value not in (None, "") else None
            setattr(obj, field, found)


def _code_of(obj: Any) -> str | None:
    return obj.code if obj is not None else None


def _place_fields(obj: Any) -> dict[str, Any]:
    return {"id": obj.pk, "unit": obj.unit.key, "unit_name": obj.unit.name, "updated": obj.updated}


def _organized(obj: Any) -> dict[str, Any]:
    return {"organization": _code_of(obj.organization), "agency_name": obj.agency_name, "org_kind": obj.org_kind}


def _apply_organized(refs: Refs, obj: Any, data: dict[str, Any]) -> None:
    _set_plain(obj, data, ("agency_name", "org_kind"))
    _apply_refs(refs, obj, data, organization=(Organization, CODE))
    if "unit" in data:
        obj.unit = refs.unit(data["unit"])


def _vnd(name: str, model: Any = Work, default: Any = 0) -> Any:
    return Field(default, **model_bounds(model, name))


def _by_code_filter(lookup: str, description: str) -> ApiFilter:
    """A list filter by a referenced record's code (the web lists filter by id)."""
    return ApiFilter(lookup=lookup, description=description, constraints={"max_length": 40})


def _year_filter(lookup: str, description: str) -> ApiFilter:
    return ApiFilter(type=int, lookup=lookup, description=description, constraints={"ge": MIN_YEAR, "le": MAX_YEAR})


WORK_CODE = _by_code_filter("work__code", "Mã công trình")
CAMPAIGN_CODE = _by_code_filter("campaign__code", "Mã phong trào")
ORG = code_field("Mã tổ chức (nếu có trong danh sách tổ chức)", default=None)
AGENCY_DOC = "Tên cơ quan, đơn vị khi không có tổ chức"
ORG_KIND_DOC = "Loại tổ chức khi không có tổ chức (có tổ chức thì lấy theo tổ chức)"


# ---------------------------------------------------------------- campaigns


class CampaignIn(InputSchema):
    model_config = example(code="PT-NTM-2026", name="Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
                           kind="movement", unit="31135", organization="HPN-31135", start="2026-01-05",
                           fields="nông thôn mới")

    code: str = code_field()
    name: str = text(Campaign, "name")
    kind: CampaignKind = CampaignKind.MOVEMENT
    unit: str = Field(description="Mã khóa tỉnh hoặc xã, phường phát động", **UNIT_KEY)
    organization: str | None = ORG
    agency_name: str = text(Campaign, "agency_name", required=False, default="", description=AGENCY_DOC)
    org_kind: OrgKind = Field(OrgKind.FRONT, description=ORG_KIND_DOC)
    start: Day
    end: Day | None = None
    fields: str = text(Campaign, "fields", required=False, default="")
    description: str = Field("", max_length=LONG_TEXT)


CampaignOut = output_schema(CampaignIn, "CampaignOut", id=int, unit_name=str, updated=datetime)
_CAMPAIGN = ("code", "name", "kind", "start", "end", "fields", "description")


def render_campaign(obj: Campaign, user: Any) -> dict[str, Any]:
    return _plain(obj, _CAMPAIGN) | _organized(obj) | _place_fields(obj)


def apply_campaign(refs: Refs, obj: Campaign, data: dict[str, Any]) -> None:
    _set_plain(obj, data, _CAMPAIGN)
    _apply_organized(refs, obj, data)


CAMPAIGN = ApiSpec(input=CampaignIn, output=CampaignOut, render=render_campaign, apply=apply_campaign,
                   queryset=lambda qs: qs.select_related("unit", "organization"))


# ---------------------------------------------------------------- works


class WorkIn(InputSchema):
    model_config = example(code="CT-31135-001", name="Nhà đại đoàn kết hộ bà Lê Thị Hoa", kind="house",
                           house_kind="great_unity", build="new", quantity=1, campaign=None, unit="31135.01",
                           organization="HPN-31135", state="handed_over", started="2026-01-20",
                           handed_over="2026-03-15", value_vnd=60000000, budget_vnd=0, organizations_vnd=40000000,
                           people_vnd=20000000, sponsors_vnd=0, spent_vnd=60000000, public=True)

    code: str = code_field()
    name: str = text(Work, "name")
    kind: WorkKind
    house_kind: HouseKind | None = Field(None, description="Loại nhà (chỉ với công trình nhà ở)")
    build: Build | None = Field(None, description="Xây mới hay sửa chữa")
    quantity: Int = Field(1, **model_bounds(Work, "quantity"))
    campaign: str | None = code_field("Mã phong trào", default=None)
    unit: str = Field(description="Mã khóa xã, phường hoặc thôn, ấp", **UNIT_KEY)
    beneficiary: Int | None = _id("Mã số (id) hộ được hỗ trợ")
    organization: str | None = ORG
    agency_name: str = text(Work, "agency_name", required=False, default="", description=AGENCY_DOC)
    org_kind: OrgKind = Field(OrgKind.FRONT, description=ORG_KIND_DOC)
    state: WorkState = WorkState.PLANNED
    started: Day | None = None
    handed_over: Day | None = None
    value_vnd: Int = _vnd("value_vnd")
    budget_vnd: Int = _vnd("budget_vnd")
    organizations_vnd: Int = _vnd("organizations_vnd")
    people_vnd: Int = _vnd("people_vnd")
    sponsors_vnd: Int = _vnd("sponsors_vnd")
    spent_vnd: Int | None = _vnd("spent_vnd", default=None)
    description: str = Field("", max_length=LONG_TEXT)
    public: Bool = False


WorkOut = output_schema(WorkIn, "WorkOut", id=int, unit_name=str, updated=datetime)
_WORK = ("code", "name", "kind", "quantity", "state", "started", "handed_over", "value_vnd", "budget_vnd",
         "organizations_vnd", "people_vnd", "sponsors_vnd", "spent_vnd", "description", "public")


def render_work(obj: Work, user: Any) -> dict[str, Any]:
    return _plain(obj, _WORK) | _organized(obj) | _place_fields(obj) | {
        "house_kind": obj.house_kind or None, "build": obj.build or None, "campaign": _code_of(obj.campaign),
        "beneficiary": obj.beneficiary_id}


def apply_work(refs: Refs, obj: Work, data: dict[str, Any]) -> None:
    _set_plain(obj, data, _WORK)
    for name in ("house_kind", "build"):
        if name in data:
            setattr(obj, name, _choice(data[name]) or "")
    _apply_organized(refs, obj, data)
    _apply_refs(refs, obj, data, campaign=(Campaign, CODE), beneficiary=(Household, PK))


WORK = ApiSpec(input=WorkIn, output=WorkOut, render=render_work, apply=apply_work,
               queryset=lambda qs: qs.select_related("unit", "organization", "campaign"),
               filters={"campaign": CAMPAIGN_CODE, "handed_over_year": _year_filter("handed_over__year", "Năm bàn giao")})


# ---------------------------------------------------------------- village decisions


class VillageDecisionIn(InputSchema):
    model_config = example(unit="31135.01", work="CT-31135-001", campaign=None, day="2026-01-10",
                           subject="Góp tiền, ngày công làm đường nội ấp", households=120, attending=96,
                           agreeing=90)

    unit: str = Field(description="Mã khóa thôn, ấp, tổ dân phố họp", **UNIT_KEY)
    work: str | None = code_field("Mã công trình", default=None)
    campaign: str | None = code_field("Mã phong trào", default=None)
    day: Day
    subject: str = text(VillageDecision, "subject")
    households: Int = Field(**model_bounds(VillageDecision, "households"))
    attending: Int = Field(**model_bounds(VillageDecision, "attending"))
    agreeing: Int = Field(**model_bounds(VillageDecision, "agreeing"))


VillageDecisionOut = output_schema(VillageDecisionIn, "VillageDecisionOut", id=int, unit_name=str, org_kind=OrgKind,
                                   agreeing_share=(float, "Tỷ lệ hộ tán thành (% số hộ của thôn)"),
                                   updated=datetime)
_DECISION = ("day", "subject", "households", "attending", "agreeing")


def render_decision(obj: VillageDecision, user: Any) -> dict[str, Any]:
    return _plain(obj, _DECISION) | _place_fields(obj) | {
        "work": _code_of(obj.work), "campaign": _code_of(obj.campaign), "org_kind": obj.org_kind,
        "agreeing_share": obj.agreeing_share}


def apply_decision(refs: Refs, obj: VillageDecision, data: dict[str, Any]) -> None:
    _set_plain(obj, data, _DECISION)
    if "unit" in data:
        obj.unit = refs.unit(data["unit"])
    _apply_refs(refs, obj, data, work=(Work, CODE), campaign=(Campaign, CODE))


DECISION = ApiSpec(input=VillageDecisionIn, output=VillageDecisionOut, render=render_decision, apply=apply_decision,
                   queryset=lambda qs: qs.select_related("unit", "work", "campaign"),
                   filters={"work": WORK_CODE, "campaign": CAMPAIGN_CODE, "year": _year_filter("day__year", "Năm họp")})


# ---------------------------------------------------------------- contributions


class ContributionIn(InputSchema):
    model_config = example(work="CT-31135-001", campaign=None, day="2026-02-01", contributor_type="anonymous",
                           unit="31135.01", cash_vnd=5000000, labor_days=30, land_m2=0,
                           note="Nhân dân khu vực góp tiền và ngày công")

    work: str | None = code_field("Mã công trình", default=None)
    campaign: str | None = code_field("Mã phong trào (lấy theo công trình nếu để trống)", default=None)
    day: Day
    contributor_type: ContributorType
    household: Int | None = _id("Mã số (id) hộ gia đình đóng góp")
    person: str | None = code_field("Mã cá nhân đóng góp", default=None)
    collective_name: str = text(Contribution, "collective_name", required=False, default="")
    show_name: Bool = Field(False, description="Người đóng góp đồng ý hiện tên trên bảng công khai")
    unit: str | None = Field(None, description="Mã khóa thôn, ấp của người đóng góp (để trống: theo hộ, cá nhân)",
                             **UNIT_KEY)
    cash_vnd: Int = _vnd("cash_vnd", Contribution)
    labor_days: Int = _vnd("labor_days", Contribution)
    land_m2: Int = _vnd("land_m2", Contribution)
    decision: Int | None = _id("Mã số (id) quyết định của cuộc họp thôn")
    note: str = text(Contribution, "note", required=False, default="")


ContributionOut = output_schema(ContributionIn, "ContributionOut", id=int, unit_name=str, org_kind=OrgKind,
                                updated=datetime)
_CONTRIBUTION = ("day", "contributor_type", "collective_name", "show_name", "cash_vnd", "labor_days", "land_m2",
                 "note")


def render_contribution(obj: Contribution, user: Any) -> dict[str, Any]:
    return _plain(obj, _CONTRIBUTION) | _place_fields(obj) | {
        "work": _code_of(obj.work), "campaign": _code_of(obj.campaign), "household": obj.household_id,
        "person": _code_of(obj.person), "decision": obj.decision_id, "org_kind": obj.org_kind}


def apply_contribution(refs: Refs, obj: Contribution, data: dict[str, Any]) -> None:
    _set_plain(obj, data, _CONTRIBUTION)
    _apply_refs(refs, obj, data, work=(Work, CODE), campaign=(Campaign, CODE), household=(Household, PK),
                person=(Person, CODE), decision=(VillageDecision, PK))
    if data.get("unit"):
        obj.unit = refs.unit(data["unit"])
    elif obj.unit_id is None and not (obj.household_id or obj.person_id):
        raise FieldError("unit", _("Cần mã thôn, ấp của người đóng góp khi không chọn hộ gia đình hoặc cá nhân."))


CONTRIBUTION = ApiSpec(input=ContributionIn, output=ContributionOut, render=render_contribution,
                       apply=apply_contribution,
                       queryset=lambda qs: qs.select_related("unit", "work", "campaign", "person"),
                       filters={"work": WORK_CODE, "campaign": CAMPAIGN_CODE,
                                "year": _year_filter("day__year", "Năm đóng góp")})


# ---------------------------------------------------------------- poverty help


class PovertyHelpIn(InputSchema):
    model_config = example(household=1, member=None, year=2026, help="Hỗ trợ con giống, vốn vay",
                           value_vnd=10000000, organization="HPN-31135")

    household: Int = _id("Mã số (id) hộ được giúp", default=...)
    member: str | None = code_field("Mã cá nhân của đoàn viên, hội viên trong hộ", default=None)
    year: Int = Field(**model_bounds(PovertyHelp, "year"))
    help: str = Field(min_length=1, max_length=LONG_TEXT)
    value_vnd: Int = _vnd("value_vnd", PovertyHelp)
    organization: str | None = ORG
    agency_name: str = text(PovertyHelp, "agency_name", required=False, default="", description=AGENCY_DOC)
    org_kind: OrgKind = Field(OrgKind.FRONT, description=ORG_KIND_DOC)


PovertyHelpOut = output_schema(PovertyHelpIn, "PovertyHelpOut", id=int, unit=str, unit_name=str,
                               exited=(bool, "Hộ đã thoát nghèo theo rà soát (năm trước nghèo, năm nay không, "
                                             "năm sau không tái nghèo)"), updated=datetime)
_HELP = ("year", "help", "value_vnd")


def render_poverty_help(obj: PovertyHelp, user: Any) -> dict[str, Any]:
    shown = getattr(obj, "exit_shown", None)  # annotated on lists (``_poverty_help``)
    if shown is None:
        shown = PovertyHelp.objects.filter(pk=obj.pk).filter(exited()).exists()
    return _plain(obj, _HELP) | _organized(obj) | _place_fields(obj) | {
        "household": obj.household_id, "member": _code_of(obj.member), "exited": shown}


def _poverty_help(qs: QuerySet) -> QuerySet:
    return qs.select_related("unit", "organization", "member").annotate(
        exit_shown=ExpressionWrapper(exited(), output_field=BooleanField()))


def apply_poverty_help(refs: Refs, obj: PovertyHelp, data: dict[str, Any]) -> None:
    _set_plain(obj, data, _HELP)
    _apply_organized(refs, obj, data)
    _apply_refs(refs, obj, data, household=(Household, PK), member=(Person, CODE))


POVERTY_HELP = ApiSpec(input=PovertyHelpIn, output=PovertyHelpOut, render=render_poverty_help,
                       apply=apply_poverty_help, queryset=_poverty_help,
                       filters={"year": _year_filter("year", "Năm thoát nghèo")})


# ---------------------------------------------------------------- training courses and trainees


class TrainingCourseIn(InputSchema):
    model_config = example(code="TH-31135-2026-01", name="Tập huấn nghiệp vụ công tác dân vận", unit="31135",
                           organization="HPN-31135", start="2026-04-02", end="2026-04-03", trainee_count=40)

    code: str = code_field()
    name: str = text(TrainingCourse, "name")
    unit: str = Field(description="Mã khóa tỉnh hoặc xã, phường tổ chức lớp", **UNIT_KEY)
    organization: str | None = ORG
    agency_name: str = text(TrainingCourse, "agency_name", required=False, default="", description=AGENCY_DOC)
    org_kind: OrgKind = Field(OrgKind.FRONT, description=ORG_KIND_DOC)
    start: Day
    end: Day
    trainee_count: Int = Field(0, **model_bounds(TrainingCourse, "trainee_count"))


TrainingCourseOut = output_schema(TrainingCourseIn, "TrainingCourseOut", id=int, unit_name=str,
                                  named_trainees=(int, "Số học viên ghi tên"), updated=datetime)
_COURSE = ("code", "name", "start", "end", "trainee_count")


def render_course(obj: TrainingCourse, user: Any) -> dict[str, Any]:
    return _plain(obj, _COURSE) | _organized(obj) | _place_fields(obj) | {
        "named_trainees": getattr(obj, "named_trainees", None) or obj.trainees.count()}


def apply_course(refs: Refs, obj: TrainingCourse, data: dict[str, Any]) -> None:
    _set_plain(obj, data, _COURSE)
    _apply_organized(refs, obj, data)


COURSE = ApiSpec(input=TrainingCourseIn, output=TrainingCourseOut, render=render_course, apply=apply_course,
                 queryset=lambda qs: qs.select_related("unit", "organization").annotate(named_trainees=Count("trainees")),
                 filters={"year": _year_filter("start__year", "Năm mở lớp")})


class TraineeIn(InputSchema):
    model_config = example(course="TH-31135-2026-01", person="P-31135.01-PN")

    course: str = code_field("Mã lớp")
    person: str = code_field("Mã cá nhân của học viên")


TraineeOut = output_schema(TraineeIn, "TraineeOut", id=int, unit=str, unit_name=str, person_name=str,
                           org_kind=OrgKind, updated=datetime)


def render_trainee(obj: Trainee, user: Any) -> dict[str, Any]:
    return _place_fields(obj) | {"course": obj.course.code, "person": obj.person.code,
                                 "person_name": obj.person.full_name, "org_kind": obj.org_kind}


def apply_trainee(refs: Refs, obj: Trainee, data: dict[str, Any]) -> None:
    _apply_refs(refs, obj, data, course=(TrainingCourse, CODE), person=(Person, CODE))


TRAINEE = ApiSpec(input=TraineeIn, output=TraineeOut, render=render_trainee, apply=apply_trainee,
                  queryset=lambda qs: qs.select_related("unit", "course", "person"),
                  filters={"course": _by_code_filter("course__code", "Mã lớp")})


# ---------------------------------------------------------------- commendations


class CommendationIn(InputSchema):
    model_config = example(form="certificate", issuer_level="province", issuer="Ban Dân vận Thành ủy",
                           decision_no="125-QĐ/BDVTU", day="2026-05-19", recipient_type="collective",
                           collective_name="Hội Liên hiệp Phụ nữ phường Ninh Kiều", unit="31135", year=2025,
                           reason="Hoàn thành xuất sắc công tác dân vận năm 2025", org_kind="women")

    form: CommendationForm
    issuer_level: IssuerLevel
    issuer: str = text(Commendation, "issuer")
    decision_no: str = text(Commendation, "decision_no", required=False, default="")
    day: Day
    recipient_type: RecipientType
    collective_name: str = text(Commendation, "collective_name", required=False, default="")
    person: str | None = code_field("Mã cá nhân được khen", default=None)
    unit: str = Field(description="Mã khóa đơn vị của tập thể, cá nhân được khen", **UNIT_KEY)
    campaign: str | None = code_field("Mã phong trào", default=None)
    exemplar: Int | None = _id("Mã số (id) mô hình \"Dân vận khéo\"")
    year: Int | None = Field(None, **model_bounds(Commendation, "year"))
    reason: str = text(Commendation, "reason", required=False, default="")
    org_kind: OrgKind = OrgKind.FRONT


CommendationOut = output_schema(CommendationIn, "CommendationOut", id=int, unit_name=str, updated=datetime)
_COMMENDATION = ("form", "issuer_level", "issuer", "decision_no", "day", "recipient_type", "collective_name",
                 "year", "reason", "org_kind")


def render_commendation(obj: Commendation, user: Any) -> dict[str, Any]:
    return _plain(obj, _COMMENDATION) | _place_fields(obj) | {
        "person": _code_of(obj.person), "campaign": _code_of(obj.campaign), "exemplar": obj.exemplar_id}


def apply_commendation(refs: Refs, obj: Commendation, data: dict[str, Any]) -> None:
    _set_plain(obj, data, _COMMENDATION)
    if "unit" in data:
        obj.unit = refs.unit(data["unit"])
    _apply_refs(refs, obj, data, person=(Person, CODE), campaign=(Campaign, CODE), exemplar=(Exemplar, PK))


COMMENDATION = ApiSpec(input=CommendationIn, output=CommendationOut, render=render_commendation,
                       apply=apply_commendation,
                       queryset=lambda qs: qs.select_related("unit", "person", "campaign"),
                       filters={"campaign": CAMPAIGN_CODE, "year": _year_filter("day__year", "Năm khen thưởng")})
