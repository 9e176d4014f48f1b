"""The rotation planner's guarantee: property tests on random small clusters (pure API, checked
against an independent brute force), then ``plan_period`` on the cast."""

import datetime as dt
import itertools
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.meetings import planner
from danvan.meetings.choices import CadreLevel, PlanState, RulePeriod
from danvan.meetings.models import Plan, PlannedVisit, VisitRule
from danvan.meetings.planner_orm import quota_for
from danvan.people.models import Branch

D = [dt.date(2026, 3, day) for day in (3, 10, 17, 24)]


def feasible(problem: planner.Problem, cadre: planner.CadreNeed) -> bool:
    """Brute force, independent of the model: some ``quota`` candidate visits on distinct days whose
    counts per visitable branch differ by at most one."""
    cands = planner.candidates(problem, cadre)
    options = [(b, d) for b, days in cands.items() for d in days]
    for combo in itertools.combinations(options, cadre.quota):
        if len({d for _b, d in combo}) < len(combo):
            continue
        counts = Counter(b for b, _d in combo)
        if max(counts.values(), default=0) <= min(counts.get(b, 0) for b in cands) + 1:
            return True
    return cadre.quota == 0


@st.composite
def problems(draw: st.DrawFn, with_pins: bool = False) -> planner.Problem:
    branches = list(range(1, draw(st.integers(1, 5)) + 1))
    meetings = {b: sorted(draw(st.sets(st.sampled_from(D), max_size=2))) for b in branches}
    cadres = []
    for cid in range(1, draw(st.integers(1, 4)) + 1):
        cluster = tuple(sorted(draw(st.sets(st.sampled_from(branches), min_size=1, max_size=4))))
        unavailable = frozenset(draw(st.sets(st.sampled_from(D), max_size=1)))
        cadres.append(planner.CadreNeed(cid, draw(st.integers(1, 3)), cluster, unavailable))
    every = [(c.id, b, d) for c in cadres for b in c.cluster for d in meetings[b]]
    exclusions = set(draw(st.lists(st.sampled_from(every), max_size=2))) if every else set()
    pins = set(draw(st.lists(st.sampled_from(every), max_size=2))) - exclusions if with_pins and every else set()
    history = {c.id: {b: dt.date(2026, 1, b) for b in c.cluster if b % 2} for c in cadres}
    return planner.Problem(cadres, meetings, history, pins, exclusions)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_cadre_gets_the_quota_when_feasible(problem: planner.Problem) -> None:
    solution = planner.solve(problem, time_limit=5, workers=1)
    assert planner.check(problem, solution) == []
    assert solution.status == "OPTIMAL"
    unmet = {u.cadre: u for u in solution.unmet}
    counts = Counter(c for c, _b, _d in solution.visits)
    for cadre in problem.cadres:
        if feasible(problem, cadre):
            assert cadre.id not in unmet
            assert counts[cadre.id] == cadre.quota
        else:
            assert unmet[cadre.id].planned == counts[cadre.id] < cadre.quota
            assert unmet[cadre.id].reason


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(with_pins=True))
def test_pins_and_exclusions_are_respected(problem: planner.Problem) -> None:
    solution = planner.solve(problem, time_limit=5, workers=1)
    assert planner.check(problem, solution) == []
    chosen = set(solution.visits)
    assert not chosen & problem.exclusions
    assert problem.pins <= chosen | set(solution.ignored_pins)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(with_pins=True))
def test_the_greedy_fallback_keeps_the_guarantee(problem: planner.Problem) -> None:
    """No search time at all: every component keeps the greedy first solution, still checked."""
    assert planner.check(problem, planner.greedy(problem)) == []
    solution = planner.solve(problem, time_limit=5, workers=1, max_deterministic_time=0.0)
    assert solution.status == "FALLBACK" and solution.fallbacks == solution.models
    assert planner.check(problem, solution) == []
    assert {u.cadre for u in solution.unmet} == {c.id for c in problem.cadres
                                                 if sum(1 for v in solution.visits if v[0] == c.id) < c.quota}


