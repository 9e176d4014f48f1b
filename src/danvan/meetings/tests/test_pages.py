"""The meetings pages: lists, details, forms (with their Vietnamese refusals), scope (anonymous →
login, no grant → nothing, another commune → 404, viewer → 403), the list filters the report links
use, a schedule's next meeting days and the opinions shown as a list."""

import datetime as dt
import re

import pytest

from danvan.people.models import Person
from danvan.web.derive import menu

from ..models import Assignment, Cadre, Meeting, Schedule, ScheduleException, Visit, VisitRule

pytestmark = pytest.mark.django_db

M = "/meetings"
SLUGS = ("visit-rules", "cadres", "assignments", "schedules", "schedule-exceptions", "meetings", "visits")


def _text(response) -> str:
    return response.content.decode()


def listed(client, url: str, attr) -> set:
    return {attr(obj) for obj in client.get(url).context["page"].object_list}


def _person(cast, code="CB-NK-1", name="Lê Thị Hồng", unit=None) -> Person:
    return Person.objects.create(code=code, full_name=name, sex="female", unit=unit or cast.commune_a, is_cadre=True)


# ---------------------------------------------------------------- scope of the pages


def test_anonymous_is_sent_to_login(cast, client):
    visit = cast.make_visit(cast.make_assignment())
    for url in (f"{M}/visits/", f"{M}/visits/{visit.pk}/", f"{M}/cadres/add/", f"{M}/schedules/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_a_user_without_grants_sees_no_record(cast, client):
    assignment = cast.make_assignment(cast.make_cadre("Phạm Văn Khang"))
    visit = cast.make_visit(assignment)
    client.force_login(cast.nobody)
    assert "Phạm Văn Khang" not in _text(client.get(f"{M}/cadres/"))
    assert list(client.get(f"{M}/visits/").context["page"].object_list) == []
    assert client.get(f"{M}/visits/{visit.pk}/").status_code == 404
    assert client.get(f"{M}/assignments/{assignment.pk}/").status_code == 404


def test_another_communes_records_answer_404(cast, client):
    cadre = cast.make_cadre("Lý Văn Bên Kia", unit=cast.commune_b, organization=cast.org_women_b)
    assignment = cast.make_assignment(cadre, areas=(cast.village_b1,), unit=cast.commune_b)
    visit = cast.make_visit(assignment, branch=cast.branch_b1)
    schedule = cast.make_schedule(cast.branch_b1)
    client.force_login(cast.editor_a)
    for url in (f"{M}/cadres/{cadre.pk}/", f"{M}/cadres/{cadre.pk}/edit/", f"{M}/assignments/{assignment.pk}/",
                f"{M}/visits/{visit.pk}/", f"{M}/visits/{visit.pk}/edit/", f"{M}/schedules/{schedule.pk}/"):
        assert client.get(url).status_code == 404, url
    assert "Lý Văn Bên Kia" not in _text(client.get(f"{M}/cadres/"))


def test_a_viewer_reads_but_may_not_edit(cast, client):
    visit = cast.make_visit(cast.make_assignment(cast.make_cadre("Võ Thị Sáu")))
    client.force_login(cast.viewer_a)
    assert "Võ Thị Sáu" in _text(client.get(f"{M}/visits/{visit.pk}/"))
    assert client.get(f"{M}/visits/{visit.pk}/edit/").status_code == 403
    assert client.get(f"{M}/cadres/add/").status_code == 403
    assert client.post(f"{M}/visits/{visit.pk}/edit/", {"attendance": "1"}).status_code == 403
    assert Visit.objects.get(pk=visit.pk).attendance == 25


def test_every_list_and_add_page_opens_for_the_editor(cast, client):
    client.force_login(cast.editor_a)
    for slug in SLUGS:
        assert client.get(f"{M}/{slug}/").status_code == 200, slug
        assert client.get(f"{M}/{slug}/add/").status_code == 200, slug


def test_the_menu_lists_the_registers_in_order():
    ours = [entry.url_name for entry in menu() if entry.url_name.startswith("meetings:")]
    expected = ["meetings:visitrule_list", "meetings:cadre_list", "meetings:assignment_list",
                "meetings:schedule_list", "meetings:scheduleexception_list", "meetings:meeting_list",
                "meetings:visit_list"]
    assert [name for name in ours if name in expected] == expected


# ---------------------------------------------------------------- cadres


def test_add_and_edit_a_cadre_with_a_login(cast, client):
    person = _person(cast)
    client.force_login(cast.specialist)
    data = {"person": str(person.pk), "unit": cast.commune_a.key, "level": "commune",
            "organization": str(cast.org_women_a.pk), "position": "Chủ tịch Hội Phụ nữ phường",
            "username": cast.viewer_a.username}
    response = client.post(f"{M}/cadres/add/", data)
    assert response.status_code == 302, _text(response)[:3000]
    cadre = Cadre.objects.get(person=person)
    assert (cadre.level, cadre.unit_id, cadre.organization_id, cadre.account_id) == (
        "commune", cast.commune_a.pk, cast.org_women_a.pk, cast.viewer_a.pk)
    response = client.post(f"{M}/cadres/{cadre.pk}/edit/", data | {"username": "", "level": "province"})
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert (cadre.level, cadre.account_id) == ("province", None)
    listing = client.get(f"{M}/cadres/")
    assert "Lê Thị Hồng" in _text(listing)


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"unit": "31135.01"}, "unit", "Đơn vị 'Khu vực Đặng Thị Ánh' không đúng cấp: cần chọn Cấp tỉnh, Cấp xã."),
    ({"level": ""}, "level", "Trường này là bắt buộc."),
])
def test_a_cadre_form_refuses_with_a_vietnamese_message(cast, client, values, field, message):
    client.force_login(cast.editor_a)
    data = {"person": str(_person(cast).pk), "unit": cast.commune_a.key, "level": "commune", "position": ""}
    response = client.post(f"{M}/cadres/add/", data | values)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Cadre.objects.exists()


