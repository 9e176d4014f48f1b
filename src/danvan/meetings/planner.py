"""The rotation planner: who attends which branch meeting in a month or a quarter (seed 004).

Two layers:

* A pure problem/solution API on plain dataclasses (no ORM): ``solve(problem)`` builds one CP-SAT
  model per independent component (cadres linked through shared branches) and ``check(problem,
  solution)`` verifies the guarantee. The benchmark and the property tests use this layer.
* ``plan_period(plan)`` (in ``planner_orm``) reads a ``Plan``'s assignments, rules, schedules,
  history, pins and exclusions, solves, and writes the ``PlannedVisit`` rows and the report.

The model, for each cadre ``c``, branch ``b`` of their cluster and day ``d`` the branch meets
(minus the cadre's unavailable days and the excluded visits), a boolean ``x[c,b,d]``:

* quota: ``sum x[c,·,·] + slack[c] >= quota`` and ``sum x[c,·,·] <= max(quota, pins)``;
  ``slack`` is penalized heavily, so an unreachable quota is REPORTED (``Solution.unmet``, with the
  reason in Vietnamese), never silently dropped;
* no double booking: ``sum_b x[c,b,d] <= 1`` for every day;
* rotation within the period: the visits of a cadre per branch (among the cluster's branches that
  can be visited) differ by at most one — with a quota up to the cluster's size, no branch twice;
  across periods, the branches visited longest ago (``history``) are preferred (objective);
* fair load: minimize the largest number of cadres at one meeting and the extra cadres at each
  meeting (spread the cadres over the meetings);
* pins forced to 1; exclusions never created.

Rotation is counted per period (the dates are fixed by the schedules, so the order inside a quarter
follows from them); a cadre's quota for a month is the rule's monthly visits, a yearly rule's
share (see ``planner_orm``).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

__all__ = ["CadreNeed", "Problem", "Solution", "Unmet", "Visit", "check", "components", "greedy", "plan_period",
           "solve"]

Visit = tuple[int, int, dt.date]  # (cadre id, branch id, day)

SLACK_COST = 100_000  # one missing visit costs more than any fairness or rotation preference
MAX_LOAD_COST = 200
EXTRA_LOAD_COST = 20
BATCH = 3_000  # cadre–branch pairs per CP-SAT model (see ``_batches``)
GAP = 0.01  # stop a component within 1 % of the optimum: its time goes to the next ones
# history: a branch's rank in the cadre's cluster by last visit (0 = longest ago or never) costs its rank


@dataclass(frozen=True)
class CadreNeed:
    """A cadre to plan: visits required in the period, the branches of their cluster."""

    id: int
    quota: int
    cluster: tuple[int, ...]
    unavailable: frozenset[dt.date] = frozenset()
    name: str = ""
    person: int | None = None  # needs of one person (several assignments) are never double-booked

    @property
    def who(self) -> tuple[str, int]:
        return ("person", self.person) if self.person is not None else ("cadre", self.id)


@dataclass
class Problem:
    """Cadres, branch id → the days it meets in the period, and per cadre branch id → last visit."""

    cadres: list[CadreNeed]
    meetings: dict[int, list[dt.date]]
    history: dict[int, dict[int, dt.date]] = field(default_factory=dict)
    pins: set[Visit] = field(default_factory=set)
    exclusions: set[Visit] = field(default_factory=set)


@dataclass(frozen=True)
class Unmet:
    cadre: int
    quota: int
    planned: int
    reason: str


@dataclass
class Solution:
    visits: list[Visit]
    unmet: list[Unmet]
    # "OPTIMAL"; "FEASIBLE": the time limit stopped some component's search; "FALLBACK": some
    # component found nothing in its time and kept the greedy first solution (see ``fallbacks``)
    status: str
    components: int = 0
    models: int = 0  # CP-SAT models solved (components packed in batches)
    fallbacks: int = 0  # of those models, how many kept the greedy first solution
    seconds: float = 0.0
    ignored_pins: list[Visit] = field(default_factory=list)


# ------------------------------------------------------------------ candidates and components
def candidates(problem: Problem, cadre: CadreNeed) -> dict[int, list[dt.date]]:
    """Branch → the days the cadre may visit it (meets, cadre available, not excluded)."""
    out: dict[int, list[dt.date]] = {}
    for branch in dict.fromkeys(cadre.cluster):
        days = [d for d in problem.meetings.get(branch, ()) if d not in cadre.unavailable
                and (cadre.id, branch, d) not in problem.exclusions]
        if days:
            out[branch] = days
    return out


def rotation_cap(quota: int, branches: int) -> int:
    """The most visits to one branch that rotation allows for ``quota`` visits over ``branches``."""
    return max(1, math.ceil(quota / branches)) if branches else 0


def components(problem: Problem) -> list[list[CadreNeed]]:
    """Cadres grouped into independent components: two cadres meet if their clusters share a branch."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # one union-find: branches by id, people (or needs without a person) negative
    people = {who: -i - 1 for i, who in enumerate(dict.fromkeys(c.who for c in problem.cadres))}
    for cadre in problem.cadres:
        first = find(people[cadre.who])
        for branch in cadre.cluster:
            root = find(branch)
            if root != first:
                parent[root] = first
    groups: dict[int, list[CadreNeed]] = defaultdict(list)
    for cadre in problem.cadres:
        groups[find(people[cadre.who])].append(cadre)
    return sorted(groups.values(), key=len, reverse=True)


