"""A cadre's phone pages: the write hook (a cadre files their own visits with a read-only grant),
the idempotent report endpoint, scope (another cadre's plan is 404), and the calendar feed."""

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.accounts.choices import Role
from danvan.core.models import ChangeRecord
from danvan.core.services import save_record
from danvan.meetings.choices import PlanState
from danvan.meetings.models import Plan, PlannedVisit, Visit
from danvan.testing import make_user

pytestmark = pytest.mark.django_db

SYNC = "/meetings/my/reports/"


def this_month_day() -> dt.date:
    """A day of this month that is not after today (reports of later days are refused)."""
    return timezone.localdate().replace(day=1)


@pytest.fixture
def world(cast: Any) -> dict[str, Any]:
    """A commune-A cadre with a read-only login, assigned to village A1, with a published plan's
    visit to branch A1 this month; a second cadre with their own login and plan."""
    user = make_user("canbo_a", Role.FIELD_CADRE, cast.commune_a)
    cadre = cast.make_cadre(account=user)
    assignment = cast.make_assignment(cadre=cadre, start=dt.date(2026, 1, 1))
    cast.make_schedule(day=1, time=dt.time(19, 30))
    day = this_month_day()
    plan = Plan.objects.create(unit=cast.commune_a, start=day.replace(day=1), end=day.replace(day=28),
                               state=PlanState.PUBLISHED)
    planned = PlannedVisit.objects.create(plan=plan, assignment=assignment, branch=cast.branch_a1, date=day)
    other_user = make_user("canbo_b", Role.FIELD_CADRE, cast.commune_a)
    other = cast.make_cadre("Lê Thị Hoa", account=other_user)
    other_assignment = cast.make_assignment(cadre=other)
    other_planned = PlannedVisit.objects.create(plan=plan, assignment=other_assignment, branch=cast.branch_a1,
                                                date=day)
    return {"user": user, "cadre": cadre, "assignment": assignment, "planned": planned, "other_user": other_user,
            "other": other, "other_planned": other_planned, "day": day}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report(item: PlannedVisit, key: str, **values: Any) -> dict[str, Any]:
    body = {"key": key, "planned": item.pk, "date": item.date.isoformat(), "attended": "yes",
            "attendance": 23, "content": "Sinh hoạt chuyên đề an toàn giao thông", "on_schedule": True,
            "well_prepared": False, "members_spoke": True, "minutes_kept": True,
            "opinions": "Đề nghị sửa đường liên thôn\nXin thêm lớp tập huấn"}
    return body | values


def post(client: Client, body: Any) -> Any:
    return client.post(SYNC, json.dumps(body), content_type="application/json")


# ---------------------------------------------------------------- the write hook


def test_a_cadre_writes_their_own_visit_with_a_read_only_grant(cast: Any, world: dict[str, Any]) -> None:
    visit = Visit(cadre=world["cadre"], assignment=world["assignment"], branch=cast.branch_a1, date=world["day"],
                  attendance=20)
    save_record(world["user"], visit)
    assert Visit.objects.get(pk=visit.pk).attendance == 20
    assert ChangeRecord.objects.filter(object_id=visit.pk, action="create").count() == 1


@pytest.mark.parametrize("who", ["other_user", "viewer_a"])
def test_another_cadre_or_a_reader_is_refused(cast: Any, world: dict[str, Any], who: str) -> None:
    user = world[who] if who in world else getattr(cast, who)
    visit = Visit(cadre=world["cadre"], assignment=world["assignment"], branch=cast.branch_a1, date=world["day"])
    with pytest.raises(PermissionDenied):
        save_record(user, visit)
    stored = cast.make_visit(world["assignment"])
    stored.attendance = 1
    with pytest.raises(PermissionDenied):
        save_record(user, stored)
    assert Visit.objects.get(pk=stored.pk).attendance == 25


def test_a_cadre_cannot_hand_their_visit_to_another_cadre(cast: Any, world: dict[str, Any]) -> None:
    stored = cast.make_visit(world["other"].assignments.get())
    stored.cadre = world["cadre"]  # as changed it would be theirs; as stored it is not
    stored.assignment = world["assignment"]
    with pytest.raises(PermissionDenied):
        save_record(world["user"], stored)


