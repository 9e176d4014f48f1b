"""The planner's pages: a new plan (unit and month or quarter, solved at once), the plan with its
visits by cadre and by date and what could not be satisfied, and the actions: pin or exclude a
visit, re-plan (pins and exclusions kept), publish.

Scope: a plan or visit outside the user's scope is a 404 whatever the method; a read-only role
gets a 403 on every write (``core.services.check_write``)."""

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from danvan.core.scope import Scope
from danvan.core.services import check_write, save_record
from danvan.web.generic import history_entries

from .choices import PlanState
from .models import Plan, PlannedVisit
from .plan_forms import PlanForm

TIME_LIMIT = 10.0  # seconds for the solver on a page request


def _solve(plan: Plan) -> None:
    from .planner import plan_period  # ortools is imported on first use only

    plan_period(plan, time_limit=TIME_LIMIT)


class PlanCreateView(LoginRequiredMixin, View):
    """"Lập kế hoạch": the unit and the period; creates the plan and solves it."""

    model = Plan

    def render_form(self, request: HttpRequest, form: PlanForm, status: int = 200) -> HttpResponse:
        return render(request, "meetings/plan_form.html", {"form": form}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not Scope.of(request.user).writes:
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được lập kế hoạch."))
        unit = request.GET.get("unit", "")
        return self.render_form(request, PlanForm(user=request.user, initial={"unit": unit}))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not Scope.of(request.user).writes:
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được lập kế hoạch."))
        form = PlanForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        start, end = form.period()
        plan = save_record(request.user, Plan(unit=form.cleaned_data["unit"], start=start, end=end))
        _solve(plan)
        return redirect("meetings:plan_detail", pk=plan.pk)


def _plan(request: HttpRequest, pk: int) -> Plan:
    return get_object_or_404(Plan.objects.visible_to(request.user).select_related("unit"), pk=pk)


class PlanDetailView(LoginRequiredMixin, View):
    """The plan: the report of what could not be satisfied first, then the visits by cadre and a
    table by date."""

    model = Plan

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = _plan(request, pk)
        visits = list(PlannedVisit.objects.visible_to(request.user).filter(plan=plan)
                      .select_related("branch", "unit", "assignment__cadre__person").order_by("date", "id"))
        by_cadre: dict[Any, list[PlannedVisit]] = defaultdict(list)
        by_date: dict[Any, list[PlannedVisit]] = defaultdict(list)
        for visit in visits:
            if not visit.excluded:
                by_cadre[visit.assignment.cadre].append(visit)
                by_date[visit.date].append(visit)
        context = {
            "plan": plan, "object": plan, "report": plan.report or {},
            "by_cadre": sorted(by_cadre.items(), key=lambda item: str(item[0])),
            "by_date": sorted(by_date.items()),
            "excluded": [v for v in visits if v.excluded],
            "can_edit": Scope.of(request.user).may_write(plan.unit_path) and plan.state == PlanState.DRAFT,
            "is_draft": plan.state == PlanState.DRAFT,
            "history": history_entries(plan, request.user),
            "list_url": reverse("meetings:plan_list"),
            "history_url": reverse("meetings:plan_history", kwargs={"pk": plan.pk}),
        }
        return render(request, "meetings/plan_detail.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        _plan(request, pk)
        return HttpResponse(status=405)


def _draft(request: HttpRequest, plan: Plan) -> bool:
    check_write(request.user, plan)
    if plan.state != PlanState.DRAFT:
        messages.error(request, _("Kế hoạch đã ban hành, không thay đổi được nữa."))
        return False
    return True


@login_required
@require_POST
def replan(request: HttpRequest, pk: int) -> HttpResponse:
    """Solve again: the proposed visits are replaced; pinned and excluded ones stay."""
    plan = _plan(request, pk)
    if _draft(request, plan):
        _solve(plan)
        messages.success(request, _("Đã lập lại kế hoạch (giữ các lượt cố định và loại trừ)."))
    return redirect("meetings:plan_detail", pk=plan.pk)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if _draft(request, plan):
        plan.state = PlanState.PUBLISHED
        save_record(request.user, plan)
        messages.success(request, _("Đã ban hành kế hoạch."))
    return redirect("meetings:plan_detail", pk=plan.pk)


def _toggle(field: str, other: str, done: str, undone: str) -> Any:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        visit = get_object_or_404(PlannedVisit.objects.visible_to(request.user).select_related("plan"), pk=pk)
        if _draft(request, visit.plan):
            setattr(visit, field, not getattr(visit, field))
            if getattr(visit, field):
                setattr(visit, other, False)
            save_record(request.user, visit)
            messages.success(request, done if getattr(visit, field) else undone)
        return redirect("meetings:plan_detail", pk=visit.plan_id)

    view.model = PlannedVisit  # type: ignore[attr-defined]
    return view


replan.model = Plan  # type: ignore[attr-defined]
publish.model = Plan  # type: ignore[attr-defined]
pin = _toggle("pinned", "excluded", gettext_lazy("Đã giữ cố định lượt này: lập lại kế hoạch sẽ giữ nguyên."),
              gettext_lazy("Đã bỏ giữ cố định lượt này."))
exclude = _toggle("excluded", "pinned", gettext_lazy("Đã loại trừ lượt này: lập lại kế hoạch sẽ không chọn nó."),
                  gettext_lazy("Đã bỏ loại trừ lượt này."))