def _ranks(problem: Problem, cadre: CadreNeed) -> dict[int, int]:
    """Branch → rank by last visit: 0 for the never visited ones, then by date (ties share a
    rank, so the load terms choose among them)."""
    last = problem.history.get(cadre.id, {})
    dates = sorted({last.get(b, dt.date.min) for b in cadre.cluster})
    rank = {d: i for i, d in enumerate(dates)}
    return {b: rank[last.get(b, dt.date.min)] for b in dict.fromkeys(cadre.cluster)}


# ------------------------------------------------------------------ the CP-SAT model
def _solve_component(problem: Problem, cadres: list[CadreNeed], time_limit: float, workers: int,
                     **params: object) -> tuple[list[Visit], dict[int, int], str, list[Visit]]:
    """One CP-SAT model for ``cadres`` (one component or a batch of them: the load terms are per
    meeting and per component, so a batch is the same optimization as its components apart)."""
    from ortools.sat.python import cp_model

    total = cp_model.LinearExpr.sum

    # the first solution, hinted in full: the greedy baseline's (pins first)
    first = greedy(Problem(cadres, problem.meetings, problem.history, problem.pins, problem.exclusions))
    hinted = set(first.visits)
    model = cp_model.CpModel()
    x: dict[Visit, cp_model.IntVar] = {}
    slack: dict[int, cp_model.IntVar] = {}
    at_meeting: dict[tuple[int, dt.date], list[cp_model.IntVar]] = defaultdict(list)
    hinted_load: dict[tuple[int, dt.date], int] = defaultdict(int)
    cost: list[cp_model.LinearExprT] = []
    ignored: list[Visit] = []
    by_day: dict[tuple[tuple[str, int], dt.date], list[cp_model.IntVar]] = defaultdict(list)
    for cadre in cadres:
        cands = candidates(problem, cadre)
        ranks = _ranks(problem, cadre)
        pins = {v for v in problem.pins if v[0] == cadre.id}
        per_branch: dict[int, list[cp_model.IntVar]] = {}
        hinted_count: dict[int, int] = defaultdict(int)
        for branch, days in cands.items():
            per_branch[branch] = []
            for day in days:
                var = model.new_bool_var("")
                key = (cadre.id, branch, day)
                x[key] = var
                model.add_hint(var, key in hinted)
                if key in hinted:
                    hinted_count[branch] += 1
                    hinted_load[(branch, day)] += 1
                by_day[(cadre.who, day)].append(var)
                per_branch[branch].append(var)
                at_meeting[(branch, day)].append(var)
                if ranks[branch]:
                    cost.append(ranks[branch] * var)
        for pin in pins:
            if pin in x:
                model.add(x[pin] == 1)
            else:
                ignored.append(pin)
        all_vars = [v for vs in per_branch.values() for v in vs]
        upper = max(cadre.quota, sum(1 for p in pins if p in x))
        slack[cadre.id] = model.new_int_var(0, cadre.quota, "")
        model.add_hint(slack[cadre.id], max(0, cadre.quota - sum(hinted_count.values())))
        model.add(total(all_vars) + slack[cadre.id] >= cadre.quota)
        model.add(total(all_vars) <= upper)
        cost.append(SLACK_COST * slack[cadre.id])
        if per_branch:
            cap = rotation_cap(upper, len(per_branch))
            if cap == 1:
                for vs in per_branch.values():
                    if len(vs) > 1:
                        model.add_at_most_one(vs)
            else:  # visits per branch differ by at most one
                low = model.new_int_var(0, cap, "")
                model.add_hint(low, min(hinted_count[b] for b in per_branch))
                for vs in per_branch.values():
                    model.add(total(vs) >= low)
                    model.add(total(vs) <= low + 1)
    for vs in by_day.values():  # no double booking
        if len(vs) > 1:
            model.add_at_most_one(vs)
    # the most cadres at one meeting, per component (a batch holds several)
    group_of = {b: i for i, group in enumerate(components(Problem(cadres, {}))) for c in group for b in c.cluster}
    peaks: dict[int, list[tuple[tuple[int, dt.date], list[cp_model.IntVar]]]] = defaultdict(list)
    for meeting, vs in at_meeting.items():
        peaks[group_of[meeting[0]]].append((meeting, vs))
    for meetings in peaks.values():
        peak = model.new_int_var(0, max(len(vs) for _m, vs in meetings), "")
        model.add_hint(peak, max((hinted_load[m] for m, _vs in meetings), default=0))
        for meeting, vs in meetings:
            if len(vs) > 1:
                model.add(total(vs) <= peak)
                extra = model.new_int_var(0, len(vs) - 1, "")
                model.add_hint(extra, max(0, hinted_load[meeting] - 1))
                model.add(extra >= total(vs) - 1)
                cost.append(EXTRA_LOAD_COST * extra)
        cost.append(MAX_LOAD_COST * peak)
    model.minimize(total(cost))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.05)
    solver.parameters.num_workers = workers
    # small models: presolve costs more than it saves (measured on the bench's components)
    solver.parameters.cp_model_presolve = False
    solver.parameters.relative_gap_limit = GAP
    for name, value in params.items():
        setattr(solver.parameters, name, value)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if status == cp_model.INFEASIBLE:
            return [], {c.id: c.quota for c in cadres}, "INFEASIBLE", ignored
        # no solution found in the time share: keep the hint, feasible by construction
        return (first.visits, {u.cadre: u.quota - u.planned for u in first.unmet}, "FALLBACK",
                ignored + [p for p in first.ignored_pins if p not in ignored])
    chosen = [key for key, var in x.items() if solver.boolean_value(var)]
    missing = {cid: int(solver.value(var)) for cid, var in slack.items() if solver.value(var)}
    return chosen, missing, solver.status_name(status), ignored