def test_only_an_admin_or_province_specialist_links_a_login(cast, client):
    data = {"person": str(_person(cast).pk), "unit": cast.commune_a.key, "level": "commune",
            "username": cast.viewer_a.username}
    client.force_login(cast.editor_a)
    assert client.post(f"{M}/cadres/add/", data).status_code == 302
    assert Cadre.objects.get().account_id is None  # the field is read-only for a commune editor
    client.force_login(cast.specialist)
    response = client.post(f"{M}/cadres/add/", data | {"person": str(_person(cast, code="CB-NK-2").pk),
                                                        "username": "khong-co-ai"})
    assert response.context["form"].errors["username"] == ["Không có tài khoản đăng nhập 'khong-co-ai'."]


def test_a_person_is_a_cadre_once(cast, client):
    cadre = cast.make_cadre()
    client.force_login(cast.editor_a)
    response = client.post(f"{M}/cadres/add/", {"person": str(cadre.person_id), "unit": cast.commune_a.key,
                                                 "level": "commune"})
    assert response.context["form"].errors["person"] == ["Người này đã có trong danh sách cán bộ dự sinh hoạt."]


def test_cadre_filters_of_the_report_links(cast, client):
    cast.make_cadre("Cán bộ Tỉnh", level="province", account=cast.viewer_a)
    cast.make_cadre("Cán bộ Xã")
    client.force_login(cast.editor_a)

    def names(query: str) -> set[str]:
        return listed(client, f"{M}/cadres/?{query}", lambda c: c.person.full_name)

    assert names("level=province") == {"Cán bộ Tỉnh"}
    assert names("has_account=true") == {"Cán bộ Tỉnh"}
    assert names("has_account=false") == {"Cán bộ Xã"}
    assert names("level=commune&has_account=false") == {"Cán bộ Xã"}


# ---------------------------------------------------------------- assignments


def _assignment_form(cast, cadre, **values):
    data = {"cadre": str(cadre.pk), "unit": cast.commune_a.key, "committee": "Ban Thường vụ Đảng ủy phường",
            "start": "2026-01-01", "end": "", "areas": [str(cast.village_a1.pk), str(cast.village_a2.pk)],
            "rule": ""}
    return data | values


