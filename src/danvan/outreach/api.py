"""Outreach records in the HTTP API (``core.api_spec``): /api/v1/outreach-plans, /outreach-tasks and
/outreach-activities, derived by the ``api`` app from the specs below (named in declarations.py)."""

from datetime import datetime
from typing import Any

from pydantic import Field

from danvan.core.api_spec import ApiFilter, ApiSpec, Day, InputSchema, Int, Refs, model_bounds, output_schema
from danvan.people.api import UNIT_KEY, code_field, example, text
from danvan.people.models import Organization, Person

from .models import Activity, ActivityKind, Mode, Plan, PlanTask


def _organization(refs: Refs, code: str | None) -> Organization | None:
    return refs.resolve(Organization, "organization", code, code=code) if code else None


# ---------------------------------------------------------------- plans


class PlanIn(InputSchema):
    model_config = example(code="KH-BC-2026-01", agency="Sở Nông nghiệp và Môi trường", organization=None,
                           unit="31135.01", start="2026-03-01", end="2026-09-30",
                           situation="Đường nội ấp xuống cấp, nhiều hộ chưa có nhà tiêu hợp vệ sinh.")

    code: str = code_field()
    agency: str = text(Plan, "agency")
    organization: str | None = code_field("Mã tổ chức (nếu là Mặt trận, đoàn thể)", default=None)
    unit: str = Field(description="Mã khóa thôn, ấp, tổ dân phố", **UNIT_KEY)
    start: Day
    end: Day
    situation: str = Field("", max_length=5000)


PlanOut = output_schema(PlanIn, "PlanOut", id=int, unit_name=str, flags=list[str], updated=datetime)


def render_plan(plan: Plan, user: Any) -> dict[str, Any]:
    from .watch import plan_flags, rules, thresholds_for

    return {"id": plan.pk, "code": plan.code, "agency": plan.agency,
            "organization": plan.organization.code if plan.organization_id else None,
            "unit": plan.unit.key, "unit_name": plan.unit.name, "start": plan.start, "end": plan.end,
            "situation": plan.situation, "flags": plan_flags(plan, thresholds_for(plan.unit_path, rules(user))), "updated": plan.updated}


def apply_plan(refs: Refs, plan: Plan, data: dict[str, Any]) -> None:
    for name in ("code", "agency", "start", "end", "situation"):
        if name in data:
            setattr(plan, name, data[name])
    if "unit" in data:
        plan.unit = refs.unit(data["unit"])
    if "organization" in data:
        plan.organization = _organization(refs, data["organization"])


PLAN = ApiSpec(input=PlanIn, output=PlanOut, render=render_plan, apply=apply_plan, slug="outreach-plans",
               queryset=lambda qs: qs.select_related("unit", "organization").prefetch_related("tasks"))


# ---------------------------------------------------------------- plan tasks


class TaskIn(InputSchema):
    model_config = example(plan="KH-BC-2026-01", description="Bê tông hóa 300 m đường nội ấp",
                           kind="infrastructure", mode="with_people", planned_quantity=300)

    plan: str = code_field("Mã kế hoạch")
    description: str = text(PlanTask, "description")
    kind: ActivityKind
    mode: Mode
    planned_quantity: Int = Field(1, **model_bounds(PlanTask, "planned_quantity"))


TaskOut = output_schema(TaskIn, "TaskOut", id=int, unit=str, updated=datetime)


def render_task(task: PlanTask, user: Any) -> dict[str, Any]:
    return {"id": task.pk, "plan": task.plan.code, "description": task.description, "kind": task.kind,
            "mode": task.mode, "planned_quantity": task.planned_quantity, "unit": task.unit.key,
            "updated": task.updated}


def apply_task(refs: Refs, task: PlanTask, data: dict[str, Any]) -> None:
    for name in ("description", "kind", "mode", "planned_quantity"):
        if name in data:
            setattr(task, name, data[name])
    if "plan" in data:
        task.plan = refs.resolve(Plan, "plan", data["plan"], code=data["plan"])


TASK = ApiSpec(input=TaskIn, output=TaskOut, render=render_task, apply=apply_task, slug="outreach-tasks",
               queryset=lambda qs: qs.select_related("unit", "plan"),
               filters={"plan": ApiFilter(lookup="plan__code", description="Mã kế hoạch",
                                          constraints={"max_length": 40})})


# ---------------------------------------------------------------- activities



