"""``danvan bench planner``: the rotation planner on a synthetic province-sized month.

3,000 cadres and 10,405 branches (the province's branches grouped in clusters of communes; each
cadre covers 5–40 branches of their cluster, overlapping with the other cadres of the cluster like
real assignments; every branch meets once a month on its schedule's day; quotas 1 a month, one
cadre in ten 2; a random history of last visits). Solves the month with the pure API
(``planner.solve``), checks the guarantee (``planner.check``) and compares with a greedy baseline
(and, with ``--single``, with one CP-SAT model for the whole province). No database.
"""

import datetime as dt
import random
import time
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from . import planner

SUBCOMMAND = "planner"
HELP = "Đo hiệu năng lập kế hoạch dự sinh hoạt / rotation planner benchmark (CP-SAT)"


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--cadres", type=int, default=3000)
    parser.add_argument("--branches", type=int, default=10_405)
    parser.add_argument("--clusters", type=int, default=60, help="clusters of communes")
    parser.add_argument("--month", default="2026-03", help="YYYY-MM")
    parser.add_argument("--time-limit", type=float, default=6.0, help="seconds for the solver (the target: under 10 s in all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--single", action="store_true", help="also solve the province as one model")


def province(cadres: int, branches: int, clusters: int, year: int, month: int, seed: int) -> planner.Problem:
    """A synthetic province (see the module's docstring)."""
    rng = random.Random(seed)
    meetings = {b: [dt.date(year, month, rng.randint(1, 28))] for b in range(1, branches + 1)}
    groups = [list(range(1 + branches * i // clusters, 1 + branches * (i + 1) // clusters)) for i in range(clusters)]
    needs: list[planner.CadreNeed] = []
    history: dict[int, dict[int, dt.date]] = {}
    for cid in range(1, cadres + 1):
        group = groups[cid % clusters]
        size = min(len(group), rng.randint(5, 40))
        start = rng.randrange(len(group))
        cluster = tuple(group[(start + i) % len(group)] for i in range(size))
        needs.append(planner.CadreNeed(cid, 2 if rng.random() < 0.1 else 1, cluster))
        history[cid] = {b: dt.date(year, month, 1) - dt.timedelta(days=rng.randint(20, 400))
                        for b in cluster if rng.random() < 0.6}
    return planner.Problem(needs, meetings, history)


def _quality(problem: planner.Problem, solution: planner.Solution) -> tuple[int, int]:
    """Meetings with more than one cadre, and visits not to a branch the cadre visited longest ago."""
    load = Counter((b, d) for _c, b, d in solution.visits)
    by_id = {c.id: c for c in problem.cadres}
    ranks = {c.id: planner._ranks(problem, c) for c in problem.cadres}
    recent = sum(1 for c, b, _d in solution.visits if ranks[c][b] > 0 and by_id[c].quota == 1)
    return sum(1 for n in load.values() if n > 1), recent


def _line(write: Any, label: str, solution: planner.Solution, problem: planner.Problem, seconds: float) -> None:
    problems = planner.check(problem, solution)
    crowded, recent = _quality(problem, solution)
    write(f"  {label}: {seconds:.2f} s; visits {len(solution.visits):,}; unmet {len(solution.unmet)}; "
          f"most cadres at one meeting {planner.max_load(solution)}; meetings with 2+ cadres {crowded:,}; "
          f"1-visit cadres not at a longest-unvisited branch {recent:,}; status {solution.status}; "
          f"coverage: {'ok' if not problems else f'{len(problems)} problems, e.g. {problems[:3]}'}")


def run(command: BaseCommand, *, cadres: int, branches: int, clusters: int, month: str, time_limit: float,
        workers: int, seed: int, single: bool, **options: Any) -> None:
    write = command.stdout.write
    try:
        year, mon = (int(part) for part in month.split("-"))
    except ValueError as exc:
        raise CommandError(f"Tháng không hợp lệ (YYYY-MM): {month}") from exc
    began = time.perf_counter()
    problem = province(cadres, branches, clusters, year, mon, seed)
    quota = sum(c.quota for c in problem.cadres)
    write(f"Tỉnh giả lập / synthetic province: {cadres:,} cán bộ, {branches:,} chi hội, {clusters} cụm xã; "
          f"{sum(len(c.cluster) for c in problem.cadres):,} cặp cán bộ–chi hội; cần {quota:,} lượt "
          f"(built in {time.perf_counter() - began:.2f} s)")
    cpu = time.process_time()
    solution = planner.solve(problem, time_limit=time_limit, workers=workers)
    cpu = time.process_time() - cpu
    write(f"  components: {solution.components} in {solution.models} CP-SAT models; models that kept the greedy "
          f"first solution (no CP-SAT solution in their time share): {solution.fallbacks}")
    _line(write, "CP-SAT, decomposed", solution, problem, solution.seconds)
    problems = planner.check(problem, solution)
    baseline = planner.greedy(problem)
    _line(write, "greedy baseline  ", baseline, problem, baseline.seconds)
    if single:
        start = time.perf_counter()
        one = planner.Problem(problem.cadres, problem.meetings, problem.history)
        merged = planner._solve_component(one, one.cadres, time_limit, workers)
        whole = planner.Solution(merged[0], [planner.Unmet(c, 0, 0, "") for c in merged[1]], merged[2])
        _line(write, "CP-SAT, one model", whole, problem, time.perf_counter() - start)
    write(f"time: {solution.seconds:.2f} s (CPU of this process: {cpu:.2f} s; a machine busy with other "
          f"work stretches the first; the solver's limit was {time_limit:g} s)")
    write("coverage: ok" if not problems else "coverage: FAILED")