def test_add_an_assignment_and_see_its_areas(cast, client):
    cadre = cast.make_cadre("Đỗ Văn Hùng")
    client.force_login(cast.editor_a)
    response = client.post(f"{M}/assignments/add/", _assignment_form(cast, cadre))
    assert response.status_code == 302, _text(response)[:3000]
    assignment = Assignment.objects.get(cadre=cadre)
    assert sorted(a.key for a in assignment.areas.all()) == ["31135.01", "31135.02"]
    text = _text(client.get(f"{M}/assignments/"))
    assert f"{cast.village_a1.name}, {cast.village_a2.name}" in text
    detail = _text(client.get(f"{M}/assignments/{assignment.pk}/"))
    assert re.findall(r'<li data-area="([^"]+)">', detail) == ["31135.01", "31135.02"]


def test_assignment_areas_outside_the_unit_or_scope_are_refused(cast, client):
    cadre = cast.make_cadre()
    client.force_login(cast.editor_a)
    outside = client.post(f"{M}/assignments/add/", _assignment_form(cast, cadre, areas=[str(cast.village_b1.pk)]))
    assert outside.status_code == 200
    assert outside.context["form"].errors["areas"] == [
        f"Địa bàn '{cast.village_b1.pk}' không có hoặc nằm ngoài phạm vi của bạn."]
    empty = client.post(f"{M}/assignments/add/", _assignment_form(cast, cadre, areas=[]))
    assert empty.context["form"].errors["areas"] == ["Cần chọn ít nhất một xã, phường hoặc thôn, ấp."]
    assert not Assignment.objects.exists()


def test_assignment_areas_must_lie_in_the_assigning_unit(cast, client):
    cadre = cast.make_cadre(unit=cast.province, level="province")
    client.force_login(cast.admin)
    response = client.post(f"{M}/assignments/add/", _assignment_form(
        cast, cadre, unit=cast.commune_a.key, areas=[str(cast.village_a1.pk), str(cast.village_b1.pk)]))
    assert response.context["form"].errors["areas"] == [
        f"Địa bàn không thuộc {cast.commune_a.name}: {cast.village_b1.name}."]


