"""What the outreach pages show beyond the declared fields: a plan's tasks against the activities
logged for it, the formalism watch's reasons, and the named cadres saved with an activity."""

from typing import Any

from django.db.models import Count, Sum
from django.http import HttpRequest

from . import watch
from .models import Activity, ActivityKind, Mode, Plan, PlanTask


def plan_vs_actual(plan: Plan, user: Any) -> list[dict[str, Any]]:
    """Per kind of work and mode: tasks and quantity planned, activities logged against the plan."""
    planned = {(r["kind"], r["mode"]): r for r in PlanTask.objects.visible_to(user).filter(plan=plan)
               .values("kind", "mode").annotate(tasks=Count("id"), quantity=Sum("planned_quantity"))}
    done = {(r["kind"], r["mode"]): r for r in Activity.objects.visible_to(user).filter(plan=plan)
            .values("kind", "mode").annotate(activities=Count("id"), quantity=Sum("quantity"),
                                            residents=Sum("residents"))}
    rows = []
    for kind, kind_label in ActivityKind.choices:
        for mode, mode_label in Mode.choices:
            p, d = planned.get((kind, mode), {}), done.get((kind, mode), {})
            if p or d:
                rows.append({"kind": kind_label, "mode": mode_label, "tasks": p.get("tasks", 0),
                             "planned": p.get("quantity") or 0, "activities": d.get("activities", 0),
                             "done": d.get("quantity") or 0, "residents": d.get("residents") or 0})
    return rows


def plan_context(request: HttpRequest, obj: Plan) -> dict[str, Any]:
    activities = Activity.objects.visible_to(request.user).filter(plan=obj).order_by("date", "id")
    return {
        "tasks": PlanTask.objects.visible_to(request.user).filter(plan=obj),
        "activities": activities[:200],
        "activity_count": activities.count(),
        "plan_rows": plan_vs_actual(obj, request.user),
        "flags": watch.plan_flags(obj),
    }


def activity_context(request: HttpRequest, obj: Activity) -> dict[str, Any]:
    return {
        "flags": watch.activity_flags(obj),
        "named": obj.named_cadres.visible_to(request.user).order_by("name_sort"),
        "partners": obj.partner_names(),
    }


def save_named_cadres(request: HttpRequest, obj: Activity, form: Any) -> None:
    """The form's named cadres (a many-to-many relation) are saved after the activity itself."""
    form.save_m2m()
