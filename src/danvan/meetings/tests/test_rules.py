"""The models' rules (``clean``) with their Vietnamese messages, what ``place()`` derives from the
branch and the cadre, the opinions as lines, an assignment's area names, and the month filter's
refusal of a badly written month."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ..filters import VisitFilter
from ..models import Assignment, Cadre, Meeting, Schedule, Visit, VisitRule

pytestmark = pytest.mark.django_db


def errors(obj) -> dict[str, list[str]]:
    obj.place()
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def test_a_rule_ends_after_it_starts(cast):
    rule = VisitRule(unit=cast.commune_a, level="commune", valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2025, 1, 1))
    assert errors(rule) == {"valid_to": ["Ngày hết hiệu lực không được trước ngày áp dụng."]}


def test_a_cadre_is_placed_at_a_province_or_commune(cast):
    cadre = cast.make_cadre()
    cadre.unit = cast.village_a1
    assert errors(cadre) == {"unit": ["Cán bộ thuộc cấp tỉnh hoặc cấp xã."]}


def test_an_assignment_ends_after_it_starts_and_names_its_areas(cast):
    assignment = cast.make_assignment(areas=(cast.village_a2, cast.village_a1))
    assert assignment.area_names() == f"{cast.village_a1.name}, {cast.village_a2.name}"
    assignment.end = dt.date(2025, 1, 1)
    assert errors(assignment) == {"end": ["Ngày kết thúc không được trước ngày bắt đầu."]}
    assert Assignment.objects.get(pk=assignment.pk).end is None


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"kind": "day_of_month", "day": None}, "day", "Cần chọn ngày họp trong tháng."),
    ({"kind": "nth_weekday", "week": 0, "weekday": 6}, "week", "Cần chọn tuần thứ mấy (1–5 hoặc -1) và thứ trong tuần."),
    ({"kind": "nth_weekday", "week": 2, "weekday": None}, "week",
     "Cần chọn tuần thứ mấy (1–5 hoặc -1) và thứ trong tuần."),
])
def test_a_schedule_needs_its_day(cast, values, field, message):
    assert errors(Schedule(branch=cast.branch_a1, **values)) == {field: [message]}


def test_a_schedule_meeting_and_visit_take_their_branchs_village_and_kind(cast):
    schedule = cast.make_schedule()
    meeting = Meeting.objects.create(branch=cast.branch_a1, date=dt.date(2026, 3, 10))
    visit = cast.make_visit(cast.make_assignment(cast.make_cadre(level="province", unit=cast.province)))
    for obj in (schedule, meeting, visit):
        assert (obj.unit_id, obj.commune_id, obj.org_kind) == (cast.village_a1.pk, cast.commune_a.pk, "women")
    assert visit.cadre_level == "province"


def test_meeting_attendance_is_at_most_the_members(cast):
    meeting = Meeting(branch=cast.branch_a1, date=dt.date(2026, 3, 10), attendance=41, members=40)
    assert errors(meeting) == {"attendance": ["Số hội viên dự họp không được lớn hơn tổng số hội viên."]}


def test_an_absence_needs_a_reason_and_the_assignment_is_the_cadres(cast):
    assignment = cast.make_assignment()
    other = cast.make_assignment(cast.make_cadre("Người khác"))
    visit = Visit(assignment=other, cadre=assignment.cadre, branch=cast.branch_a1, date=dt.date(2026, 3, 10),
                  attended=False, absence_reason="  ")
    assert errors(visit) == {"absence_reason": ["Không dự thì cần ghi lý do."],
                             "assignment": ["Phân công không phải của cán bộ này."]}


def test_opinions_are_lines(cast):
    visit = cast.make_visit(cast.make_assignment(), opinions="Làm cầu\n\n  Lắp camera \n")
    assert visit.opinion_lines() == ["Làm cầu", "Lắp camera"]


@pytest.mark.parametrize("month", ["2026-13", "2026-3", "26-03", "marzo"])
def test_a_badly_written_month_is_refused(cast, month):
    found = VisitFilter({"month": month}, queryset=Visit.objects.all())
    assert not found.is_valid()
    assert found.errors["month"] == ["Tháng ghi theo dạng NNNN-TT, ví dụ 2026-03."]


def test_a_cadre_is_one_person(cast):
    cadre = cast.make_cadre()
    duplicate = Cadre(person=cadre.person, unit=cast.commune_a, level="commune")
    assert "person" in errors(duplicate)