def test_rotation_no_branch_twice_before_every_branch_once() -> None:
    meetings = {1: D[:4], 2: D[:2]}
    problem = planner.Problem([planner.CadreNeed(7, 3, (1, 2))], meetings)
    solution = planner.solve(problem, workers=1)
    assert Counter(b for _c, b, _d in solution.visits) == {1: 2, 2: 1}
    assert planner.check(problem, solution) == []
    # four visits: two at each branch
    problem = planner.Problem([planner.CadreNeed(7, 4, (1, 2))], meetings)
    solution = planner.solve(problem, workers=1)
    assert Counter(b for _c, b, _d in solution.visits) == {1: 2, 2: 2}


def test_history_prefers_the_branch_visited_longest_ago() -> None:
    meetings = {1: [D[0]], 2: [D[1]], 3: [D[2]]}
    history = {7: {1: dt.date(2026, 2, 10), 2: dt.date(2025, 11, 10), 3: dt.date(2026, 1, 10)}}
    solution = planner.solve(planner.Problem([planner.CadreNeed(7, 1, (1, 2, 3))], meetings, history), workers=1)
    assert solution.visits == [(7, 2, D[1])]


def test_load_is_spread_over_the_meetings() -> None:
    meetings = {1: [D[0]], 2: [D[1]]}
    cadres = [planner.CadreNeed(i, 1, (1, 2)) for i in range(1, 5)]
    solution = planner.solve(planner.Problem(cadres, meetings), workers=1)
    assert Counter(b for _c, b, _d in solution.visits) == {1: 2, 2: 2}
    assert planner.max_load(solution) == 2


def test_unmet_reasons() -> None:
    meetings = {1: [D[0]], 2: [D[0]], 3: []}
    cadres = [planner.CadreNeed(1, 2, (1, 2)), planner.CadreNeed(2, 1, (3,)), planner.CadreNeed(3, 1, (1,))]
    problem = planner.Problem(cadres, meetings, exclusions={(3, 1, D[0])})
    solution = planner.solve(problem, workers=1)
    reasons = {u.cadre: (u.planned, u.reason) for u in solution.unmet}
    assert reasons == {
        1: (1, "Cụm của cán bộ chỉ có 2 buổi sinh hoạt vào 1 ngày khác nhau trong kỳ, cần 2 lượt."),
        2: (0, "Không có chi hội nào trong địa bàn phụ trách có lịch sinh hoạt trong kỳ."),
        3: (0, "Mọi buổi sinh hoạt phù hợp đã bị loại trừ hoặc cán bộ bận vào các ngày đó."),
    }
    assert planner.check(problem, solution) == []


def test_contradicting_pins_are_reported_not_fatal() -> None:
    meetings = {1: [D[0]], 2: [D[0]]}
    pins = {(1, 1, D[0]), (1, 2, D[0])}  # the same day twice
    problem = planner.Problem([planner.CadreNeed(1, 1, (1, 2))], meetings, pins=pins)
    solution = planner.solve(problem, workers=1)
    assert sorted(solution.ignored_pins) == sorted(pins)
    assert len(solution.visits) == 1
    assert planner.check(problem, solution) == []


def test_one_person_with_two_assignments_is_not_double_booked() -> None:
    meetings = {1: [D[0]], 2: [D[0]], 3: [D[1]]}
    cadres = [planner.CadreNeed(1, 1, (1,), person=9), planner.CadreNeed(2, 1, (2, 3), person=9)]
    problem = planner.Problem(cadres, meetings)
    solution = planner.solve(problem, workers=1)
    assert solution.components == 1
    assert solution.visits == [(1, 1, D[0]), (2, 3, D[1])]  # branch 2 ranks first but meets on D[0] too
    assert solution.unmet == []
    assert planner.check(problem, solution) == []
    assert planner.check(problem, planner.Solution([(1, 1, D[0]), (2, 2, D[0])], [], "X")) == [
        "person 9: double booked"]


