"""This app's part of the test fixtures (``danvan.testing``): a plan with tasks and an activity in
village A1 (commune A) and the import walker's case for activity logs."""

import datetime as dt
from typing import Any

from danvan.testing import ImportCase

from .models import Activity, ActivityKind, Mode, Plan, PlanTask

ACTIVITY_HEADER = ["Mã hoạt động", "Ngày thực hiện", "Mã thôn", "Nội dung hoạt động", "Loại việc", "Cách làm",
                   "Cơ quan, đơn vị chủ trì", "Số cán bộ, công chức", "Số người dân tham gia", "Ghi chú tình hình"]


def extend_cast(cast: Any) -> None:
    cast.plan_a1 = Plan.objects.create(
        code="KH-A1", agency="Sở Nông nghiệp và Môi trường", unit=cast.village_a1,
        start=dt.date(2026, 3, 1), end=dt.date(2026, 8, 31), situation="Đường nội ấp lầy lội mùa mưa.")
    PlanTask.objects.create(plan=cast.plan_a1, description="Bê tông hóa đường nội ấp",
                            kind=ActivityKind.INFRASTRUCTURE, mode=Mode.WITH_PEOPLE, planned_quantity=300)
    PlanTask.objects.create(plan=cast.plan_a1, description="Hướng dẫn phân loại rác tại nguồn",
                            kind=ActivityKind.ENVIRONMENT, mode=Mode.GUIDANCE)
    cast.activity_a1 = Activity.objects.create(
        code="HD-A1", title="Cùng dân đổ bê tông đường nội ấp", date=dt.date(2026, 4, 12), unit=cast.village_a1,
        plan=cast.plan_a1, kind=ActivityKind.INFRASTRUCTURE, mode=Mode.WITH_PEOPLE,
        lead_agency="Sở Nông nghiệp và Môi trường", cadres=10, party_members=5, residents=40, quantity=120,
        quantity_unit="m", situation_note="Người dân góp 60 ngày công.")


def activity_row(cast: Any, place: str, n: int, code: str = "") -> list[str]:
    village = cast.village_a1 if place == "a" else cast.village_b1
    return [code or f"HD-T-{place}-{n}", "12/05/2026", village.key, f"Hoạt động thử {n}", "Phòng, chống dịch bệnh",
            "Làm cùng dân", "Trung tâm Y tế", "6", "25", "Phun thuốc diệt muỗi"]


def import_cases(cast: Any) -> dict[str, ImportCase]:
    def existing(place: str, kind: str) -> list[str]:
        village = cast.village_a1 if place == "a" else cast.village_b1
        activity = Activity.objects.create(
            code=f"HD-OLD-{place}", title="Hoạt động cũ", date=dt.date(2026, 2, 1), unit=village,
            kind=ActivityKind.OTHER, mode=Mode.GUIDANCE, lead_agency="Cơ quan cũ")
        return activity_row(cast, "a", 0, code=activity.code)

    return {"activities": ImportCase(
        ACTIVITY_HEADER, lambda place, kind, n: activity_row(cast, place, n), has_org_kind=False,
        models=(Activity, Plan, PlanTask), existing=existing)}
