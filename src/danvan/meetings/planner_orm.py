"""The planner on the database: ``plan_period(plan)`` reads a plan's problem, solves it with
``planner.solve`` and writes the proposed visits and the report.

* The cadres to plan: the assignments active in [plan.start, plan.end] whose unit lies in the
  plan's unit's subtree; one ``CadreNeed`` per assignment (its id is the assignment's; the
  cadre's assignments share ``person``, so the cadre is never double-booked across them).
* The quota: the assignment's rule, else the nearest ``VisitRule`` of the cadre's level valid on
  the period's start, walking up from the assignment's unit (the deepest unit wins, then the
  latest ``valid_from``); none: 1 visit a month. A monthly rule gives its visits for every month
  of the period; a yearly rule its share of the period, rounded up (6 a year → 1 in a month,
  2 in a quarter: ``ceil(visits × months / 12)``).
* The cluster: the branches (``people.Branch``, not dissolved before the period) in the subtree of
  each of the assignment's areas; when they meet: ``schedule.meeting_days``.
* The history: the cadre's last attended visit to each branch before the period.
* Pins and exclusions: the plan's pinned and excluded ``PlannedVisit`` rows, which a re-plan keeps.
"""

import datetime as dt
import math
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from danvan.geo.models import AdminUnit
from danvan.people.models import Branch

from . import planner
from .choices import RulePeriod
from .models import Assignment, Plan, PlannedVisit, Schedule, Visit, VisitRule
from .schedule import meeting_days, months

__all__ = ["load_problem", "plan_period", "quota_for"]


def quota_for(rule: VisitRule | None, start: dt.date, end: dt.date) -> int:
    """Visits required in [start, end] by ``rule`` (None: 1 a month)."""
    count = sum(1 for _ in months(start, end))
    if rule is None:
        return count
    if rule.period == RulePeriod.YEAR:
        return math.ceil(rule.visits * count / 12)
    return rule.visits * count


def _rule(assignment: Assignment, rules: list[VisitRule]) -> VisitRule | None:
    if assignment.rule_id:
        return assignment.rule
    path = assignment.unit_path
    level = assignment.cadre.level
    fitting = [r for r in rules if r.level == level and path.startswith(r.unit_path)]
    return max(fitting, key=lambda r: (len(r.unit_path), r.valid_from), default=None)


def active_assignments(plan: Plan) -> list[Assignment]:
    return list(Assignment.objects.filter(unit_path__under=plan.unit.path, start__lte=plan.end)
                .filter(Q(end=None) | Q(end__gte=plan.start))
                .select_related("cadre__person", "rule").prefetch_related("areas").order_by("id"))


def load_problem(plan: Plan) -> tuple[planner.Problem, dict[int, Assignment], dict[int, Branch]]:
    """The plan's problem, its assignments by id and the branches by id."""
    assignments = active_assignments(plan)
    rules = list(VisitRule.objects.filter(valid_from__lte=plan.start)
                 .filter(Q(valid_to=None) | Q(valid_to__gte=plan.start)))
    # the applicable rules are those of an ancestor (or the unit itself) of the assignment's unit
    area_paths = sorted({area.path for a in assignments for area in a.areas.all()})
    outer = [p for i, p in enumerate(area_paths) if not any(p.startswith(q) for q in area_paths[:i])]
    branch_query = Q(pk__in=[])
    for path in outer:  # the areas not inside another area
        branch_query |= Q(unit_path__under=path)
    branches = {b.pk: b for b in Branch.objects.filter(branch_query)
                .filter(Q(dissolved=None) | Q(dissolved__gt=plan.start)).select_related("unit")}
    meetings = meeting_days(Schedule.objects.filter(branch__in=list(branches)), plan.start, plan.end)
    under: dict[str, set[int]] = defaultdict(set)  # a unit's path → the branches in its subtree
    for pk, branch in branches.items():
        parts = branch.unit_path.split("/")
        for i in range(1, len(parts)):
            under["/".join(parts[:i]) + "/"].add(pk)
    needs: list[planner.CadreNeed] = []
    for assignment in assignments:
        cluster = tuple(sorted(set().union(*(under.get(area.path, set()) for area in assignment.areas.all()))))
        quota = quota_for(_rule(assignment, rules), plan.start, plan.end)
        needs.append(planner.CadreNeed(assignment.pk, quota, cluster, name=str(assignment.cadre),
                                       person=assignment.cadre_id))
    by_cadre: dict[int, list[int]] = defaultdict(list)
    for assignment in assignments:
        by_cadre[assignment.cadre_id].append(assignment.pk)
    history: dict[int, dict[int, dt.date]] = defaultdict(dict)
    last = (Visit.objects.filter(cadre_id__in=list(by_cadre), attended=True, date__lt=plan.start)
            .values("cadre_id", "branch_id").annotate(last=Max("date")).order_by())
    for row in last:
        for assignment_id in by_cadre[row["cadre_id"]]:
            history[assignment_id][row["branch_id"]] = row["last"]
    pins: set[planner.Visit] = set()
    exclusions: set[planner.Visit] = set()
    for item in plan.visits.filter(Q(pinned=True) | Q(excluded=True)):
        (exclusions if item.excluded else pins).add((item.assignment_id, item.branch_id, item.date))
    problem = planner.Problem(needs, {b: days for b, days in meetings.items() if days}, dict(history), pins,
                              exclusions)
    return problem, {a.pk: a for a in assignments}, branches


def plan_period(plan: Plan, time_limit: float = 10.0, workers: int = 2) -> planner.Solution:
    """Solve ``plan``'s period and replace its proposed visits (pinned and excluded ones stay);
    store the report (status, counts, what could not be satisfied and why) and ``solved_at``."""
    problem, assignments, branches = load_problem(plan)
    solution = planner.solve(problem, time_limit=time_limit, workers=workers)
    units = {u.pk: u for u in AdminUnit.objects.filter(pk__in={b.unit_id for b in branches.values()})}
    with transaction.atomic():
        plan.visits.filter(pinned=False, excluded=False).delete()
        rows = []
        for assignment_id, branch_id, day in solution.visits:
            if (assignment_id, branch_id, day) in problem.pins:
                continue
            branch = branches[branch_id]
            branch.unit = units[branch.unit_id]
            row = PlannedVisit(plan=plan, assignment_id=assignment_id, branch=branch, date=day)
            row.place()
            rows.append(row)
        PlannedVisit.objects.bulk_create(rows)
        plan.report = report(problem, solution, assignments)
        plan.solved_at = timezone.now()
        plan.save(update_fields=["report", "solved_at", "updated"])
    return solution


def report(problem: planner.Problem, solution: planner.Solution, assignments: dict[int, Assignment]
           ) -> dict[str, Any]:
    """The JSON the plan keeps: the solver's status, the counts and the unmet quotas with names."""
    return {
        "status": solution.status,
        "cadres": len(problem.cadres),
        "required": sum(c.quota for c in problem.cadres),
        "visits": len(solution.visits),
        "seconds": round(solution.seconds, 2),
        "components": solution.components,
        "problems": planner.check(problem, solution),
        "unmet": [{"assignment": u.cadre, "cadre": str(assignments[u.cadre].cadre), "quota": u.quota,
                   "planned": u.planned, "reason": u.reason} for u in solution.unmet],
        "ignored_pins": [[a, b, d.isoformat()] for a, b, d in solution.ignored_pins],
    }
