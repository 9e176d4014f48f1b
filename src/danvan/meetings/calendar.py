"""A cadre's plan as an iCalendar feed a phone calendar subscribes to: no login, the address
carries the cadre's secret ``calendar_token``; an unknown token is 404."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from danvan.people.models import Branch

from .models import Cadre, Schedule
from .phone_views import assignments_on, branches_of, month_of, planned_of, times_of
from .schedule import meeting_days

PAST_DAYS = 62  # the feed keeps the last two months' visits and every one ahead
AHEAD_DAYS = 62  # the assigned branches' own meetings: until two months ahead
MEETING_HOURS = 2


def feed(cadre: Cadre, today: dt.date) -> Calendar:
    """The cadre's planned visits of published plans, and the other meetings of the branches of
    their areas (from the schedules), as VEVENTs."""
    zone = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//danvan//meetings//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Lịch dự sinh hoạt — %(name)s") % {"name": cadre.person.full_name})
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    planned = planned_of(cadre, today - dt.timedelta(days=PAST_DAYS), dt.date.max)
    times = times_of([item.branch_id for item in planned])
    for item in planned:
        summary = _("Dự sinh hoạt: %(branch)s") % {"branch": item.branch.name}
        cal.add_component(_event(f"meetings-planned-{item.pk}@danvan", summary, item.branch, item.date,
                                 times.get(item.branch_id), zone))
    # The assigned branches' own meetings this month and ahead, where no visit is planned.
    taken = {(item.branch_id, item.date) for item in planned}
    branches = branches_of(assignments_on(cadre, today))
    schedules = Schedule.objects.filter(branch_id__in=branches).select_related("branch", "branch__unit__parent")
    by_branch = {schedule.branch_id: schedule for schedule in schedules}
    for branch_id, days in meeting_days(schedules, month_of(today)[0], today + dt.timedelta(days=AHEAD_DAYS)).items():
        branch = by_branch[branch_id].branch
        for day in days:
            if (branch_id, day) not in taken:
                summary = _("Chi hội sinh hoạt: %(branch)s") % {"branch": branch.name}
                cal.add_component(_event(f"meetings-branch-{branch_id}-{day:%Y%m%d}@danvan", summary, branch, day,
                                         by_branch[branch_id].time, zone))
    return cal


def _event(uid: str, summary: str, branch: Branch, day: dt.date, time: dt.time | None, zone: ZoneInfo) -> Event:
    """One meeting: at the schedule's time for two hours, else all day; in the branch's village."""
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    village = branch.unit
    commune = village.parent
    event.add("location", f"{village.name}, {commune.name}" if commune else village.name)
    if time is not None:
        start = dt.datetime.combine(day, time, tzinfo=zone)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(hours=MEETING_HOURS))
    else:
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
    event.add("dtstamp", timezone.now())
    return event


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """GET /meetings/calendar/<token>.ics."""
    cadre = Cadre.objects.filter(calendar_token=token).select_related("person").first()
    if cadre is None:
        raise Http404(_("Không tìm thấy lịch này."))
    response = HttpResponse(feed(cadre, timezone.localdate()).to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-du-sinh-hoat.ics"'
    return response