def test_assignment_filters_of_the_report_links(cast, client):
    old = cast.make_assignment(cast.make_cadre("Cũ"), start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    current = cast.make_assignment(cast.make_cadre("Mới", level="province"), start=dt.date(2026, 1, 1))
    client.force_login(cast.editor_a)

    def ids(query: str) -> set[int]:
        return listed(client, f"{M}/assignments/?{query}", lambda a: a.pk)

    assert ids("active_on=2025-06-01") == {old.pk}
    assert ids("active_on=2026-02-01") == {current.pk}
    assert ids("active_on=2025-12-31") == {old.pk}
    assert ids("level=province") == {current.pk}
    assert ids("level=commune&active_on=2026-02-01") == set()


# ---------------------------------------------------------------- schedules, exceptions, meetings


def test_a_schedule_without_a_day_is_refused(cast, client):
    client.force_login(cast.editor_a)
    response = client.post(f"{M}/schedules/add/", {"branch": str(cast.branch_a1.pk), "kind": "day_of_month",
                                                    "day": ""})
    assert response.context["form"].errors["day"] == ["Cần chọn ngày họp trong tháng."]
    response = client.post(f"{M}/schedules/add/", {"branch": str(cast.branch_a1.pk), "kind": "nth_weekday",
                                                    "weekday": "6"})
    assert response.context["form"].errors["week"] == ["Cần chọn tuần thứ mấy (1–5 hoặc -1) và thứ trong tuần."]
    assert not Schedule.objects.exists()


def test_add_a_schedule_and_see_its_next_six_days(cast, client):
    client.force_login(cast.editor_a)
    response = client.post(f"{M}/schedules/add/", {"branch": str(cast.branch_a1.pk), "kind": "nth_weekday",
                                                    "week": "2", "weekday": "6", "time": "19:30"})
    assert response.status_code == 302, _text(response)[:3000]
    schedule = Schedule.objects.get(branch=cast.branch_a1)
    assert (schedule.unit_id, schedule.org_kind) == (cast.village_a1.pk, "women")
    ScheduleException.objects.create(schedule=schedule, date=dt.date(2026, 12, 13), moved_to=dt.date(2026, 12, 15))
    from .. import views
    assert views.next_meeting_days(schedule, today=dt.date(2026, 11, 30)) == [
        dt.date(2026, 12, 15), dt.date(2027, 1, 10), dt.date(2027, 2, 14), dt.date(2027, 3, 14),
        dt.date(2027, 4, 11), dt.date(2027, 5, 9)]
    detail = client.get(f"{M}/schedules/{schedule.pk}/")
    assert len(detail.context["next_days"]) == 6
    assert len(re.findall(r"<li data-day=", _text(detail))) == 6


def test_a_meeting_shows_its_opinions_as_lines(cast, client):
    client.force_login(cast.editor_a)
    response = client.post(f"{M}/meetings/add/", {
        "branch": str(cast.branch_a1.pk), "date": "2026-03-10", "attendance": "28", "members": "40",
        "content": "Sinh hoạt định kỳ", "topics": "", "party_admissions": "0",
        "opinions": "Đề nghị sửa đèn đường\n\n  Đề nghị mở lớp dạy nghề  \n"})
    assert response.status_code == 302, _text(response)[:3000]
    meeting = Meeting.objects.get(branch=cast.branch_a1)
    detail = _text(client.get(f"{M}/meetings/{meeting.pk}/"))
    section = re.search(r'<section id="opinions">(.*?)</section>', detail, re.S).group(1)
    assert re.findall(r"<li>([^<]*)</li>", section) == ["Đề nghị sửa đèn đường", "Đề nghị mở lớp dạy nghề"]
    again = client.post(f"{M}/meetings/add/", {"branch": str(cast.branch_a1.pk), "date": "2026-03-10",
                                               "party_admissions": "0", "attendance": "50", "members": "40"})
    errors = again.context["form"].errors
    assert errors["date"] == ["Chi hội đã có buổi sinh hoạt ngày này."]
    assert errors["attendance"] == ["Số hội viên dự họp không được lớn hơn tổng số hội viên."]


def test_meeting_filters_of_the_report_links(cast, client):
    march = Meeting.objects.create(branch=cast.branch_a1, date=dt.date(2026, 3, 10))
    april = Meeting.objects.create(branch=cast.branch_a1, date=dt.date(2026, 4, 10))
    last_year = Meeting.objects.create(branch=cast.branch_a1, date=dt.date(2025, 3, 10))
    client.force_login(cast.editor_a)

    def ids(query: str) -> set[int]:
        return listed(client, f"{M}/meetings/?{query}", lambda m: m.pk)

    assert ids("month=2026-03") == {march.pk}
    assert ids("year=2026") == {march.pk, april.pk}
    assert ids(f"branch={cast.branch_a1.pk}&year=2025") == {last_year.pk}


# ---------------------------------------------------------------- visits


def _visit_form(cast, assignment, **values):
    data = {"cadre": str(assignment.cadre_id), "assignment": str(assignment.pk), "branch": str(cast.branch_a1.pk),
            "date": "2026-03-10", "attended": "on", "absence_reason": "", "attendance": "25",
            "content": "Sinh hoạt chuyên đề", "on_schedule": "on", "well_prepared": "on", "members_spoke": "on",
            "minutes_kept": "on", "opinions": ""}
    return data | values


def test_edit_a_visit_report(cast, client):
    visit = cast.make_visit(cast.make_assignment())
    client.force_login(cast.editor_a)
    response = client.post(f"{M}/visits/{visit.pk}/edit/", _visit_form(
        cast, visit.assignment, attendance="31", opinions="Kiến nghị làm cầu\nKiến nghị lắp camera"))
    assert response.status_code == 302, _text(response)[:3000]
    visit.refresh_from_db()
    assert (visit.attendance, visit.cadre_level, visit.org_kind) == (31, "commune", "women")
    section = re.search(r'<section id="opinions">(.*?)</section>', _text(client.get(f"{M}/visits/{visit.pk}/")),
                        re.S).group(1)
    assert re.findall(r"<li>([^<]*)</li>", section) == ["Kiến nghị làm cầu", "Kiến nghị lắp camera"]


def test_an_absence_without_a_reason_is_refused(cast, client):
    assignment = cast.make_assignment()
    client.force_login(cast.editor_a)
    data = _visit_form(cast, assignment)
    del data["attended"]
    response = client.post(f"{M}/visits/add/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["absence_reason"] == ["Không dự thì cần ghi lý do."]
    other = cast.make_assignment(cast.make_cadre("Người khác"))
    response = client.post(f"{M}/visits/add/", _visit_form(cast, assignment) | {"assignment": str(other.pk)})
    assert response.context["form"].errors["assignment"] == ["Phân công không phải của cán bộ này."]
    assert not Visit.objects.exists()


def test_visit_filters_of_the_report_links(cast, client):
    commune_cadre = cast.make_assignment(cast.make_cadre("Xã"))
    province_cadre = cast.make_assignment(cast.make_cadre("Tỉnh", level="province", unit=cast.province),
                                          unit=cast.province)
    march = cast.make_visit(commune_cadre)
    absent = cast.make_visit(commune_cadre, date=dt.date(2026, 4, 10), attended=False, absence_reason="Ốm")
    province = cast.make_visit(province_cadre, date=dt.date(2025, 3, 10))
    client.force_login(cast.admin)

    def ids(query: str) -> set[int]:
        return listed(client, f"{M}/visits/?{query}", lambda v: v.pk)

    assert ids("level=province") == {province.pk}
    assert ids("level=commune&attended=true") == {march.pk}
    assert ids("attended=false") == {absent.pk}
    assert ids("month=2026-03") == {march.pk}
    assert ids("year=2026") == {march.pk, absent.pk}
    assert ids(f"cadre={commune_cadre.cadre_id}&month=2026-04") == {absent.pk}
    assert ids(f"branch={cast.branch_a1.pk}&org_kind=women&year=2025") == {province.pk}
    assert ids("org_kind=youth") == set()


def test_rules_page(cast, client):
    client.force_login(cast.editor_a)
    response = client.post(f"{M}/visit-rules/add/", {"unit": cast.commune_a.key, "level": "commune", "visits": "6",
                                                      "period": "year", "rotate": "on", "valid_from": "2026-01-01",
                                                      "valid_to": "2025-01-01", "source": "776-QĐ/TU"})
    assert response.context["form"].errors["valid_to"] == ["Ngày hết hiệu lực không được trước ngày áp dụng."]
    response = client.post(f"{M}/visit-rules/add/", {"unit": cast.commune_a.key, "level": "commune", "visits": "6",
                                                      "period": "year", "rotate": "on", "valid_from": "2026-01-01",
                                                      "source": "776-QĐ/TU"})
    assert response.status_code == 302
    rule = VisitRule.objects.get()
    assert str(rule) == "Cấp xã: 6 lần mỗi năm"


def test_the_pickers_find_cadres_and_assignments_by_the_persons_name(cast, client):
    cadre = cast.make_cadre("Nguyễn Thị Đào")
    assignment = cast.make_assignment(cadre)
    cast.make_cadre("Lý Văn Ngoài", unit=cast.commune_b, organization=cast.org_women_b)
    client.force_login(cast.editor_a)
    found = client.get(f"{M}/cadres/search/", {"q": "nguyen thi dao"}).context["items"]
    assert [item["value"] for item in found] == [cadre.pk]
    assert client.get(f"{M}/cadres/search/", {"q": "ly van ngoai"}).context["items"] == []
    found = client.get(f"{M}/assignments/search/", {"q": "dao"}).context["items"]
    assert [item["value"] for item in found] == [assignment.pk]


def test_a_cadres_page_lists_assignments_and_visits(cast, client):
    cadre = cast.make_cadre("Trịnh Văn Lộc")
    assignment = cast.make_assignment(cadre, areas=(cast.village_a1, cast.village_a2))
    cast.make_visit(assignment)
    cast.make_visit(assignment, date=dt.date(2026, 4, 10), attended=False, absence_reason="Đi công tác")
    client.force_login(cast.editor_a)
    response = client.get(f"{M}/cadres/{cadre.pk}/")
    text = _text(response)
    assert [a.pk for a in response.context["assignments"]] == [assignment.pk]
    assert f"{cast.village_a1.name}, {cast.village_a2.name}" in text
    assert [v.date for v in response.context["visits"]] == [dt.date(2026, 4, 10), dt.date(2026, 3, 10)]
    assert "Không: Đi công tác" in text
    assert f"/meetings/assignments/add/?cadre={cadre.pk}" in text