def _reason(problem: Problem, cadre: CadreNeed) -> str:
    """Why ``cadre``'s quota cannot be met, in Vietnamese."""
    meeting = [b for b in dict.fromkeys(cadre.cluster) if problem.meetings.get(b)]
    if not meeting:
        return _("Không có chi hội nào trong địa bàn phụ trách có lịch sinh hoạt trong kỳ.")
    cands = candidates(problem, cadre)
    if not cands:
        return _("Mọi buổi sinh hoạt phù hợp đã bị loại trừ hoặc cán bộ bận vào các ngày đó.")
    days = {d for ds in cands.values() for d in ds}
    sessions = sum(len(ds) for ds in cands.values())
    if len(days) < cadre.quota or sessions < cadre.quota:
        return _("Cụm của cán bộ chỉ có %(n)s buổi sinh hoạt vào %(days)s ngày khác nhau trong kỳ, cần %(q)s lượt.") % {
            "n": sessions, "days": len(days), "q": cadre.quota}
    return _("Không xếp đủ %(q)s lượt mà vẫn xoay vòng giữa các chi hội và không trùng ngày "
             "(chi hội họp ít buổi, hoặc các lượt đã ghim).") % {"q": cadre.quota}


def _batches(parts: list[list[CadreNeed]]) -> list[list[CadreNeed]]:
    """Components packed into models of about ``BATCH`` cadre–branch pairs: each CP-SAT call has a
    fixed cost (threads, search setup), so many small components are solved a few at a time."""
    batches: list[list[CadreNeed]] = []
    size = 0
    for part in parts:
        pairs = sum(len(c.cluster) for c in part)
        if not batches or size + pairs > BATCH:
            batches.append([])
            size = 0
        batches[-1] += part
        size += pairs
    return batches


