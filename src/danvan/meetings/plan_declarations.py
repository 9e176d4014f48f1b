"""Declarations of plans and planned visits (imported by declarations.py): the planner's part.

The plan's detail and "new plan" pages are the planner's own (``plan_views``); the list pages, the
history and the planned visits' pages are derived."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from danvan.core.registry import Column, Declaration, declare

from . import plan_views
from .models import Plan, PlannedVisit

# ---------------------------------------------------------------- out-of-scope instances (scope tests)


def plan_b(cast: Any) -> Plan:
    return Plan.objects.get_or_create(unit=cast.commune_b, start=dt.date(2026, 3, 1),
                                      defaults={"end": dt.date(2026, 3, 31)})[0]


def planned_visit_b(cast: Any) -> PlannedVisit:
    from .declarations import assignment_b  # declarations.py imports this module last

    return PlannedVisit.objects.get_or_create(plan=plan_b(cast), assignment=assignment_b(cast),
                                              branch=cast.branch_b1, date=dt.date(2026, 3, 10))[0]


UNIT = Column(_("Đơn vị"), "unit.name", sort="unit")

declare(Declaration(
    model=Plan, slug="plans",
    columns=(Column(_("Kế hoạch"), "__str__", link=True), UNIT, Column(_("Từ ngày"), "start", sort="start"),
             Column(_("Đến ngày"), "end"), Column(_("Trạng thái"), "get_state_display"),
             Column(_("Lập lúc"), "solved_at")),
    sort_fields={"start": ("start",), "unit": ("unit_path",)}, default_sort="-start", related=("unit",),
    search_fields=(), views={"add": plan_views.PlanCreateView, "detail": plan_views.PlanDetailView},
    deletable=False, menu_label=_("Kế hoạch dự sinh hoạt"), menu_order=40, out_of_scope=plan_b,
))

declare(Declaration(
    model=PlannedVisit, slug="planned-visits",
    columns=(Column(_("Ngày"), "date", sort="date", link=True), Column(_("Cán bộ"), "assignment.cadre"),
             Column(_("Chi hội"), "branch.name"), Column(_("Thôn, ấp"), "unit.name", sort="unit"),
             Column(_("Kế hoạch"), "plan"), Column(_("Giữ cố định"), "pinned"), Column(_("Loại trừ"), "excluded")),
    fields=(Column(_("Kế hoạch"), "plan"), Column(_("Cán bộ"), "assignment.cadre"),
            Column(_("Chi hội"), "branch.name"), Column(_("Ngày"), "date"),
            Column(_("Giữ cố định"), "pinned"), Column(_("Loại trừ"), "excluded")),
    sort_fields={"date": ("date",), "unit": ("unit_path",)}, default_sort="date",
    related=("unit", "plan__unit", "branch", "assignment__cadre__person"), search_fields=(),
    deletable=False, out_of_scope=planned_visit_b,
))
