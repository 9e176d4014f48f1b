"""The personal-data registers in the HTTP API (``/api/v1/legal-bases``, ``/data-requests``,
``/breaches``; ``core.api_spec``). A request's deadlines are computed and its state changes only
through ``POST /data-requests/{id}/transition`` (``core.workflow.transition``)."""

from datetime import date, datetime
from typing import Any

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
)
from danvan.core.workflow import transition
from danvan.people.models import Person

from .choices import BasisKind, BasisSource, RequestKind, RequestState
from .models import DEFAULT_AUTHORITY, Breach, DataRequest, LegalBasis

LONG_TEXT = {"max_length": 20_000}
UNIT = {"min_length": 1, "max_length": 40}


def _text(model: Any, name: str, required: bool = False) -> Any:
    bounds = model_bounds(model, name) or LONG_TEXT
    return Field(min_length=1, **bounds) if required else Field("", **bounds)


def _person(refs: Refs, pk: int | None) -> Person | None:
    return refs.resolve(Person, "person", pk, pk=pk) if pk is not None else None


def _set(obj: Any, data: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        if name in data:
            value = data[name]
            setattr(obj, name, value.value if hasattr(value, "value") else value)


# ---------------------------------------------------------------- legal bases
class LegalBasisIn(InputSchema):
    model_config = {"json_schema_extra": {"examples": [{
        "person": 1, "kind": "consent", "purpose": "Quản lý hội viên", "given_on": "2026-02-01", "source": "paper"}]}}

    person: Int = Field(ge=1, le=MAX_ID, description="Mã số (id) cá nhân")
    kind: BasisKind = BasisKind.CONSENT
    purpose: str = _text(LegalBasis, "purpose", required=True)
    given_on: Day
    source: BasisSource = BasisSource.PAPER
    reference: str = _text(LegalBasis, "reference")
    withdrawn_on: Day | None = None


LegalBasisOut = output_schema(LegalBasisIn, "LegalBasisOut", id=int, unit=str, updated=datetime)
BASIS_FIELDS = ("kind", "purpose", "given_on", "source", "reference", "withdrawn_on")


def render_basis(obj: LegalBasis, user: Any) -> dict[str, Any]:
    return {"id": obj.pk, "person": obj.person_id, "unit": obj.unit.key, "updated": obj.updated,
            **{name: getattr(obj, name) for name in BASIS_FIELDS}}


def apply_basis(refs: Refs, obj: LegalBasis, data: dict[str, Any]) -> None:
    _set(obj, data, BASIS_FIELDS)
    if "person" in data:
        obj.person = _person(refs, data["person"])


LEGAL_BASIS = ApiSpec(input=LegalBasisIn, output=LegalBasisOut, render=render_basis, apply=apply_basis,
                      queryset=lambda qs: qs.select_related("unit"))


# ---------------------------------------------------------------- data-subject requests
class DataRequestIn(InputSchema):
    model_config = {"json_schema_extra": {"examples": [{
        "requester": "Nguyễn Văn Hỏi", "kind": "access", "received_on": "2026-03-02", "unit": "31135"}]}}

    person: Int | None = Field(None, ge=1, le=MAX_ID, description="Mã số (id) chủ thể dữ liệu, nếu có")
    requester: str = _text(DataRequest, "requester", required=True)
    kind: RequestKind
    details: str = _text(DataRequest, "details")
    received_on: Day
    third_parties: Bool = False
    unit: str = Field(description="Mã khóa đơn vị xử lý (tỉnh hoặc xã, phường)", **UNIT)
    outcome: str = _text(DataRequest, "outcome")


DataRequestOut = output_schema(
    DataRequestIn, "DataRequestOut", id=int,
    state=(RequestState, "Trạng thái (chỉ đổi qua các bước của quy trình)"),
    acknowledge_by=(date, "Hạn xác nhận (2 ngày làm việc)"), due=(date, "Hạn giải quyết (15 hoặc 20 ngày)"),
    extended_to=(date | None, "Gia hạn đến"), acknowledged_on=(date | None, "Ngày xác nhận"),
    closed_on=(date | None, "Ngày kết thúc"), overdue=(bool, "Quá hạn"), updated=datetime,
)
REQUEST_FIELDS = ("requester", "kind", "details", "received_on", "third_parties", "outcome")


def render_request(obj: DataRequest, user: Any) -> dict[str, Any]:
    return {"id": obj.pk, "person": obj.person_id, "unit": obj.unit.key, "state": obj.state,
            "acknowledge_by": obj.acknowledge_by, "due": obj.due, "extended_to": obj.extended_to,
            "acknowledged_on": obj.acknowledged_on, "closed_on": obj.closed_on, "overdue": obj.is_overdue(),
            "updated": obj.updated, **{name: getattr(obj, name) for name in REQUEST_FIELDS}}


def apply_request(refs: Refs, obj: DataRequest, data: dict[str, Any]) -> None:
    _set(obj, data, REQUEST_FIELDS)
    if "person" in data:
        obj.person = _person(refs, data["person"])
    if "unit" in data:
        obj.unit = refs.unit(data["unit"])
    obj.set_deadlines()


class RequestMoveIn(InputSchema):
    model_config = {"json_schema_extra": {"examples": [{"target": "acknowledged", "day": "2026-03-03"}]}}

    target: RequestState = Field(description="Trạng thái mới")
    day: Day = Field(description="Ngày chuyển (không sau hôm nay, không trước lần chuyển trước)")
    note: str = Field("", max_length=2000, description="Lý do; bắt buộc khi gia hạn hoặc từ chối")
    extended_to: Day | None = Field(None, description="Gia hạn đến (khi chuyển sang 'extended')")


def move(refs: Refs, obj: DataRequest, data: dict[str, Any]) -> None:
    values = {"extended_to": data["extended_to"]} if data.get("extended_to") else {}
    transition(refs.user, obj, data["target"], data["day"], data["note"], values)


DATA_REQUEST = ApiSpec(
    input=DataRequestIn, output=DataRequestOut, render=render_request, apply=apply_request,
    actions={"transition": ApiAction(RequestMoveIn, move, summary="Xử lý yêu cầu (xác nhận, gia hạn, hoàn thành, "
                                                                   "từ chối)")},
    queryset=lambda qs: qs.select_related("unit"),
)


# ---------------------------------------------------------------- breaches
class BreachIn(InputSchema):
    model_config = {"json_schema_extra": {"examples": [{
        "title": "Thất lạc sổ danh sách hội viên", "discovered_at": "2026-03-02T08:30:00+07:00", "unit": "31135"}]}}

    title: str = _text(Breach, "title", required=True)
    unit: str = Field(description="Mã khóa đơn vị (tỉnh hoặc xã, phường)", **UNIT)
    discovered_at: datetime = Field(description="Thời điểm phát hiện (hạn thông báo là 72 giờ sau)")
    notified_at: datetime | None = Field(None, description="Thời điểm đã thông báo cho cơ quan chuyên trách")
    authority: str = Field(DEFAULT_AUTHORITY, min_length=1, **model_bounds(Breach, "authority"))
    description: str = _text(Breach, "description")
    data_kinds: str = _text(Breach, "data_kinds")
    sensitive: Bool = False
    people_affected: Int | None = Field(None, ge=0, le=MAX_ID)
    measures: str = _text(Breach, "measures")


BreachOut = output_schema(BreachIn, "BreachOut", id=int, notify_deadline=(datetime, "Hạn thông báo (72 giờ)"),
                          overdue=(bool, "Quá hạn hoặc thông báo trễ"), updated=datetime)
BREACH_FIELDS = ("title", "authority", "discovered_at", "notified_at", "description", "data_kinds", "sensitive",
                 "people_affected", "measures")


def render_breach(obj: Breach, user: Any) -> dict[str, Any]:
    return {"id": obj.pk, "unit": obj.unit.key, "notify_deadline": obj.notify_deadline,
            "overdue": obj.is_overdue(), "updated": obj.updated, **{name: getattr(obj, name) for name in BREACH_FIELDS}}


def apply_breach(refs: Refs, obj: Breach, data: dict[str, Any]) -> None:
    _set(obj, data, BREACH_FIELDS)
    if "unit" in data:
        obj.unit = refs.unit(data["unit"])


BREACH = ApiSpec(input=BreachIn, output=BreachOut, render=render_breach, apply=apply_breach,
                 queryset=lambda qs: qs.select_related("unit"))
