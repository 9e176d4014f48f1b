"""The clocks of the personal-data registers (``../shared/LEGAL.md`` § Personal data).

- a data-subject request is acknowledged within 2 working days of receipt and completed within
  15 days (20 where third parties must act), with one extension of at most 15 days;
- a breach is notified to the Ministry of Public Security's data-protection agency within 72 hours
  of its discovery.

Working days skip Saturdays, Sundays and the fixed-date public holidays (1/1, 30/4, 1/5, 2/9 and
the day around it). Tết and the Hùng Kings' day follow the lunar calendar: their dates are not
computed here, so an acknowledgement due over Tết is due a little early — the safe side.
"""

import datetime as dt

ACKNOWLEDGE_WORKING_DAYS = 2
DUE_DAYS = 15
DUE_DAYS_THIRD_PARTIES = 20
MAX_EXTENSION_DAYS = 15
BREACH_NOTIFY_HOURS = 72

FIXED_HOLIDAYS = {(1, 1), (4, 30), (5, 1), (9, 1), (9, 2)}


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``day``."""
    while count > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def acknowledge_by(received: dt.date) -> dt.date:
    return add_working_days(received, ACKNOWLEDGE_WORKING_DAYS)


def due_on(received: dt.date, third_parties: bool) -> dt.date:
    return received + dt.timedelta(days=DUE_DAYS_THIRD_PARTIES if third_parties else DUE_DAYS)


def latest_extension(due: dt.date) -> dt.date:
    return due + dt.timedelta(days=MAX_EXTENSION_DAYS)


def notify_deadline(discovered: dt.datetime) -> dt.datetime:
    return discovered + dt.timedelta(hours=BREACH_NOTIFY_HOURS)
