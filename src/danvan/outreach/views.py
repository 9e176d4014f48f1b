"""What the outreach pages show beyond the declared fields: a plan's tasks against the activities
logged for it, the formalism watch's reasons, and the named cadres saved with an activity."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.geo.models import AdminUnit
from danvan.indicators.periods import Period, PeriodError, current_year, parse_period

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


def plan_rows(user: Any, unit_key: str, period: Period) -> list[Plan]:
    """Plans overlapping ``period`` in the user's scope (and ``unit_key``'s subtree), each with its
    tasks by mode and the activities logged against it in the period, by mode: plan against actual
    per agency and village."""
    plans = Plan.objects.visible_to(user).filter(start__lte=period.end, end__gte=period.start)
    if unit_key:
        unit = AdminUnit.objects.visible_to(user).filter(key=unit_key).first()
        plans = plans.filter(unit_path__under=unit.path) if unit else plans.none()
    in_period = Q(activities__date__gte=period.start, activities__date__lte=period.end)
    with_people = Q(activities__mode=Mode.WITH_PEOPLE)
    return list(plans.select_related("unit", "unit__parent").annotate(
        tasks_with=Count("tasks", filter=Q(tasks__mode=Mode.WITH_PEOPLE), distinct=True),
        tasks_guidance=Count("tasks", filter=Q(tasks__mode=Mode.GUIDANCE), distinct=True),
        done_with=Count("activities", filter=in_period & with_people, distinct=True),
        done_guidance=Count("activities", filter=in_period & ~with_people, distinct=True),
    ).order_by("name_sort", "unit_path")[:LIMIT])


LIMIT = 500


@login_required
def plan_vs_actual_page(request: HttpRequest) -> HttpResponse:
    """Plan against actual per agency and village for a period (default: this year)."""
    error = ""
    try:
        period = parse_period(request.GET.get("period", "").strip()) if request.GET.get("period") else current_year()
    except PeriodError as exc:
        period, error = current_year(), str(exc)
    unit_key = request.GET.get("unit", "").strip()
    rows = plan_rows(request.user, unit_key, period)
    return render(request, "outreach/plan_vs_actual.html",
                  {"rows": rows, "period": period, "unit_key": unit_key, "error": error, "limit": LIMIT})