def solve(problem: Problem, time_limit: float = 10.0, workers: int = 2, **params: object) -> Solution:
    """Solve each independent component with a share of ``time_limit`` proportional to its size
    (``params``: CP-SAT parameters, e.g. ``max_deterministic_time``)."""
    began = time.perf_counter()
    parts = components(problem)
    groups = _batches(parts)
    sizes = [sum(len(c.cluster) for c in g) + 1 for g in groups]
    total = sum(sizes) or 1
    visits: list[Visit] = []
    missing: dict[int, int] = {}
    ignored: list[Visit] = []
    statuses: set[str] = set()
    fallbacks = 0
    for group, size in zip(groups, sizes, strict=True):
        # the remaining time, shared by size; CP-SAT overruns a small limit slightly, hence 0.85
        remaining = time_limit - (time.perf_counter() - began)
        share = max(0.05, 0.85 * remaining * size / total)
        chosen, short, status, skipped = _solve_component(problem, group, share, workers, **params)
        group_ids = {c.id for c in group}
        if status == "INFEASIBLE" and any(p[0] in group_ids for p in problem.pins):
            # pins that contradict each other (same day, rotation): plan without them, report them
            skipped = [p for p in problem.pins if p[0] in group_ids]
            unpinned = Problem(group, problem.meetings, problem.history, set(), problem.exclusions)
            chosen, short, status, _none = _solve_component(unpinned, group, share, workers, **params)
        visits += chosen
        missing |= short
        ignored += skipped
        statuses.add(status)
        fallbacks += status == "FALLBACK"
        total -= size
    by_id = {c.id: c for c in problem.cadres}
    planned = defaultdict(int)
    for cadre_id, _branch, _day in visits:
        planned[cadre_id] += 1
    unmet = [Unmet(cid, by_id[cid].quota, planned[cid], _reason(problem, by_id[cid]))
             for cid in sorted(missing)]
    status = next((s for s in ("INFEASIBLE", "MODEL_INVALID", "FALLBACK", "FEASIBLE") if s in statuses), "OPTIMAL")
    visits.sort(key=lambda v: (v[2], v[0], v[1]))
    return Solution(visits, unmet, status, components=len(parts), models=len(groups), fallbacks=fallbacks,
                    seconds=time.perf_counter() - began, ignored_pins=ignored)