class ActivityIn(InputSchema):
    model_config = example(code="HD-BC-2026-0001", title="Cùng dân bê tông hóa đường nội ấp", date="2026-04-12",
                           unit="31135.01", plan="KH-BC-2026-01", kind="infrastructure", mode="with_people",
                           lead_agency="Sở Nông nghiệp và Môi trường", partner_agencies="Đoàn Thanh niên phường",
                           agency_count=2, cadres=12, party_members=8, soldiers=0, residents=45,
                           quantity=120, quantity_unit="m", value_vnd=85000000, labor_days=60,
                           situation_note="Người dân góp ngày công, hiến 20 m² đất.")

    code: str = code_field()
    title: str = text(Activity, "title")
    date: Day
    unit: str = Field(description="Mã khóa thôn, ấp, tổ dân phố", **UNIT_KEY)
    plan: str | None = code_field("Mã kế hoạch", default=None)
    kind: ActivityKind
    mode: Mode
    lead_agency: str = text(Activity, "lead_agency")
    organization: str | None = code_field("Mã tổ chức chủ trì (nếu có)", default=None)
    partner_agencies: str = Field("", max_length=5000, description="Mỗi cơ quan một dòng hoặc cách nhau bằng ;")
    agency_count: Int = Field(1, **model_bounds(Activity, "agency_count"))
    cadres: Int = Field(0, **model_bounds(Activity, "cadres"))
    party_members: Int = Field(0, **model_bounds(Activity, "party_members"))
    soldiers: Int = Field(0, **model_bounds(Activity, "soldiers"))
    named_cadres: list[str] = Field(default_factory=list, max_length=500, description="Mã cá nhân của cán bộ")
    residents: Int = Field(0, **model_bounds(Activity, "residents"))
    quantity: Int | None = Field(None, **model_bounds(Activity, "quantity"))
    quantity_unit: str = text(Activity, "quantity_unit", required=False, default="")
    value_vnd: Int = Field(0, **model_bounds(Activity, "value_vnd"))
    labor_days: Int = Field(0, **model_bounds(Activity, "labor_days"))
    situation_note: str = Field("", max_length=5000)


ActivityOut = output_schema(ActivityIn, "ActivityOut", id=int, unit_name=str, flags=list[str], updated=datetime)

_ACTIVITY_FIELDS = ("code", "title", "date", "kind", "mode", "lead_agency", "partner_agencies", "agency_count",
                    "cadres", "party_members", "soldiers", "residents", "quantity", "quantity_unit", "value_vnd",
                    "labor_days", "situation_note")


def render_activity(activity: Activity, user: Any) -> dict[str, Any]:
    from .watch import activity_flags, rules, thresholds_for

    data: dict[str, Any] = {name: getattr(activity, name) for name in _ACTIVITY_FIELDS}
    return data | {
        "id": activity.pk, "unit": activity.unit.key, "unit_name": activity.unit.name,
        "plan": activity.plan.code if activity.plan_id else None,
        "organization": activity.organization.code if activity.organization_id else None,
        "named_cadres": sorted(p.code for p in activity.named_cadres.all()),
        "flags": activity_flags(activity, thresholds_for(activity.unit_path, rules(user))),
        "updated": activity.updated,
    }


def apply_activity(refs: Refs, activity: Activity, data: dict[str, Any]) -> None:
    for name in _ACTIVITY_FIELDS:
        if name in data:
            setattr(activity, name, data[name])
    if "unit" in data:
        activity.unit = refs.unit(data["unit"])
    if "plan" in data:
        code = data["plan"]
        activity.plan = refs.resolve(Plan, "plan", code, code=code) if code else None
    if "organization" in data:
        activity.organization = _organization(refs, data["organization"])


def write_activity(refs: Refs, activity: Activity, data: dict[str, Any], before: dict[str, Any] | None) -> None:
    """The activity, then its named cadres (people the caller sees, by code)."""
    apply_activity(refs, activity, data)
    cadres = [refs.resolve(Person, "named_cadres", code, code=code) for code in data.get("named_cadres") or ()]
    refs.save(activity, before)
    if "named_cadres" in data:
        activity.named_cadres.set(cadres)


ACTIVITY = ApiSpec(input=ActivityIn, output=ActivityOut, render=render_activity, apply=apply_activity,
                   write=write_activity, slug="outreach-activities",
                   queryset=lambda qs: qs.select_related("unit", "plan", "organization").prefetch_related(
                       "named_cadres"),
                   filters={"plan": ApiFilter(lookup="plan__code", description="Mã kế hoạch",
                                              constraints={"max_length": 40})})