def test_components_split_on_shared_branches() -> None:
    cadres = [planner.CadreNeed(1, 1, (1, 2)), planner.CadreNeed(2, 1, (2, 3)), planner.CadreNeed(3, 1, (9,))]
    groups = planner.components(planner.Problem(cadres, {}))
    assert [sorted(c.id for c in g) for g in groups] == [[1, 2], [3]]


def test_check_names_violations() -> None:
    problem = planner.Problem([planner.CadreNeed(1, 2, (1,))], {1: [D[0]], 5: [D[1]]})
    bad = planner.Solution([(1, 5, D[1]), (1, 1, D[1])], [], "OPTIMAL")
    assert planner.check(problem, bad) == [
        "cadre 1: branch 5 outside the cluster",
        f"cadre 1: branch 1 does not meet on {D[1]}",
        "cadre 1: double booked",
    ]


def test_quota_for_rules() -> None:
    month, quarter = (dt.date(2026, 3, 1), dt.date(2026, 3, 31)), (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert quota_for(None, *month) == 1
    assert quota_for(None, *quarter) == 3
    yearly = VisitRule(visits=6, period=RulePeriod.YEAR)
    assert (quota_for(yearly, *month), quota_for(yearly, *quarter)) == (1, 2)
    monthly = VisitRule(visits=2, period=RulePeriod.MONTH)
    assert (quota_for(monthly, *month), quota_for(monthly, *quarter)) == (2, 6)


# ------------------------------------------------------------------ plan_period on the cast
def _march(cast, unit=None) -> Plan:
    return Plan.objects.create(unit=unit or cast.commune_a, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))


def _second_branch(cast) -> Branch:
    return Branch.objects.create(code="CH-A1-2", name="Chi hội Phụ nữ ấp A1 số 2", kind=cast.branch_a1.kind,
                                 organization=cast.branch_a1.organization, unit=cast.village_a1)


@pytest.mark.django_db
def test_plan_period_writes_the_visits_and_the_report(cast) -> None:
    cast.make_schedule()  # branch A1 on the 10th
    other = _second_branch(cast)
    cast.make_schedule(branch=other, day=20)
    cadre = cast.make_cadre(name="Lê Thị Hoa")
    assignment = cast.make_assignment(cadre=cadre)
    cast.make_visit(assignment, date=dt.date(2026, 2, 10))  # A1 visited last month: prefer the other
    lonely = cast.make_assignment(cadre=cast.make_cadre(name="Phạm Văn An"), areas=(cast.village_a2,))
    VisitRule.objects.create(unit=cast.province, level=CadreLevel.COMMUNE, visits=1, valid_from=dt.date(2020, 1, 1))
    plan = _march(cast)
    solution = planner.plan_period(plan, time_limit=5, workers=1)
    rows = list(PlannedVisit.objects.filter(plan=plan).values_list("assignment_id", "branch_id", "date"))
    assert rows == [(assignment.pk, other.pk, dt.date(2026, 3, 20))]
    assert solution.status == "OPTIMAL"
    plan.refresh_from_db()
    assert plan.solved_at is not None
    assert plan.report["visits"] == 1 and plan.report["required"] == 2 and plan.report["problems"] == []
    assert plan.report["unmet"] == [{
        "assignment": lonely.pk, "cadre": "Phạm Văn An", "quota": 1, "planned": 0,
        "reason": "Không có chi hội nào trong địa bàn phụ trách có lịch sinh hoạt trong kỳ."}]
    visit = PlannedVisit.objects.get(plan=plan)
    assert (visit.unit_id, visit.commune_id, visit.org_kind) == (cast.village_a1.pk, cast.commune_a.pk,
                                                                 cast.branch_a1.org_kind)


