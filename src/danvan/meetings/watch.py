"""The ≥ 1 visit a month rule watched (seed 004), for a unit and a month, in a user's scope:

- ``cadres_without_visit``: cadres with an assignment active in the month and no attended visit
  in it so far. From the 20th (``DEADLINE_DAY``) they fail the rule ("không đạt"); before, they
  have simply not attended yet ("chưa dự").
- ``branches_not_visited``: branches (not dissolved) with no attended visit in the ``months``
  months ending with the month (3 by default).
- ``missed_meetings``: scheduled meeting days (``schedule.meeting_days``) that passed with no
  meeting recorded within ±``GRACE_DAYS`` days; ``held_vs_scheduled`` counts both sides.

Every function reads the records through ``visible_to(user)`` (None: no restriction).
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Max, Q, QuerySet

from danvan.geo.models import AdminUnit
from danvan.people.models import Branch

from .models import Assignment, Cadre, Meeting, Schedule, Visit
from .schedule import meeting_days

DEADLINE_DAY = 20
GRACE_DAYS = 3
DEFAULT_MONTHS = 3


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _visible(model: Any, user: Any) -> QuerySet:
    return model.objects.visible_to(user) if user is not None else model.objects.all()


def _in(qs: QuerySet, unit: AdminUnit) -> QuerySet:
    return qs.filter(unit_path__under=unit.path)


@dataclass
class CadreRow:
    cadre: Cadre
    failing: bool  # past the 20th: fails the rule


def cadres_without_visit(unit: AdminUnit, year: int, month: int, user: Any = None,
                         today: dt.date | None = None) -> list[CadreRow]:
    """Cadres of ``unit``'s subtree assigned in the month with no attended visit in it up to ``today``."""
    first, last = month_bounds(year, month)
    today = today or dt.date.today()
    if today < first:
        return []
    until = min(today, last)
    active = _visible(Assignment, user).filter(start__lte=until).filter(Q(end__isnull=True) | Q(end__gte=first))
    visited = Visit.objects.filter(attended=True, date__gte=first, date__lte=until).values("cadre_id")
    cadres = (_in(_visible(Cadre, user), unit).filter(id__in=active.values("cadre_id")).exclude(id__in=visited)
              .select_related("person", "unit", "organization").order_by("level", "unit_path", "person__full_name"))
    failing = until.day >= DEADLINE_DAY or until == last
    return [CadreRow(cadre, failing) for cadre in cadres]


@dataclass
class BranchRow:
    branch: Branch
    last_visit: dt.date | None


def unvisited_branches(unit: AdminUnit, year: int, month: int, months: int = DEFAULT_MONTHS,
                       user: Any = None) -> QuerySet:
    """Branches (existing at the month's end) with no attended visit in the ``months`` months ending
    with the month, as a queryset (the panel counts it)."""
    if months < 1:
        raise ValueError(months)
    last = month_bounds(year, month)[1]
    index = year * 12 + month - 1 - (months - 1)
    since = dt.date(index // 12, index % 12 + 1, 1)
    branches = _in(_visible(Branch, user), unit).filter(Q(dissolved__isnull=True) | Q(dissolved__gt=last))
    branches = branches.filter(Q(founded__isnull=True) | Q(founded__lte=last))
    recent = Visit.objects.filter(attended=True, date__gte=since, date__lte=last).values("branch_id")
    return branches.exclude(id__in=recent)


def branches_not_visited(unit: AdminUnit, year: int, month: int, months: int = DEFAULT_MONTHS,
                         user: Any = None) -> list[BranchRow]:
    """``unvisited_branches`` with the day of each one's last attended visit (None: never)."""
    branches = unvisited_branches(unit, year, month, months, user)
    rows = list(branches.select_related("unit", "unit__parent").order_by("unit_path", "name"))
    last = month_bounds(year, month)[1]
    last_visits = dict(Visit.objects.filter(attended=True, date__lte=last, branch__in=branches.values("id"))
                       .values("branch_id")
                       .annotate(last=Max("date")).values_list("branch_id", "last"))
    return [BranchRow(branch, last_visits.get(branch.pk)) for branch in rows]


@dataclass
class Missed:
    branch: Branch
    days: list[dt.date] = field(default_factory=list)


class Pattern(NamedTuple):
    """The fields of a ``Schedule`` that ``schedule.meeting_days`` reads (no model instance per branch)."""

    pk: int
    branch_id: int
    kind: str
    day: int | None
    weekday: int | None
    week: int | None


@dataclass
class MeetingCheck:
    scheduled: int
    held: int
    missed: list[Missed]


def held_vs_scheduled(unit: AdminUnit, start: dt.date, end: dt.date, user: Any = None,
                      today: dt.date | None = None) -> MeetingCheck:
    """Scheduled days of the branches of ``unit`` in [start, end] that passed (and their ±3 days of
    grace) against the meetings recorded near them; the branches that missed one."""
    today = today or dt.date.today()
    # Only the fields the days need (a province has ten thousand schedules); branches are read
    # for the ones that missed a meeting.
    visible = _in(_visible(Schedule, user), unit)
    schedules = [Pattern(*row) for row in visible.values_list("id", "branch_id", "kind", "day", "weekday", "week")]
    days = meeting_days(schedules, start, end, schedule_ids=visible.values("id"))
    grace = dt.timedelta(days=GRACE_DAYS)
    held_days: dict[int, list[dt.date]] = {}
    for branch_id, day in Meeting.objects.filter(
            branch_id__in=visible.values("branch_id"), date__gte=start - grace,
            date__lte=end + grace).values_list("branch_id", "date"):
        held_days.setdefault(branch_id, []).append(day)
    scheduled = held = 0
    lost_days: dict[int, list[dt.date]] = {}
    for schedule in schedules:
        lost = []
        for day in days.get(schedule.branch_id, []):
            if day + grace >= today:
                continue  # not passed yet
            scheduled += 1
            if any(abs((m - day).days) <= GRACE_DAYS for m in held_days.get(schedule.branch_id, [])):
                held += 1
            else:
                lost.append(day)
        if lost:
            lost_days[schedule.branch_id] = lost
    branches = Branch.objects.select_related("unit").in_bulk(list(lost_days))
    missed = [Missed(branches[branch_id], lost) for branch_id, lost in lost_days.items()]
    missed.sort(key=lambda row: (row.branch.unit_path, row.branch.name))
    return MeetingCheck(scheduled, held, missed)


def missed_meetings(unit: AdminUnit, year: int, month: int, user: Any = None,
                    today: dt.date | None = None) -> list[Missed]:
    """Branches of ``unit`` that missed a scheduled meeting in the month."""
    return held_vs_scheduled(unit, *month_bounds(year, month), user=user, today=today).missed
