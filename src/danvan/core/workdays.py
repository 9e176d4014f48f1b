"""Working days in Vietnam: Saturdays, Sundays and the public holidays (the ``holidays`` package:
Tết and the Hùng Kings' day by the lunar calendar, 30/4, 1/5, National Day and the government's
substitute days) are not working days; a place may add its own days off and make-up working days.

Used wherever a rule counts days: petition deadlines (``voice``), data-subject requests
(``privacy``). A count in calendar days whose last day is not a working day ends on the next
working day (Civil Code 2015, art. 148).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[dt.date]:
    """Vietnam's public holidays of ``year`` (with substitute days), from the ``holidays`` package."""
    return frozenset(holidays.country_holidays("VN", years=year))


@dataclass(frozen=True)
class WorkCalendar:
    """Working days at one place: public holidays plus the place's days off and make-up days."""

    days_off: frozenset[dt.date] = frozenset()
    working: frozenset[dt.date] = frozenset()

    def is_working(self, day: dt.date) -> bool:
        if day in self.working:
            return True
        return day.weekday() < 5 and day not in self.days_off and day not in public_holidays(day.year)

    def next_working(self, day: dt.date) -> dt.date:
        while not self.is_working(day):
            day += ONE_DAY
        return day

    def add(self, start: dt.date, days: int, working: bool) -> dt.date:
        """The due day of ``days`` working (or calendar) days counted from the day after ``start``."""
        if working:
            day, left = start, days
            while left:
                day += ONE_DAY
                if self.is_working(day):
                    left -= 1
            return day
        return self.next_working(start + dt.timedelta(days=days))
