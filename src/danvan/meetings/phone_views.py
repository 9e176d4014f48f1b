"""A cadre's phone pages: the planned visits to report on and those to come, the report form, and the endpoint the
offline queue sends reports to (``static/meetings/phone.js``, ``sw.js``).

A cadre is the ``Cadre`` whose ``account`` is the logged-in user; they see only their own plan and
the branches of their assignments' areas (anything else is 404). Reports are written through
``core.services.save_record``; ``Visit.written_by`` lets the cadre write their own without a write
role. The idempotency key the phone makes when the form opens lands a report sent twice once.
"""

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core.services import save_record
from danvan.people.models import Branch

from .choices import PlanState
from .models import Assignment, Cadre, PlannedVisit, Schedule, Visit
from .phone_forms import VisitReportForm

KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def cadre_of(user: Any) -> Cadre | None:
    """The cadre the logged-in user files visits as, or None."""
    if not user.is_authenticated:
        return None
    return Cadre.objects.filter(account=user).select_related("person").first()


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def assignments_on(cadre: Cadre, day: dt.date) -> list[Assignment]:
    """The cadre's assignments valid in the month of ``day``."""
    start, end = month_of(day)
    return list(cadre.assignments.filter(Q(end__isnull=True) | Q(end__gte=start), start__lte=end)
                .prefetch_related("areas").order_by("start", "id"))


def branches_of(assignments: list[Assignment]) -> dict[int, Assignment]:
    """Branch id → the (first) assignment whose areas hold it."""
    out: dict[int, Assignment] = {}
    for assignment in assignments:
        paths = [area.path for area in assignment.areas.all()]
        if not paths:
            continue
        where = Q()
        for path in paths:
            where |= Q(unit_path__under=path)
        for branch_id in Branch.objects.filter(where, dissolved__isnull=True).values_list("pk", flat=True):
            out.setdefault(branch_id, assignment)
    return out


def _published(cadre: Cadre) -> Any:
    return PlannedVisit.objects.filter(assignment__cadre=cadre, excluded=False, plan__state=PlanState.PUBLISHED
                                       ).select_related("branch", "branch__unit", "branch__unit__parent")


def planned_of(cadre: Cadre, start: dt.date, end: dt.date) -> list[PlannedVisit]:
    """The cadre's visits in published plans between ``start`` and ``end``."""
    return list(_published(cadre).filter(date__range=(start, end)).order_by("date", "id"))


LIST_LIMIT = 20


def unreported_of(cadre: Cadre, today: dt.date) -> list[PlannedVisit]:
    """The cadre's planned visits (published plans) on or before ``today`` without a report, the
    most recent first (at most ``LIST_LIMIT``)."""
    return list(_published(cadre).filter(date__lte=today, reports__isnull=True)
                .order_by("-date", "-id")[:LIST_LIMIT])


def upcoming_of(cadre: Cadre, today: dt.date) -> list[PlannedVisit]:
    """The cadre's planned visits after ``today`` (this month's plan and the next ones), soonest first."""
    return list(_published(cadre).filter(date__gt=today).order_by("date", "id")[:LIST_LIMIT])


def times_of(branch_ids: list[int]) -> dict[int, dt.time | None]:
    return dict(Schedule.objects.filter(branch_id__in=branch_ids).values_list("branch_id", "time"))


def _phone(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, f"meetings/{template}", context, status=status)


@login_required
def my_visits(request: HttpRequest) -> HttpResponse:
    """"My visits": the planned visits up to today not yet reported, the upcoming ones, the other
    branches to report on, the calendar link."""
    cadre = cadre_of(request.user)
    if cadre is None:
        return _phone(request, "phone_no_cadre.html", {})
    today = timezone.localdate()
    unreported, upcoming = unreported_of(cadre, today), upcoming_of(cadre, today)
    times = times_of([item.branch_id for item in unreported + upcoming])
    feed = request.build_absolute_uri(reverse("meetings:calendar", args=[cadre.calendar_token]))
    return _phone(request, "phone_visits.html", {
        "cadre": cadre, "calendar_url": feed,
        "unreported": [{"visit": item, "time": times.get(item.branch_id)} for item in unreported],
        "upcoming": [{"visit": item, "time": times.get(item.branch_id)} for item in upcoming],
        "webcal_url": re.sub(r"^https?://", "webcal://", feed),
        "has_branches": bool(branches_of(assignments_on(cadre, today)))})


@dataclass
class Target:
    """What a report is about: a branch (and the assignment covering it), maybe a planned visit."""

    branch: Branch
    assignment: Assignment
    planned: PlannedVisit | None = None


def _target(cadre: Cadre, planned: Any = None, branch: Any = None, day: dt.date | None = None) -> Target | None:
    """The planned visit (of this cadre) or branch (in this cadre's areas) a report is about;
    None when nothing is named; Http404 when it is not the cadre's."""
    if planned not in (None, ""):
        item = PlannedVisit.objects.filter(pk=_int(planned), assignment__cadre=cadre).select_related(
            "branch", "assignment").first()
        if item is None:
            raise Http404(_("Không tìm thấy lượt dự kiến này trong kế hoạch của bạn."))
        return Target(item.branch, item.assignment, item)
    if branch not in (None, ""):
        covering = branches_of(assignments_on(cadre, day or timezone.localdate()))
        branch_id = _int(branch)
        if branch_id not in covering:
            raise Http404(_("Chi hội này không thuộc địa bàn được phân công cho bạn."))
        return Target(Branch.objects.get(pk=branch_id), covering[branch_id])
    return None


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(_("Mã không hợp lệ.")) from None


