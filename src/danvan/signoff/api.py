"""Sign-offs in the HTTP API (``/api/v1/signoffs``; ``core.api_spec``): read-only records (list with
the unit/period/state filters, detail) and ``POST /signoffs/{id}/move`` — the same moves as the
pages (submit again, approve, return, unlock), through ``core.workflow.transition``."""

from datetime import date
from typing import Any

from ninja import Schema
from pydantic import Field

from danvan.core.api_spec import ApiAction, ApiSpec, Day, InputSchema, Refs
from danvan.core.workflow import transition

from .models import SignOff, SignOffState


class SignOffOut(Schema):
    id: int
    unit: str = Field(description="Mã khóa đơn vị")
    unit_name: str
    period: str = Field(description="Mã kỳ: 2026-10, 2026Q4 hoặc 2026")
    period_label: str
    start: date
    end: date
    state: SignOffState = Field(description="Trạng thái (chỉ đổi qua các bước ký duyệt)")
    submitted_on: date | None
    approved_on: date | None
    version: int


def render_signoff(obj: SignOff, user: Any) -> dict[str, Any]:
    return {"id": obj.pk, "unit": obj.unit.key, "unit_name": obj.unit.name, "period": obj.period,
            "period_label": obj.period_label, "start": obj.start, "end": obj.end, "state": obj.state,
            "submitted_on": obj.submitted_on, "approved_on": obj.approved_on, "version": obj.version}


class MoveIn(InputSchema):
    model_config = {"json_schema_extra": {"examples": [{"target": "approved", "day": "2026-11-05", "note": ""}]}}

    target: SignOffState = Field(description="Trạng thái mới: submitted, approved, returned, unlocked")
    day: Day = Field(description="Ngày chuyển (không sau hôm nay, không trước lần chuyển trước)")
    note: str = Field("", max_length=2000, description="Ý kiến; bắt buộc khi trả lại hoặc mở khóa")


def move(refs: Refs, obj: SignOff, data: dict[str, Any]) -> None:
    target = data["target"]
    transition(refs.user, obj, target.value if hasattr(target, "value") else target, data["day"], data["note"])


SIGNOFF = ApiSpec(
    output=SignOffOut, render=render_signoff, read_only=True,
    actions={"move": ApiAction(MoveIn, move, summary="Gửi, phê duyệt, trả lại hoặc mở khóa ký duyệt số liệu")},
    queryset=lambda qs: qs.select_related("unit"),
)