@pytest.mark.django_db
def test_replan_keeps_pins_and_exclusions(cast) -> None:
    cast.make_schedule()
    other = _second_branch(cast)
    cast.make_schedule(branch=other, day=20)
    assignment = cast.make_assignment(cadre=cast.make_cadre())
    plan = _march(cast)
    PlannedVisit.objects.create(plan=plan, assignment=assignment, branch=other, date=dt.date(2026, 3, 20),
                                excluded=True)
    planner.plan_period(plan, time_limit=5, workers=1)
    chosen = PlannedVisit.objects.get(plan=plan, excluded=False)
    assert (chosen.branch_id, chosen.date) == (cast.branch_a1.pk, dt.date(2026, 3, 10))
    chosen.pinned = True
    chosen.save()
    planner.plan_period(plan, time_limit=5, workers=1)
    assert sorted(PlannedVisit.objects.filter(plan=plan).values_list("branch_id", "pinned", "excluded")) == sorted(
        [(cast.branch_a1.pk, True, False), (other.pk, False, True)])
    assert plan.state == PlanState.DRAFT


@pytest.mark.django_db
def test_plan_of_commune_b_ignores_commune_a(cast) -> None:
    cast.make_schedule()
    cast.make_assignment(cadre=cast.make_cadre())
    plan = _march(cast, unit=cast.commune_b)
    planner.plan_period(plan, time_limit=5, workers=1)
    assert plan.report["cadres"] == 0 and not plan.visits.exists()


def test_bench_planner_is_discovered_and_checks_coverage() -> None:
    """``danvan bench planner`` (found by the bench command's discovery) on a tiny province (no
    timing asserted)."""
    import io

    from django.core.management import call_command

    from danvan.meetings import bench as planner_bench

    out = io.StringIO()
    call_command("bench", "planner", "--cadres", "30", "--branches", "200", "--clusters", "3",
                 "--time-limit", "3", stdout=out)
    lines = out.getvalue().splitlines()
    problem = planner_bench.province(30, 200, 3, 2026, 3, 4)
    required = sum(c.quota for c in problem.cadres)
    assert lines[1].startswith("  components: 3 in 1 CP-SAT models;")
    assert f"visits {required}; unmet 0;" in lines[2] and lines[2].endswith("coverage: ok")
    assert lines[-1] == "coverage: ok"


@pytest.mark.django_db
def test_load_problem_clusters_and_rules(cast) -> None:
    from danvan.meetings.planner_orm import load_problem

    cast.make_schedule()
    other = _second_branch(cast)
    cast.make_schedule(branch=other, day=20)
    wide = cast.make_assignment(cadre=cast.make_cadre(), areas=(cast.commune_a,))
    narrow = cast.make_assignment(cadre=cast.make_cadre(level=CadreLevel.PROVINCE, unit=cast.province),
                                  areas=(cast.village_a1,))
    VisitRule.objects.create(unit=cast.province, level=CadreLevel.COMMUNE, visits=1, valid_from=dt.date(2020, 1, 1))
    VisitRule.objects.create(unit=cast.commune_a, level=CadreLevel.COMMUNE, visits=2, valid_from=dt.date(2025, 1, 1))
    VisitRule.objects.create(unit=cast.province, level=CadreLevel.PROVINCE, visits=2, period=RulePeriod.YEAR,
                             valid_from=dt.date(2020, 1, 1))
    VisitRule.objects.create(unit=cast.commune_a, level=CadreLevel.COMMUNE, visits=5,
                             valid_from=dt.date(2026, 4, 1))  # not yet valid on the period's start
    problem, assignments, branches = load_problem(_march(cast, unit=cast.province))
    needs = {c.id: (c.quota, c.cluster) for c in problem.cadres}
    in_a = tuple(sorted(b.pk for b in Branch.objects.filter(unit_path__startswith=cast.commune_a.path)))
    assert needs == {wide.pk: (2, in_a), narrow.pk: (1, tuple(sorted((cast.branch_a1.pk, other.pk))))}
    assert problem.meetings[other.pk] == [dt.date(2026, 3, 20)]