def test_a_cadre_cannot_file_a_visit_to_a_branch_outside_their_areas(cast: Any, world: dict[str, Any]) -> None:
    """Their own visit, but to commune B's branch (not in the areas they are assigned to): the role's
    scope decides, and a field cadre's grant is read-only."""
    visit = Visit(cadre=world["cadre"], assignment=world["assignment"], branch=cast.branch_b1, date=world["day"])
    with pytest.raises(PermissionDenied):
        save_record(world["user"], visit)
    stored = cast.make_visit(world["assignment"])
    stored.branch = cast.branch_b1  # moved out of the areas: refused although stored it was theirs
    with pytest.raises(PermissionDenied):
        save_record(world["user"], stored)
    assert Visit.objects.get(pk=stored.pk).branch_id == cast.branch_a1.pk


# ---------------------------------------------------------------- pages


def test_my_visits_lists_this_months_plan(world: dict[str, Any]) -> None:
    response = client_for(world["user"]).get(reverse("meetings:my_visits"))
    text = response.content.decode()
    assert response.status_code == 200
    assert f"?planned={world['planned'].pk}" in text
    assert f"?planned={world['other_planned'].pk}" not in text
    assert world["day"].strftime("%d/%m/%Y") in text and "19:30" in text
    assert world["planned"].branch.name in text
    assert f"/meetings/calendar/{world['cadre'].calendar_token}.ics" in text
    assert "manifest.webmanifest" in text


def _section(text: str, ident: str) -> str:
    """The ``<ul id=ident>`` list of the page, or '' without it."""
    start = text.find(f'id="{ident}"')
    return "" if start < 0 else text[start:text.index("</ul>", start)]


def test_unreported_past_visits_and_upcoming_ones(cast: Any, world: dict[str, Any]) -> None:
    """Last month's plan: a visit without a report is listed under "Chưa báo cáo", one reported is
    not; next month's plan's visit is under "Sắp tới" (the plan of the demo, for a past month, showed
    nothing before)."""
    today = timezone.localdate()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    next_month = today.replace(day=28) + dt.timedelta(days=7)
    past = Plan.objects.create(unit=cast.commune_a, start=last_month.replace(day=1), end=last_month,
                               state=PlanState.PUBLISHED)
    coming = Plan.objects.create(unit=cast.commune_a, start=next_month.replace(day=1), end=next_month,
                                 state=PlanState.PUBLISHED)
    draft = Plan.objects.create(unit=cast.commune_a, start=last_month.replace(day=1), end=last_month)
    make = PlannedVisit.objects.create
    missing = make(plan=past, assignment=world["assignment"], branch=cast.branch_a1, date=last_month)
    done = make(plan=past, assignment=world["assignment"], branch=cast.branch_a1, date=last_month.replace(day=2))
    cast.make_visit(world["assignment"], date=done.date, planned=done)
    upcoming = make(plan=coming, assignment=world["assignment"], branch=cast.branch_a1, date=next_month)
    unpublished = make(plan=draft, assignment=world["assignment"], branch=cast.branch_a1, date=last_month)
    text = client_for(world["user"]).get(reverse("meetings:my_visits")).content.decode()
    unreported, ahead = _section(text, "unreported"), _section(text, "upcoming")
    assert "Chưa báo cáo" in text and "Sắp tới" in text
    assert unreported.count("?planned=") == 2  # this month's (day 1, not reported) and last month's
    assert unreported.index(f"?planned={world['planned'].pk}\"") < unreported.index(f"?planned={missing.pk}\"")
    assert f"?planned={done.pk}\"" not in text and f"?planned={unpublished.pk}\"" not in text
    assert ahead.count("?planned=") == 1 and f"?planned={upcoming.pk}\"" in ahead
    assert next_month.strftime("%d/%m/%Y") in ahead
    # precached by phone.js: the page itself (brand link), three visits' forms, the other-visit form
    assert text.count("data-offline>") == 5


def test_the_home_page_shows_the_cadre_their_page(cast: Any, world: dict[str, Any]) -> None:
    url = reverse("meetings:my_visits")
    text = client_for(world["user"]).get("/").content.decode()
    assert f'href="{url}"' in text and "Lịch dự sinh hoạt của tôi" in text
    for user in (cast.viewer_a, cast.admin):
        other = client_for(user).get("/").content.decode()
        assert f'href="{url}"' not in other and "Lịch dự sinh hoạt của tôi" not in other


def test_a_user_without_cadre_gets_a_clear_page(cast: Any) -> None:
    for name in ("meetings:my_visits", "meetings:my_visit_report"):
        response = client_for(cast.editor_a).get(reverse(name))
        assert response.status_code == 200
        assert "chưa được gắn với cán bộ dự sinh hoạt nào" in response.content.decode()


