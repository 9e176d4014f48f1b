"""Exemplars in the HTTP API (``/api/v1/exemplars``; ``core.api_spec``).

``state`` and ``review_result`` are read-only in the record's body: a model's state changes only
through its lifecycle (``core.workflow.transition``), which the web page of a move and
``POST /exemplars/{id}/transition`` (an ``ApiAction``) call — same rules, same Vietnamese refusals.
"""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from pydantic import Field

from danvan.core.api_spec import (
    MAX_ID,
    ApiAction,
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
)
from danvan.core.workflow import transition
from danvan.people.models import Organization, Person

from .choices import ExemplarKind, OrgKind, OwnerType, ReviewResult, State
from .choices import Field as ExField
from .models import Exemplar
from .views import origin_choices

TEXTS = ("situation", "goals", "method", "target", "participants", "resources", "outputs", "sustainability",
         "public_story")
PLAIN = ("name", "kind", "owner_type", "agency_name", "org_kind", "field", "registered", "labor_days", "budget",
         "starts", "review_due", "public", "public_title", *TEXTS)
LONG_TEXT = {"max_length": 20_000}


def _text(name: str, required: bool = False) -> Any:
    bounds = model_bounds(Exemplar, name) or LONG_TEXT
    return Field(min_length=1, **bounds) if required else Field("", **bounds)


class ExemplarIn(InputSchema):
    model_config = {"json_schema_extra": {"examples": [{
        "name": "Dân vận khéo trong xây dựng nông thôn mới", "kind": "model", "owner_type": "collective",
        "organization": "HPN-31135", "field": "economy", "unit": "31135.01", "registered": "2026-02-10",
        "situation": "Đường nội ấp lầy lội mùa mưa", "labor_days": 120}]}}

    name: str = _text("name", required=True)
    kind: ExemplarKind = ExemplarKind.MODEL
    owner_type: OwnerType = OwnerType.COLLECTIVE
    person: Int | None = Field(None, ge=1, le=MAX_ID, description="Mã số (id) cá nhân điển hình")
    organization: str | None = Field(None, max_length=40, description="Mã tổ chức đăng ký")
    agency_name: str = _text("agency_name")
    org_kind: OrgKind = OrgKind.AGENCY
    field: ExField
    unit: str = Field(min_length=1, max_length=40, description="Mã khóa xã, phường hoặc thôn, ấp nơi thực hiện")
    registered: Day
    situation: str = _text("situation")
    goals: str = _text("goals")
    method: str = _text("method")
    target: str = _text("target")
    participants: str = _text("participants")
    resources: str = _text("resources")
    labor_days: Int | None = Field(None, **model_bounds(Exemplar, "labor_days"))
    budget: Int | None = Field(None, **model_bounds(Exemplar, "budget"))
    starts: Day | None = None
    review_due: Day | None = None
    outputs: str = _text("outputs")
    sustainability: str = _text("sustainability")
    origin: Int | None = Field(None, ge=1, le=MAX_ID, description="Mã số (id) mô hình được nhân rộng từ đó")
    public: Bool = False
    public_title: str = _text("public_title")
    public_story: str = _text("public_story")


ExemplarOut = output_schema(
    ExemplarIn, "ExemplarOut", id=int, unit_name=str,
    state=(State, "Trạng thái (chỉ đổi qua các bước của quy trình)"),
    review_result=(ReviewResult | None, "Kết quả sơ kết gần nhất"),
    replicas=(int, "Số mô hình nhân rộng trực tiếp từ mô hình này"), updated=datetime,
)


def render_exemplar(obj: Exemplar, user: Any) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(obj, name) for name in PLAIN}
    data.update(
        id=obj.pk, unit=obj.unit.key, unit_name=obj.unit.name, person=obj.person_id,
        organization=obj.organization.code if obj.organization_id else None, origin=obj.origin_id,
        state=obj.state, review_result=obj.review_result or None, replicas=obj.replicas.count(), updated=obj.updated,
    )
    return data


def apply_exemplar(refs: Refs, obj: Exemplar, data: dict[str, Any]) -> None:
    for name in PLAIN:
        if name in data:
            value = data[name]
            setattr(obj, name, value.value if hasattr(value, "value") else value)
    if "unit" in data:
        obj.unit = refs.unit(data["unit"])
    if "organization" in data:
        code = data["organization"]
        obj.organization = refs.resolve(Organization, "organization", code, code=code) if code else None
    if "person" in data:
        pk = data["person"]
        obj.person = refs.resolve(Person, "person", pk, pk=pk) if pk is not None else None
    if "origin" in data:
        obj.origin = _origin(refs, data["origin"])


def _origin(refs: Refs, pk: int | None) -> Exemplar | None:
    """A model in the caller's scope or published anywhere (replication crosses communes)."""
    if pk is None:
        return None
    origin = origin_choices(refs.user).filter(pk=pk).first()
    if origin is None:
        raise FieldError("origin", _("Không có mô hình %(pk)s trong phạm vi của bạn hoặc trong các mô hình đã "
                                     "công khai.") % {"pk": pk})
    return origin


class TransitionIn(InputSchema):
    model_config = {"json_schema_extra": {"examples": [{"target": "launched", "day": "2026-03-02",
                                                        "note": "Ra mắt tại nhà văn hóa ấp"}]}}

    target: State = Field(description="Trạng thái mới")
    day: Day = Field(description="Ngày chuyển (không sau hôm nay, không trước lần chuyển trước)")
    note: str = Field("", max_length=2000, description="Ghi chú; bắt buộc khi dừng thực hiện")
    review_result: ReviewResult | None = Field(None, description="Kết quả sơ kết (khi chuyển sang 'reviewed')")


def move(refs: Refs, obj: Exemplar, data: dict[str, Any]) -> None:
    values = {"review_result": data["review_result"]} if data.get("review_result") else {}
    transition(refs.user, obj, data["target"], data["day"], data["note"], values)


EXEMPLAR = ApiSpec(
    input=ExemplarIn, output=ExemplarOut, render=render_exemplar, apply=apply_exemplar,
    actions={"transition": ApiAction(TransitionIn, move, summary="Chuyển trạng thái mô hình (ra mắt, sơ kết, "
                                                                  "công nhận, khen thưởng, nhân rộng, dừng)")},
    queryset=lambda qs: qs.select_related("unit", "organization"),
    filters={"organization": ApiFilter(lookup="organization__code", description="Mã tổ chức đăng ký",
                                       constraints={"max_length": 40})},
)
