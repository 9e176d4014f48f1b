"""What the meetings pages show beyond the declared fields (each a declaration's ``detail_context``):
a schedule's next meeting days, a cadre's assignments and last visits, an assignment's areas and
visits, and the members' opinions of a meeting or a visit as a list."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from .models import Assignment, Cadre, Meeting, Schedule, Visit
from .schedule import meeting_days

NEXT_DAYS = 6
LIMIT = 50


def lines(text: str) -> list[str]:
    """The non-empty lines of a text (one opinion a line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def next_meeting_days(schedule: Schedule, today: dt.date | None = None, count: int = NEXT_DAYS) -> list[dt.date]:
    """The schedule's next ``count`` meeting days from ``today``, exceptions applied."""
    start = today or timezone.localdate()
    end = start + dt.timedelta(days=31 * (count + 1))
    return meeting_days([schedule], start, end).get(schedule.branch_id, [])[:count]


def schedule_context(request: HttpRequest, obj: Schedule) -> dict[str, Any]:
    exceptions = obj.exceptions.visible_to(request.user).order_by("-date")[:LIMIT]
    return {"next_days": next_meeting_days(obj), "exceptions": exceptions}


def cadre_context(request: HttpRequest, obj: Cadre) -> dict[str, Any]:
    assignments = (Assignment.objects.visible_to(request.user).filter(cadre=obj).prefetch_related("areas")
                   .order_by("-start", "id"))
    visits = (Visit.objects.visible_to(request.user).filter(cadre=obj).select_related("branch")
              .order_by("-date", "id")[:LIMIT])
    return {"assignments": assignments, "visits": visits}


def assignment_context(request: HttpRequest, obj: Assignment) -> dict[str, Any]:
    visits = (Visit.objects.visible_to(request.user).filter(assignment=obj).select_related("branch")
              .order_by("-date", "id")[:LIMIT])
    return {"areas": obj.areas.order_by("path"), "visits": visits}


def save_areas(request: HttpRequest, obj: Assignment, form: Any) -> None:
    """An assignment's areas are saved after the assignment (the declaration's ``after_save``)."""
    obj.areas.set(form.cleaned_data["areas"])


def meeting_context(request: HttpRequest, obj: Meeting) -> dict[str, Any]:
    return {"opinions": lines(obj.opinions)}


def visit_context(request: HttpRequest, obj: Visit) -> dict[str, Any]:
    return {"opinions": obj.opinion_lines()}