def test_another_cadres_planned_visit_and_a_branch_outside_the_areas_are_404(cast: Any, world: dict[str, Any]) -> None:
    client = client_for(world["user"])
    url = reverse("meetings:my_visit_report")
    assert client.get(url, {"planned": world["planned"].pk}).status_code == 200
    assert client.get(url, {"planned": world["other_planned"].pk}).status_code == 404
    assert client.get(url, {"branch": cast.branch_b1.pk}).status_code == 404
    assert client.get(url, {"branch": cast.branch_a1.pk}).status_code == 200
    answer = post(client, report(world["other_planned"], str(uuid.uuid4())))
    assert answer.status_code == 404
    assert answer.json()["message"] == "Không tìm thấy lượt dự kiến này trong kế hoạch của bạn."
    answer = post(client, report(world["planned"], str(uuid.uuid4()), planned="", branch=cast.branch_b1.pk))
    assert answer.status_code == 404
    assert Visit.objects.count() == 0


def test_the_other_visit_form_offers_only_branches_of_the_areas(cast: Any, world: dict[str, Any]) -> None:
    text = client_for(world["user"]).get(reverse("meetings:my_visit_report")).content.decode()
    assert f'<option value="{cast.branch_a1.pk}">' in text
    assert f'<option value="{cast.branch_b1.pk}">' not in text


def test_a_branch_id_above_999_is_sent_without_a_thousands_separator(cast: Any, world: dict[str, Any]) -> None:
    """Vietnamese number formatting writes 4321 as "4.321": an id in a form must not be localized
    (the demo has 10,405 branches; PostgreSQL's ids grow past 999 across a test run)."""
    from danvan.people.models import Branch

    big = Branch.objects.create(pk=4321, code="CH-LON", name="Chi hội số lớn", kind=cast.branch_a1.kind,
                                organization=cast.branch_a1.organization, unit=cast.village_a1)
    text = client_for(world["user"]).get(reverse("meetings:my_visit_report")).content.decode()
    assert f'<option value="{big.pk}">' in text and "4.321" not in text


# ---------------------------------------------------------------- the report endpoint


def test_the_same_report_sent_twice_lands_once(world: dict[str, Any]) -> None:
    client = client_for(world["user"])
    key = str(uuid.uuid4())
    first = post(client, report(world["planned"], key))
    second = post(client, report(world["planned"], key))
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    visit = Visit.objects.get()
    assert (visit.idempotency_key, visit.cadre, visit.planned, visit.assignment) == (
        key, world["cadre"], world["planned"], world["assignment"])
    assert (visit.attended, visit.attendance, visit.well_prepared, visit.on_schedule) == (True, 23, False, True)
    assert visit.opinion_lines() == ["Đề nghị sửa đường liên thôn", "Xin thêm lớp tập huấn"]
    assert ChangeRecord.objects.filter(object_id=visit.pk, action="create").count() == 1


def test_a_key_of_another_cadre_is_not_theirs(world: dict[str, Any]) -> None:
    key = str(uuid.uuid4())
    assert post(client_for(world["user"]), report(world["planned"], key)).status_code == 201
    answer = post(client_for(world["other_user"]), report(world["other_planned"], key))
    assert answer.status_code == 404
    assert Visit.objects.count() == 1


