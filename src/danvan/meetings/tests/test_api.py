"""The meetings records in the HTTP API: create, read, update and filter with exact values; a bad
or out-of-scope reference is a 422 naming the field; another commune's record is a 404; a visit
sent twice with the same idempotency key is stored once (the second answer names the key)."""

import json
from typing import Any

import pytest
from django.test import Client

from danvan.accounts.models import ApiToken
from danvan.people.models import Person

from ..models import Assignment, Cadre, Meeting, Schedule, ScheduleException, Visit, VisitRule

pytestmark = pytest.mark.django_db

API = "/api/v1"


def send(user: Any, method: str, path: str, body: Any = None) -> Any:
    token = ApiToken.issue(user, name="test")[1]
    return Client().generic(method, API + path, "" if body is None else json.dumps(body),
                            content_type="application/json", headers={"Authorization": f"Bearer {token}"})


def errors_of(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    return response.json()["errors"]


def test_visit_rule_create_read_update(cast):
    created = send(cast.editor_a, "POST", "/visit-rules", {"unit": "31135", "level": "commune", "visits": 6,
                                                           "period": "year", "valid_from": "2026-01-01",
                                                           "source": "776-QĐ/TU"})
    assert created.status_code == 201, created.content
    rule = VisitRule.objects.get()
    body = send(cast.editor_a, "GET", f"/visit-rules/{rule.pk}").json()
    assert {k: body[k] for k in ("unit", "level", "visits", "period", "rotate", "valid_to", "source")} == {
        "unit": "31135", "level": "commune", "visits": 6, "period": "year", "rotate": True, "valid_to": None,
        "source": "776-QĐ/TU"}
    assert send(cast.editor_a, "PATCH", f"/visit-rules/{rule.pk}", {"visits": 2}).status_code == 200
    assert VisitRule.objects.get().visits == 2
    assert errors_of(send(cast.editor_a, "PATCH", f"/visit-rules/{rule.pk}", {"valid_to": "2025-01-01"}))[
        "valid_to"] == ["Ngày hết hiệu lực không được trước ngày áp dụng."]


def test_cadre_create_read_update(cast):
    Person.objects.create(code="CB-API-1", full_name="Trương Thị Lan", sex="female", unit=cast.commune_a)
    created = send(cast.specialist, "POST", "/cadres", {"person": "CB-API-1", "unit": "31135", "level": "commune",
                                                      "organization": "HPN-31135", "position": "Chủ tịch Hội",
                                                      "account": cast.viewer_a.username})
    assert created.status_code == 201, created.content
    body = created.json()
    assert {k: body[k] for k in ("person", "person_name", "unit", "level", "organization", "account")} == {
        "person": "CB-API-1", "person_name": "Trương Thị Lan", "unit": "31135", "level": "commune",
        "organization": "HPN-31135", "account": cast.viewer_a.username}
    cadre = Cadre.objects.get()
    seen = send(cast.editor_a, "GET", f"/cadres/{cadre.pk}").json()
    # A commune editor sends the login back unchanged, but may not change it.
    assert send(cast.editor_a, "PUT", f"/cadres/{cadre.pk}", seen | {"position": "Phó Chủ tịch"}).status_code == 200
    seen = send(cast.editor_a, "GET", f"/cadres/{cadre.pk}").json()  # its new version (optimistic locking)
    assert errors_of(send(cast.editor_a, "PATCH", f"/cadres/{cadre.pk}", {"account": None})) == {
        "account": ["Chỉ quản trị hệ thống hoặc chuyên viên cấp tỉnh gắn tài khoản."]}
    assert send(cast.specialist, "PUT", f"/cadres/{cadre.pk}", seen | {"account": None}).status_code == 200
    assert Cadre.objects.get().account_id is None
    listed = send(cast.editor_a, "GET", "/cadres?level=commune&has_account=false").json()
    assert [item["person"] for item in listed["items"]] == ["CB-API-1"]


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"account": "khong-co-ai"}, "account", "Không có tài khoản đăng nhập 'khong-co-ai'."),
    ({"unit": "31150.01"}, "unit", None),
    ({"organization": "HPN-31150"}, "organization", None),
    ({"level": "village"}, "level", None),
])
def test_a_bad_cadre_is_a_422_naming_the_field(cast, change, field, message):
    Person.objects.create(code="CB-API-2", full_name="Trương Văn Nam", sex="male", unit=cast.commune_a)
    body = {"person": "CB-API-2", "unit": "31135", "level": "commune"} | change
    errors = errors_of(send(cast.specialist if field == "account" else cast.editor_a, "POST", "/cadres", body))
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    assert not Cadre.objects.exists()


