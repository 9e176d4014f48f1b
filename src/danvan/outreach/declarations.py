""""Ba cùng" records, each declared once: the platform derives their pages, menu, picker, export
filter, API and scope-test coverage (``core.registry``)."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.registry import Column, Declaration, Picker, declare

from . import views
from .api import ACTIVITY, PLAN, TASK
from .filters import ActivityFilter, PlanFilter, PlanTaskFilter, WatchRuleFilter
from .forms import ActivityForm, PlanForm, PlanTaskForm, WatchRuleForm
from .models import Activity, ActivityEvidence, ActivityKind, Mode, Plan, PlanTask, WatchRule

VILLAGE = Column(_("Thôn, ấp"), "unit.name", sort="unit")
CREATED = Column(_("Tạo lúc"), "created")
UPDATED = Column(_("Cập nhật lúc"), "updated")


# ---------------------------------------------------------------- out-of-scope instances (scope tests)
# ``cast`` is the test cast (danvan.testing): village B1 lies outside editor_a's scope.
def plan_b(cast: Any) -> Plan:
    return Plan.objects.get_or_create(
        code="NGOAI-KH1", defaults={"agency": "Bộ Chỉ huy Quân sự Ngoại Phạm", "unit": cast.village_b1,
                                    "start": dt.date(2026, 1, 1), "end": dt.date(2026, 6, 30)})[0]


def task_b(cast: Any) -> PlanTask:
    return PlanTask.objects.get_or_create(
        plan=plan_b(cast), description="Nạo vét kênh Ngoại Phạm",
        defaults={"kind": ActivityKind.INFRASTRUCTURE, "mode": Mode.WITH_PEOPLE})[0]


def activity_b(cast: Any) -> Activity:
    return Activity.objects.get_or_create(
        code="NGOAI-HD1", defaults={"title": "Nạo vét kênh Ngoại Phạm", "date": dt.date(2026, 3, 2),
                                    "unit": cast.village_b1, "plan": plan_b(cast), "kind": ActivityKind.INFRASTRUCTURE,
                                    "mode": Mode.WITH_PEOPLE, "lead_agency": "Bộ Chỉ huy Quân sự Ngoại Phạm",
                                    "soldiers": 20, "residents": 30})[0]


def rule_b(cast: Any) -> WatchRule:
    return WatchRule.objects.get_or_create(unit=cast.commune_b, defaults={"min_residents": 15})[0]


# ---------------------------------------------------------------- plans
declare(Declaration(
    model=Plan, slug="plans", related=("unit", "organization"), api=PLAN,
    columns=(
        Column(_("Cơ quan, đơn vị"), "agency", sort="name", link=True),
        Column(_("Mã"), "code", sort="code", fmt="raw"),
        VILLAGE,
        Column(_("Từ ngày"), "start", sort="start"),
        Column(_("Đến ngày"), "end"),
    ),
    default_sort="-start",
    sort_fields={"name": ("name_sort",), "code": ("code",), "unit": ("unit_path", "name_sort"), "start": ("start",)},
    filterset=PlanFilter, search_fields=("name_folded", "code"),
    fields=(
        Column(_("Mã"), "code", fmt="raw"),
        Column(_("Cơ quan, đơn vị"), "agency"),
        Column(_("Tổ chức"), "organization.name"),
        Column(_("Thôn, ấp"), "unit.name"),
        Column(_("Từ ngày"), "start"),
        Column(_("Đến ngày"), "end"),
        CREATED, UPDATED,
    ),
    detail_template="outreach/plan_detail.html", detail_context=views.plan_context,
    form=PlanForm, picker=Picker(label=str), import_kind="",
    menu_label=pgettext_lazy("plural", "Kế hoạch \"ba cùng\""), menu_order=70,
    out_of_scope=plan_b,
))

# ---------------------------------------------------------------- plan tasks (shown on the plan's page)
declare(Declaration(
    model=PlanTask, slug="plan-tasks", related=("unit", "plan"), api=TASK,
    columns=(
        Column(_("Nội dung công việc"), "description", sort="description", link=True),
        Column(_("Kế hoạch"), "plan.code", fmt="raw"),
        Column(_("Loại việc"), "get_kind_display", sort="kind"),
        Column(_("Cách làm"), "get_mode_display", sort="mode"),
        Column(_("Số lượng dự kiến"), "planned_quantity"),
        VILLAGE,
    ),
    default_sort="unit",
    sort_fields={"description": ("description",), "kind": ("kind",), "mode": ("mode",),
                 "unit": ("unit_path", "plan_id")},
    filterset=PlanTaskFilter, search_fields=("plan__name_folded", "plan__code"),
    fields=(
        Column(_("Kế hoạch"), "plan"),
        Column(_("Loại việc"), "get_kind_display"),
        Column(_("Cách làm"), "get_mode_display"),
        Column(_("Số lượng dự kiến"), "planned_quantity"),
        Column(_("Thôn, ấp"), "unit.name"),
        CREATED, UPDATED,
    ),
    form=PlanTaskForm, initial_from_query=("plan",),
    out_of_scope=task_b,
))

# ---------------------------------------------------------------- activities
declare(Declaration(
    model=Activity, slug="activities", related=("unit", "plan", "organization"), api=ACTIVITY,
    columns=(
        Column(_("Nội dung hoạt động"), "title", sort="name", link=True),
        Column(_("Ngày"), "date", sort="date"),
        Column(_("Loại việc"), "get_kind_display", sort="kind"),
        Column(_("Cách làm"), "get_mode_display"),
        Column(_("Chủ trì"), "lead_agency"),
        VILLAGE,
        Column(_("Cán bộ, đảng viên, chiến sỹ"), "participants"),
        Column(_("Người dân"), "residents", sort="residents"),
    ),
    default_sort="-date",
    sort_fields={"name": ("name_sort",), "date": ("date",), "kind": ("kind", "date"),
                 "unit": ("unit_path", "date"), "residents": ("residents",)},
    filterset=ActivityFilter, search_fields=("name_folded", "code"),
    fields=(
        Column(_("Mã"), "code", fmt="raw"),
        Column(_("Ngày thực hiện"), "date"),
        Column(_("Thôn, ấp"), "unit.name"),
        Column(_("Theo kế hoạch"), "plan"),
        Column(_("Loại việc"), "get_kind_display"),
        Column(_("Cách làm"), "get_mode_display"),
        Column(_("Cơ quan, đơn vị chủ trì"), "lead_agency"),
        Column(_("Tổ chức chủ trì"), "organization.name"),
        Column(_("Số lượt cơ quan, đơn vị"), "agency_count"),
        Column(_("Cán bộ, công chức"), "cadres"),
        Column(_("Đảng viên"), "party_members"),
        Column(_("Chiến sỹ lực lượng vũ trang"), "soldiers"),
        Column(_("Người dân cùng tham gia"), "residents"),
        Column(_("Khối lượng kết quả"), "quantity"),
        Column(_("Đơn vị tính"), "quantity_unit"),
        Column(_("Giá trị (đồng)"), "value_vnd"),
        Column(_("Ngày công"), "labor_days"),
        CREATED, UPDATED,
    ),
    detail_template="outreach/activity_detail.html", detail_context=views.activity_context,
    form=ActivityForm, after_save=views.save_named_cadres, initial_from_query=("plan",),
    picker=Picker(), import_kind="activities", evidence=ActivityEvidence,
    menu_label=pgettext_lazy("plural", "Hoạt động \"ba cùng\""), menu_order=72,
    out_of_scope=activity_b,
))

# ---------------------------------------------------------------- thresholds of the formalism watch
declare(Declaration(
    model=WatchRule, slug="watch-rules", related=("unit",),
    columns=(
        Column(_("Đơn vị"), "unit.name", sort="unit", link=True),
        Column(_("Số người dân tối thiểu"), "min_residents"),
        Column(_("Tỷ lệ làm cùng dân tối thiểu (%)"), "min_with_people"),
        Column(_("Bắt buộc ghi tình hình"), "require_situation"),
    ),
    default_sort="unit", sort_fields={"unit": ("unit_path",)},
    filterset=WatchRuleFilter, search_fields=("unit__name_folded",),
    fields=(
        Column(_("Đơn vị"), "unit.name"),
        Column(_("Số người dân tối thiểu mỗi hoạt động"), "min_residents"),
        Column(_("Tỷ lệ làm cùng dân tối thiểu (%)"), "min_with_people"),
        Column(_("Bắt buộc ghi tình hình thực tế"), "require_situation"),
        UPDATED,
    ),
    form=WatchRuleForm,
    menu_label=_("Ngưỡng cảnh báo hình thức"), menu_order=74,
    out_of_scope=rule_b,
))