def test_a_report_sent_twice_at_once_lands_once(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The race: the second send finds no visit yet, then the unique key refuses its insert."""
    from danvan.meetings import phone_views

    client = client_for(world["user"])
    key = str(uuid.uuid4())
    first = post(client, report(world["planned"], key))
    real = phone_views._existing
    calls = {"n": 0}

    def late(cadre: Any, key: str) -> Any:
        calls["n"] += 1
        return None if calls["n"] == 1 else real(cadre, key)

    monkeypatch.setattr(phone_views, "_existing", late)
    second = post(client, report(world["planned"], key))
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    assert Visit.objects.count() == 1


def test_errors_answer_json_in_vietnamese(cast: Any, world: dict[str, Any]) -> None:
    client = client_for(world["user"])
    answer = post(client, report(world["planned"], str(uuid.uuid4()), attended="no", absence_reason=""))
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"absence_reason": ["Không dự thì cần ghi lý do."]}
    assert "Không dự thì cần ghi lý do." in answer.json()["message"]
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    answer = post(client, report(world["planned"], str(uuid.uuid4()), date=future))
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"date": ["Ngày dự không được sau hôm nay: chỉ báo cáo buổi đã diễn ra."]}
    answer = post(client, report(world["planned"], "x"))
    assert answer.status_code == 400
    assert answer.json()["message"] == "Thiếu mã báo cáo (key) hoặc mã không hợp lệ; hãy mở lại biểu mẫu."
    answer = client.post(SYNC, "không phải json", content_type="application/json")
    assert (answer.status_code, answer.json()["message"]) == (400, "Dữ liệu gửi lên không phải JSON hợp lệ.")
    answer = post(client_for(cast.editor_a), report(world["planned"], str(uuid.uuid4())))
    assert answer.status_code == 404
    assert answer.json()["message"] == "Tài khoản này chưa được gắn với cán bộ dự sinh hoạt nào."
    answer = post(Client(), report(world["planned"], str(uuid.uuid4())))
    assert answer.status_code == 401
    assert Visit.objects.count() == 0


def test_the_endpoint_needs_the_csrf_token(world: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["user"])
    assert post(client, report(world["planned"], str(uuid.uuid4()))).status_code == 403
    assert Visit.objects.count() == 0


def test_the_form_posts_without_javascript_too(world: dict[str, Any]) -> None:
    body = report(world["planned"], str(uuid.uuid4()), on_schedule="on", well_prepared="", members_spoke="on",
                  minutes_kept="on")
    body = {k: v for k, v in body.items() if v != ""}
    response = client_for(world["user"]).post(f"{reverse('meetings:my_visit_report')}?planned={world['planned'].pk}",
                                             body)
    assert response.status_code == 302
    assert Visit.objects.get().well_prepared is False


def test_the_service_worker_covers_the_phone_pages(client: Client) -> None:
    response = client.get(reverse("meetings:my_service_worker"))
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/meetings/my/"
    assert response["Content-Type"].startswith("application/javascript")
    assert b'const CACHE = "danvan-meetings-v1"' in response.content


# ---------------------------------------------------------------- the calendar feed


def test_the_calendar_feed_has_the_planned_visit(cast: Any, world: dict[str, Any]) -> None:
    from icalendar import Calendar

    response = Client().get(reverse("meetings:calendar", args=[world["cadre"].calendar_token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = {str(event["uid"]): event for event in Calendar.from_ical(response.content).walk("VEVENT")}
    event = events[f"meetings-planned-{world['planned'].pk}@danvan"]
    assert str(event["summary"]) == f"Dự sinh hoạt: {cast.branch_a1.name}"
    start = event.decoded("dtstart")
    assert (start.date(), start.hour, start.minute) == (world["day"], 19, 30)
    assert str(event["location"]).startswith(cast.village_a1.name)
    assert f"meetings-branch-{cast.branch_a1.pk}-{world['day']:%Y%m%d}@danvan" not in events  # the visit stands for it


def test_the_feed_adds_the_assigned_branches_other_meetings(cast: Any) -> None:
    from danvan.meetings.calendar import feed

    cadre = cast.make_cadre()
    assignment = cast.make_assignment(cadre=cadre)
    cast.make_schedule()  # branch A1 meets on the 10th, no time: all-day events
    plan = Plan.objects.create(unit=cast.commune_a, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31),
                               state=PlanState.PUBLISHED)
    planned = PlannedVisit.objects.create(plan=plan, assignment=assignment, branch=cast.branch_a1,
                                          date=dt.date(2026, 3, 10))
    draft = Plan.objects.create(unit=cast.commune_a, start=dt.date(2026, 4, 1), end=dt.date(2026, 4, 30))
    PlannedVisit.objects.create(plan=draft, assignment=assignment, branch=cast.branch_a1, date=dt.date(2026, 4, 10))
    events = [(str(e["uid"]), str(e["summary"]), e.decoded("dtstart")) for e in feed(cadre, dt.date(2026, 3, 5)).walk("VEVENT")]
    assert events == [
        (f"meetings-planned-{planned.pk}@danvan", f"Dự sinh hoạt: {cast.branch_a1.name}", dt.date(2026, 3, 10)),
        (f"meetings-branch-{cast.branch_a1.pk}-20260410@danvan", f"Chi hội sinh hoạt: {cast.branch_a1.name}",
         dt.date(2026, 4, 10)),
    ]


def test_an_unknown_calendar_token_is_404(world: dict[str, Any]) -> None:
    assert Client().get(reverse("meetings:calendar", args=["khong-co-token-nay"])).status_code == 404