# ------------------------------------------------------------------ the guarantee, checked
def check(problem: Problem, solution: Solution) -> list[str]:
    """The guarantee's violations (empty: ok): quotas met or reported, only the cadre's own cluster,
    only meeting days, no double booking, pins kept, exclusions respected, rotation by counts."""
    problems: list[str] = []
    by_id = {c.id: c for c in problem.cadres}
    reported = {u.cadre for u in solution.unmet}
    per_cadre: dict[int, list[Visit]] = defaultdict(list)
    for visit in solution.visits:
        per_cadre[visit[0]].append(visit)
    if len(set(solution.visits)) != len(solution.visits):
        problems.append("duplicate visits")
    for visit in solution.visits:
        cid, branch, day = visit
        cadre = by_id.get(cid)
        if cadre is None:
            problems.append(f"unknown cadre {cid}")
            continue
        if branch not in cadre.cluster:
            problems.append(f"cadre {cid}: branch {branch} outside the cluster")
        if day not in problem.meetings.get(branch, ()):
            problems.append(f"cadre {cid}: branch {branch} does not meet on {day}")
        if day in cadre.unavailable:
            problems.append(f"cadre {cid}: unavailable on {day}")
        if visit in problem.exclusions:
            problems.append(f"cadre {cid}: excluded visit {branch} {day} chosen")
    for pin in problem.pins:
        if pin not in set(solution.visits) and pin not in solution.ignored_pins:
            problems.append(f"pin {pin} dropped")
    days_of: dict[tuple[str, int], list[dt.date]] = defaultdict(list)
    for cadre in problem.cadres:
        days_of[cadre.who] += [d for _c, _b, d in per_cadre.get(cadre.id, [])]
    for who, days in days_of.items():
        if len(days) != len(set(days)):
            problems.append(f"{who[0]} {who[1]}: double booked")
    for cadre in problem.cadres:
        mine = per_cadre.get(cadre.id, [])
        if len(mine) < cadre.quota and cadre.id not in reported:
            problems.append(f"cadre {cadre.id}: {len(mine)} of {cadre.quota} visits, not reported")
        counts = defaultdict(int)
        for _c, b, _d in mine:
            counts[b] += 1
        visitable = candidates(problem, cadre)
        if counts and visitable:
            low = min(counts.get(b, 0) for b in visitable)
            if max(counts.values()) > low + 1:
                problems.append(f"cadre {cadre.id}: rotation broken ({dict(counts)})")
    return problems


# ------------------------------------------------------------------ a greedy baseline (the bench compares)
def greedy(problem: Problem) -> Solution:
    """Each cadre in turn keeps their pins, then takes branches round by round (the least recently
    visited first, on a free day, at the least crowded meeting), a new round only when every branch
    got a visit in the last one (rotation); no search. The benchmark's baseline, the CP-SAT
    model's first hint and its fallback when a component's search finds nothing in time."""
    began = time.perf_counter()
    load: dict[tuple[int, dt.date], int] = defaultdict(int)
    visits: list[Visit] = []
    unmet: list[Unmet] = []
    dropped: list[Visit] = []
    busy: dict[tuple[str, int], set[dt.date]] = defaultdict(set)
    for cadre in problem.cadres:
        ranks = _ranks(problem, cadre)
        cands = candidates(problem, cadre)
        order = sorted(cands, key=lambda b: (ranks[b], min(load[(b, d)] for d in cands[b]), b))
        used = busy[cadre.who]
        count: dict[int, int] = defaultdict(int)
        mine: list[Visit] = []
        cap = rotation_cap(cadre.quota, len(cands))
        for pin in sorted(p for p in problem.pins if p[0] == cadre.id):
            _c, branch, day = pin
            if day in cands.get(branch, ()) and day not in used and count[branch] < cap:
                used.add(day)
                count[branch] += 1
                mine.append(pin)
            else:
                dropped.append(pin)
        for round_ in range(cap):
            complete = True
            for branch in order:
                if len(mine) >= cadre.quota:
                    break
                if count[branch] > round_:
                    continue
                free = [d for d in cands[branch] if d not in used]
                if not free:
                    complete = False
                    continue
                day = min(free, key=lambda d: load[(branch, d)])
                used.add(day)
                count[branch] += 1
                mine.append((cadre.id, branch, day))
            if not complete or len(mine) >= cadre.quota:
                break
        for _c, branch, day in mine:
            load[(branch, day)] += 1
        visits += mine
        if len(mine) < cadre.quota:
            unmet.append(Unmet(cadre.id, cadre.quota, len(mine), _reason(problem, cadre)))
    return Solution(visits, unmet, "GREEDY", seconds=time.perf_counter() - began, ignored_pins=dropped)


def max_load(solution: Solution) -> int:
    """The most cadres at one meeting."""
    load: dict[tuple[int, dt.date], int] = defaultdict(int)
    for _c, branch, day in solution.visits:
        load[(branch, day)] += 1
    return max(load.values(), default=0)


def plan_period(plan: Any, time_limit: float = 10.0, workers: int = 2) -> Solution:
    """Plan a ``models.Plan`` from the database (``planner_orm.plan_period``)."""
    from .planner_orm import plan_period as run

    return run(plan, time_limit=time_limit, workers=workers)