def test_assignment_create_read_update(cast):
    cadre = cast.make_cadre("Đinh Văn Tâm")
    created = send(cast.editor_a, "POST", "/assignments", {
        "cadre": cadre.pk, "unit": "31135", "committee": "Ban Thường vụ Đảng ủy phường", "start": "2026-01-01",
        "areas": ["31135.02", "31135.01"]})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (sorted(body["areas"]), body["cadre_name"], body["end"], body["rule"]) == (
        ["31135.01", "31135.02"], "Đinh Văn Tâm", None, None)
    assignment = Assignment.objects.get()
    patched = send(cast.editor_a, "PATCH", f"/assignments/{assignment.pk}", {"areas": ["31135.01"],
                                                                             "end": "2026-12-31"})
    assert patched.status_code == 200, patched.content
    assert [a.key for a in assignment.areas.all()] == ["31135.01"]
    listed = send(cast.editor_a, "GET", "/assignments?active_on=2027-01-05").json()
    assert listed["count"] == 0
    assert send(cast.editor_a, "GET", "/assignments?active_on=2026-06-01&level=commune").json()["count"] == 1


@pytest.mark.parametrize(("areas", "message"), [
    (["31150.01"], None),  # another commune's village: out of scope
    (["31135"], None),  # the commune itself is an area (a commune) — allowed, see below
    (["92"], "'Thành phố Cần Thơ' không phải xã, phường hay thôn, ấp."),
])
def test_assignment_areas_are_checked(cast, areas, message):
    cadre = cast.make_cadre()
    response = send(cast.admin if areas == ["92"] else cast.editor_a, "POST", "/assignments", {
        "cadre": cadre.pk, "unit": "31135", "committee": "Đảng ủy", "start": "2026-01-01", "areas": areas})
    if areas == ["31135"]:
        assert response.status_code == 201, response.content
        return
    errors = errors_of(response)
    assert list(errors) == ["areas"]
    if message:
        assert errors["areas"] == [message]


def test_assignment_areas_must_lie_in_the_assigning_unit(cast):
    cadre = cast.make_cadre(unit=cast.province, level="province")
    errors = errors_of(send(cast.admin, "POST", "/assignments", {
        "cadre": cadre.pk, "unit": "31135", "committee": "Đảng ủy", "start": "2026-01-01",
        "areas": ["31135.01", "31150.01"]}))
    assert errors == {"areas": [f"Địa bàn {cast.village_b1.name} không thuộc {cast.commune_a.name}."]}


def test_schedule_exception_and_meeting(cast):
    created = send(cast.editor_a, "POST", "/schedules", {"branch": "CH-31135.01-PN", "kind": "nth_weekday",
                                                         "week": -1, "weekday": 6, "time": "19:30"})
    assert created.status_code == 201, created.content
    assert {k: created.json()[k] for k in ("unit", "org_kind", "week", "weekday", "time", "day")} == {
        "unit": "31135.01", "org_kind": "women", "week": -1, "weekday": 6, "time": "19:30", "day": None}
    assert errors_of(send(cast.editor_a, "POST", "/schedules", {"branch": "CH-31135.01-PN", "day": 10})) == {
        "branch": ["Chi hội này đã có lịch sinh hoạt."]}
    schedule = Schedule.objects.get()
    assert errors_of(send(cast.editor_a, "PATCH", f"/schedules/{schedule.pk}", {"kind": "day_of_month"})) == {
        "day": ["Cần chọn ngày họp trong tháng."]}
    moved = send(cast.editor_a, "POST", "/schedule-exceptions", {"branch": "CH-31135.01-PN", "date": "2026-03-29",
                                                                 "moved_to": "2026-03-28", "reason": "Trùng lễ"})
    assert moved.status_code == 201, moved.content
    assert ScheduleException.objects.get().moved_to.isoformat() == "2026-03-28"
    assert list(errors_of(send(cast.editor_a, "POST", "/schedule-exceptions",
                               {"branch": "CH-31150.01-PN", "date": "2026-03-29"}))) == ["branch"]
    meeting = send(cast.editor_a, "POST", "/meetings", {"branch": "CH-31135.01-PN", "date": "2026-03-28",
                                                        "attendance": 28, "members": 40,
                                                        "opinions": "Đề nghị sửa đèn đường"})
    assert meeting.status_code == 201, meeting.content
    assert (meeting.json()["org_kind"], Meeting.objects.get().attendance) == ("women", 28)
    assert send(cast.editor_a, "GET", "/meetings?month=2026-03").json()["count"] == 1
    assert send(cast.editor_a, "GET", "/meetings?month=2026-04").json()["count"] == 0
    assert errors_of(send(cast.editor_a, "POST", "/meetings", {"branch": "CH-31135.01-PN", "date": "2026-04-01",
                                                               "attendance": 50, "members": 40})) == {
        "attendance": ["Số hội viên dự họp không được lớn hơn tổng số hội viên."]}


