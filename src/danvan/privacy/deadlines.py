"""The clocks of the personal-data registers (``../shared/LEGAL.md`` § Personal data).

- a data-subject request is acknowledged within 2 working days of receipt and completed within
  15 days (20 where third parties must act), with one extension of at most 15 days;
- a breach is notified to the Ministry of Public Security's data-protection agency within 72 hours
  of its discovery.

Working days are ``core.workdays``' (Saturdays, Sundays and Vietnam's public holidays, Tết included).
"""

import datetime as dt

from danvan.core.workdays import WorkCalendar

ACKNOWLEDGE_WORKING_DAYS = 2
DUE_DAYS = 15
DUE_DAYS_THIRD_PARTIES = 20
MAX_EXTENSION_DAYS = 15
BREACH_NOTIFY_HOURS = 72

def acknowledge_by(received: dt.date) -> dt.date:
    return WorkCalendar().add(received, ACKNOWLEDGE_WORKING_DAYS, working=True)


def due_on(received: dt.date, third_parties: bool) -> dt.date:
    return received + dt.timedelta(days=DUE_DAYS_THIRD_PARTIES if third_parties else DUE_DAYS)


def latest_extension(due: dt.date) -> dt.date:
    return due + dt.timedelta(days=MAX_EXTENSION_DAYS)


def notify_deadline(discovered: dt.datetime) -> dt.datetime:
    return discovered + dt.timedelta(hours=BREACH_NOTIFY_HOURS)