@login_required
def my_visit_report(request: HttpRequest) -> HttpResponse:
    """The report form of a planned visit (``?planned=``) or another visit (``?branch=`` or a
    branch chosen on the form). The page sends it through ``phone.js``; without JavaScript the form
    posts here."""
    cadre = cadre_of(request.user)
    if cadre is None:
        return _phone(request, "phone_no_cadre.html", {})
    target = _target(cadre, request.GET.get("planned"), request.GET.get("branch"))
    initial = {"date": target.planned.date if target and target.planned else timezone.localdate()}
    form = VisitReportForm(initial=initial)
    errors: list[str] = []
    if request.method == "POST":
        status, payload = file_report(request.user, cadre, request.POST)
        if status in (200, 201):
            return redirect(f"{reverse('meetings:my_visits')}?sent=1")
        form = VisitReportForm(request.POST)
        form.is_valid()
        errors = [payload.get("message", "")]
    choices = [] if target else _branch_choices(cadre)
    return _phone(request, "phone_report.html", {
        "cadre": cadre, "target": target, "form": form, "branches": choices, "errors": errors,
        "time": times_of([target.branch.pk]).get(target.branch.pk) if target else None})


def _branch_choices(cadre: Cadre) -> list[Branch]:
    covering = branches_of(assignments_on(cadre, timezone.localdate()))
    return list(Branch.objects.filter(pk__in=covering).select_related("unit").order_by("unit__name", "name"))


def file_report(user: Any, cadre: Cadre, data: Any) -> tuple[int, dict[str, Any]]:
    """Create the visit a report describes; (HTTP status, JSON answer). The same idempotency key
    sent again answers the first visit (200) without a second one."""
    key = str(data.get("key") or "")
    if not KEY.match(key):
        return 400, {"message": _("Thiếu mã báo cáo (key) hoặc mã không hợp lệ; hãy mở lại biểu mẫu.")}
    existing = _existing(cadre, key)
    if existing is not None:
        return existing
    form = VisitReportForm(data)
    if not form.is_valid():
        return 400, _form_errors(form)
    try:
        target = _target(cadre, data.get("planned"), data.get("branch"), form.cleaned_data.get("date"))
    except Http404 as error:
        return 404, {"message": str(error)}
    if target is None:
        return 400, {"message": _("Cần chọn chi hội đã dự."), "errors": {"branch": [_("Cần chọn chi hội đã dự.")]}}
    visit = form.save(commit=False)
    visit.cadre, visit.branch, visit.assignment, visit.planned = cadre, target.branch, target.assignment, target.planned
    visit.idempotency_key = key
    try:
        with transaction.atomic():
            save_record(user, visit)
    except (IntegrityError, ValidationError) as error:
        again = _existing(cadre, key)  # the same report sent twice at once: the first one won
        if again is not None:
            return again
        if isinstance(error, ValidationError):
            return 400, {"message": " ".join(error.messages)}
        raise
    except PermissionDenied as error:
        return 403, {"message": str(error)}
    return 201, {"id": visit.pk, "key": key, "message": _("Đã gửi báo cáo.")}


def _existing(cadre: Cadre, key: str) -> tuple[int, dict[str, Any]] | None:
    visit = Visit.objects.filter(idempotency_key=key).first()
    if visit is None:
        return None
    if visit.cadre_id != cadre.pk:
        return 404, {"message": _("Mã báo cáo này không thuộc về bạn.")}
    return 200, {"id": visit.pk, "key": key, "message": _("Báo cáo này đã được nhận trước đó.")}


def _form_errors(form: VisitReportForm) -> dict[str, Any]:
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    labels = [f"{form.fields[name].label}: {' '.join(messages)}" if name in form.fields else " ".join(messages)
              for name, messages in errors.items()]
    return {"message": _("Báo cáo chưa hợp lệ — %(errors)s") % {"errors": "; ".join(labels)}, "errors": errors}


@require_POST
def my_visit_sync(request: HttpRequest) -> JsonResponse:
    """POST JSON: one report from the phone's queue (CSRF-protected, the session's user)."""
    if not request.user.is_authenticated:
        return JsonResponse({"message": _("Phiên đăng nhập đã hết; hãy đăng nhập lại rồi gửi.")}, status=401)
    cadre = cadre_of(request.user)
    if cadre is None:
        return JsonResponse({"message": _("Tài khoản này chưa được gắn với cán bộ dự sinh hoạt nào.")}, status=404)
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if not isinstance(data, dict):
        return JsonResponse({"message": _("Dữ liệu gửi lên không phải JSON hợp lệ.")}, status=400)
    status, payload = file_report(request.user, cadre, data)
    return JsonResponse(payload, status=status)


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under /meetings/my/ so that its scope covers the phone pages."""
    path = finders.find("meetings/sw.js")
    if not path:
        raise Http404
    with open(path, encoding="utf-8") as source:
        response = HttpResponse(source.read(), content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("meetings:my_visits")
    response["Cache-Control"] = "no-cache"
    return response