def _visit(cast, assignment, **values) -> dict[str, Any]:
    return {"cadre": assignment.cadre_id, "assignment": assignment.pk, "branch": "CH-31135.01-PN",
            "date": "2026-03-10", "attendance": 25, "content": "Sinh hoạt chuyên đề"} | values


def test_visit_create_read_update(cast):
    assignment = cast.make_assignment()
    created = send(cast.editor_a, "POST", "/visits", _visit(cast, assignment, opinions="Kiến nghị làm cầu"))
    assert created.status_code == 201, created.content
    body = created.json()
    assert {k: body[k] for k in ("cadre_level", "unit", "org_kind", "attended", "attendance", "opinions",
                                 "idempotency_key")} == {
        "cadre_level": "commune", "unit": "31135.01", "org_kind": "women", "attended": True, "attendance": 25,
        "opinions": "Kiến nghị làm cầu", "idempotency_key": None}
    visit = Visit.objects.get()
    assert send(cast.editor_a, "PATCH", f"/visits/{visit.pk}", {"attendance": 30}).status_code == 200
    assert Visit.objects.get().attendance == 30
    seen = send(cast.editor_a, "GET", f"/visits/{visit.pk}").json()
    assert send(cast.editor_a, "PUT", f"/visits/{visit.pk}", seen | {"content": "Đổi"}).status_code == 200
    assert Visit.objects.get().content == "Đổi"
    assert [i["id"] for i in send(cast.editor_a, "GET", "/visits?level=commune&month=2026-03").json()["items"]] == [
        visit.pk]
    assert send(cast.editor_a, "GET", "/visits?attended=false").json()["count"] == 0


def test_a_visit_without_a_reason_or_with_anothers_assignment_is_a_422(cast):
    assignment = cast.make_assignment()
    assert errors_of(send(cast.editor_a, "POST", "/visits", _visit(cast, assignment, attended=False))) == {
        "absence_reason": ["Không dự thì cần ghi lý do."]}
    other = cast.make_assignment(cast.make_cadre("Người khác"))
    assert errors_of(send(cast.editor_a, "POST", "/visits", _visit(cast, assignment) | {"assignment": other.pk})) == {
        "assignment": ["Phân công không phải của cán bộ này."]}
    assert list(errors_of(send(cast.editor_a, "POST", "/visits",
                               _visit(cast, assignment, branch="CH-31150.01-PN")))) == ["branch"]
    assert not Visit.objects.exists()


def test_a_visit_sent_twice_with_its_key_is_stored_once(cast):
    assignment = cast.make_assignment()
    body = _visit(cast, assignment, idempotency_key="phone-0001-abcdef")
    first = send(cast.editor_a, "POST", "/visits", body)
    assert first.status_code == 201, first.content
    # The generic API answers 201 for a creation only: a key already stored is refused, naming it
    # (the phone pages answer the stored report instead, see phone_views).
    assert errors_of(send(cast.editor_a, "POST", "/visits", body)) == {
        "idempotency_key": ["Báo cáo với khóa này đã được nhận trước đó."]}
    assert Visit.objects.filter(idempotency_key="phone-0001-abcdef").count() == 1


def test_another_communes_visit_is_a_404(cast):
    cadre = cast.make_cadre(unit=cast.commune_b, organization=cast.org_women_b)
    visit = cast.make_visit(cast.make_assignment(cadre, areas=(cast.village_b1,), unit=cast.commune_b),
                            branch=cast.branch_b1)
    assert send(cast.editor_a, "GET", f"/visits/{visit.pk}").status_code == 404
    assert send(cast.editor_a, "PATCH", f"/visits/{visit.pk}", {"attendance": 1}).status_code == 404
    assert send(cast.editor_b, "GET", f"/visits/{visit.pk}").status_code == 200


def test_wrongly_typed_dates_and_weekdays_are_refused(cast):
    """A date parameter is written YYYY-MM-DD (``0`` is not 1 January 1970); a weekday is a number, not
    ``false`` (schemathesis found both accepted)."""
    assert send(cast.editor_a, "GET", "/assignments?active_on=0").status_code == 422
    assert send(cast.editor_a, "GET", "/assignments?active_on=2026-03-01").status_code == 200
    assert set(errors_of(send(cast.editor_a, "POST", "/schedules", {
        "branch": "CH-31135.01-PN", "kind": "nth_weekday", "week": 2, "weekday": False}))) == {"weekday"}
