"""When branches meet: the dates a schedule gives in a period, after its exceptions.

``meeting_days(schedules, start, end)`` reads the exceptions of many schedules in one query; the
planner, the watch lists and the phone pages all use it, so they agree on which days a branch meets.
"""

import calendar
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from .choices import ScheduleKind
from .models import Schedule, ScheduleException


def months(start: dt.date, end: dt.date) -> Iterator[tuple[int, int]]:
    """(year, month) of every month that [start, end] touches."""
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@functools.lru_cache(maxsize=8192)
def _day_in_month(kind: str, day: int | None, weekday: int | None, week: int | None, year: int,
                  month: int) -> dt.date | None:
    """The day a schedule's pattern gives in that month (None when there is none, e.g. a 5th Sunday).
    Branches share a few patterns (the 15th; the last Sunday): a province's ten thousand schedules
    compute each (pattern, month) once."""
    last = calendar.monthrange(year, month)[1]
    if kind == ScheduleKind.DAY_OF_MONTH:
        return dt.date(year, month, min(day or 1, last))
    if weekday is None or not week:
        return None
    days = [dt.date(year, month, d) for d in range(1, last + 1) if dt.date(year, month, d).weekday() == weekday]
    if week == -1:
        return days[-1]
    return days[week - 1] if week <= len(days) else None


def regular_days(schedule: Schedule, start: dt.date, end: dt.date) -> list[dt.date]:
    """The schedule's days in [start, end], before exceptions."""
    return _pattern_days(schedule.kind, schedule.day, schedule.weekday, schedule.week, start, end)


def _pattern_days(kind: str, day: int | None, weekday: int | None, week: int | None, start: dt.date,
                  end: dt.date) -> list[dt.date]:
    days = (_day_in_month(kind, day, weekday, week, year, month) for year, month in months(start, end))
    return [d for d in days if d is not None and start <= d <= end]


def meeting_days(schedules: Iterable[Schedule], start: dt.date, end: dt.date,
                 schedule_ids: Any = None) -> dict[int, list[dt.date]]:
    """Branch id → the days its meetings take place in [start, end]: the regular days, minus the
    cancelled ones, with moved ones on their new day (if it falls in the period). ``schedules`` may
    be any objects with a schedule's ``pk``, ``branch_id``, ``kind``, ``day``, ``weekday`` and ``week``;
    ``schedule_ids``, a subquery of their ids for the exceptions' query (a province's ten thousand
    ids as query parameters cost more than the rest of the work)."""
    schedules = list(schedules)
    changes: dict[int, dict[dt.date, dt.date | None]] = defaultdict(dict)
    # A meeting moved into the period from a regular day just outside it still counts: widen by a month.
    window = (start - dt.timedelta(days=31), end + dt.timedelta(days=31))
    ids = [schedule.pk for schedule in schedules] if schedule_ids is None else schedule_ids
    for schedule_id, date, moved_to in ScheduleException.objects.filter(
            schedule_id__in=ids, date__range=window).values_list("schedule_id", "date", "moved_to"):
        changes[schedule_id][date] = moved_to
    out: dict[int, list[dt.date]] = {}
    # Branches share a few patterns (the 15th, the last Sunday): each pattern's days are computed once.
    regular: dict[tuple[str, int | None, int | None, int | None], tuple[list[dt.date], list[dt.date]]] = {}
    for schedule in schedules:
        pattern = (schedule.kind, schedule.day, schedule.weekday, schedule.week)
        if pattern not in regular:
            widened = _pattern_days(*pattern, *window)
            regular[pattern] = (widened, [day for day in widened if start <= day <= end])
        widened, inside = regular[pattern]
        moved = changes.get(schedule.pk)
        if not moved:
            out[schedule.branch_id] = list(inside)
            continue
        days = set()
        for day in widened:
            actual = moved.get(day, day)
            if actual is not None and start <= actual <= end:
                days.add(actual)
        out[schedule.branch_id] = sorted(days)
    return out
