"""A cadre's plan as an iCalendar feed a phone calendar subscribes to: no login, the address
carries the cadre's secret ``calendar_token``; an unknown token is 404."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Cadre
from .phone_views import planned_of, times_of

PAST_DAYS = 62  # the feed keeps the last two months' visits and every one ahead
MEETING_HOURS = 2


def feed(cadre: Cadre, today: dt.date) -> Calendar:
    """The cadre's planned visits of published plans as VEVENTs."""
    zone = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//danvan//meetings//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Lịch dự sinh hoạt — %(name)s") % {"name": cadre.person.full_name})
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    planned = planned_of(cadre, today - dt.timedelta(days=PAST_DAYS), dt.date.max)
    times = times_of([item.branch_id for item in planned])
    for item in planned:
        event = Event()
        event.add("uid", f"meetings-planned-{item.pk}@danvan")
        event.add("summary", _("Dự sinh hoạt: %(branch)s") % {"branch": item.branch.name})
        village = item.branch.unit
        commune = village.parent
        event.add("location", f"{village.name}, {commune.name}" if commune else village.name)
        time = times.get(item.branch_id)
        if time is not None:
            start = dt.datetime.combine(item.date, time, tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(hours=MEETING_HOURS))
        else:
            event.add("dtstart", item.date)
            event.add("dtend", item.date + dt.timedelta(days=1))
        event.add("dtstamp", timezone.now())
        cal.add_component(event)
    return cal


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """GET /meetings/calendar/<token>.ics."""
    cadre = Cadre.objects.filter(calendar_token=token).select_related("person").first()
    if cadre is None:
        raise Http404(_("Không tìm thấy lịch này."))
    response = HttpResponse(feed(cadre, timezone.localdate()).to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-du-sinh-hoat.ics"'
    return response
